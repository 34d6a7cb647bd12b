import pytest


@pytest.fixture
def user(db):
    from tests.factories import UserFactory

    return UserFactory()
