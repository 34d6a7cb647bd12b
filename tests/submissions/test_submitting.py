"""A unit hands in its cases: numbers, deadline, quota (also under concurrency), withdrawal."""

import datetime as dt
import threading

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from casebook.core.models import AuditEvent
from casebook.submissions.enums import CaseStatus, ProblemCode
from casebook.submissions.models import Case
from casebook.submissions.services import (
    override_problem,
    rule_on_eligibility,
    save_case,
    submit_case,
    withdraw_case,
)
from tests.factories import CallFactory, MembershipFactory, OrganizationFactory, SectionFactory

SECTIONS = {"background": "背景" * 200, "measures": "举措" * 200}


def _draft(call, unit, user, title="社区慢病管理“三师共管”模式"):
    return save_case(call=call, organization=unit, actor=user, title=title, sections=SECTIONS,
                     start_date=dt.date(2020, 1, 1), declaration_accepted=True)


@pytest.fixture
def call(db):
    call = CallFactory(case_number_prefix="YRD4", max_cases_per_unit=2)
    SectionFactory(call=call, key="background", title="案例的背景与动因", min_chars=10)
    SectionFactory(call=call, key="measures", title="案例的举措与机制", min_chars=10)
    return call


@pytest.fixture
def member(db):
    return MembershipFactory(organization=OrganizationFactory(name="示例市第一人民医院"))


def test_submitting_issues_a_number_records_the_time_and_mails_a_receipt(
    call, member, django_capture_on_commit_callbacks,
):
    case = _draft(call, member.organization, member.user)
    assert case.status == CaseStatus.DRAFT and case.number == ""

    with django_capture_on_commit_callbacks(execute=True):
        case = submit_case(case=case, actor=member.user)

    assert case.number == "YRD4-0001"
    assert case.status == CaseStatus.SUBMITTED
    assert case.submitted_at is not None
    assert AuditEvent.objects.filter(action="case.status", subject_id=str(case.pk),
                                     data__after="submitted").exists()
    [receipt] = mail.outbox
    assert receipt.to == [member.user.email]
    assert "YRD4-0001" in receipt.subject and "示例市第一人民医院" in receipt.body


def test_numbers_are_never_reused_after_a_withdrawal(call, member):
    first = submit_case(case=_draft(call, member.organization, member.user), actor=member.user)
    withdraw_case(case=first, actor=member.user)
    second = submit_case(case=_draft(call, member.organization, member.user, "第二项"),
                         actor=member.user)
    assert second.number == "YRD4-0002"


def test_the_quota_refuses_a_third_case_until_one_is_withdrawn(call, member):
    unit, user = member.organization, member.user
    first = submit_case(case=_draft(call, unit, user, "一"), actor=user)
    submit_case(case=_draft(call, unit, user, "二"), actor=user)
    third = _draft(call, unit, user, "三")
    with pytest.raises(ValidationError, match="每个单位最多申报2项案例"):
        submit_case(case=third, actor=user)
    withdraw_case(case=first, actor=user)
    assert submit_case(case=third, actor=user).status == CaseStatus.SUBMITTED


def test_nothing_is_submitted_after_the_deadline(call, member):
    call.closes_at = timezone.now() - dt.timedelta(minutes=1)
    call.save()
    with pytest.raises(ValidationError, match="申报已截止"):
        submit_case(case=_draft(call, member.organization, member.user), actor=member.user)


def test_the_declaration_must_be_accepted(call, member):
    case = save_case(call=call, organization=member.organization, actor=member.user, title="无承诺",
                     sections=SECTIONS)
    with pytest.raises(ValidationError, match="真实性承诺"):
        submit_case(case=case, actor=member.user)


def test_problems_are_stored_on_submit_and_an_override_needs_a_reason(call, member):
    case = save_case(call=call, organization=member.organization, actor=member.user,
                     title="缺少章节", sections={"background": "背景" * 20},
                     start_date=dt.date(2020, 1, 1), declaration_accepted=True)
    case = submit_case(case=case, actor=member.user)
    [problem] = case.problems.all()
    assert problem.code == ProblemCode.SECTION_MISSING

    with pytest.raises(ValidationError, match="仍有未处理的形式审查问题"):
        rule_on_eligibility(case=case, actor=member.user, eligible=True)
    with pytest.raises(ValidationError, match="豁免必须写明理由"):
        override_problem(problem=problem, actor=member.user, reason=" ")
    override_problem(problem=problem, actor=member.user, reason="举措内容写在附件中，已核实")
    assert rule_on_eligibility(case=case, actor=member.user, eligible=True).status == "eligible"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_submissions_of_one_unit_leave_exactly_the_quota(call, member):
    if connection.vendor != "postgresql":
        pytest.skip("needs real concurrent connections: run with DATABASE_URL=postgres://…")
    drafts = [_draft(call, member.organization, member.user, f"案例{i}") for i in range(6)]
    barrier = threading.Barrier(len(drafts))
    outcomes = []

    def submit(case):
        barrier.wait()
        try:
            submit_case(case=case, actor=member.user)
            outcomes.append("submitted")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(case,)) for case in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["refused"] * 4 + ["submitted"] * 2
    submitted = Case.objects.filter(call=call, status=CaseStatus.SUBMITTED)
    assert sorted(submitted.values_list("number", flat=True)) == ["YRD4-0001", "YRD4-0002"]
