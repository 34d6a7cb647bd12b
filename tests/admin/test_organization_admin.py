"""Units in the admin: the credit code is checked, with the reason in Chinese."""

import pytest

from casebook.organizations.models import Organization
from tests.factories import CaseFactory, OrganizationFactory, UserFactory

from .helpers import change_form_data

pytestmark = pytest.mark.django_db


def add_unit(client, **fields):
    data = change_form_data(client.get("/admin/organizations/organization/add/"))
    data.update({"name": "杭州市示例区卫生健康局", "province": "33", **fields})
    return client.post("/admin/organizations/organization/add/", data)


def test_a_valid_credit_code_is_saved_normalised(superuser_client):
    response = add_unit(superuser_client, credit_code="９１３３０１００７９９６５５０５８ｂ")

    assert response.status_code == 302
    assert Organization.objects.get().credit_code == "91330100799655058B"


def test_a_wrong_check_character_is_reported_next_to_the_field(superuser_client):
    page = add_unit(superuser_client, credit_code="91330100799655058C").content.decode()

    assert ('<ul class="errorlist" id="id_credit_code_error">'
            "<li>最后一位校验码不正确，请核对是否抄错。</li></ul>") in page
    assert not Organization.objects.exists()


def test_a_code_from_another_province_is_reported(superuser_client):
    page = add_unit(superuser_client, credit_code="91330100799655058B",
                    province="31").content.decode()

    assert "第3至8位行政区划码 330100 不属于所选省份（应以 31 开头）。" in page


def test_the_secretariat_sees_the_units_that_applied_to_its_calls(secretariat_client, my_call,
                                                                  other_call):
    CaseFactory(call=my_call, lead_organization__name="上海市示例医院")
    CaseFactory(call=other_call, lead_organization__name="江苏省示例医院")
    OrganizationFactory(name="没有申报的单位")

    page = secretariat_client.get("/admin/organizations/organization/").content.decode()

    assert "上海市示例医院" in page
    assert "江苏省示例医院" not in page
    assert "没有申报的单位" not in page
    assert secretariat_client.get("/admin/organizations/organization/add/").status_code == 403


def test_members_can_only_be_added_to_units_of_the_secretariats_calls(secretariat_client,
                                                                       other_call):
    theirs = CaseFactory(call=other_call).lead_organization
    someone = UserFactory()

    page = secretariat_client.post("/admin/organizations/membership/add/", {
        "user": someone.pk, "organization": theirs.pk, "confirmed": "on",
    }).content.decode()

    assert ('<ul class="errorlist" id="id_organization_error">'
            "<li>选择一个有效的选项： 该选择不在可用的选项中。</li></ul>") in page
    assert not theirs.memberships.exists()
