"""Chunked scans over every case × expert pair, without holding them all.

Two scans read the affinity a chunk of cases at a time into one reused
float32 buffer (a fresh 80 MB array per chunk costs as much in page faults as
the product itself):

* `top_candidates` keeps the best few experts of each case: the arcs the
  first restricted flow problem is solved on.
* `violations` finds the pairs whose reduced cost under the restricted
  problem's potentials is negative: the arcs whose absence could make the
  restricted optimum wrong. None left proves it optimal for the full problem.

Excluded pairs (conflicts, pinned pairs, arcs already in the problem) are
written as −∞ into the buffer, so that no scan can pick them.
"""

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

# Cases per chunk: 2,000 rows × 10,000 experts is an 80 MB float32 buffer.
CHUNK_CELLS = 20_000_000
FLOAT32_EPS = float(np.finfo(np.float32).eps)


@dataclass(frozen=True)
class Excluded:
    """Sorted keys `case * m + expert` of pairs a scan must never return."""

    fixed: np.ndarray  # conflicts and pinned pairs, for the whole solve
    arcs: np.ndarray  # the restricted problem's arcs, growing each round

    def mask(self, block: np.ndarray, start: int, m: int) -> None:
        flat = block.reshape(-1)
        for keys in (self.fixed, self.arcs):
            lo, hi = np.searchsorted(keys, [start * m, (start + len(block)) * m])
            flat[keys[lo:hi] - start * m] = -np.inf


def top_candidates(
    affinity, excluded: Excluded, per_case: int, expert_bonus: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The `per_case` allowed experts of highest affinity + bonus for every case (fewer where fewer are allowed)."""
    n, m = affinity.shape
    per_case = min(per_case, m)
    zeros_n, bonus = np.zeros(n, np.float32), expert_bonus.astype(np.float32)
    cases, experts = [], []
    for start, stop, buffer in _chunks(n, m):
        block = affinity.shifted_block(start, stop, zeros_n[start:stop], bonus, buffer)
        excluded.mask(block, start, m)
        top = _top_columns(block, per_case)
        rows = np.repeat(np.arange(start, stop), per_case)
        keep = np.isfinite(np.take_along_axis(block, top, axis=1)).reshape(-1)
        cases.append(rows[keep])
        experts.append(top.reshape(-1)[keep])
    return np.concatenate(cases), np.concatenate(experts)


def violations(
    affinity, excluded: Excluded, case_potential: np.ndarray, expert_potential: np.ndarray, scale: float,
    per_case: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Allowed pairs outside the problem with negative reduced cost, at most `per_case` per case.

    The arc case → expert costs −round(scale · a); with shortest-path
    potentials d its reduced cost is negative exactly when
    round(scale · a) > d[case] − d[expert]. The float32 scan flags every pair
    that could satisfy this (a margin covers its rounding error); each flagged
    pair is then decided on the exact float64 affinity, the one its arc cost
    is made from.
    """
    n, m = affinity.shape
    row_shift, col_shift = _scan_shifts(affinity, case_potential, expert_potential, scale)
    cases, experts = [], []
    for start, stop, buffer in _chunks(n, m):
        block = affinity.shifted_block(start, stop, row_shift[start:stop], col_shift, buffer)
        excluded.mask(block, start, m)
        rows, columns = _flagged(block, per_case)
        cases.append(start + rows)
        experts.append(columns)
    cases, experts = np.concatenate(cases), np.concatenate(experts)
    gain = np.rint(scale * affinity.pairs(cases, experts)) - (case_potential[cases] - expert_potential[experts])
    return cases[gain > 0], experts[gain > 0]


def _scan_shifts(affinity, case_potential, expert_potential, scale):
    """Shifts that make the scanned value positive for every pair that may violate.

    The float32 product of `rank + 2` terms errs by at most about
    (rank + 2) · eps · (sum of the terms' magnitudes); four times that is the
    margin. An exact violation has a − (d_case − d_expert) / scale ≥ 0.5 / scale,
    so the margin only lets in extra pairs for the exact check, never drops one.
    """
    case_shift = case_potential / scale
    expert_shift = expert_potential / scale
    magnitude = affinity.bound() + np.abs(case_shift) + np.abs(expert_shift).max(initial=0.0)
    margin = 4 * (affinity.rank + 2) * FLOAT32_EPS * magnitude
    return (case_shift + margin).astype(np.float32), expert_shift.astype(np.float32)


def _flagged(block: np.ndarray, per_case: int) -> tuple[np.ndarray, np.ndarray]:
    """(rows, columns) of the positive entries, the `per_case` largest of each row."""
    rows = np.flatnonzero(block.max(axis=1) > 0)
    sub = block[rows]
    row, column = np.nonzero(sub > 0)
    order = np.lexsort((-sub[row, column], row))
    row, column = row[order], column[order]
    rank_in_row = np.arange(len(row)) - np.searchsorted(row, row)
    keep = rank_in_row < per_case
    return rows[row[keep]], column[keep]


def _top_columns(block: np.ndarray, count: int) -> np.ndarray:
    """Column indices of the `count` largest entries of each row.

    A full argpartition of 10,000 columns per row is the slowest step of the
    whole solve. Instead the columns are split into strided groups and only
    the `count` groups with the largest maxima are searched: the row's top
    `count` entries can lie in no other group.
    """
    rows, m = block.shape
    group_count = max(1, min(m // (4 * count), 128))
    width = m // group_count
    if count >= group_count or width * count >= m // 2:
        return np.argpartition(block, m - count, axis=1)[:, m - count :]
    grouped = block[:, : group_count * width].reshape(rows, width, group_count)
    maxima = grouped.max(axis=1)
    groups = np.argpartition(maxima, group_count - count, axis=1)[:, group_count - count :]
    columns = (np.arange(width)[None, None, :] * group_count + groups[:, :, None]).reshape(rows, -1)
    tail = np.broadcast_to(np.arange(group_count * width, m), (rows, m - group_count * width))
    columns = np.hstack([columns, tail])
    values = np.take_along_axis(block, columns, axis=1)
    best = np.argpartition(values, values.shape[1] - count, axis=1)[:, values.shape[1] - count :]
    return np.take_along_axis(columns, best, axis=1)


def _chunks(n: int, m: int) -> Iterator[tuple[int, int, np.ndarray]]:
    rows = max(1, min(n, CHUNK_CELLS // max(m, 1)))
    buffer = np.empty((rows, m), dtype=np.float32)
    for start in range(0, n, rows):
        yield start, min(n, start + rows), buffer
