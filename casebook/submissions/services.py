from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casebook.core.services import record_event

from .enums import TRANSITIONS, CaseStatus, Channel
from .models import Case, CaseUnit, EligibilityProblem, LateAccess

# A unit may change its case until the deadline; after a ruling it is frozen.
EDITABLE_STATUSES = {CaseStatus.DRAFT, CaseStatus.SUBMITTED}


def change_case_status(*, case: Case, to: CaseStatus, actor=None, reason: str = "") -> Case:
    """Move a case to `to` if the workflow allows it.

    Side effects: locks the case row, writes `case.status` and
    `case.status_reason`, records an AuditEvent `case.status` with before/after
    and the reason.
    """
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        before = case.status
        if to not in TRANSITIONS[before]:
            raise ValidationError(
                f"案例状态不能从“{CaseStatus(before).label}”改为“{CaseStatus(to).label}”。"
            )
        if to == CaseStatus.DISQUALIFIED and not reason.strip():
            raise ValidationError("撤销资格必须写明理由。")
        case.status = to
        case.status_reason = reason
        case.save(update_fields=["status", "status_reason", "updated_at"])
        record_event(actor=actor, action="case.status", subject=case, call=case.call,
                     before=before, after=str(to), reason=reason)
    return case


def import_case(*, call, title: str, lead_organization, co_organizations=(), number: str = "",
                summary: str = "", status: CaseStatus, actor=None) -> Case:
    """Record a case of a past competition from its published results.

    The case never went through this system's workflow, so it arrives in the
    status it reached there (e.g. awarded) instead of walking the transitions.
    Side effects: creates the Case (channel import) and a CaseUnit per
    co-organization in the given order, records an AuditEvent `case.imported`
    with the status and the unit names.
    """
    co_organizations = list(co_organizations)  # walked twice below
    with transaction.atomic():
        case = Case(call=call, number=number, title=title, lead_organization=lead_organization,
                    summary=summary, status=status, channel=Channel.IMPORT)
        case.full_clean()
        case.save()
        CaseUnit.objects.bulk_create(
            CaseUnit(case=case, organization=unit, order=order)
            for order, unit in enumerate(co_organizations, start=1)
        )
        record_event(actor=actor, action="case.imported", subject=case, call=call,
                     status=str(status),
                     units=[unit.name for unit in (lead_organization, *co_organizations)])
    return case


# --- Web submission ---------------------------------------------------------------


def issue_case_number(*, call) -> str:
    """The next case number of `call` (prefix-0001, …). Locks the call row, so
    two submissions never get one number; numbers are never reused."""
    from casebook.calls.models import Call

    call = Call.objects.select_for_update().get(pk=call.pk)
    call.case_sequence += 1
    call.save(update_fields=["case_sequence"])
    return f"{call.case_number_prefix}-{call.case_sequence:04d}"


def save_case(*, call, organization, actor, case: Case | None = None, title: str,
              co_organizations=(), domain=None, start_date=None, sections: dict,
              declaration_accepted: bool = False) -> Case:
    """Create or update a unit's case (draft or, before the deadline, submitted).

    Side effects: writes the Case and its CaseUnits; records `case.created` or
    `case.edited`; re-runs eligibility on a submitted case.
    """
    if case is not None:
        ensure_case_editable(case)
    keys = {section.key for section in call.sections.all()}
    with transaction.atomic():
        created = case is None
        case = case or Case(call=call, lead_organization=organization, created_by=actor,
                            channel=Channel.WEB)
        case.title = title.strip()
        case.domain = domain
        case.start_date = start_date
        case.sections = {key: text for key, text in sections.items() if key in keys}
        case.declaration_accepted = declaration_accepted
        case.full_clean(exclude=["number"])
        case.save()
        _set_co_organizations(case, co_organizations, replace=not created)
        record_event(actor=actor, action="case.created" if created else "case.edited",
                     subject=case, call=call, title=case.title)
        if case.status != CaseStatus.DRAFT:
            run_eligibility(case=case, actor=actor)
    return case


def ensure_case_editable(case: Case, now=None, *, allow_after_deadline: bool = False) -> None:
    """Raise ValidationError unless the unit may still change `case` (its text or
    its evidence): a draft, or a submitted case before the (unit's) deadline.
    `allow_after_deadline` lifts the deadline only (material that arrived by
    email is kept whenever it came; the secretariat decides on it)."""
    if case.status not in EDITABLE_STATUSES:
        raise ValidationError(f"案例当前状态为“{case.get_status_display()}”，不能再修改。")
    if allow_after_deadline:
        return
    if case.status != CaseStatus.DRAFT and _past_deadline(case, now):
        raise ValidationError("申报已截止，已提交的案例不能再修改。")


