"""Cases in the admin: the secretariat corrects raw data, never the status."""

import re

import pytest

from casebook.submissions.enums import CaseStatus
from tests.factories import AwardFactory, CaseFactory

from .helpers import change_form_data

pytestmark = pytest.mark.django_db


def test_the_status_is_shown_but_cannot_be_edited(secretariat_client, my_call):
    case = CaseFactory(call=my_call, title="家庭医生签约服务提质增效", status=CaseStatus.SUBMITTED)
    url = f"/admin/submissions/case/{case.pk}/change/"
    response = secretariat_client.get(url)
    page = response.content.decode()

    assert 'name="status"' not in page
    assert re.search(r'<label>状态:</label>\s*<div class="readonly">已提交</div>', page)

    data = change_form_data(response)
    data.update({"title": "家庭医生签约服务提质增效实践", "status": CaseStatus.AWARDED,
                 "status_reason": "改状态"})
    assert secretariat_client.post(url, data).status_code == 302
    case.refresh_from_db()
    assert case.title == "家庭医生签约服务提质增效实践"
    assert (case.status, case.status_reason) == (CaseStatus.SUBMITTED, "")


def test_the_case_list_holds_the_secretariats_calls_only(secretariat_client, my_call,
                                                          other_call):
    mine = CaseFactory(call=my_call, title="我的活动的案例")
    theirs = CaseFactory(call=other_call, title="别的活动的案例")

    page = secretariat_client.get("/admin/submissions/case/").content.decode()

    assert "我的活动的案例" in page
    assert "别的活动的案例" not in page
    assert secretariat_client.get(
        f"/admin/submissions/case/{theirs.pk}/change/").status_code == 404
    assert secretariat_client.get(
        f"/admin/submissions/case/{mine.pk}/delete/").status_code == 403


def test_cases_cannot_be_added_by_the_secretariat(secretariat_client):
    assert secretariat_client.get("/admin/submissions/case/add/").status_code == 403


def test_awards_of_other_calls_stay_hidden(secretariat_client, my_call, other_call):
    AwardFactory(category__call=my_call, case__title="获奖的我的案例")
    AwardFactory(category__call=other_call, case__title="获奖的别人的案例")

    page = secretariat_client.get("/admin/awards/award/").content.decode()

    assert "获奖的我的案例" in page
    assert "获奖的别人的案例" not in page
