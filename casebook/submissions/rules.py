"""Permissions on cases. Cases are created and change status only through the
services; these rules say who may look at and correct them."""

import rules

from casebook.accounts.rules import is_organization_member, manages_call, via

manages_case = via(manages_call, "call")

rules.add_perm("submissions.view_case",
               manages_case | via(is_organization_member, "lead_organization"))
rules.add_perm("submissions.change_case", manages_case)
