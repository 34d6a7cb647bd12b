"""Permissions on review assignment: the call's secretariat (and superusers)."""

import rules

from casebook.accounts.rules import manages_call, via

# On a call: see the assignment of its rounds, solve it, pin and swap experts.
rules.add_perm("review.manage_assignment", manages_call)
rules.add_perm("review.view_assignment", via(manages_call, "round__call"))
