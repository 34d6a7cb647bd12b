"""Optimal reviewer assignment for round 1 (初审): who reviews which case.

Each case gets k distinct experts (as many as possible when that is
impossible), each expert's load stays within [min_load, max_load], no
conflicted pair is ever assigned, pinned pairs always are, and the total
affinity is the largest possible: `assign_reviewers` solves it exactly as a
min-cost flow (see `assignment_flow`).

Large calls (100,000 cases × 10,000 experts) are solved by column generation,
never holding the 10⁹ pairs:

1. keep the few best experts of each case (`assignment_scan.top_candidates`),
   ranked by affinity plus an expert price learnt on a sample of cases;
2. solve the flow on those arcs only, and take node potentials from it;
3. scan every pair for a negative reduced cost under those potentials, add
   the ones found and go back to 2. When none is found, the potentials
   price every omitted arc out: the restricted optimum is the optimum.

The result carries its own proof: `upper_bound` comes from the LP dual of the
final potentials over all arcs, and equals `objective` up to the rounding of
affinities to integer costs, `rounding_tolerance`.
"""

import time
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np

from casebook.review import assignment_flow as flow_
from casebook.review.assignment_affinity import DenseAffinity, FactoredAffinity
from casebook.review.assignment_explain import (
    ShortCase,
    UnderloadedExpert,
    label,
    short_cases,
    underloaded_experts,
)
from casebook.review.assignment_scan import Excluded, top_candidates, violations

# Below this many pairs every allowed arc goes into the first flow: scanning
# would cost more than it saves.
FULL_SOLVE_PAIRS = 2_000_000
# Calls with more cases than this first solve a sample of one case in
# SAMPLE_EVERY, to price experts before choosing candidates.
SAMPLE_ABOVE = 5_000
SAMPLE_EVERY = 10

__all__ = [
    "Assignment",
    "AssignmentProblem",
    "DenseAffinity",
    "FactoredAffinity",
    "ShortCase",
    "SolveStats",
    "UnderloadedExpert",
    "assign_reviewers",
]


@dataclass(frozen=True)
class AssignmentProblem:
    """One round's assignment question, by case and expert index.

    Loads are one number for every expert or one per expert; `max_load`
    None means unbounded. `conflicts` and `pinned` are (case, expert) pairs.
    Labels name cases and experts in the messages (their index otherwise).
    """

    affinity: DenseAffinity | FactoredAffinity
    reviewers_per_case: int
    min_load: int | Sequence[int] | np.ndarray = 0
    max_load: int | Sequence[int] | np.ndarray | None = None
    conflicts: Sequence[tuple[int, int]] | np.ndarray = ()
    pinned: Sequence[tuple[int, int]] | np.ndarray = ()
    case_labels: Sequence[str] | None = None
    expert_labels: Sequence[str] | None = None


@dataclass(frozen=True)
class SolveStats:
    rounds: int  # flow solves; each after the first follows a scan that found violating arcs
    initial_arcs: int
    arcs_added: int
    scale: float  # integer cost per unit of affinity
    seconds: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Assignment:
    """The optimal assignment, its proof, and what could not be satisfied.

    `pairs` holds (case, expert) rows sorted by case. `upper_bound` bounds the
    affinity of every assignment that fills as many slots and minimum loads;
    `upper_bound - objective` ≤ `rounding_tolerance` proves optimality.
    """

    pairs: np.ndarray
    objective: float
    upper_bound: float
    rounding_tolerance: float
    integer_gap: int  # primal minus dual cost of the rounded problem: 0 proves it optimal
    arcs: np.ndarray  # (case, expert) arcs of the final flow; pricing proved every other pair useless
    short_cases: tuple[ShortCase, ...]
    underloaded_experts: tuple[UnderloadedExpert, ...]
    stats: SolveStats

    @property
    def feasible(self) -> bool:
        return not self.short_cases and not self.underloaded_experts

    @property
    def messages(self) -> list[str]:
        return [item.message for item in (*self.short_cases, *self.underloaded_experts)]


@dataclass(frozen=True)
class _Instance:
    """The problem as arrays, with pinned pairs taken out of the flow."""

    n: int
    m: int
    k: int
    min_load: np.ndarray
    max_load: np.ndarray
    conflict_keys: np.ndarray  # sorted case * m + expert
    pinned: np.ndarray  # (p, 2)
    need: np.ndarray  # reviewers still to find per case
    lo: np.ndarray  # load still to reach per expert
    hi: np.ndarray  # load still allowed per expert


def assign_reviewers(
    problem: AssignmentProblem, *, candidates_per_case: int | None = None, additions_per_case: int | None = None
) -> Assignment:
    """The assignment of maximum total affinity; see the module docstring for the method.

    `candidates_per_case` experts per case start the restricted problem (all
    allowed pairs on small calls); each scan adds at most `additions_per_case`
    violating arcs per case. Neither changes the result, only the time.
    Raises ValueError when pinned pairs contradict conflicts or loads.
    """
    instance = _instance(problem)
    return _result(problem, instance, _solve(problem.affinity, instance, candidates_per_case, additions_per_case))


