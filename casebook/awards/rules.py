import rules

from casebook.accounts.rules import manages_call, via

manages_award = via(manages_call, "category__call")

rules.add_perm("awards.view_award", manages_award)
rules.add_perm("awards.change_award", manages_award)
rules.add_perm("awards.add_award", manages_award)
rules.add_perm("awards.delete_award", manages_award)
