"""Checking every case of a call again (after a 延期), and recording a case that
arrived outside the web form, which no quota or deadline may refuse."""

import datetime as dt

import pytest
from django.utils import timezone

from casebook.calls.services import extend_deadline
from casebook.core.models import AuditEvent
from casebook.submissions import services
from casebook.submissions.enums import CaseStatus, Channel, ProblemCode
from casebook.submissions.services import recheck_call, record_case_received, save_case
from tests.factories import CallFactory, CaseFactory, OrganizationFactory

from .secretariat import secretariat_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    now = timezone.now()
    return CallFactory(slug="yrd-test", case_number_prefix="YRD4", max_cases_per_unit=2,
                       opens_at=now - dt.timedelta(days=90), closes_at=now - dt.timedelta(days=2))


START = dt.date(2020, 1, 1)  # long enough ago for the running-time rule


def late_case(call, **fields):
    """A case received a day after the deadline, checked then."""
    case = CaseFactory(call=call, submitted_at=call.closes_at + dt.timedelta(days=1),
                       start_date=START, **fields)
    services.run_eligibility(case=case)
    return case


def test_after_an_extension_a_recheck_clears_late_problems(call, monkeypatch):
    monkeypatch.setattr(services, "RECHECK_BATCH_SIZE", 2)  # several batches
    late = [late_case(call) for _ in range(3)]
    on_time = CaseFactory(call=call, submitted_at=call.closes_at - dt.timedelta(days=1),
                          start_date=START)
    CaseFactory(call=call, status=CaseStatus.DRAFT, submitted_at=None)
    assert all(case.problems.filter(code=ProblemCode.LATE).exists() for case in late)
    extend_deadline(call=call, until=timezone.now() + dt.timedelta(days=5), actor=None,
                    reason="顺延")

    result = recheck_call(call=call, actor=None)

    assert result == {"checked": 4, "flagged": 0}
    assert not any(case.problems.exists() for case in [*late, on_time])
    event = AuditEvent.objects.get(action="call.eligibility_rechecked")
    assert event.data == {"checked": 4, "flagged": 0}


def test_recheck_keeps_overridden_problems_and_counts_the_open_ones(call):
    waived = late_case(call)
    services.override_problem(problem=waived.problems.get(), actor=None, reason="邮件已按时发出")
    late_case(call)

    assert recheck_call(call=call, actor=None) == {"checked": 2, "flagged": 1}
    assert waived.problems.get().overridden


def test_the_secretariat_rechecks_from_the_deadline_page(client, call):
    late_case(call)
    secretariat = secretariat_of(call)
    client.force_login(secretariat)

    response = client.post(f"/manage/{call.slug}/recheck/", follow=True)

    assert "已重新检查 1 件案例，其中 1 件有待处理的问题。" in response.content.decode()
    assert AuditEvent.objects.get(action="call.eligibility_rechecked").actor == secretariat


def test_a_case_received_by_email_is_kept_beyond_the_quota_and_flagged(call):
    unit = OrganizationFactory()
    CaseFactory.create_batch(2, call=call, lead_organization=unit,
                             submitted_at=call.closes_at - dt.timedelta(days=5))
    draft = save_case(call=call, organization=unit, actor=None, title="邮件申报的第三项",
                      sections={})

    case = record_case_received(case=draft, actor=None,
                                received_at=call.closes_at - dt.timedelta(days=3))

    assert (case.status, case.channel, case.number) == (CaseStatus.SUBMITTED, Channel.EMAIL,
                                                        "YRD4-0001")
    assert case.submitted_at == call.closes_at - dt.timedelta(days=3)
    assert ProblemCode.QUOTA in set(case.problems.values_list("code", flat=True))
    assert AuditEvent.objects.filter(action="case.received", subject_id=str(case.pk),
                                     data__channel="email").exists()


def test_a_case_received_after_the_deadline_is_kept_and_flagged_late(call):
    draft = save_case(call=call, organization=OrganizationFactory(), actor=None, title="迟到的邮件",
                      sections={})

    case = record_case_received(case=draft, actor=None, received_at=timezone.now())

    assert case.status == CaseStatus.SUBMITTED
    assert case.problems.filter(code=ProblemCode.LATE).exists()

