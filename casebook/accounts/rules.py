"""Who someone is to a call or a unit, as django-rules predicates.

Every role predicate takes `(user, target)`. Django asks model-level questions
too ("may this user change calls at all?", e.g. for the admin index) by passing
no object; then a role predicate answers whether the user holds that role
anywhere, and the admin narrows the rows with the selectors.

Permissions are registered in each app's rules.py from these predicates; use
`via(predicate, "path")` to apply a call or unit predicate to an object that
belongs to one (a case → its call).
"""

import rules

from casebook.calls.enums import StaffRole

from .selectors import call_roles

is_superuser = rules.is_superuser


def follow(obj, path: str):
    """The object at the end of a `__`-separated attribute path ("" is `obj` itself)."""
    for attr in filter(None, path.split("__")):
        if obj is None:
            return None
        obj = getattr(obj, attr)
    return obj


def _has_call_role(user, call, role: StaffRole) -> bool:
    roles = call_roles(user)
    if call is None:
        return any(role in held for held in roles.values())
    return role in roles.get(call.pk, ())


@rules.predicate
def is_call_secretariat(user, call) -> bool:
    """Works in the secretariat (组委会) of `call`."""
    return _has_call_role(user, call, StaffRole.SECRETARIAT)


@rules.predicate
def is_call_expert(user, call) -> bool:
    """Is an expert (评审专家) of `call`."""
    return _has_call_role(user, call, StaffRole.EXPERT)


@rules.predicate
def is_any_call_secretariat(user) -> bool:
    """Works in the secretariat of at least one call (whatever object is asked about)."""
    return _has_call_role(user, None, StaffRole.SECRETARIAT)


@rules.predicate
def is_organization_member(user, organization) -> bool:
    """Acts for `organization` (a confirmed membership)."""
    if not getattr(user, "is_authenticated", False):
        return False
    memberships = user.memberships.filter(confirmed=True)
    if organization is not None:
        memberships = memberships.filter(organization=organization)
    return memberships.exists()


def via(predicate, path: str):
    """`predicate(user, target)` applied to the target `obj` belongs to along `path`.

    An object that has no such target (an audit event of no call) is denied;
    no object at all stays a model-level question.
    """

    def lifted(user, obj) -> bool:
        if obj is None:
            return predicate(user, None)
        target = follow(obj, path)
        return target is not None and predicate(user, target)

    return rules.predicate(lifted, name=f"{predicate.name} via {path}")


manages_call = is_superuser | is_call_secretariat
"""Secretariat work on a call: its configuration, intake, review set-up, results."""

# The secretariat looks up the people who work on or apply to its calls; the
# admin limits which ones (casebook.accounts.admin).
rules.add_perm("accounts.view_user", is_superuser | is_any_call_secretariat)
