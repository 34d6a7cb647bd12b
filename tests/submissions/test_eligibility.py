"""Each eligibility rule finds its problem, explains it in Chinese, and stays quiet otherwise."""

import datetime as dt

import pytest
from django.utils import timezone

from casebook.calls.enums import EvidenceKind
from casebook.submissions.eligibility import (
    check_evidence,
    check_late,
    check_quota,
    check_region,
    check_running_time,
    check_sections,
    check_unit_type,
    count_chars,
    months_between,
)
from casebook.submissions.enums import CaseStatus, ProblemCode
from casebook.submissions.models import Attachment, LateAccess
from tests.factories import (
    CallFactory,
    CaseFactory,
    EvidenceRequirementFactory,
    OrganizationFactory,
    SectionFactory,
    UnitTypeFactory,
    make_credit_code,
)

pytestmark = pytest.mark.django_db

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def codes(problems):
    return [p.code for p in problems]


def test_counting_chinese_characters_ignores_white_space():
    assert count_chars("基层 治理\n创新　实践") == 8


@pytest.mark.parametrize(("start", "end", "months"), [
    (dt.date(2022, 9, 1), dt.date(2023, 9, 30), 12),
    (dt.date(2022, 10, 1), dt.date(2023, 9, 30), 11),
    (dt.date(2022, 9, 15), dt.date(2023, 9, 14), 11),
    (dt.date(2023, 10, 1), dt.date(2023, 9, 30), -1),
])
def test_months_between_counts_whole_months(start, end, months):
    assert months_between(start, end) == months


def test_region_rule_names_the_unit_province_and_the_allowed_ones():
    case = CaseFactory(call=CallFactory(eligible_provinces=["31", "32"]),
                       lead_organization=OrganizationFactory(
                           province="44", credit_code=make_credit_code(7, province="44")))
    [problem] = check_region(case)
    assert problem.code == ProblemCode.REGION
    assert problem.message == "申报单位所在地区（广东省）不在本次评选范围内，可申报地区为：上海市、江苏省。"
    case.lead_organization.province = "32"
    assert check_region(case) == []


def test_unit_type_rule_lists_the_admitted_types():
    hospital = UnitTypeFactory(key="hospital", name="医院")
    call = CallFactory()
    call.eligible_unit_types.add(hospital)
    company = UnitTypeFactory(key="other", name="其他")
    case = CaseFactory(call=call, lead_organization=OrganizationFactory(unit_type=company))
    [problem] = check_unit_type(case)
    assert problem.message == "申报单位类型（其他）不在本次评选的参赛对象之列，可申报的单位类型为：医院。"
    case.lead_organization.unit_type = hospital
    assert check_unit_type(case) == []


def test_quota_rule_flags_the_case_beyond_the_units_quota_by_submission_time():
    call = CallFactory(max_cases_per_unit=2)
    unit = OrganizationFactory(name="示例区卫生健康委员会")
    now = timezone.now()
    first, second, third = (
        CaseFactory(call=call, lead_organization=unit, submitted_at=now + dt.timedelta(minutes=i))
        for i in range(3)
    )
    CaseFactory(call=call, lead_organization=unit, status=CaseStatus.WITHDRAWN)
    assert check_quota(first) == [] and check_quota(second) == []
    [problem] = check_quota(third)
    assert problem.message == "每个单位最多申报2项案例，示例区卫生健康委员会已提交2项，本案例超出申报数量。"


def test_running_time_is_counted_from_the_start_month_to_the_deadline():
    call = CallFactory(min_running_months=12,
                       closes_at=dt.datetime(2023, 9, 30, 23, 59, 59, tzinfo=SHANGHAI))
    case = CaseFactory(call=call, start_date=dt.date(2022, 9, 1))
    assert check_running_time(case) == []
    case.start_date = dt.date(2022, 11, 1)
    [problem] = check_running_time(case)
    assert problem.message == "项目自2022年11月开始，至申报截止时运行10个月，不足要求的12个月。"
    case.start_date = None
    assert codes(check_running_time(case)) == [ProblemCode.RUNNING_TIME]


def test_running_time_uses_an_extended_deadline():
    call = CallFactory(min_running_months=12,
                       closes_at=dt.datetime(2023, 9, 30, 23, 59, tzinfo=SHANGHAI),
                       extended_until=dt.datetime(2023, 11, 30, 23, 59, tzinfo=SHANGHAI))
    assert check_running_time(CaseFactory(call=call, start_date=dt.date(2022, 11, 1))) == []


def test_sections_missing_and_too_short_are_named():
    call = CallFactory()
    SectionFactory(call=call, key="background", number="一、", title="案例的背景与动因",
                   min_chars=10)
    SectionFactory(call=call, key="measures", number="二、", title="案例的举措与机制",
                   min_chars=10)
    case = CaseFactory(call=call, sections={"background": "背景太短"})
    assert [(p.code, p.message) for p in check_sections(case)] == [
        (ProblemCode.SECTION_MISSING, "申报书缺少以下部分：“二、案例的举措与机制”。"),
        (ProblemCode.SECTION_TOO_SHORT,
         "申报书以下部分字数不足：“一、案例的背景与动因”4字（至少10字）。"),
    ]
    case.sections = {"background": "背" * 10, "measures": "举" * 10}
    assert check_sections(case) == []


def test_late_rule_compares_the_submission_time_with_the_deadline_and_late_access():
    deadline = dt.datetime(2023, 9, 30, 23, 59, 59, tzinfo=SHANGHAI)
    call = CallFactory(opens_at=deadline - dt.timedelta(days=100), closes_at=deadline)
    case = CaseFactory(call=call, submitted_at=deadline + dt.timedelta(hours=2))
    [problem] = check_late(case)
    assert problem.message == "提交时间2023年10月01日 01:59已超过申报截止时间2023年09月30日 23:59。"
    LateAccess.objects.create(call=call, organization=case.lead_organization,
                              until=deadline + dt.timedelta(days=3), reason="系统故障")
    assert check_late(case) == []


def test_required_evidence_must_be_attached():
    call = CallFactory()
    EvidenceRequirementFactory(call=call, kind=EvidenceKind.PHOTO, label="图片", required=True)
    EvidenceRequirementFactory(call=call, kind=EvidenceKind.VIDEO, label="视频", required=False)
    case = CaseFactory(call=call)
    [problem] = check_evidence(case)
    assert problem.message == "缺少必交的佐证材料：图片。"
    Attachment.objects.create(case=case, kind="photo", file="x", original_name="现场.jpg",
                              content_type="image/jpeg", size=1, sha256="0" * 64)
    assert check_evidence(case) == []
