"""Permissions on calls. Parts of a call (sections, rounds, award categories…)
have no permissions of their own: editing them is changing the call."""

import rules

from casebook.accounts.rules import is_superuser, manages_call

rules.add_perm("calls.view_call", manages_call)
rules.add_perm("calls.change_call", manages_call)
rules.add_perm("calls.view_call_dashboard", manages_call)
# A new call would have no secretariat yet, and deleting one takes its cases'
# history with it: both stay with the site's superusers.
rules.add_perm("calls.add_call", is_superuser)
rules.add_perm("calls.delete_call", is_superuser)
