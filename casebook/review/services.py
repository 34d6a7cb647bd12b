"""Writes on review assignment: solving a round, pinning and swapping experts.
Each locks the round row first, so two secretariat tabs do not interleave, and
each leaves an audit event."""

import time
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from casebook.calls.models import Round
from casebook.core.services import record_event
from casebook.experts.enums import PoolStatus
from casebook.experts.models import CallExpert, ConflictOfInterest, Expert
from casebook.experts.services import refresh_conflicts
from casebook.review.assignment import Assignment as Solution
from casebook.review.assignment import assign_reviewers

from . import selectors
from .models import Assignment


@dataclass(frozen=True)
class AssignmentResult:
    """A solved round: the rows now stored and the solver's figures."""

    round: Round
    assignments: list[Assignment]  # by case number, then best fit first
    objective: float
    bound: float
    gap: float  # bound − objective: how far from optimal the result can be
    seconds: float
    uncovered: list[str]  # numbers of the cases left with fewer than k experts
    messages: list[str]  # the shortfalls, in Chinese
    solution: Solution


def solve_round(*, round: Round, actor) -> AssignmentResult:
    """Assign the round's eligible cases to the call's accepted experts, keeping
    the pinned pairs: the total affinity is the largest possible with k experts
    per case, every load within the round's bounds and no conflicted pair.

    Side effects: the call's automatic conflicts refreshed (with the round's
    cross_province) and their AuditEvent `conflicts.refreshed`; the round's
    unpinned Assignment rows replaced, and pinned rows whose case or expert left
    the round removed; an AuditEvent `review.assigned` with objective, bound,
    gap, seconds, uncovered cases and shortfall messages.
    Raises ValidationError (Chinese) when there are no cases or no accepted
    experts, or when a pinned pair now breaks a rule (a conflict, k, a load).
    """
    with transaction.atomic():
        round = Round.objects.select_for_update().select_related("call").get(pk=round.pk)
        refresh_conflicts(call=round.call, actor=actor, cross_province=round.cross_province)
        built = selectors.round_problem(round)
        _check_not_empty(built)
        started = time.perf_counter()
        try:
            solution = assign_reviewers(built.problem)
        except ValueError as error:
            raise ValidationError(_("无法按锁定的分配求解：%(reason)s") % {"reason": error}) from error
        seconds = time.perf_counter() - started
        assignments = _store(round, built, solution)
        result = _result(round, built, solution, assignments, seconds)
        record_event(actor=actor, action="review.assigned", subject=round, call=round.call, round=round.key,
                     pairs=len(assignments), pinned=len(built.pinned), objective=result.objective,
                     bound=result.bound, gap=result.gap, integer_gap=solution.integer_gap,
                     seconds=round_to(result.seconds), uncovered=result.uncovered, messages=result.messages)
    return result


def _check_not_empty(built: selectors.RoundProblem) -> None:
    if not built.cases:
        raise ValidationError(_("本轮没有待评审的案例：只有通过形式审查的案例参加分配。"))
    if not built.experts:
        raise ValidationError(_("本活动还没有接受邀请的评审专家，无法分配。"))


def _store(round: Round, built: selectors.RoundProblem, solution: Solution) -> list[Assignment]:
    """Replace the unpinned rows with the solution's; pinned rows stay as they are."""
    kept = {row.pk for row in built.pinned}
    Assignment.objects.filter(round=round).exclude(pk__in=kept).delete()
    pinned_pairs = {(row.case_id, row.expert_id) for row in built.pinned}
    affinity = built.problem.affinity.pairs(solution.pairs[:, 0], solution.pairs[:, 1])
    new = []
    for (case_index, expert_index), value in zip(solution.pairs.tolist(), affinity.tolist(), strict=True):
        case, expert = built.cases[case_index], built.experts[expert_index]
        if (case.pk, expert.pk) not in pinned_pairs:
            new.append(Assignment(round=round, case=case, expert=expert, affinity=value))
    Assignment.objects.bulk_create(new, batch_size=500)
    order = {case.pk: index for index, case in enumerate(built.cases)}
    column = {expert.pk: index for index, expert in enumerate(built.experts)}
    for row in built.pinned:
        row.affinity = float(built.problem.affinity.pairs([order[row.case_id]], [column[row.expert_id]])[0])
    Assignment.objects.bulk_update(built.pinned, ["affinity"])
    rows = [*built.pinned, *new]
    return sorted(rows, key=lambda row: (order[row.case_id], -row.affinity, row.expert.email))


