"""How well an expert fits a case, in two shapes the solver reads the same way.

The solver never asks for the whole n × m matrix at once: it reads rows of
cases in chunks (`shifted_block`, float32, to scan every pair quickly) and
single pairs (`pairs`, float64, the exact value that becomes an arc's cost).
`DenseAffinity` keeps a matrix, for small calls and tests. `FactoredAffinity`
keeps two low-rank factors, so that 100,000 cases × 10,000 experts cost
(n + m) × r numbers instead of 10⁹, and a chunk of rows is one matrix product.
"""

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class DenseAffinity:
    """`matrix[case, expert]`, for calls small enough to hold every pair."""

    matrix: np.ndarray

    @property
    def shape(self) -> tuple[int, int]:
        return self.matrix.shape

    @property
    def rank(self) -> int:
        """Terms summed per scanned value, for the float32 error margin."""
        return 1

    def bound(self) -> float:
        """The largest |affinity| of any pair: it sets the integer cost scale."""
        return float(np.abs(self.matrix).max(initial=0.0))

    def pairs(self, cases: np.ndarray, experts: np.ndarray) -> np.ndarray:
        return np.asarray(self.matrix[cases, experts], dtype=np.float64)

    def subset(self, cases: np.ndarray) -> "DenseAffinity":
        return DenseAffinity(self.matrix[cases])

    def shifted_block(
        self, start: int, stop: int, row_shift: np.ndarray, col_shift: np.ndarray, out: np.ndarray
    ) -> np.ndarray:
        """`affinity[i, j] - row_shift[i] + col_shift[j]` for cases start..stop, into `out` (rows × m)."""
        block = out[: stop - start]
        np.subtract(self.matrix[start:stop], row_shift[:, None], out=block, casting="same_kind")
        block += col_shift[None, :]
        return block


@dataclass(frozen=True)
class FactoredAffinity:
    """`case_factors[case] · expert_factors[expert]`: a low-rank affinity for large calls.

    `from_domains_and_keywords` builds the usual one: a bonus when the case's
    domain is one of the expert's, plus the similarity of keyword vectors.
    """

    case_factors: np.ndarray
    expert_factors: np.ndarray

    @classmethod
    def from_domains_and_keywords(
        cls,
        *,
        case_domain: np.ndarray,
        expert_domains: np.ndarray,
        case_vectors: np.ndarray,
        expert_vectors: np.ndarray,
        domain_weight: float = 1.0,
    ) -> "FactoredAffinity":
        """`domain_weight · expert_domains[expert, case_domain[case]] + case_vectors[case] · expert_vectors[expert]`.

        A one-hot column per domain turns the domain match into part of the
        same product, so a chunk of rows stays a single matrix multiplication.
        """
        n_domains = expert_domains.shape[1]
        one_hot = np.zeros((len(case_domain), n_domains))
        one_hot[np.arange(len(case_domain)), case_domain] = domain_weight
        return cls(
            case_factors=np.hstack([one_hot, case_vectors]),
            expert_factors=np.hstack([np.asarray(expert_domains, dtype=np.float64), expert_vectors]),
        )

    def __post_init__(self):
        # Scans multiply float32 copies (twice as fast, half the memory); the
        # two extra columns carry the shifts into the same product, and are
        # scratch rewritten by every `shifted_block`.
        object.__setattr__(self, "_cases32", _with_columns(self.case_factors, 2))
        object.__setattr__(self, "_experts32", _with_columns(self.expert_factors, 2))

    @property
    def shape(self) -> tuple[int, int]:
        return (len(self.case_factors), len(self.expert_factors))

    @property
    def rank(self) -> int:
        return self.case_factors.shape[1]

    def bound(self) -> float:
        """An upper bound on |affinity| by Cauchy–Schwarz, without visiting any pair."""
        case_norm = np.linalg.norm(self.case_factors, axis=1).max(initial=0.0)
        expert_norm = np.linalg.norm(self.expert_factors, axis=1).max(initial=0.0)
        return float(case_norm * expert_norm)

    def pairs(self, cases: np.ndarray, experts: np.ndarray) -> np.ndarray:
        return np.einsum("ij,ij->i", self.case_factors[cases], self.expert_factors[experts])

    def subset(self, cases: np.ndarray) -> "FactoredAffinity":
        return FactoredAffinity(self.case_factors[cases], self.expert_factors)

    def shifted_block(
        self, start: int, stop: int, row_shift: np.ndarray, col_shift: np.ndarray, out: np.ndarray
    ) -> np.ndarray:
        """`affinity[i, j] - row_shift[i] + col_shift[j]` for cases start..stop, into `out`, as one product."""
        rows = self._cases32[start:stop]
        rows[:, -2] = -row_shift
        rows[:, -1] = 1.0
        self._experts32[:, -2] = 1.0
        self._experts32[:, -1] = col_shift
        block = out[: stop - start]
        np.matmul(rows, self._experts32.T, out=block)
        return block


def _with_columns(factors: np.ndarray, extra: int) -> np.ndarray:
    padded = np.zeros((factors.shape[0], factors.shape[1] + extra), dtype=np.float32)
    padded[:, : factors.shape[1]] = factors
    return padded
