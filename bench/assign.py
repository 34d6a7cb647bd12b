"""Reviewer assignment at scale: time, memory and proof of optimality.

Builds random calls with realistic affinities (six domains with different
shares among cases and experts, 32-dimensional keyword vectors drawn around
each domain), conflicts (about 1.5 % random pairs plus "same organisation"
clusters), a few pinned pairs, and loads within ±50 % of the mean. Solves each
in a fresh process, so that its peak memory (maxrss) is its own, and prints
the time, peak memory, objective, bounds and gap. Generating the call is not
timed.

Two upper bounds: the solver's own (the LP dual of its final potentials over
every pair), and an independent one from HiGHS (through SciPy): the LP over
all allowed pairs when there are at most `--lp-pairs` of them, otherwise the
LP over the final candidate arcs, which bounds the whole call only together
with the solver's pricing proof that every omitted arc has a non-negative
reduced cost.

    python bench/assign.py [--sizes 300x40 3000x300 10000x1000 100000x10000] [--k 3] [--seed 7]
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linprog

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from casebook.review.assignment import AssignmentProblem, FactoredAffinity, assign_reviewers

DOMAINS = 6
DIMENSIONS = 32
CASE_DOMAIN_SHARES = np.array([0.30, 0.22, 0.16, 0.13, 0.11, 0.08])
EXPERT_DOMAIN_SHARES = np.array([0.12, 0.18, 0.20, 0.18, 0.16, 0.16])
RANDOM_CONFLICTS = 0.015
CASES_PER_ORGANISATION = 50


def build(n: int, m: int, k: int, seed: int) -> AssignmentProblem:
    rng = np.random.default_rng(seed)
    centroids = rng.gamma(0.3, size=(DOMAINS, DIMENSIONS))
    case_domain = rng.choice(DOMAINS, size=n, p=CASE_DOMAIN_SHARES)
    expert_domain = rng.choice(DOMAINS, size=m, p=EXPERT_DOMAIN_SHARES)
    expert_domains = np.zeros((m, DOMAINS))
    expert_domains[np.arange(m), expert_domain] = 1.0
    second = rng.random(m) < 0.3
    expert_domains[np.flatnonzero(second), rng.choice(DOMAINS, size=second.sum())] = 1.0
    affinity = FactoredAffinity.from_domains_and_keywords(
        case_domain=case_domain,
        expert_domains=expert_domains,
        case_vectors=_keywords(rng, centroids[case_domain]),
        expert_vectors=_keywords(rng, centroids[expert_domain]),
        domain_weight=0.5,
    )
    mean = n * k / m
    conflicts = _conflicts(rng, n, m)
    return AssignmentProblem(
        affinity=affinity,
        reviewers_per_case=k,
        min_load=int(0.5 * mean),
        max_load=int(np.ceil(1.5 * mean)),
        conflicts=conflicts,
        pinned=_pinned(rng, n, m, conflicts),
    )


def _keywords(rng, centres: np.ndarray) -> np.ndarray:
    vectors = centres + rng.gamma(0.3, size=centres.shape)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def _conflicts(rng, n: int, m: int) -> np.ndarray:
    """Random pairs, plus every case × expert pair of the same organisation."""
    keys = rng.integers(n * m, size=int(RANDOM_CONFLICTS * n * m))
    organisations = max(1, n // CASES_PER_ORGANISATION)
    case_org, expert_org = rng.integers(organisations, size=n), rng.integers(organisations, size=m)
    cases_by_org = np.argsort(case_org, kind="stable")
    starts = np.searchsorted(case_org[cases_by_org], np.arange(organisations + 1))
    sizes = np.diff(starts)[expert_org]
    experts = np.repeat(np.arange(m), sizes)
    offsets = np.arange(sizes.sum()) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    cases = cases_by_org[np.repeat(starts[expert_org], sizes) + offsets]
    keys = np.union1d(keys, cases * m + experts)
    return np.column_stack([keys // m, keys % m])


def _pinned(rng, n: int, m: int, conflicts: np.ndarray) -> np.ndarray:
    """One pair per thousand cases, pinned by the secretariat (none in conflict)."""
    cases = rng.choice(n, size=max(1, n // 1000), replace=False)
    experts = rng.integers(m, size=len(cases))
    allowed = ~np.isin(cases * m + experts, conflicts[:, 0] * m + conflicts[:, 1])
    return np.column_stack([cases[allowed], experts[allowed]])


def run_one(n: int, m: int, k: int, seed: int, lp_pairs: int) -> dict:
    problem = build(n, m, k, seed)
    start = time.perf_counter()
    result = assign_reviewers(problem)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    lp_start = time.perf_counter()
    lp_bound, lp_scope = highs_bound(problem, result, lp_pairs)
    return {
        "size": f"{n}x{m}x{k}",
        "seconds": round(seconds, 2),
        "peak_mb": round(peak_mb),
        "objective": result.objective,
        "dual_bound": result.upper_bound,
        "integer_gap": result.integer_gap,
        "rounding_tolerance": result.rounding_tolerance,
        "lp_bound": lp_bound,
        "lp_scope": lp_scope,
        "lp_seconds": round(time.perf_counter() - lp_start, 1),
        "gap": lp_bound - result.objective,
        "feasible": result.feasible,
        "rounds": result.stats.rounds,
        "initial_arcs": result.stats.initial_arcs,
        "arcs_added": result.stats.arcs_added,
        "phases": {phase: round(value, 2) for phase, value in result.stats.seconds.items()},
        "load": os.getloadavg()[0],
    }


def highs_bound(problem: AssignmentProblem, result, lp_pairs: int) -> tuple[float, str]:
    """The LP optimum by HiGHS: over all allowed pairs when small enough, else over the final arcs."""
    n, m = problem.affinity.shape
    pinned = np.asarray(problem.pinned).reshape(-1, 2)
    if n * m <= lp_pairs:
        keys = np.setdiff1d(np.arange(n * m), problem.conflicts[:, 0] * m + problem.conflicts[:, 1])
        keys = np.setdiff1d(keys, pinned[:, 0] * m + pinned[:, 1])
        cases, experts, scope = keys // m, keys % m, "all pairs"
    else:
        cases, experts, scope = result.arcs[:, 0], result.arcs[:, 1], "final arcs + pricing"
    need = problem.reviewers_per_case - np.bincount(pinned[:, 0], minlength=n)
    pinned_load = np.bincount(pinned[:, 1], minlength=m)
    arcs = np.arange(len(cases))
    by_case = sp.csr_array((np.ones(len(cases)), (cases, arcs)), shape=(n, len(cases)))
    by_expert = sp.csr_array((np.ones(len(cases)), (experts, arcs)), shape=(m, len(cases)))
    solution = linprog(
        -problem.affinity.pairs(cases, experts),
        A_ub=sp.vstack([by_expert, -by_expert]),
        b_ub=np.concatenate([problem.max_load - pinned_load, pinned_load - problem.min_load]),
        A_eq=by_case,
        b_eq=need,
        bounds=(0, 1),
        method="highs",
    )
    pinned_affinity = problem.affinity.pairs(pinned[:, 0], pinned[:, 1]).sum()
    return float(pinned_affinity - solution.fun), scope


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["300x40", "3000x300", "10000x1000", "100000x10000"])
    parser.add_argument("--k", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--lp-pairs", type=int, default=1_000_000, help="largest call solved as a full LP by HiGHS")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        n, m = map(int, args.one.split("x"))
        print(json.dumps(run_one(n, m, args.k, args.seed, args.lp_pairs)))
        return
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()}")
    for size in args.sizes:
        command = [sys.executable, __file__, "--one", size, "--k", str(args.k), "--seed", str(args.seed),
                   "--lp-pairs", str(args.lp_pairs)]
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        _report(json.loads(output))


def _report(row: dict) -> None:
    print(
        f"{row['size']:>16}  {row['seconds']:7.2f} s  {row['peak_mb']:6d} MB  objective {row['objective']:.6f}  "
        f"dual bound {row['dual_bound']:.6f} (integer gap {row['integer_gap']}, "
        f"rounding ≤ {row['rounding_tolerance']:.2g})  "
        f"HiGHS {row['lp_scope']} {row['lp_bound']:.6f} in {row['lp_seconds']} s  gap {row['gap']:.3g}  "
        f"rounds {row['rounds']}  arcs {row['initial_arcs']} + {row['arcs_added']}  feasible {row['feasible']}  "
        f"phases {row['phases']}  load {row['load']:.1f}"
    )


if __name__ == "__main__":
    main()
