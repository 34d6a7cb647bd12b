"""Permissions on received mail. A message of a call is its secretariat's to
triage (read, download, attach to a unit, reject); a message that found no call
is the site's superusers' until they assign it to one."""

import rules

from casebook.accounts.rules import is_call_secretariat, is_superuser, via

rules.add_perm("intake.triage_message", is_superuser | via(is_call_secretariat, "call"))