@dataclass(frozen=True)
class _Solved:
    network: flow_.Network
    flow: flow_.Flow
    potentials: np.ndarray
    scale: float
    stats: SolveStats


def _solve(affinity, instance: _Instance, candidates_per_case: int | None, additions_per_case: int | None) -> _Solved:
    """Column generation: solve on candidate arcs, add the arcs the potentials price in, until none."""
    clock = _Clock()
    nodes, total_flow = instance.n + instance.m + 1, int(instance.need.sum())
    scale, big = flow_.cost_scale(affinity.bound(), nodes=nodes, total_flow=total_flow)
    fixed = np.union1d(instance.conflict_keys, instance.pinned[:, 0] * instance.m + instance.pinned[:, 1])
    with clock("candidates"):
        cases, experts = _initial_arcs(affinity, instance, Excluded(fixed, np.empty(0, np.int64)), candidates_per_case)
    costs = _costs(affinity, cases, experts, scale)
    initial_arcs, rounds = len(cases), 0
    per_round = additions_per_case or 2 * instance.k + 2
    while True:
        rounds += 1
        network = flow_.Network(
            need=instance.need, lo=instance.lo, hi=instance.hi, cases=cases, experts=experts, costs=costs, big=big
        )
        with clock("flow"):
            flow = flow_.solve(network)
        with clock("potentials"):
            d = flow_.potentials(network, flow)
        excluded = Excluded(fixed=fixed, arcs=np.sort(cases * instance.m + experts))
        with clock("pricing"):
            new_cases, new_experts = violations(
                affinity, excluded, d[: instance.n], d[instance.n : -1], scale, per_round
            )
        if not len(new_cases):
            break
        cases, experts = np.concatenate([cases, new_cases]), np.concatenate([experts, new_experts])
        costs = np.concatenate([costs, _costs(affinity, new_cases, new_experts, scale)])
    stats = SolveStats(
        rounds=rounds, initial_arcs=initial_arcs, arcs_added=len(cases) - initial_arcs, scale=scale,
        seconds=clock.seconds,
    )
    return _Solved(network=network, flow=flow, potentials=d, scale=scale, stats=stats)


def _costs(affinity, cases: np.ndarray, experts: np.ndarray, scale: float) -> np.ndarray:
    """Integer arc costs: the flow minimises cost, so affinity enters negated."""
    return -np.rint(scale * affinity.pairs(cases, experts)).astype(np.int64)


def _initial_arcs(affinity, instance: _Instance, excluded: Excluded, per_case: int | None):
    """Each case's best experts, by affinity plus the expert's price when a sample could estimate it."""
    if per_case is None and instance.n * instance.m <= FULL_SOLVE_PAIRS:
        per_case = instance.m
    return top_candidates(affinity, excluded, per_case or 3 * instance.k + 3, _expert_prices(affinity, instance))


