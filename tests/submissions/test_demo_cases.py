"""`casebook demo` fills the open YRD call with clearly fictional sample cases,
some of them with each kind of eligibility problem, and only once."""

import pytest

from casebook.calls.seeding import load_seed_calls
from casebook.integrity.selectors import cases_to_scan, document
from casebook.integrity.similarity import find_near_duplicates
from casebook.organizations import credit_code
from casebook.submissions.demo import DEMO_MARK, create_demo_cases, demo_credit_code
from casebook.submissions.eligibility import count_chars
from casebook.submissions.enums import CaseStatus, Channel, ProblemCode
from casebook.submissions.models import Case, EligibilityProblem

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    return next(c for c in load_seed_calls() if c.slug == "yrd-health-4")


def test_about_thirty_marked_cases_from_the_four_provinces_with_every_problem(call):
    result = create_demo_cases(call=call)

    cases = Case.objects.filter(call=call).select_related("lead_organization")
    assert result.created == result.total == cases.count() == 30
    assert all(case.title.startswith(DEMO_MARK) for case in cases)
    assert all("示例" in case.lead_organization.name for case in cases)
    provinces = {case.lead_organization.province for case in cases}
    assert {"31", "32", "33", "34"} <= provinces
    assert "44" in provinces
    by_status = {status: cases.filter(status=status).count() for status in CaseStatus}
    assert by_status[CaseStatus.SUBMITTED] == 26
    assert by_status[CaseStatus.DRAFT] == 3
    assert by_status[CaseStatus.WITHDRAWN] == 1
    codes = set(EligibilityProblem.objects.filter(case__call=call).values_list("code", flat=True))
    assert codes == {ProblemCode.REGION, ProblemCode.UNIT_TYPE, ProblemCode.QUOTA,
                     ProblemCode.RUNNING_TIME, ProblemCode.SECTION_MISSING,
                     ProblemCode.SECTION_TOO_SHORT, ProblemCode.EVIDENCE_MISSING}


def test_each_flawed_case_has_exactly_its_own_problem(call):
    create_demo_cases(call=call)

    flagged = {
        problem.case.title: problem.code
        for problem in EligibilityProblem.objects.filter(case__call=call).select_related("case")
    }
    assert flagged == {
        "【示例】城市社区15分钟健康服务圈": "region",
        "【示例】物业+社区卫生“健康驿站”": "unit_type",
        "【示例】智慧药房与处方前置审核": "quota",
        "【示例】乡村医生“县聘乡管村用”改革": "running_time",
        "【示例】村卫生室“云巡诊”远程服务": "section_missing",
        "【示例】公共卫生应急人才“医防融合”培养": "section_too_short",
        "【示例】学校传染病症状监测预警平台": "evidence_missing",
    }


def test_the_over_quota_case_came_by_email_and_numbers_follow_submission_time(call):
    create_demo_cases(call=call)

    third = Case.objects.get(call=call, title="【示例】智慧药房与处方前置审核")
    assert third.channel == Channel.EMAIL and third.status == CaseStatus.SUBMITTED
    numbered = list(Case.objects.filter(call=call).exclude(number="").order_by("number"))
    assert numbered[0].number == "YRD4-0001"
    assert [c.submitted_at for c in numbered] == sorted(c.submitted_at for c in numbered)


def test_every_clean_case_has_a_photo_and_full_sections(call):
    create_demo_cases(call=call)

    clean = Case.objects.filter(call=call, status=CaseStatus.SUBMITTED, problems__isnull=True)
    assert clean.count() == 19
    for case in clean.prefetch_related("attachments"):
        assert [a.kind for a in case.attachments.all()] == ["photo"]
        assert case.attachments.all()[0].content_type == "image/jpeg"
        assert all(len(text) >= 300 for text in case.sections.values())


def test_demo_units_have_valid_credit_codes_in_their_province(call):
    create_demo_cases(call=call)

    for case in Case.objects.filter(call=call).select_related("lead_organization"):
        unit = case.lead_organization
        assert credit_code.problems(unit.credit_code, province=unit.province) == []
    assert demo_credit_code(1, province="31").startswith("1231")


def test_a_second_run_creates_nothing_and_keeps_edits(call):
    create_demo_cases(call=call)
    edited = Case.objects.filter(call=call).first()
    Case.objects.filter(pk=edited.pk).update(title=f"{DEMO_MARK}组委会改过的名称")

    again = create_demo_cases(call=call)

    assert (again.created, again.total) == (0, 30)
    assert Case.objects.filter(call=call).count() == 30
    assert Case.objects.get(pk=edited.pk).title == f"{DEMO_MARK}组委会改过的名称"


def test_only_the_planted_copy_is_a_near_duplicate(call):
    create_demo_cases(call=call)

    scanned = list(cases_to_scan(call))
    titles = {case.pk: case.title for case in scanned}
    pairs = find_near_duplicates([document(case) for case in scanned], threshold=0.5, workers=1)

    assert [{titles[pair.a], titles[pair.b]} for pair in pairs] == [
        {"【示例】智慧药房与处方前置审核", "【示例】互联网医院“线上复诊+送药到家”服务"}]
    # Drafts and the withdrawn case are not scanned, but share nothing either.
    everything = [document(case) for case in Case.objects.filter(call=call)]
    assert len(find_near_duplicates(everything, threshold=0.3, workers=1)) == 1


def test_every_case_has_texts_of_its_own_long_enough(call):
    create_demo_cases(call=call)

    minimum = {section.key: section.min_chars for section in call.sections.all()}
    for case in Case.objects.filter(call=call).exclude(problems__code__in=[
            ProblemCode.SECTION_MISSING, ProblemCode.SECTION_TOO_SHORT]):
        assert minimum.keys() == case.sections.keys()
        assert all(count_chars(case.sections[key]) >= needed + 30 for key, needed in minimum.items())
        assert "{" not in "".join(case.sections.values())
