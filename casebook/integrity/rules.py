"""Permissions on the integrity records. Pairs are written only by the scan and
the decision services; the secretariat of the call reads them (also in the admin)."""

import rules

from casebook.accounts.rules import manages_call, via

manages_match = via(manages_call, "call")

rules.add_perm("integrity.view_similaritymatch", manages_match)