def _expert_prices(affinity, instance: _Instance) -> np.ndarray:
    """Expert potentials of a one-in-ten sample of cases with loads scaled alike, in affinity units.

    Picking each case's top experts by raw affinity sends every case of a
    crowded domain to the same few experts, far past their max load: the
    first restricted problem then cannot fill its slots, and pricing needs
    many rounds of full scans to spread the cases. The sample's potentials
    say what each expert's time is worth; ranking by affinity plus that price
    (the reduced cost's ordering) makes the first restricted problem nearly
    optimal. Only speed depends on this estimate, never the result.
    """
    if instance.n <= SAMPLE_ABOVE:
        return np.zeros(instance.m)
    rng = np.random.default_rng(0)
    sample = np.sort(rng.choice(instance.n, size=instance.n // SAMPLE_EVERY, replace=False))
    solved = _solve(affinity.subset(sample), _sample_instance(instance, sample), 3 * instance.k + 3, None)
    return solved.potentials[len(sample) : -1] / solved.scale


def _sample_instance(instance: _Instance, sample: np.ndarray) -> _Instance:
    n, m = len(sample), instance.m
    position = np.full(instance.n, -1)
    position[sample] = np.arange(n)
    conflict_case = position[instance.conflict_keys // m]
    kept = conflict_case >= 0
    share = n / instance.n
    min_load = np.floor(instance.min_load * share).astype(np.int64)
    max_load = np.maximum(min_load, np.ceil(instance.max_load * share).astype(np.int64))
    return _Instance(
        n=n, m=m, k=instance.k, min_load=min_load, max_load=max_load,
        conflict_keys=conflict_case[kept] * m + instance.conflict_keys[kept] % m,
        pinned=np.empty((0, 2), np.int64), need=np.full(n, instance.k), lo=min_load, hi=max_load,
    )


def _result(problem, instance: _Instance, solved: _Solved) -> Assignment:
    network, flow, scale = solved.network, solved.flow, solved.scale
    dual = flow_.dual_value(network, solved.potentials)
    used = np.column_stack([network.cases[flow.used], network.experts[flow.used]])
    pairs = np.concatenate([instance.pinned, used])
    pairs = pairs[np.lexsort((pairs[:, 1], pairs[:, 0]))]
    objective = float(problem.affinity.pairs(pairs[:, 0], pairs[:, 1]).sum())
    pinned_affinity = float(problem.affinity.pairs(instance.pinned[:, 0], instance.pinned[:, 1]).sum())
    # The BIG terms count unmet slots and minimum loads, identical for every
    # assignment the bound speaks of; what remains is −scale · affinity.
    penalty = network.big * (int(flow.empty_slots.sum()) - int(flow.min_met.sum()))
    half_units = 0.5 * int(network.need.sum()) / scale
    return Assignment(
        pairs=pairs,
        objective=objective,
        upper_bound=pinned_affinity + (penalty - dual) / scale + half_units,
        rounding_tolerance=2 * half_units,
        integer_gap=int(flow.cost) - dual,
        arcs=np.column_stack([network.cases, network.experts]),
        short_cases=_short_cases(problem, instance, pairs, flow.empty_slots),
        underloaded_experts=_underloaded(problem, instance, pairs),
        stats=solved.stats,
    )


def _short_cases(problem, instance: _Instance, pairs: np.ndarray, missing: np.ndarray):
    conflicts = np.bincount(instance.conflict_keys // instance.m, minlength=instance.n)
    assigned = np.bincount(pairs[:, 0], minlength=instance.n)
    return short_cases(missing, assigned, instance.m - conflicts, problem.case_labels)


def _underloaded(problem, instance: _Instance, pairs: np.ndarray):
    conflicts = np.bincount(instance.conflict_keys % instance.m, minlength=instance.m)
    load = np.bincount(pairs[:, 1], minlength=instance.m)
    return underloaded_experts(
        load, instance.min_load, instance.n - conflicts, problem.expert_labels, slots=instance.n * instance.k
    )


def _instance(problem: AssignmentProblem) -> _Instance:
    n, m = problem.affinity.shape
    k = problem.reviewers_per_case
    min_load = np.broadcast_to(np.asarray(problem.min_load, dtype=np.int64), (m,))
    max_load = np.broadcast_to(np.asarray(n if problem.max_load is None else problem.max_load, dtype=np.int64), (m,))
    if (min_load > max_load).any():
        raise ValueError("min_load exceeds max_load")
    conflicts = _pairs(problem.conflicts)
    pinned = np.unique(_pairs(problem.pinned), axis=0)
    conflict_keys = np.unique(conflicts[:, 0] * m + conflicts[:, 1])
    pinned_per_case = np.bincount(pinned[:, 0], minlength=n)
    pinned_per_expert = np.bincount(pinned[:, 1], minlength=m)
    _check_pinned(problem, pinned, np.isin(pinned[:, 0] * m + pinned[:, 1], conflict_keys), pinned_per_case,
                  pinned_per_expert, k, max_load)
    return _Instance(
        n=n, m=m, k=k, min_load=min_load, max_load=max_load, conflict_keys=conflict_keys, pinned=pinned,
        need=k - pinned_per_case,
        lo=np.maximum(0, min_load - pinned_per_expert),
        hi=max_load - pinned_per_expert,
    )


def _pairs(pairs) -> np.ndarray:
    return np.asarray(pairs, dtype=np.int64).reshape(-1, 2)


def _check_pinned(problem, pinned, in_conflict, per_case, per_expert, k, max_load) -> None:
    """Pinned pairs are decisions already taken: refuse any that breaks a hard rule."""
    cases, experts = problem.case_labels, problem.expert_labels
    if in_conflict.any():
        case, expert = pinned[np.argmax(in_conflict)]
        raise ValueError(f"案例 {label(cases, case)} 与专家 {label(experts, expert)} 有利益冲突，不能指定")
    if (per_case > k).any():
        case = int(np.argmax(per_case > k))
        raise ValueError(f"案例 {label(cases, case)} 指定了 {per_case[case]} 位专家，超过每案 {k} 位")
    if (per_expert > max_load).any():
        expert = int(np.argmax(per_expert > max_load))
        raise ValueError(
            f"专家 {label(experts, expert)} 被指定了 {per_expert[expert]} 个案例，超过最高评审量 {max_load[expert]}"
        )


class _Clock:
    """Seconds spent per phase, summed over rounds, for `SolveStats`."""

    def __init__(self):
        self.seconds: dict[str, float] = {}

    @contextmanager
    def __call__(self, phase: str):
        start = time.perf_counter()
        yield
        self.seconds[phase] = self.seconds.get(phase, 0.0) + time.perf_counter() - start