def case_is_editable(case: Case, now=None) -> bool:
    try:
        ensure_case_editable(case, now)
    except ValidationError:
        return False
    return True


def _set_co_organizations(case: Case, co_organizations, *, replace: bool) -> None:
    if replace:
        case.case_units.all().delete()
    units = [unit for unit in dict.fromkeys(co_organizations) if unit != case.lead_organization]
    CaseUnit.objects.bulk_create(CaseUnit(case=case, organization=unit, order=order)
                                 for order, unit in enumerate(units, start=1))


def _past_deadline(case: Case, now=None) -> bool:
    from .eligibility import unit_deadline

    deadline = unit_deadline(case)
    return bool(deadline) and (now or timezone.now()) > deadline


def submit_case(*, case: Case, actor, now=None) -> Case:
    """Hand in a draft: the unit's quota and the deadline hold, even when
    several submissions of one unit arrive at once.

    Locks the lead organization's row first, so that concurrent submissions of
    one unit queue, then counts the unit's cases. Side effects: number issued
    (call row locked), status draft → submitted (AuditEvent), `submitted_at`,
    eligibility problems stored, receipt email queued, a near-duplicate scan of
    the call queued on commit.
    """
    from casebook.organizations.models import Organization

    from .eligibility import quota_rank

    now = now or timezone.now()
    with transaction.atomic():
        Organization.objects.select_for_update().get(pk=case.lead_organization_id)
        case = Case.objects.select_for_update().select_related("call").get(pk=case.pk)
        if case.status != CaseStatus.DRAFT:
            raise ValidationError("该案例已提交，无需重复提交。")
        if not case.declaration_accepted:
            raise ValidationError("请先阅读并勾选真实性承诺。")
        if _past_deadline(case, now):
            raise ValidationError("申报已截止，不能再提交。如有特殊情况，请联系组委会。")
        quota = case.call.max_cases_per_unit
        if quota_rank(case) > quota:
            raise ValidationError(
                f"每个单位最多申报{quota}项案例，本单位已提交{quota}项，不能再提交。"
                "如需替换，请先撤回已提交的案例。"
            )
        if not case.number:
            case.number = issue_case_number(call=case.call)
        case.submitted_at = now
        case.save(update_fields=["number", "submitted_at", "updated_at"])
        case = change_case_status(case=case, to=CaseStatus.SUBMITTED, actor=actor)
        run_eligibility(case=case, actor=actor)
        _queue_receipt(case)
        _queue_integrity_scan(case)
    return case


def _queue_receipt(case: Case) -> None:
    from django.template.loader import render_to_string

    from casebook.notifications.services import queue_email

    from .receipts import receipt_url

    recipients = {m.user.email for m in case.lead_organization.memberships.select_related("user")}
    if case.created_by:
        recipients.add(case.created_by.email)
    context = {"case": case, "problems": case.problems.filter(overridden_at__isnull=True),
               "receipt_url": receipt_url(case)}
    subject = f"【{case.call.title}】案例申报回执：{case.number} {case.title}"
    body = render_to_string("submissions/email/receipt.txt", context)
    for email in sorted(recipients):
        queue_email(key=f"receipt:{case.pk}:{email}", to=email, subject=subject[:200], body=body,
                    call=case.call)


def withdraw_case(*, case: Case, actor, reason: str = "") -> Case:
    """The unit takes a case back; its number stays used and its quota place frees."""
    return change_case_status(case=case, to=CaseStatus.WITHDRAWN, actor=actor, reason=reason)


# --- Eligibility --------------------------------------------------------------------


def run_eligibility(*, case: Case, actor=None) -> list:
    """Check `case` against its call's rules and store what is wrong.

    Problems that went away are removed unless the secretariat overrode them
    (the override stays on record). Side effects: EligibilityProblem rows, an
    AuditEvent `case.eligibility` when the set of codes changed.
    """
    from .eligibility import find_problems

    found = {problem.code: problem for problem in find_problems(case)}
    with transaction.atomic():
        # Not case.problems: that may be a prefetched queryset with outer joins.
        existing = {p.code: p for p in EligibilityProblem.objects.filter(case=case).select_for_update()}
        for code, row in existing.items():
            if code not in found and not row.overridden:
                row.delete()
        for code, problem in found.items():
            row = existing.get(code)
            if row is None:
                EligibilityProblem.objects.create(case=case, code=code, message=problem.message)
            elif row.message != problem.message:
                row.message = problem.message
                row.save(update_fields=["message", "detected_at"])
        if set(existing) != set(found):
            record_event(actor=actor, action="case.eligibility", subject=case, call=case.call,
                         before=sorted(existing), after=sorted(found))
    return list(found.values())


