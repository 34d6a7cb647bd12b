"""An applicant registers its unit, or finds it already registered and asks to join."""

import pytest
from django.core import mail

from casebook.core.models import AuditEvent
from casebook.organizations import services
from casebook.organizations.models import Membership, Organization
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    UnitTypeFactory,
    UserFactory,
    make_credit_code,
)
from tests.publishing.html import get_page, squeeze

pytestmark = pytest.mark.django_db

CODE = make_credit_code(4242, province="32")  # a valid code of a unit in 江苏省


def full_width(text: str) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) for ch in text)


@pytest.fixture
def hospital_type():
    return UnitTypeFactory(key="hospital", name="医疗机构")


@pytest.fixture
def applicant(client):
    user = UserFactory(name="王晓明", email="wangxm@example.org")
    client.force_login(user)
    return user


def unit_form(unit_type, **changes) -> dict:
    data = {"name": "示例市第二人民医院", "credit_code": CODE, "province": "32",
            "city": "示例市", "unit_type": unit_type.pk, "contact_name": "王晓明",
            "contact_phone": "025-58881234", "contact_email": "wangxm@example.org"}
    return {**data, **changes}


def post(client, url, data, **kwargs) -> str:
    response = client.post(url, data, follow=True, **kwargs)
    assert response.status_code == 200
    return squeeze(response.content.decode())


def test_registering_a_unit_makes_its_registrant_the_admin(client, applicant, hospital_type):
    # Typed as a Chinese input method in full-width mode, with spaces between groups.
    spaced = f"{full_width(CODE[:6])} {CODE[6:12]} {CODE[12:]}"

    page = post(client, "/units/new/", unit_form(hospital_type, credit_code=spaced))

    unit = Organization.objects.get()
    assert unit.credit_code == CODE
    assert (unit.name, unit.province, unit.unit_type) == ("示例市第二人民医院", "32", hospital_type)
    membership = Membership.objects.get(organization=unit)
    assert (membership.user, membership.is_admin, membership.confirmed) == (applicant, True, True)
    assert "“示例市第二人民医院”已登记，您是本单位的管理员。" in page
    assert "<h1>示例市第二人民医院</h1>" in page
    assert AuditEvent.objects.filter(action="organization.registered",
                                     subject_id=str(unit.pk)).exists()


def test_a_wrong_check_character_is_named_next_to_the_code(client, applicant, hospital_type):
    wrong = CODE[:17] + ("0" if CODE[17] != "0" else "1")

    page = post(client, "/units/new/", unit_form(hospital_type, credit_code=wrong))

    assert "最后一位校验码不正确，请核对是否抄错。" in page
    assert "请修改下面标出的内容后再提交。" in page
    assert not Organization.objects.exists()


def test_the_code_must_belong_to_the_chosen_province(client, applicant, hospital_type):
    page = post(client, "/units/new/", unit_form(hospital_type, province="31"))

    assert f"第3至8位行政区划码 {CODE[2:8]} 不属于所选省份（应以 31 开头）。" in page
    assert not Organization.objects.exists()


def test_every_missing_field_is_named(client, applicant):
    page = post(client, "/units/new/", {"contact_email": "不是邮箱", "contact_phone": "12"})

    for message in ["请填写“单位名称”。", "请填写“统一社会信用代码”。", "请选择“所在省份”。",
                    "请选择“单位类型”。", "请填写“联系人”。",
                    "“联系电话”请填写手机号码或带区号的固定电话，例如 13800138000 或 021-12345678。",
                    "“联系邮箱”格式不正确，例如 name@example.cn。"]:
        assert message in page


def test_a_registered_code_leads_to_a_join_request_not_a_second_unit(
    client, applicant, hospital_type, django_capture_on_commit_callbacks,
):
    admin = MembershipFactory(organization=OrganizationFactory(name="示例市第二人民医院",
                                                               credit_code=CODE, province="32"),
                              is_admin=True, user__email="admin@example.org").user

    page = post(client, "/units/new/", unit_form(hospital_type, name="示例市二院"))

    unit = Organization.objects.get()
    assert "“示例市第二人民医院”已在平台登记（统一社会信用代码相同），无需重复登记，请申请加入。" in page
    assert "<h1>加入“示例市第二人民医院”</h1>" in page

    with django_capture_on_commit_callbacks(execute=True):
        page = post(client, f"/units/{unit.pk}/join/", {})

    assert "已提交加入“示例市第二人民医院”的申请，单位管理员确认后即可以本单位名义申报案例。" in page
    assert '<span class="badge badge--draft">等待单位管理员确认</span>' in page
    request = Membership.objects.get(user=applicant)
    assert (request.confirmed, request.is_admin) == (False, False)
    [notice] = mail.outbox
    assert notice.to == [admin.email]
    assert "王晓明（wangxm@example.org）申请以“示例市第二人民医院”的名义" in notice.body


