"""Reads for review assignment: the round's cases and experts, their affinity,
and the assignment page.

Affinity (匹配度) of an expert for a case, between 0 and 2, is the sum of two
explainable parts, each of weight 1.0:

- domain match: 1 when the case's domain (Case.domain.name) is one of the
  expert's domains (Expert.domains), else 0;
- keyword share: the share of the expert's keywords found, as written, in the
  case's title and application-form text (title + every section). An expert
  with keywords 慢病管理, 家庭医生 scores 0.5 on a case that mentions only 家庭医生.

Both parts are products of a case vector and an expert vector (a one-hot
domain, keyword presence against 1/keyword count), so the same numbers feed a
`DenseAffinity` for ordinary calls and an exact `FactoredAffinity` for large ones.
"""

import math
from dataclasses import dataclass

import numpy as np
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from casebook.calls.models import Call, Round
from casebook.core.models import AuditEvent
from casebook.experts.enums import PoolStatus
from casebook.experts.models import Expert
from casebook.experts.selectors import call_for_pool, conflict_pairs, reviewable_cases
from casebook.review.assignment import AssignmentProblem, DenseAffinity, FactoredAffinity
from casebook.submissions.enums import CaseStatus
from casebook.submissions.models import Case

from .models import Assignment

DOMAIN_WEIGHT = 1.0
KEYWORD_WEIGHT = 1.0
# Up to this many (case, expert) pairs (2,000 cases × 300 experts) the affinity is kept as a matrix.
DENSE_MAX_PAIRS = 2_000 * 300
# Experts may take this many cases beyond the even share when the round sets no maximum.
LOAD_SLACK = 2


# --- Access ---------------------------------------------------------------------------


def round_for_assignment(*, slug: str, key: str, user) -> Round:
    """The round `key` of call `slug` if `user` is the call's secretariat; 404
    otherwise, the same answer as for a call or round that does not exist."""
    call = call_for_pool(slug=slug, user=user)
    return get_object_or_404(Round.objects.select_related("call"), call=call, key=key)


def assignment_of_round(*, round: Round, pk: int) -> Assignment:
    return get_object_or_404(Assignment.objects.select_related("case", "expert", "round__call"),
                             round=round, pk=pk)


# --- The problem ---------------------------------------------------------------------


def cases_to_assign(call: Call) -> QuerySet[Case]:
    """The cases that passed 形式审查 (eligible) and still await review, by number."""
    return (reviewable_cases(call).filter(status=CaseStatus.ELIGIBLE)
            .select_related("domain").order_by("number", "pk"))


def experts_to_assign(call: Call) -> QuerySet[Expert]:
    """The experts who accepted the call's invitation, by email."""
    return Expert.objects.filter(pools__call=call, pools__status=PoolStatus.ACCEPTED).order_by("email")


def expert_to_assign(call: Call, pk: str) -> Expert:
    """One expert who accepted the call's invitation; 404 for anyone else (or a bad id)."""
    if not str(pk).isdigit():
        raise Http404
    return get_object_or_404(experts_to_assign(call), pk=int(pk))


def case_text(case: Case) -> str:
    sections = case.sections if isinstance(case.sections, dict) else {}
    return "\n".join([case.title, *(str(value) for value in sections.values())])


def affinity_for(cases: list[Case], experts: list[Expert]) -> DenseAffinity | FactoredAffinity:
    """The affinity of every (case, expert) pair, as the module docstring defines it."""
    domains = sorted({name for expert in experts for name in expert.domains or []})
    domain_index = {name: index for index, name in enumerate(domains)}
    # Column len(domains) stands for "no shared domain": no expert has it.
    case_domain = np.array([domain_index.get(case.domain.name if case.domain else "", len(domains))
                            for case in cases], dtype=np.int64)
    expert_domains = np.zeros((len(experts), len(domains) + 1))
    for row, expert in enumerate(experts):
        for name in expert.domains or []:
            expert_domains[row, domain_index[name]] = 1.0
    case_vectors, expert_vectors = _keyword_vectors(cases, experts)
    factored = FactoredAffinity.from_domains_and_keywords(
        case_domain=case_domain, expert_domains=expert_domains,
        case_vectors=case_vectors, expert_vectors=KEYWORD_WEIGHT * expert_vectors, domain_weight=DOMAIN_WEIGHT,
    )
    if len(cases) * len(experts) > DENSE_MAX_PAIRS:
        return factored
    return DenseAffinity(factored.case_factors @ factored.expert_factors.T)