def _result(round, built, solution: Solution, assignments, seconds: float) -> AssignmentResult:
    return AssignmentResult(
        round=round, assignments=assignments,
        objective=round_to(solution.objective), bound=round_to(solution.upper_bound),
        gap=round_to(max(0.0, solution.upper_bound - solution.objective)), seconds=seconds,
        uncovered=[built.cases[short.case].number or f"#{built.cases[short.case].pk}"
                   for short in solution.short_cases],
        messages=solution.messages, solution=solution,
    )


def round_to(value: float) -> float:
    return round(float(value), 4)


# --- Pinning and swapping -------------------------------------------------------------------


def set_pinned(*, assignment: Assignment, pinned: bool, actor) -> Assignment:
    """Pin a pair (it survives every re-solve) or release it to the solver.

    Side effects: `Assignment.pinned`, an AuditEvent `review.pinned` or `review.unpinned`.
    """
    with transaction.atomic():
        Round.objects.select_for_update().filter(pk=assignment.round_id).first()
        assignment.pinned = pinned
        assignment.save(update_fields=["pinned"])
        record_event(actor=actor, action="review.pinned" if pinned else "review.unpinned", subject=assignment,
                     call=assignment.round.call, round=assignment.round.key, case=assignment.case.number,
                     expert=assignment.expert.email)
    return assignment


def swap_expert(*, assignment: Assignment, expert: Expert, actor) -> Assignment:
    """Give the case `expert` instead of the assigned one. The new pair is the
    secretariat's decision, so it is pinned.

    Refused (ValidationError) when `expert` has not accepted the call's
    invitation, has a conflict with the case, already reviews it, or is at the
    round's maximum load.
    Side effects: the Assignment's expert, affinity and pin; an AuditEvent
    `review.swapped` with the expert before and after.
    """
    with transaction.atomic():
        round = Round.objects.select_for_update().select_related("call").get(pk=assignment.round_id)
        _check_swap(round, assignment, expert)
        before = assignment.expert
        affinity = selectors.affinity_for([assignment.case], [expert])
        assignment.expert = expert
        assignment.affinity = float(affinity.pairs([0], [0])[0])
        assignment.pinned = True
        assignment.save(update_fields=["expert", "affinity", "pinned"])
        record_event(actor=actor, action="review.swapped", subject=assignment, call=round.call, round=round.key,
                     case=assignment.case.number, before=before.email, after=expert.email)
    return assignment


def _check_swap(round: Round, assignment: Assignment, expert: Expert) -> None:
    case = assignment.case
    if not CallExpert.objects.filter(call=round.call, expert=expert, status=PoolStatus.ACCEPTED).exists():
        raise ValidationError(_("%(name)s 没有接受本活动的评审邀请，不能分配。") % {"name": expert.name})
    if ConflictOfInterest.objects.filter(call=round.call, case=case, expert=expert).exists():
        raise ValidationError(_("%(name)s 与案例 %(case)s 有利益冲突，不能分配。")
                              % {"name": expert.name, "case": case.number})
    if Assignment.objects.filter(round=round, case=case, expert=expert).exists():
        raise ValidationError(_("%(name)s 已在评审案例 %(case)s。") % {"name": expert.name, "case": case.number})
    load = Assignment.objects.filter(round=round, expert=expert).count()
    cases = selectors.cases_to_assign(round.call).count()
    experts = selectors.experts_to_assign(round.call).count()
    limit = selectors.max_load_for(round, cases=cases, experts=experts)
    if load >= limit:
        raise ValidationError(_("%(name)s 已分配 %(load)d 个案例，达到本轮每位专家最多 %(limit)d 个。")
                              % {"name": expert.name, "load": load, "limit": limit})
