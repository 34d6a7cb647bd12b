from django.core.exceptions import ValidationError
from django.db import transaction

from casebook.core.services import record_event

from .enums import TRANSITIONS, CaseStatus, Channel
from .models import Case, CaseUnit


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
