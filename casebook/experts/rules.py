"""Permissions on the expert pool. A call's secretariat looks after its pool
and its conflicts (the pages under /manage/<slug>/experts/); experts are kept
site-wide, so in the admin only superusers edit them directly."""

import rules

from casebook.accounts.rules import is_any_call_secretariat, is_superuser, manages_call, via

# On a call: see and change its pool, invite, import, refresh and add conflicts.
rules.add_perm("experts.manage_pool", manages_call)

rules.add_perm("experts.view_expert", is_superuser | is_any_call_secretariat)
rules.add_perm("experts.change_expert", is_superuser)
rules.add_perm("experts.view_callexpert", via(manages_call, "call"))
rules.add_perm("experts.view_conflictofinterest", via(manages_call, "call"))
