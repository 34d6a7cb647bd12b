from casebook.core.services import record_event

from .models import User


def _fields_other_than(*names: str) -> list[str]:
    return [f.name for f in User._meta.concrete_fields if f.name not in names]


def set_contact_details(*, user: User, name: str, phone: str, actor=None) -> User:
    """Record the name and mobile number a person gave for themselves.

    Side effects: saves `user.name` and `user.phone`; records an AuditEvent
    `account.contact_details` with the values before and after.
    """
    before = {"name": user.name, "phone": user.phone}
    user.name, user.phone = name.strip(), phone
    user.full_clean(exclude=_fields_other_than("name", "phone"), validate_unique=False)
    user.save(update_fields=["name", "phone"])
    record_event(actor=actor or user, action="account.contact_details", subject=user,
                 before=before, after={"name": user.name, "phone": user.phone})
    return user