def override_problem(*, problem: EligibilityProblem, actor, reason: str) -> EligibilityProblem:
    """The secretariat accepts a case despite one problem, in writing."""
    if not reason.strip():
        raise ValidationError("豁免必须写明理由。")
    problem.overridden_at = timezone.now()
    problem.overridden_by = actor
    problem.override_reason = reason.strip()
    problem.save(update_fields=["overridden_at", "overridden_by", "override_reason"])
    record_event(actor=actor, action="case.problem_overridden", subject=problem.case,
                 call=problem.case.call, code=problem.code, reason=problem.override_reason)
    return problem


def rule_on_eligibility(*, case: Case, actor, eligible: bool, reason: str = "") -> Case:
    """The secretariat's ruling after the checks: eligible only when every
    problem is resolved or overridden."""
    open_problems = case.problems.filter(overridden_at__isnull=True)
    if eligible and open_problems.exists():
        names = "、".join(p.get_code_display() for p in open_problems)
        raise ValidationError(f"案例仍有未处理的形式审查问题：{names}。请先处理或写明理由豁免。")
    if not eligible and not reason.strip():
        raise ValidationError("判定不符合条件时必须写明理由。")
    to = CaseStatus.ELIGIBLE if eligible else CaseStatus.INELIGIBLE
    return change_case_status(case=case, to=to, actor=actor, reason=reason)


def grant_late_access(*, call, organization, until, reason: str, actor) -> LateAccess:
    """Let one unit submit after the deadline (单独延期), with the reason on record."""
    if not reason.strip():
        raise ValidationError("单独延期必须写明理由。")
    if call.deadline and until <= call.deadline:
        raise ValidationError("单独延期的时间必须晚于活动的申报截止时间。")
    late = LateAccess.objects.create(call=call, organization=organization, until=until,
                                     reason=reason.strip(), granted_by=actor)
    record_event(actor=actor, action="call.late_access", subject=late, call=call,
                 organization=organization.name, until=until.isoformat(), reason=late.reason)
    return late


# --- The secretariat's intake and bulk checks -------------------------------------------


def record_case_received(*, case: Case, actor, received_at, channel: str = Channel.EMAIL) -> Case:
    """Register a draft as a case the secretariat received outside the web form
    (an email, a posted form), submitted at `received_at`.

    Unlike `submit_case` this refuses neither beyond the unit's quota nor after
    the deadline: nothing a unit sent is lost, and the eligibility rules flag
    `quota` or `late` for the secretariat to rule on (the YRD notice takes cases
    by email, where no form can refuse a third one). Locks the lead unit's row
    like `submit_case`, so quota ranks stay consistent. Side effects: number
    issued (call row locked), channel and `submitted_at` written, AuditEvent
    `case.received`, status draft → submitted (AuditEvent), eligibility problems
    stored, a near-duplicate scan of the call queued on commit. No receipt
    email: the intake answers the sender itself.
    """
    from casebook.organizations.models import Organization

    # The call as the caller has it: the intake reads its rules once for a whole run.
    call = case.call
    with transaction.atomic():
        unit = Organization.objects.select_for_update().get(pk=case.lead_organization_id)
        case = Case.objects.select_for_update().get(pk=case.pk)
        if case.status != CaseStatus.DRAFT:
            raise ValidationError("该案例已登记，无需重复登记。")
        case.number = case.number or issue_case_number(call=call)
        case.channel = channel
        case.submitted_at = received_at
        case.save(update_fields=["number", "channel", "submitted_at", "updated_at"])
        record_event(actor=actor, action="case.received", subject=case, call=call,
                     channel=str(channel), received_at=received_at.isoformat())
        case = change_case_status(case=case, to=CaseStatus.SUBMITTED, actor=actor)
        case.call, case.lead_organization = call, unit  # read above: the rules need them again
        run_eligibility(case=case, actor=actor)
        _queue_integrity_scan(case)
    return case


def _queue_integrity_scan(case: Case) -> None:
    from casebook.integrity.services import scan_after_submission

    scan_after_submission(case)