def test_the_same_name_written_differently_is_the_same_unit(client, applicant, hospital_type):
    OrganizationFactory(name="示例大学（医学院）", credit_code=make_credit_code(77, province="32"),
                        province="32")
    MembershipFactory(organization=Organization.objects.get())

    page = post(client, "/units/new/", unit_form(hospital_type, name="示例大学 (医学院)"))

    assert "“示例大学（医学院）”已在平台登记（单位名称相同），无需重复登记，请申请加入。" in page
    assert Organization.objects.count() == 1


def test_the_first_person_to_join_a_unit_without_members_becomes_its_admin(client, applicant):
    unit = OrganizationFactory(name="示例区疾病预防控制中心")

    page = post(client, f"/units/{unit.pk}/join/", {"next": "/cases/"})

    membership = Membership.objects.get(user=applicant)
    assert (membership.confirmed, membership.is_admin) == (True, True)
    assert "您已加入“示例区疾病预防控制中心”，可以本单位名义申报案例。" in page
    assert "<h1>我的案例</h1>" in page  # back where the person came from


def test_a_unit_only_named_as_a_co_unit_is_completed_by_its_registration(
    client, applicant, hospital_type,
):
    named = Organization.objects.create(name="示例市第二人民医院")

    post(client, "/units/new/", unit_form(hospital_type))

    named.refresh_from_db()
    assert (named.credit_code, named.province, named.contact_name) == (CODE, "32", "王晓明")
    assert Organization.objects.count() == 1
    assert Membership.objects.get(organization=named).is_admin


def test_finding_a_unit_by_its_code(client, applicant):
    unit = OrganizationFactory(name="示例市卫生健康委员会", credit_code=CODE, province="32")

    response = client.post("/units/", {"credit_code": full_width(CODE)})
    assert response.url == f"/units/{unit.pk}/join/"

    page = post(client, "/units/", {"credit_code": make_credit_code(99)})
    assert f"没有找到统一社会信用代码为 {make_credit_code(99)} 的单位。请核对，或登记新单位。" in page


def test_the_admin_confirms_a_request_on_the_unit_page(
    client, applicant, django_capture_on_commit_callbacks,
):
    unit = MembershipFactory(user=applicant, is_admin=True,
                             organization__name="示例市第二人民医院").organization
    newcomer = UserFactory(name="李华", email="lihua@example.org")
    request = Membership.objects.create(user=newcomer, organization=unit, confirmed=False)

    page = get_page(client, f"/units/{unit.pk}/")
    assert "<h3>待确认的加入申请</h3>" in page
    assert '<span class="member-list__name">李华</span>' in page

    with django_capture_on_commit_callbacks(execute=True):
        page = post(client, f"/units/{unit.pk}/requests/{request.pk}/", {"decision": "confirm"})

    assert "已确认 李华 为本单位成员。" in page
    assert "没有待确认的申请。" in page
    request.refresh_from_db()
    assert request.confirmed
    assert AuditEvent.objects.filter(action="organization.membership_confirmed",
                                     data__user="lihua@example.org").exists()
    [notice] = mail.outbox
    assert notice.to == ["lihua@example.org"]
    client.force_login(newcomer)
    assert "<h1>示例市第二人民医院</h1>" in get_page(client, f"/units/{unit.pk}/")


def test_the_admin_may_decline_a_request(client, applicant):
    unit = MembershipFactory(user=applicant, is_admin=True).organization
    request = MembershipFactory(organization=unit, confirmed=False, user__name="陌生人")

    page = post(client, f"/units/{unit.pk}/requests/{request.pk}/", {"decision": "decline"})

    assert "已拒绝 陌生人 的加入申请。" in page
    assert not Membership.objects.filter(pk=request.pk).exists()


def test_only_the_units_admin_answers_requests(client, applicant):
    unit = MembershipFactory(user=applicant, is_admin=False).organization
    request = MembershipFactory(organization=unit, confirmed=False)

    response = client.post(f"/units/{unit.pk}/requests/{request.pk}/", {"decision": "confirm"})

    assert response.status_code == 404
    request.refresh_from_db()
    assert not request.confirmed
    assert "待确认的加入申请" not in get_page(client, f"/units/{unit.pk}/")


def test_a_unit_page_is_not_found_for_outsiders_and_waiting_members(client, applicant):
    other = OrganizationFactory()
    waiting = MembershipFactory(user=applicant, confirmed=False).organization

    assert client.get(f"/units/{other.pk}/").status_code == 404
    assert client.get(f"/units/{waiting.pk}/").status_code == 404
    assert client.get("/units/999999/").status_code == 404


def test_two_registrations_of_one_code_at_once_leave_one_unit(monkeypatch, hospital_type):
    """The other registration commits between this one's look-up and its insert:
    the credit-code constraint refuses the second row, and the winner's unit comes back."""
    winner = OrganizationFactory(credit_code=CODE, province="32", name="先登记的单位")
    monkeypatch.setattr(services, "matching_unit", lambda **kwargs: None)

    result = services.register_unit(actor=UserFactory(), name="后登记的单位", credit_code=CODE,
                                    province="32", unit_type=hospital_type)

    assert (result.unit, result.registered) == (winner, False)
    assert Organization.objects.count() == 1
    assert not Membership.objects.exists()