def _keyword_vectors(cases: list[Case], experts: list[Expert]) -> tuple[np.ndarray, np.ndarray]:
    """Case × keyword presence (0/1) and expert × keyword weights (1/number of the expert's keywords)."""
    keywords = sorted({word.strip() for expert in experts for word in expert.keywords or [] if word.strip()})
    index = {word: column for column, word in enumerate(keywords)}
    texts = [case_text(case) for case in cases]
    case_vectors = np.zeros((len(cases), len(keywords)))
    for column, word in enumerate(keywords):
        for row, text in enumerate(texts):
            if word in text:
                case_vectors[row, column] = 1.0
    expert_vectors = np.zeros((len(experts), len(keywords)))
    for row, expert in enumerate(experts):
        own = {word.strip() for word in expert.keywords or [] if word.strip()}
        for word in own:
            expert_vectors[row, index[word]] = 1.0 / len(own)
    return case_vectors, expert_vectors


def max_load_for(round: Round, *, cases: int, experts: int) -> int:
    """The round's maximum load, or the even share ⌈n·k/m⌉ plus LOAD_SLACK when it sets none."""
    if round.max_load is not None:
        return round.max_load
    return math.ceil(cases * round.reviewers_per_case / max(experts, 1)) + LOAD_SLACK


@dataclass(frozen=True)
class RoundProblem:
    """The solver's problem for a round, with the rows its indices stand for."""

    cases: list[Case]
    experts: list[Expert]
    problem: AssignmentProblem
    pinned: list[Assignment]  # the pinned rows inside the problem, in `problem.pinned` order


def round_problem(round: Round) -> RoundProblem:
    """Eligible cases × accepted experts, the stored conflicts and the pinned rows
    whose case and expert are still in the round (refresh conflicts first)."""
    cases, experts = list(cases_to_assign(round.call)), list(experts_to_assign(round.call))
    case_at = {case.pk: row for row, case in enumerate(cases)}
    expert_at = {expert.pk: column for column, expert in enumerate(experts)}
    conflicts = [(case_at[case_id], expert_at[expert_id]) for case_id, expert_id in conflict_pairs(round.call)
                 if case_id in case_at and expert_id in expert_at]
    pinned_rows = Assignment.objects.filter(round=round, pinned=True).select_related("case", "expert")
    pinned = [row for row in pinned_rows.order_by("pk") if row.case_id in case_at and row.expert_id in expert_at]
    problem = AssignmentProblem(
        affinity=affinity_for(cases, experts),
        reviewers_per_case=round.reviewers_per_case,
        min_load=round.min_load,
        max_load=max_load_for(round, cases=len(cases), experts=len(experts)),
        conflicts=conflicts,
        pinned=[(case_at[row.case_id], expert_at[row.expert_id]) for row in pinned],
        case_labels=[case.number or f"#{case.pk}" for case in cases],
        expert_labels=[f"{expert.name}（{expert.email}）" for expert in experts],
    )
    return RoundProblem(cases=cases, experts=experts, problem=problem, pinned=pinned)


# --- The assignment page -------------------------------------------------------------------


@dataclass(frozen=True)
class CaseRow:
    case: Case
    assignments: list[Assignment]
    missing: int


@dataclass(frozen=True)
class ExpertRow:
    expert: Expert
    load: int


@dataclass(frozen=True)
class AssignmentOverview:
    round: Round
    cases: list[CaseRow]
    experts: list[ExpertRow]
    max_load: int
    last_solve: AuditEvent | None

    @property
    def short(self) -> list[CaseRow]:
        return [row for row in self.cases if row.missing]


def assignment_overview(round: Round) -> AssignmentOverview:
    """Each eligible case with its experts (best fit first) and each accepted
    expert with their load, in a fixed number of queries."""
    cases = list(cases_to_assign(round.call))
    rows = list(Assignment.objects.filter(round=round).select_related("expert").order_by("-affinity", "expert__email"))
    by_case: dict[int, list[Assignment]] = {}
    for row in rows:
        by_case.setdefault(row.case_id, []).append(row)
    experts = list(experts_to_assign(round.call).annotate(
        load=Count("assignments", filter=_in_round(round))).select_related("affiliation"))
    k = round.reviewers_per_case
    return AssignmentOverview(
        round=round,
        cases=[CaseRow(case, by_case.get(case.pk, []), max(0, k - len(by_case.get(case.pk, []))))
               for case in cases],
        experts=[ExpertRow(expert, expert.load) for expert in experts],
        max_load=max_load_for(round, cases=len(cases), experts=len(experts)),
        last_solve=last_solve(round),
    )


def _in_round(round: Round) -> Q:
    return Q(assignments__round=round)


def last_solve(round: Round) -> AuditEvent | None:
    """The latest `review.assigned` event of the round: its figures and shortfall messages."""
    return (AuditEvent.objects.filter(action="review.assigned", subject_type="calls.round",
                                      subject_id=str(round.pk)).order_by("-pk").first())


def call_rounds(call: Call) -> QuerySet[Round]:
    return Round.objects.filter(call=call).order_by("order", "pk")

