import rules

from casebook.accounts.rules import manages_call, via

# The secretariat reads the audit trail of its own calls; nobody edits it.
rules.add_perm("core.view_auditevent", via(manages_call, "call"))
