from django.core.exceptions import ValidationError
from django.db import transaction

from casebook.core.services import record_event

from .enums import TRANSITIONS, CaseStatus
from .models import Case


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
