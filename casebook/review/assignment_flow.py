"""The assignment as a min-cost flow on a subset of case → expert arcs.

Network (nodes: cases 0..n−1, experts n..n+m−1, the sink T = n+m):

* each case supplies the reviewers it still needs (k minus its pinned pairs);
* case → expert, capacity 1, cost −round(scale · affinity): one review;
* expert → T twice: capacity `lo` (min load) at cost −BIG, and capacity
  `hi − lo` at cost 0, so meeting a minimum load is worth BIG per review;
* case → T, capacity = need, cost +BIG: a reviewer slot left empty.

The empty-slot and min-load arcs keep every instance solvable. BIG exceeds
any difference in affinity cost between two flows (2 · flow · max cost), so
the optimum first fills as many slots and minimum loads as possible, then
maximises affinity: on a feasible instance no slot is empty and every minimum
load is met.

OR-Tools' `SimpleMinCostFlow` (cost scaling, integer costs) solves it but
does not return node potentials, so `potentials` recovers them as shortest
distances in the residual network: with them every residual arc has a
non-negative reduced cost, which is the optimality certificate the pricing
scan extends to omitted arcs.
"""

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from ortools.graph.python import min_cost_flow
from scipy.sparse.csgraph import breadth_first_order

# OR-Tools multiplies costs by (nodes + 1) inside cost scaling, and sums
# flow × cost, also in the shortest-path flow of `potentials` (nodes × distance):
# all must stay inside int64.
COST_CEILING = 2**61
# Finer than this gains nothing: affinities are not known to 12 digits.
MAX_COST = 2**40


@dataclass(frozen=True)
class Network:
    """The restricted problem: every node and bound, and the case → expert arcs chosen so far."""

    need: np.ndarray  # per case
    lo: np.ndarray  # per expert
    hi: np.ndarray  # per expert
    cases: np.ndarray  # per arc
    experts: np.ndarray  # per arc
    costs: np.ndarray  # per arc, int64
    big: int

    @property
    def n(self) -> int:
        return len(self.need)

    @property
    def m(self) -> int:
        return len(self.lo)


@dataclass(frozen=True)
class Flow:
    """An optimal flow: which arcs carry a review, and what was left unmet."""

    used: np.ndarray  # bool per case → expert arc
    empty_slots: np.ndarray  # per case
    min_met: np.ndarray  # per expert: reviews counted against its minimum
    extra: np.ndarray  # per expert: reviews beyond its minimum
    cost: int


def cost_scale(bound: float, *, nodes: int, total_flow: int) -> tuple[float, int]:
    """(scale, BIG): affinities times `scale` round to costs ≤ C, with BIG = 2·flow·C + 1.

    C is as large as OR-Tools allows, so that rounding loses as little as
    possible: each arc's cost is within 0.5 of scale · affinity, so the optimum
    of the rounded problem is within total_flow / scale of the true optimum.
    """
    ceiling = COST_CEILING // (max(nodes + 2, 2 * total_flow + 2) * (2 * total_flow + 1))
    max_cost = max(1, min(MAX_COST, ceiling))
    return max_cost / max(bound, 1e-12), 2 * total_flow * max_cost + 1


def solve(network: Network) -> Flow:
    """The min-cost flow of the restricted network (always feasible: slots may stay empty)."""
    n, m = network.n, network.m
    sink = n + m
    tails, heads, caps, costs = _arcs(network)
    solver = min_cost_flow.SimpleMinCostFlow()
    solver.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    supplies = np.concatenate([network.need, np.zeros(m, np.int64), [-network.need.sum()]])
    solver.set_nodes_supplies(np.arange(sink + 1), supplies)
    status = solver.solve()
    if status != solver.OPTIMAL:
        raise RuntimeError(f"min-cost flow ended with status {status}")
    flows = solver.flows(np.arange(len(tails)))
    arcs = len(network.cases)
    return Flow(
        used=flows[:arcs] > 0,
        min_met=flows[arcs : arcs + m],
        extra=flows[arcs + m : arcs + 2 * m],
        empty_slots=flows[arcs + 2 * m :],
        cost=solver.optimal_cost(),
    )


def _arcs(network: Network):
    """Every arc as (tails, heads, capacities, costs): case → expert, then both expert → T, then case → T."""
    n, m = network.n, network.m
    sink = n + m
    experts, cases = np.arange(n, n + m), np.arange(n)
    tails = np.concatenate([network.cases, experts, experts, cases])
    heads = np.concatenate([n + network.experts, np.full(2 * m + n, sink)])
    caps = np.concatenate([np.ones(len(network.cases), np.int64), network.lo, network.hi - network.lo, network.need])
    costs = np.concatenate(
        [network.costs, np.full(m, -network.big), np.zeros(m, np.int64), np.full(n, network.big)]
    )
    return tails, heads, caps, costs


