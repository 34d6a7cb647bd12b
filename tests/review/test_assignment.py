"""Reviewer assignment: hard rules always hold, and the optimum is the true one."""

import itertools

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from casebook.review.assignment import (
    AssignmentProblem,
    DenseAffinity,
    FactoredAffinity,
    assign_reviewers,
)


@st.composite
def small_problems(draw, max_cases=6, max_experts=5):
    """Random small calls, feasible or not, with conflicts, loads and pinned pairs."""
    n = draw(st.integers(1, max_cases))
    m = draw(st.integers(1, max_experts))
    k = draw(st.integers(1, min(3, m)))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    affinity = np.round(rng.normal(size=(n, m)), 3)
    conflicted = rng.random((n, m)) < draw(st.sampled_from([0.0, 0.2, 0.5]))
    max_load = rng.integers(1, n + 1, size=m)
    min_load = np.minimum(max_load, rng.integers(0, 3, size=m))
    allowed = np.argwhere(~conflicted)
    pinned = allowed[rng.random(len(allowed)) < 0.1]
    pinned = _within_limits(pinned, k, max_load)
    return AssignmentProblem(
        affinity=DenseAffinity(affinity),
        reviewers_per_case=k,
        min_load=min_load,
        max_load=max_load,
        conflicts=np.argwhere(conflicted),
        pinned=pinned,
    )


def _within_limits(pinned, k, max_load):
    """Drop pinned pairs beyond k per case or an expert's max load: those are refused, tested apart."""
    kept, per_case, per_expert = [], {}, {}
    for case, expert in pinned:
        if per_case.get(case, 0) < k and per_expert.get(expert, 0) < max_load[expert]:
            kept.append((case, expert))
            per_case[case] = per_case.get(case, 0) + 1
            per_expert[expert] = per_expert.get(expert, 0) + 1
    return np.array(kept, dtype=np.int64).reshape(-1, 2)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problem=small_problems())
def test_hard_rules_hold_and_shortfalls_are_reported(problem):
    result = assign_reviewers(problem)
    n, m = problem.affinity.shape
    pairs = {tuple(pair) for pair in result.pairs.tolist()}
    assert len(pairs) == len(result.pairs), "an expert twice on one case"
    assert not pairs & {tuple(pair) for pair in problem.conflicts.tolist()}
    assert {tuple(pair) for pair in problem.pinned.tolist()} <= pairs
    load = np.bincount(result.pairs[:, 1], minlength=m)
    assert (load <= problem.max_load).all()
    reviewers = np.bincount(result.pairs[:, 0], minlength=n)
    missing = {short.case: short.missing for short in result.short_cases}
    assert all(reviewers[case] + missing.get(case, 0) == problem.reviewers_per_case for case in range(n))
    under = {expert.expert for expert in result.underloaded_experts}
    assert set(np.flatnonzero(load < problem.min_load)) == under
    assert result.integer_gap == 0
    assert result.upper_bound - result.objective <= result.rounding_tolerance + 1e-9


@settings(max_examples=120, deadline=None)
@given(problem=small_problems(max_cases=4, max_experts=4))
def test_matches_brute_force(problem):
    """First as many slots and minimum loads as possible, then the largest affinity."""
    result = assign_reviewers(problem)
    best_coverage, best_affinity = _brute_force(problem)
    load = np.bincount(result.pairs[:, 1], minlength=problem.affinity.shape[1])
    coverage = len(result.pairs) + np.minimum(load, problem.min_load).sum()
    assert coverage == best_coverage
    assert result.objective == pytest.approx(best_affinity, abs=1e-9)


