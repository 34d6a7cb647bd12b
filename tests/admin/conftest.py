import pytest

from tests.factories import CallFactory, CallStaffFactory, UserFactory


@pytest.fixture
def secretariat(db):
    """A staff user in the secretariat of one call, with no Django model permissions."""
    return UserFactory(email="mishu@example.org", name="组委会秘书", is_staff=True)


@pytest.fixture
def my_call(secretariat):
    call = CallFactory(title="第四届长三角卫生健康治理最佳实践案例评选", slug="yrd-health-4")
    CallStaffFactory(call=call, user=secretariat)
    return call


@pytest.fixture
def other_call(db):
    return CallFactory(title="第二轮健康上海行动优秀案例评选", slug="healthy-shanghai-2")


@pytest.fixture
def secretariat_client(client, secretariat, my_call, other_call):
    client.force_login(secretariat)
    return client


@pytest.fixture
def superuser_client(client, db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client
