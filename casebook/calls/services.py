"""Writes on a call that the secretariat decides: each checked, locked and audited."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from casebook.core.services import record_event
from casebook.core.templatetags.casebook import cn_datetime

from .models import Call


def extend_deadline(*, call: Call, until: dt.datetime, actor, reason: str) -> Call:
    """Extend the submission deadline of the whole call (延期).

    The new deadline must be later than the current one (the original or an
    earlier extension): an extension never shortens anyone's time. The notice
    page announces `extended_until` by itself.

    Side effects: locks the call row, writes `extended_until`, records an
    AuditEvent `call.deadline_extended` with the deadline before and after and
    the reason. Eligibility is not re-run here; `recheck_call` does that for
    all cases when the secretariat asks (running time and lateness depend on
    the deadline).
    """
    if not reason.strip():
        raise ValidationError("延期必须写明理由。")
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call.pk)
        before = call.deadline
        if before is None:
            raise ValidationError("本活动尚未设置申报截止时间，请先在管理后台设置截止时间。")
        if until <= before:
            # Keyed by the argument, so that a form shows it at its date field.
            raise ValidationError({"until": (
                f"延期后的截止时间必须晚于当前截止时间（{cn_datetime(before)}）。")})
        call.extended_until = until
        call.save(update_fields=["extended_until", "updated_at"])
        record_event(actor=actor, action="call.deadline_extended", subject=call, call=call,
                     before=before.isoformat(), after=until.isoformat(), reason=reason.strip())
    return call
