"""Permissions on cases. Cases are created and change status only through the
services; these rules say who may look at and correct them.

A case belongs to its lead unit: the unit's confirmed members see it, edit it
while the call allows and withdraw it; the services enforce the same limits
(and say why) when asked anyway.
"""

import rules

from casebook.accounts.rules import is_organization_member, manages_call, via

from .enums import TRANSITIONS, CaseStatus

manages_case = via(manages_call, "call")
acts_for_lead_unit = via(is_organization_member, "lead_organization")


@rules.predicate
def is_draft(user, case) -> bool:
    return case is not None and case.status == CaseStatus.DRAFT


@rules.predicate
def is_open_for_changes(user, case) -> bool:
    """A draft, or a submitted case before its unit's deadline (save_case's own limits)."""
    from .services import case_is_editable

    return case is not None and case_is_editable(case)


@rules.predicate
def may_be_withdrawn(user, case) -> bool:
    return case is not None and CaseStatus.WITHDRAWN in TRANSITIONS[case.status]


rules.add_perm("submissions.view_case", manages_case | acts_for_lead_unit)
rules.add_perm("submissions.change_case", manages_case)
# The applicant's own pages (casebook.submissions.views.applicant).
rules.add_perm("submissions.edit_case", acts_for_lead_unit & is_open_for_changes)
rules.add_perm("submissions.submit_case", acts_for_lead_unit & is_draft)
rules.add_perm("submissions.withdraw_case", acts_for_lead_unit & may_be_withdrawn)
# Evidence files (casebook.submissions.uploads checks that the case may still change).
rules.add_perm("submissions.upload_evidence", acts_for_lead_unit)