def _brute_force(problem):
    n, m = problem.affinity.shape
    k, matrix = problem.reviewers_per_case, problem.affinity.matrix
    conflicts = {tuple(pair) for pair in problem.conflicts.tolist()}
    pinned = {tuple(pair) for pair in problem.pinned.tolist()}
    choices = []
    for case in range(n):
        allowed = [expert for expert in range(m) if (case, expert) not in conflicts]
        must = {expert for (c, expert) in pinned if c == case}
        choices.append([
            subset for size in range(k + 1) for subset in itertools.combinations(allowed, size) if must <= set(subset)
        ])
    best = (-1, -np.inf)
    for assignment in itertools.product(*choices):
        load = np.bincount([e for subset in assignment for e in subset], minlength=m)
        if (load > problem.max_load).any():
            continue
        coverage = int(load.sum() + np.minimum(load, problem.min_load).sum())
        affinity = sum(matrix[case, e] for case, subset in enumerate(assignment) for e in subset)
        best = max(best, (coverage, affinity))
    return best


def test_matches_the_lp_optimum():
    """The flow polytope is integral: the LP optimum over every allowed pair is the assignment's."""
    rng = np.random.default_rng(3)
    n, m, k = 60, 12, 3
    matrix = rng.random((n, m))
    conflicted = rng.random((n, m)) < 0.1
    problem = AssignmentProblem(
        affinity=DenseAffinity(matrix), reviewers_per_case=k, min_load=8, max_load=20, conflicts=np.argwhere(conflicted)
    )
    allowed = np.argwhere(~conflicted)
    arcs = np.arange(len(allowed))
    by_case = sp.csr_array((np.ones(len(arcs)), (allowed[:, 0], arcs)), shape=(n, len(arcs)))
    by_expert = sp.csr_array((np.ones(len(arcs)), (allowed[:, 1], arcs)), shape=(m, len(arcs)))
    lp = linprog(
        -matrix[allowed[:, 0], allowed[:, 1]], A_eq=by_case, b_eq=np.full(n, k),
        A_ub=sp.vstack([by_expert, -by_expert]), b_ub=np.concatenate([np.full(m, 20), np.full(m, -8)]),
        bounds=(0, 1), method="highs",
    )
    result = assign_reviewers(problem)
    assert result.feasible
    assert result.objective == pytest.approx(-lp.fun, abs=1e-9)


def test_pricing_from_few_candidates_reaches_the_full_optimum():
    problem = _factored_problem(n=600, m=80, k=3, seed=5)
    full = assign_reviewers(problem, candidates_per_case=80)
    priced = assign_reviewers(problem, candidates_per_case=3, additions_per_case=2)
    assert full.stats.rounds == 1
    assert priced.stats.rounds > 1 and priced.stats.arcs_added > 0
    assert len(priced.arcs) < len(full.arcs) / 4
    assert priced.objective == pytest.approx(full.objective, abs=full.rounding_tolerance)
    assert priced.integer_gap == 0 and priced.feasible


def _factored_problem(*, n, m, k, seed):
    """Domain-skewed experts with tight loads, so that the best experts fill up and pricing has work."""
    rng = np.random.default_rng(seed)
    expert_domains = np.eye(4)[rng.choice(4, size=m, p=[0.1, 0.3, 0.3, 0.3])]
    affinity = FactoredAffinity.from_domains_and_keywords(
        case_domain=rng.choice(4, size=n, p=[0.4, 0.2, 0.2, 0.2]),
        expert_domains=expert_domains,
        case_vectors=rng.random((n, 8)),
        expert_vectors=rng.random((m, 8)),
        domain_weight=0.7,
    )
    mean = n * k / m
    conflicts = np.argwhere(rng.random((n, m)) < 0.02)
    return AssignmentProblem(
        affinity=affinity, reviewers_per_case=k, min_load=int(0.8 * mean), max_load=int(1.2 * mean) + 1,
        conflicts=conflicts,
    )


def test_a_case_with_too_few_allowed_experts_is_short_and_says_why():
    matrix = np.ones((3, 4))
    conflicts = [(1, 0), (1, 1), (1, 2)]
    problem = AssignmentProblem(
        affinity=DenseAffinity(matrix), reviewers_per_case=3, conflicts=conflicts, case_labels=["甲", "乙", "丙"]
    )
    result = assign_reviewers(problem)
    assert not result.feasible
    [short] = result.short_cases
    assert (short.case, short.assigned, short.missing, short.eligible_experts) == (1, 1, 2, 1)
    assert result.messages == ["案例 乙 只有 1 位无利益冲突的专家可分配，还差 2 位"]
    assert len(result.pairs) == 7