def revise_received_case(*, case: Case, actor, sections: dict, received_at, source: str = "") -> int:
    """New text for a case that was already handed in, sent again by its unit
    (an email with the same title and unit): each section `sections` names is
    replaced, the others are kept. Returns the case's new version number (the
    first handed-in text is version 1).

    Neither the deadline nor the quota refuses it: no new case is counted, and
    what a unit sent is never lost; the revision records when it arrived for
    the secretariat to judge. A case already ruled on is refused
    (ValidationError). Side effects: locks the case row, writes
    `case.sections`, records an AuditEvent `case.revised` with the version,
    the replaced sections' previous text (`before`), `received_at` and
    `source`; re-runs eligibility.
    """
    from casebook.core.models import AuditEvent

    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("call").get(pk=case.pk)
        ensure_case_editable(case, allow_after_deadline=True)
        keys = {section.key for section in case.call.sections.all()}
        replaced = {key: text for key, text in sections.items() if key in keys and text.strip()}
        version = 2 + AuditEvent.objects.filter(action="case.revised", subject_type="submissions.case",
                                                subject_id=str(case.pk)).count()
        before = {key: case.sections.get(key, "") for key in replaced}
        case.sections = {**case.sections, **replaced}
        case.save(update_fields=["sections", "updated_at"])
        record_event(actor=actor, action="case.revised", subject=case, call=case.call,
                     version=version, before=before, replaced=sorted(replaced),
                     received_at=received_at.isoformat(), source=source)
        if case.status != CaseStatus.DRAFT:
            run_eligibility(case=case, actor=actor)
    return version


RECHECK_BATCH_SIZE = 200


def recheck_call(*, call, actor) -> dict:
    """Run the eligibility rules again on every handed-in case of `call`, e.g.
    after a 延期 changed who is late and how long projects have run.

    Works through the cases a batch at a time (each case in its own
    transaction, so a long run holds no lock for long); the call's sections,
    unit types and evidence rules are read once for all. Side effects: those of
    `run_eligibility` per case, then an AuditEvent `call.eligibility_rechecked`
    with the counts. Returns `{"checked": n, "flagged": m}` (m cases left
    with an open problem).
    """
    from casebook.calls.models import Call

    from .enums import QUOTA_STATUSES

    call = (Call.objects.prefetch_related("sections", "eligible_unit_types",
                                          "evidence_requirements").get(pk=call.pk))
    cases = call.cases.filter(status__in=QUOTA_STATUSES)
    ids = list(cases.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), RECHECK_BATCH_SIZE):
        batch = (Case.objects.filter(pk__in=ids[start:start + RECHECK_BATCH_SIZE])
                 .select_related("lead_organization__unit_type")
                 .prefetch_related("attachments").order_by("pk"))
        for case in batch:
            case.call = call
            run_eligibility(case=case, actor=actor)
    flagged = cases.filter(problems__isnull=False,
                           problems__overridden_at__isnull=True).distinct().count()
    record_event(actor=actor, action="call.eligibility_rechecked", subject=call, call=call,
                 checked=len(ids), flagged=flagged)
    return {"checked": len(ids), "flagged": flagged}


# --- The applicant's web form ----------------------------------------------------------


def save_applicant_case(*, call, organization, actor, case: Case | None = None, title: str,
                        co_unit_names=(), domain=None, start_date=None, sections: dict,
                        declaration_accepted: bool = False) -> Case:
    """`save_case` for the web form, which names co-units instead of picking
    them: each name is matched to a unit on record or recorded as a new one.

    Side effects: those of `organizations.services.units_named` and `save_case`,
    in one transaction.
    """
    from casebook.organizations.services import units_named

    with transaction.atomic():
        co_organizations = units_named(names=co_unit_names, actor=actor)
        return save_case(call=call, organization=organization, actor=actor, case=case,
                         title=title, co_organizations=co_organizations, domain=domain,
                         start_date=start_date, sections=sections,
                         declaration_accepted=declaration_accepted)


def fill_case_from_form(*, uploaded_file, **case_fields) -> tuple[Case, list[str]]:
    """Save a case prefilled from an uploaded application form and keep that
    file as the case's application form (案例申报书) attachment.

    `case_fields` are those of `save_applicant_case`. The case is saved even
    when the file is refused as an attachment (e.g. the same file again): the
    refusal's messages are returned for the applicant to read. Side effects:
    those of `save_applicant_case` and `uploads.store_attachment`.
    """
    from .enums import AttachmentKind
    from .uploads import store_attachment

    case = save_applicant_case(**case_fields)
    try:
        store_attachment(case=case, kind=AttachmentKind.APPLICATION_FORM,
                         uploaded_file=uploaded_file, actor=case_fields["actor"])
    except ValidationError as error:
        return case, error.messages
    return case, []
