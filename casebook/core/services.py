from django.db import models

from .models import AuditEvent


def record_event(*, actor, action: str, subject: models.Model, call=None, **data) -> AuditEvent:
    """Write the audit trail entry for a change a service has just made.

    `data` holds what a reader needs later (before/after values, reasons); it
    must be JSON-serialisable.
    """
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEvent.objects.create(
        actor=actor,
        action=action,
        subject_type=subject._meta.label_lower,
        subject_id=str(subject.pk),
        call=call,
        data=data,
    )