def test_full_experts_leave_cases_short():
    problem = AssignmentProblem(affinity=DenseAffinity(np.ones((4, 3))), reviewers_per_case=2, max_load=2)
    result = assign_reviewers(problem)
    assert len(result.pairs) == 6
    assert sum(short.missing for short in result.short_cases) == 2
    assert all("都已达到评审量上限" in message for message in result.messages)


def test_an_expert_in_conflict_with_most_cases_misses_the_minimum_load():
    conflicts = [(case, 0) for case in range(4)]
    problem = AssignmentProblem(
        affinity=DenseAffinity(np.ones((5, 3))), reviewers_per_case=1, min_load=1, conflicts=conflicts,
        expert_labels=["王", "李", "张"],
    )
    result = assign_reviewers(problem)
    assert result.short_cases == ()
    assert [expert.expert for expert in result.underloaded_experts] == []
    assert set(result.pairs[:, 1]) == {0, 1, 2}, "the only case open to 王 goes to 王"

    tight = AssignmentProblem(
        affinity=DenseAffinity(np.ones((5, 3))), reviewers_per_case=1, min_load=2, conflicts=conflicts,
        expert_labels=["王", "李", "张"],
    )
    [under] = assign_reviewers(tight).underloaded_experts
    assert (under.expert, under.load, under.min_load, under.eligible_cases) == (0, 1, 2, 1)
    assert under.message == "专家 王 只与 1 个案例无利益冲突，达不到最低评审量 2，只分到 1 个"


def test_pinned_pairs_are_kept_even_against_affinity():
    matrix = np.array([[1.0, 0.0, 0.5], [0.0, 1.0, 0.5]])
    problem = AssignmentProblem(affinity=DenseAffinity(matrix), reviewers_per_case=1, pinned=[(0, 1)])
    assert assign_reviewers(problem).pairs.tolist() == [[0, 1], [1, 1]]


@pytest.mark.parametrize(
    ("pinned", "message"),
    [
        ([(0, 0)], "案例 0 与专家 0 有利益冲突，不能指定"),
        ([(1, 0), (1, 1)], "案例 1 指定了 2 位专家，超过每案 1 位"),
        ([(1, 1), (2, 1)], "专家 1 被指定了 2 个案例，超过最高评审量 1"),
    ],
)
def test_pinned_pairs_that_break_a_rule_are_refused(pinned, message):
    problem = AssignmentProblem(
        affinity=DenseAffinity(np.ones((3, 2))), reviewers_per_case=1, max_load=1, conflicts=[(0, 0)], pinned=pinned
    )
    with pytest.raises(ValueError, match=message):
        assign_reviewers(problem)


def test_factored_affinity_is_domain_bonus_plus_keyword_similarity():
    rng = np.random.default_rng(1)
    case_domain, expert_domains = np.array([0, 2]), np.array([[1, 0, 0], [0, 1, 1], [0, 0, 0]])
    case_vectors, expert_vectors = rng.random((2, 4)), rng.random((3, 4))
    affinity = FactoredAffinity.from_domains_and_keywords(
        case_domain=case_domain, expert_domains=expert_domains, case_vectors=case_vectors,
        expert_vectors=expert_vectors, domain_weight=0.5,
    )
    expected = 0.5 * expert_domains[:, case_domain].T + case_vectors @ expert_vectors.T
    cases, experts = np.divmod(np.arange(6), 3)
    assert affinity.pairs(cases, experts) == pytest.approx(expected.reshape(-1))
    block = affinity.shifted_block(0, 2, np.array([0.1, 0.2]), np.array([1.0, 2.0, 3.0]), np.empty((2, 3), np.float32))
    assert block == pytest.approx(expected - [[0.1], [0.2]] + [1.0, 2.0, 3.0], abs=1e-6)
    assert affinity.bound() >= np.abs(expected).max()