def potentials(network: Network, flow: Flow) -> np.ndarray:
    """Shortest distances in the residual network from a virtual node joined to all: valid potentials.

    A residual arc u → v of cost c then has c + d[u] − d[v] ≥ 0. Bellman–Ford
    needs as many sweeps as the longest shortest path has arcs, thousands
    here, so the distances come from a second min-cost flow instead: the
    virtual node sends one unit to every expert and to T over uncapacitated
    residual arcs. Its flow runs along shortest paths only, so a breadth-first
    tree of the arcs that carry flow is a shortest-path tree, and distances
    are sums along it. A case is entered only from experts and T, so its
    distance follows from theirs; asking the flow for cases too would make it
    ten times larger.
    """
    tails, heads, costs = _residual(network, flow)
    n, nodes = network.n, network.n + network.m + 1
    solver = min_cost_flow.SimpleMinCostFlow()
    solver.add_arcs_with_capacity_and_unit_cost(tails, heads, np.full(len(tails), nodes - n), costs)
    supplies = np.concatenate([np.zeros(n, np.int64), np.full(nodes - n, -1), [nodes - n]])
    solver.set_nodes_supplies(np.arange(nodes + 1), supplies)
    status = solver.solve()
    if status != solver.OPTIMAL:
        raise RuntimeError(f"shortest-path flow ended with status {status}")
    carrying = solver.flows(np.arange(len(tails))) > 0
    tree = sp.csr_array((np.ones(carrying.sum()), (tails[carrying], heads[carrying])), shape=(nodes + 1, nodes + 1))
    _, parent = breadth_first_order(tree, nodes, directed=True, return_predecessors=True)
    d = _sum_to_root(parent, _arc_costs(tails[carrying], heads[carrying], costs[carrying], parent), nodes)[:nodes]
    into_case = (heads < n) & (tails < nodes)
    d[:n] = 0
    np.minimum.at(d, heads[into_case], d[tails[into_case]] + costs[into_case])
    return d


def _residual(network: Network, flow: Flow):
    """Arcs of the residual network, plus a virtual node (the last) joined to every node at cost 0."""
    tails, heads, caps, costs = _arcs(network)
    flows = np.concatenate([flow.used.astype(np.int64), flow.min_met, flow.extra, flow.empty_slots])
    forward, backward = flows < caps, flows > 0
    nodes = network.n + network.m + 1
    return _merge_parallel(
        np.concatenate([tails[forward], heads[backward], np.full(nodes, nodes)]),
        np.concatenate([heads[forward], tails[backward], np.arange(nodes)]),
        np.concatenate([costs[forward], -costs[backward], np.zeros(nodes, np.int64)]),
    )


def _arc_costs(tails, heads, costs, parent) -> np.ndarray:
    """Cost of the tree arc parent[v] → v, per node v (0 at the root)."""
    on_tree = parent[heads] == tails
    cost = np.zeros(len(parent), np.int64)
    cost[heads[on_tree]] = costs[on_tree]
    return cost


def _sum_to_root(parent: np.ndarray, cost: np.ndarray, root: int) -> np.ndarray:
    """Sum of arc costs from the root to each node, by pointer jumping: log(depth) vector steps."""
    up = np.where(parent < 0, root, parent)
    total = cost.copy()
    while (up != root).any():
        total = total + np.where(up != root, total[up], 0)
        up = np.where(up != root, up[up], root)
    return total


def _merge_parallel(tails, heads, weights):
    """Keep the cheapest of parallel arcs: a sparse matrix would add them up."""
    order = np.lexsort((weights, heads, tails))
    tails, heads, weights = tails[order], heads[order], weights[order]
    first = np.ones(len(tails), bool)
    first[1:] = (tails[1:] != tails[:-1]) | (heads[1:] != heads[:-1])
    return tails[first], heads[first], weights[first]


def dual_value(network: Network, d: np.ndarray) -> int:
    """The LP dual objective of potentials d: a lower bound on the min cost over all arcs it prices.

    For min Σ c·x with supplies b and capacities u, potentials π = −d give
    the dual Σ b·π − Σ u · max(0, −reduced cost). Equal to the primal cost,
    it proves that flow optimal.
    """
    tails, heads, caps, costs = _arcs(network)
    d = np.rint(d).astype(np.int64)
    reduced = costs + d[tails] - d[heads]
    supplies = np.concatenate([network.need, np.zeros(network.m, np.int64), [-network.need.sum()]])
    # Sums of BIG-sized terms overflow int64: add them as Python integers.
    violated = reduced < 0
    penalty = sum(int(u) * int(-r) for u, r in zip(caps[violated], reduced[violated], strict=True))
    return -sum(int(b) * int(x) for b, x in zip(supplies, d, strict=True) if b) - penalty
