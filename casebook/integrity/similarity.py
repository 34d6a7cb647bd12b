"""Near-duplicate cases: which cases copy each other or a published case.

Pure functions over plain texts, no Django. The pipeline, and why each step:

1. **Normalise** each section: NFKC folds full-width letters and digits to
   half-width, case is folded, and everything but letters and digits goes
   (Chinese and ASCII punctuation, symbols, whitespace), so re-punctuating or
   re-spacing a copy hides nothing. Done by table lookup over code points.
2. **Shingle**: every run of `n` characters, hashed to 64 bits. Two different
   shingles share a hash with a probability near 2⁻⁶⁴, so sets of hashes have
   the sizes of the sets of shingles for all practical purposes.
3. **Sketch** every case and every section with one-permutation MinHash: each
   shingle hash goes to one of `num_perm` bins and a bin keeps its least
   value. Two sketches agree in a bin with probability equal to the sets'
   Jaccard, as with `num_perm` classic MinHash permutations, but a case costs
   one hash per shingle instead of `num_perm`, computed for many cases at once
   with numpy, in worker processes that write into shared memory.
4. **Candidates** by LSH banding: sketches that agree on all rows of a band.
   The band shape is chosen so that a pair at the threshold becomes a
   candidate with probability ≥ RECALL. Buckets are found by sorting keys.
   Candidates whose sketches put them far below the threshold are dropped.
5. **Verify** every remaining candidate exactly (Jaccard and containment of the
   shingle sets, for the whole case and for each section key both cases
   have), so that nothing is reported on an estimate.

Sections are sketched as well as whole cases because the usual cheat is one
copied section: inside a case of four sections it moves the whole-case Jaccard
little, but the section pair is nearly identical. Sections are banded against
the same section key only. A short case (an archived summary, say) is also
banded against sections, so that its copy inside one section of a long case
is found through its containment.
"""
import ctypes
import hashlib
import math
import mmap
import multiprocessing
import os
import time
import unicodedata
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

SHINGLE = 5
# Bins per sketch. With 128, a recall of 0.98 at Jaccard 0.5 allows bands of
# three rows only, and those let about 5 in 10,000 unrelated case pairs
# collide: 16 million candidates among 100,000 cases. 256 bins allow bands of
# four rows (64 × 4), with about 30 times fewer, and cost little more: a case
# is hashed once per shingle whatever the number of bins.
NUM_PERM = 256
# A pair exactly at the threshold is a candidate with at least this probability
# (pairs above it with more); verification then removes every false candidate.
RECALL = 0.98
# Sections shorter than this many shingles (about two sentences) are not scored
# on their own: two cases both answering "暂无" have copied nothing.
MIN_SECTION_SHINGLES = 50
# A case of at most this many shingles (about 1,500 characters) may be copied
# whole into one section of a typical case without reaching a whole-case
# Jaccard of 0.5 with it, so it is also banded against sections.
SHORT_CASE = 1500
# Cases hashed together: enough that numpy's cost per call vanishes, few enough
# that a batch's arrays (about 1.6 MB each) stay near the processor.
BATCH = 64
# Cases per task handed to a worker process.
TASK = 1024

_U64 = np.uint64
_LOW32 = _U64(0xFFFFFFFF)
_WHOLE = -1  # section code of a whole-case sketch


def _splitmix64(seed: int, count: int) -> list[int]:
    """Fixed pseudo-random 64-bit constants: results must not depend on a
    random generator's version."""
    out = []
    for _ in range(count):
        seed = (seed + 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
        z = seed
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
        out.append(z ^ (z >> 31))
    return out


_SEEDS = [_U64(value) for value in _splitmix64(0x636173656B6F6F6B, 16)]  # "casebook"


# --- Results ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Document:
    """One case: its key (a case id) and its section texts by section key."""

    key: Hashable
    sections: Mapping[str, str]

    @property
    def text(self) -> str:
        return "\n".join(self.sections.values())


@dataclass(frozen=True)
class Pair:
    """Two cases found alike. `a` always comes from `documents`; `b` from
    `documents` (later in the list) or from `against`.

    `containment` is the share of the smaller case's shingles found in the
    other case; `contained` says which side that is ("a" or "b").
    `sections` has, for each section key both cases have (and both long enough
    to judge), {"jaccard": …, "containment": …} of that section's pair.
    """

    a: Hashable
    b: Hashable
    jaccard: float
    containment: float
    contained: str
    sections: dict[str, dict[str, float]]

    @property
    def score(self) -> float:
        """The highest of all the pair's scores: what the threshold is held against."""
        section_best = (max(s.values()) for s in self.sections.values())
        return max(self.jaccard, self.containment, *section_best)


@dataclass(frozen=True)
class _Sketches:
    """The sketched texts: every case whole, and its sections long enough to
    judge alone. Each is a row of `signature`; a short case's copies in the
    section spaces (see `_sketches`) share its row and come last."""

    signature: np.ndarray  # (rows, num_perm) uint16: the low bits of each minimum
    keys: np.ndarray  # (bands, rows) uint64: each row's key in each band
    row: np.ndarray  # each sketch's row
    doc: np.ndarray  # each sketch's case (index among all cases)
    section: np.ndarray  # section-key code, _WHOLE for a whole case
    size: np.ndarray  # shingles counted with repeats: a proxy for the set size
    copy_keys: np.ndarray  # (bands, copies): the keys of the short cases' copies

    def band(self, band: int) -> np.ndarray:
        """Every sketch's key in one band."""
        own = self.keys[band][self.row[:len(self.row) - self.copy_keys.shape[1]]]
        return np.concatenate([own, self.copy_keys[band]])


# --- Normalising ------------------------------------------------------------------------------

_PLANE = 0x10000
_EMPTY = np.uint32(0xFFFFFFFF)  # an empty MinHash bin; real values stop one below


@dataclass(frozen=True)
class _Folding:
    """Normalisation as tables over code points, so that a whole batch of text
    is normalised by one numpy lookup: Python's NFKC takes a slow path on the
    full-width punctuation every Chinese text is full of."""

    single: np.ndarray  # uint32: a code point's one-character normal form; 0 for none or several
    expands: np.ndarray  # bool: whether the normal form has several characters
    several: dict[int, str]  # those normal forms: '½' → '12', 'ß' → 'ss', '㎡' → 'm2'


@cache
def _plane_folding(plane: int) -> _Folding:
    """Each code point of one Unicode plane through NFKC and case folding, then
    only its letters and digits (Unicode L* and N*) kept: character by
    character, as `passages` does. Newlines compose with nothing, so one call
    normalises the whole plane joined by them."""
    first = plane * _PLANE
    points = [cp for cp in range(first, first + _PLANE)
              if not 0xD800 <= cp < 0xE000 and cp != ord("\n")]
    chars = [chr(cp) for cp in points]
    forms = unicodedata.normalize("NFKC", "\n".join(chars)).casefold().split("\n")
    single, expands, several = np.zeros(_PLANE, np.uint32), np.zeros(_PLANE, bool), {}
    for cp, char, form in zip(points, chars, forms, strict=True):
        kept = form if form == char else "".join(filter(str.isalnum, form))
        if len(kept) == 1 and kept.isalnum():
            single[cp - first] = ord(kept)
        elif len(kept) > 1:
            expands[cp - first], several[cp] = True, kept
    return _Folding(single, expands, several)


@cache
def _folding(planes: int) -> _Folding:
    """The tables of the first `planes` planes: Chinese text needs the first
    only, rarer ideographs the third."""
    parts = [_plane_folding(plane) for plane in range(planes)]
    return _Folding(np.concatenate([part.single for part in parts]),
                    np.concatenate([part.expands for part in parts]),
                    {cp: form for part in parts for cp, form in part.several.items()})


def _code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _normal_codes(texts: Sequence[str], *, expand: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """The normalised code points of `texts` (none empty) laid end to end, and
    how many each text kept."""
    codes = _code_points("".join(texts))
    if not len(codes):
        return codes, np.zeros(len(texts), np.int64)
    folding = _folding((int(codes.max()) >> 16) + 1)
    starts = np.zeros(len(texts), np.int64)
    np.cumsum([len(text) for text in texts[:-1]], out=starts[1:])
    if expand and folding.expands[codes].any():
        # Rare (ligatures, fractions, ㎡): spell those texts out, then fold again.
        owner = np.searchsorted(starts, np.flatnonzero(folding.expands[codes]), side="right") - 1
        spelled = set(owner.tolist())
        return _normal_codes([text.translate(folding.several) if index in spelled else text
                              for index, text in enumerate(texts)], expand=False)
    codes = folding.single[codes]
    kept = codes != 0
    return codes[kept], np.add.reduceat(kept, starts, dtype=np.int64)


def normalise(text: str) -> str:
    """Full-width forms folded to half-width (NFKC), Latin lower-cased,
    punctuation, symbols and whitespace dropped; letters and digits kept."""
    return _normal_codes([text])[0].tobytes().decode("utf-32-le") if text else ""


# --- Shingling -------------------------------------------------------------------------------


def _mix(x: np.ndarray, scratch: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finaliser, in place: a bijection that spreads every
    input bit over the output. In place because on a large batch numpy's
    temporaries cost more than the arithmetic."""
    for multiplier in (0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53):
        np.right_shift(x, _U64(33), out=scratch)
        x ^= scratch
        x *= _U64(multiplier)
    np.right_shift(x, _U64(33), out=scratch)
    x ^= scratch
    return x


def _window_hashes(codes: np.ndarray, n: int) -> np.ndarray:
    """A 64-bit hash of every run of `n` code points: a polynomial with fixed
    random odd multipliers, then the finaliser (one pass each, where hashing
    three-character lanes separately took twice as long). Two different
    shingles of real text share a hash with a probability near 2⁻⁶⁴."""
    count = len(codes) - n + 1
    if count <= 0:
        return np.zeros(0, dtype=_U64)
    wide = codes.astype(_U64)
    h, term = wide[:count] * _SEEDS[2], np.empty(count, _U64)
    for offset in range(1, n):
        np.multiply(wide[offset:offset + count], _SEEDS[2 + offset] | _U64(1), out=term)
        h += term
    return _mix(h, term)


@dataclass(frozen=True)
class _Windows:
    """Every window of `n` characters in a batch of cases, and where it belongs.

    `group` < sections: a window inside that section; sections + d: a window
    across two sections of case d (the case's, no section's); sections + cases:
    a window across two cases (no one's)."""

    hashes: np.ndarray  # uint64
    group: np.ndarray  # int64
    section_doc: np.ndarray  # each section's case
    section_key: list[str]

    @property
    def sections(self) -> int:
        return len(self.section_key)


def _windows(batch: Sequence[Mapping[str, str]], n: int) -> _Windows:
    """The windows of several cases in one pass over their normalised sections
    laid end to end. A case is its sections joined, so a window across two
    sections counts for the case but for neither section."""
    texts, section_doc, section_key = [], [], []
    for index, sections in enumerate(batch):
        for key, text in sections.items():
            if text:
                texts.append(text)
                section_doc.append(index)
                section_key.append(key)
    codes, lengths = _normal_codes(texts)
    section_doc = np.asarray(section_doc, dtype=np.int64)
    group = _window_groups(lengths, section_doc, len(batch), n)
    codes, group = _pad_short_cases(codes, group, lengths, section_doc, len(batch), n)
    return _Windows(_window_hashes(codes, n), group[:max(len(codes) - n + 1, 0)], section_doc,
                    section_key)


def _window_groups(lengths: np.ndarray, section_doc: np.ndarray, cases: int,
                   n: int) -> np.ndarray:
    """The group of the window starting at each position, as runs: a section's
    windows that fit inside it, then those that run into the case's next
    section, then those that would run past the case's end."""
    sections = len(lengths)
    ends = np.cumsum(lengths)
    case_end = np.zeros(cases, np.int64)
    np.maximum.at(case_end, section_doc, ends)
    inside = np.maximum(lengths - n + 1, 0)
    tail_start = ends - lengths + inside
    across = np.clip(case_end[section_doc] - n + 1 - tail_start, 0, lengths - inside)
    runs = np.stack([inside, across, lengths - inside - across], axis=1).ravel()
    labels = np.stack([np.arange(sections), sections + section_doc,
                       np.full(sections, sections + cases)], axis=1).ravel()
    return np.repeat(labels, runs)


def _pad_short_cases(codes, group, lengths, section_doc, cases: int, n: int):
    """A case shorter than `n` characters (after normalising) still gets one
    shingle: itself, padded with code point 0, which no normalised text has.
    The padded copy goes at the end as one window of the case's."""
    case_length = np.bincount(section_doc, weights=lengths, minlength=cases).astype(np.int64)
    short = np.flatnonzero((case_length > 0) & (case_length < n))
    if not len(short):
        return codes, group
    sections = len(lengths)
    case_start = np.r_[0, np.cumsum(case_length)[:-1]]
    pads = [np.r_[codes[case_start[d]:case_start[d] + case_length[d]],
                  np.zeros(n - case_length[d], np.uint32)] for d in short]
    pad_group = [np.r_[sections + d, np.full(n - 1, sections + cases)] for d in short]
    return np.concatenate([codes, *pads]), np.concatenate([group, *pad_group])


def _distinct(hashes: np.ndarray) -> np.ndarray:
    ordered = np.sort(hashes)
    return ordered[np.r_[True, ordered[1:] != ordered[:-1]]] if len(ordered) else ordered


# --- Sketches ----------------------------------------------------------------------------------


def _bin_minima(windows: _Windows, rows: int, k: int) -> np.ndarray:
    """One-permutation MinHash of every group at once: a hash falls into one of
    `k` bins by its top bits and the bin keeps the least of the low 32 bits.
    Returns (rows, k) minima, _EMPTY where nothing fell. (A real minimum of
    exactly 2³²-1 would read as empty: a 2⁻³² chance for a bin of one shingle.)"""
    hashes = windows.hashes
    cells = _bins(hashes, k).view(np.int64)
    cells += windows.group * k
    minima = np.full((rows + 1) * k, _EMPTY, dtype=np.uint32)  # the last row: nobody's
    np.minimum.at(minima, cells, hashes.view(np.uint32)[0::2])  # low halves (little-endian)
    return minima.reshape(rows + 1, k)[:rows]


def _bins(hashes: np.ndarray, k: int) -> np.ndarray:
    """Each hash's bin: its top bits when `k` is a power of two, else its high
    half scaled to `k` (one pass against three)."""
    if k > 1 and k & (k - 1) == 0:
        return hashes >> _U64(65 - k.bit_length())
    return ((hashes >> _U64(32)) * _U64(k)) >> _U64(32)


def _densify(minima: np.ndarray) -> np.ndarray:
    """A short text leaves bins empty; each borrows the value of the next
    filled bin to its right (circularly), shifted by the distance, so that two
    texts still agree in a bin with probability equal to their Jaccard
    (Shrivastava & Li's rotation). Rows with nothing stay empty."""
    filled = minima != _EMPTY
    partial = np.flatnonzero(~filled.all(axis=1) & filled.any(axis=1))
    if not len(partial):
        return minima
    values, have = minima[partial], filled[partial]
    result, done = values.copy(), have.copy()
    for distance in range(1, minima.shape[1]):
        take = ~done & np.roll(have, -distance, axis=1)
        shifted = np.roll(values, -distance, axis=1) + np.uint32(distance * 0x9E3779B1 % 2**32)
        result[take] = np.minimum(shifted[take], _EMPTY - 1)
        done |= take
        if done.all():
            break
    minima[partial] = result
    return minima


@dataclass(frozen=True)
class _BatchSketches:
    whole: np.ndarray  # (cases, k)
    whole_size: np.ndarray
    sections: np.ndarray  # (sections, k)
    section_size: np.ndarray
    section_key: list[str]


def _sketch_batch(batch: Sequence[Mapping[str, str]], n: int, k: int) -> _BatchSketches:
    """Sketches of a batch: one per section and one per case, a case's bin being
    the least of its sections' and of its windows across sections."""
    windows = _windows(batch, n)
    sections = windows.sections
    minima = _bin_minima(windows, sections + len(batch), k)
    whole = minima[sections:]
    np.minimum.at(whole, windows.section_doc, minima[:sections])
    counts = np.bincount(windows.group, minlength=sections + len(batch) + 1)
    whole_size = counts[sections:-1].copy()
    np.add.at(whole_size, windows.section_doc, counts[:sections])
    return _BatchSketches(_densify(whole), whole_size, _densify(minima[:sections]),
                          counts[:sections], windows.section_key)


@cache
def _space_seed(section_key: str | None) -> int:
    """A fixed seed for the buckets of one section key (None: whole cases)."""
    name = "whole" if section_key is None else "section:" + section_key
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "little")


def _band_keys(signature: np.ndarray, seeds: Sequence[int], bands: int, rows: int) -> np.ndarray:
    """(bands, sketches): a 64-bit key of each sketch's `rows` values in each
    band (two 32-bit values per lane, chained through the finaliser), XORed
    with the seed of the sketch's bucket space. XOR, so that a key can move
    to another space later: see `_sketches`."""
    cells = signature[:, :bands * rows].reshape(len(signature), bands, rows)
    keys = np.full((len(signature), bands), _SEEDS[1], dtype=_U64)
    scratch = np.empty_like(keys)
    for c in range(0, rows, 2):
        keys ^= cells[:, :, c].astype(_U64)
        if c + 1 < rows:
            keys ^= cells[:, :, c + 1].astype(_U64) << _U64(32)
        _mix(keys, scratch)
    keys ^= np.array(seeds, dtype=_U64)[:, None]
    return keys.T


@dataclass(frozen=True)
class _Plan:
    """What the sketching processes share: the cases, the parameters, where
    each case's rows go, and the arrays they write the sketches into."""

    cases: Sequence[Mapping[str, str]]
    n: int
    k: int
    bands: int
    rows: int
    first_section: np.ndarray  # each case's first section row (the case rows come first)
    signature: np.ndarray  # (rows, k) uint16: the low bits of each minimum
    keys: np.ndarray  # (bands, rows) uint64


def _shared(shape: tuple[int, int], dtype) -> np.ndarray:
    """A zeroed array in anonymous shared memory: what forked workers write into
    it the parent reads, with nothing pickled or copied."""
    count = shape[0] * shape[1]
    memory = mmap.mmap(-1, max(count * np.dtype(dtype).itemsize, 1))
    return np.frombuffer(memory, dtype=dtype, count=count).reshape(shape)


def _plan(cases: Sequence[Mapping[str, str]], *, n: int, k: int, bands: int, rows: int) -> _Plan:
    sections = np.fromiter((sum(1 for text in case.values() if text) for case in cases),
                           dtype=np.int64, count=len(cases))
    first_section = len(cases) + np.cumsum(sections) - sections
    total = len(cases) + int(sections.sum())
    # Band keys are made from the full 32-bit minima; the signatures are kept
    # only to count agreeing bins (`_within_reach`), where 16 bits make a
    # chance agreement 1 in 65,536 and halve the memory.
    return _Plan(cases, n, k, bands, rows, first_section, _shared((total, k), np.uint16),
                 _shared((bands, total), _U64))


def _sketch_range(plan: _Plan, start: int, stop: int) -> tuple:
    """Sketch cases[start:stop] into the plan's arrays, BATCH cases at a time
    (numpy's arrays then stay within the processor's caches). Returns the
    sizes and section keys, which are small."""
    whole_size, section_size, section_key = [], [], []
    whole_seed = _space_seed(None)
    for first in range(start, stop, BATCH):
        last = min(first + BATCH, stop)
        batch = _sketch_batch(plan.cases[first:last], plan.n, plan.k)
        top = plan.first_section[first]
        end = top + len(batch.section_key)
        plan.signature[first:last] = batch.whole
        plan.signature[top:end] = batch.sections
        plan.keys[:, first:last] = _band_keys(batch.whole, [whole_seed] * (last - first),
                                              plan.bands, plan.rows)
        plan.keys[:, top:end] = _band_keys(batch.sections, [_space_seed(key) for key in
                                                           batch.section_key],
                                           plan.bands, plan.rows)
        whole_size.append(batch.whole_size)
        section_size.append(batch.section_size)
        section_key.extend(batch.section_key)
    return start, np.concatenate(whole_size), np.concatenate(section_size), section_key


# The plan of the search a worker process works for, set when it starts.
_worker_plan: _Plan | None = None


def _init_worker(plan: _Plan) -> None:
    global _worker_plan
    _worker_plan = plan
    _keep_freed_memory()


def _keep_freed_memory() -> None:
    """glibc gives freed heap memory back to the system and a batch's numpy
    arrays then fault it in again page by page, which here costs more than the
    hashing itself (×5). A worker lives for one search only, so it may keep
    what it freed. (Ignored where the C library is not glibc.)"""
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(-1, 1 << 30)  # M_TRIM_THRESHOLD
        libc.mallopt(-3, 1 << 25)  # M_MMAP_THRESHOLD, its largest value
    except (OSError, AttributeError):
        pass


def _sketch_task(span: tuple[int, int]) -> tuple:
    return _sketch_range(_worker_plan, *span)


def _sketch_all(plan: _Plan, workers: int) -> list[tuple]:
    """Sketch every case, TASK cases per task, in `workers` forked processes
    that share the plan's memory; in this process where there is one task
    only or the platform cannot fork."""
    spans = [(start, min(start + TASK, len(plan.cases)))
             for start in range(0, len(plan.cases), TASK)]
    if (len(spans) <= 1 or "fork" not in multiprocessing.get_all_start_methods()
            or multiprocessing.current_process().daemon):  # a daemon may not have children
        return [_sketch_range(plan, *span) for span in spans]
    _folding(1)  # built once here, inherited by the workers
    context = multiprocessing.get_context("fork")
    processes = max(1, min(workers, len(spans)))
    with context.Pool(processes, initializer=_init_worker, initargs=(plan,)) as pool:
        return pool.map(_sketch_task, spans, chunksize=1)


def _sketches(plan: _Plan, *, workers: int) -> _Sketches:
    """Every case's sketch, and a sketch for each section long enough to judge
    alone in a case of two or more sections (one section is the case itself).

    Sections are banded only against sections of the same key, each key in its
    own buckets: a background against another case's measures would only add
    chance collisions, and no score reports it. A short case is also banded
    in every section key's buckets, where its copy inside one section of a
    long case can collide with that section."""
    parts = sorted(_sketch_all(plan, workers), key=lambda part: part[0])
    cases = len(plan.cases)
    whole_size = np.concatenate([part[1] for part in parts] or [np.zeros(0, np.int64)])
    section_size = np.concatenate([part[2] for part in parts] or [np.zeros(0, np.int64)])
    section_key = [key for part in parts for key in part[3]]
    codes: dict[str, int] = {}
    section_code = np.array([codes.setdefault(key, len(codes)) for key in section_key],
                            dtype=np.int64)
    per_case = np.diff(np.r_[plan.first_section, cases + len(section_key)])
    section_doc = np.repeat(np.arange(cases), per_case)
    judged = np.flatnonzero((section_size >= MIN_SECTION_SHINGLES) & (per_case[section_doc] > 1))
    cased = np.flatnonzero(whole_size > 0)
    short = cased[whole_size[cased] <= SHORT_CASE]
    names = list(codes)  # each section code's key
    spaces = np.unique(section_code[judged]).tolist()
    copies = np.tile(short, len(spaces))
    copy_keys = [plan.keys[:, short] ^ _U64(_space_seed(None) ^ _space_seed(names[code]))
                 for code in spaces]
    return _Sketches(
        plan.signature, plan.keys,
        row=np.concatenate([cased, cases + judged, copies]),
        doc=np.concatenate([cased, section_doc[judged], copies]),
        section=np.concatenate([np.full(len(cased), _WHOLE), section_code[judged],
                                np.full(len(copies), _WHOLE)]),
        size=np.concatenate([whole_size[cased], section_size[judged], whole_size[copies]]),
        copy_keys=np.concatenate(copy_keys, axis=1) if copy_keys else np.zeros((plan.bands, 0),
                                                                                _U64))


# --- Candidates ----------------------------------------------------------------------------------


def band_shape(num_perm: int, threshold: float) -> tuple[int, int]:
    """(bands, rows per band): the most rows a band can have (the fewest chance
    collisions) while a pair of Jaccard `threshold` still collides in some band
    with probability 1 - (1 - t^rows)^bands ≥ RECALL."""
    for rows in range(num_perm, 0, -1):
        bands = num_perm // rows
        if 1 - (1 - threshold**rows) ** bands >= RECALL:
            return bands, rows
    return num_perm, 1


def _pack(i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Unordered index pairs as one sortable 64-bit number each."""
    return (np.minimum(i, j).astype(_U64) << _U64(32)) | np.maximum(i, j).astype(_U64)


def _unpack(packed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return (packed >> _U64(32)).astype(np.int64), (packed & _LOW32).astype(np.int64)


def _colliding(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All index pairs (i, j) with equal keys. Each key's low bits are replaced
    by its index and the whole sorted (faster than an argsort), which puts each
    bucket in one run; every member pairs with the members after it."""
    bits = max(len(keys) - 1, 1).bit_length()
    packed = keys >> _U64(bits) << _U64(bits)
    packed |= np.arange(len(keys), dtype=_U64)
    packed.sort()
    bucket = packed >> _U64(bits)
    index = (packed & _U64((1 << bits) - 1)).astype(np.int64)
    starts = np.flatnonzero(np.r_[True, bucket[1:] != bucket[:-1]])
    lengths = np.diff(np.r_[starts, len(keys)])
    starts, lengths = starts[lengths > 1], lengths[lengths > 1]
    offset = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    member = np.repeat(starts, lengths) + offset
    after = np.repeat(lengths, lengths) - offset - 1
    left = np.repeat(member, after)
    step = np.arange(len(left)) - np.repeat(np.cumsum(after) - after, after) + 1
    return index[left], index[left + step]


def _comparable(sketches: _Sketches, i: np.ndarray, j: np.ndarray, own: int) -> np.ndarray:
    """Which colliding sketch pairs can show a copy: two different cases, not
    both reference cases, and not a whole case against a shorter section (it
    cannot be inside it)."""
    doc_i, doc_j = sketches.doc[i], sketches.doc[j]
    section_i, section_j = sketches.section[i], sketches.section[j]
    size_i, size_j = sketches.size[i], sketches.size[j]
    whole_in_section = (((section_i == _WHOLE) & (section_j != _WHOLE) & (size_i > size_j))
                        | ((section_j == _WHOLE) & (section_i != _WHOLE) & (size_j > size_i)))
    return (doc_i != doc_j) & ((doc_i < own) | (doc_j < own)) & ~whole_in_section


def _candidates(sketches: _Sketches, *, bands: int, own: int) -> tuple[np.ndarray, np.ndarray]:
    """Sketch pairs (i < j) that agree on every row of at least one band."""
    found = [np.zeros(0, _U64)]
    for band in range(bands):
        i, j = _colliding(sketches.band(band))
        keep = _comparable(sketches, i, j, own)
        found.append(_pack(i[keep], j[keep]))
    return _unpack(_distinct(np.concatenate(found)))


def _within_reach(sketches: _Sketches, i: np.ndarray, j: np.ndarray, *, threshold: float,
                  rows: int) -> np.ndarray:
    """Candidates whose sketches estimate a Jaccard or a containment no more
    than four standard errors below the threshold; the others collided by
    chance and are not worth an exact comparison. A candidate agrees on the
    `rows` of its band by selection, so those bins are left out of the
    estimate."""
    k = sketches.signature.shape[1]
    agree = np.empty(len(i))
    for start in range(0, len(i), 1 << 15):
        part = slice(start, start + (1 << 15))
        rows_i, rows_j = sketches.row[i[part]], sketches.row[j[part]]
        agree[part] = np.count_nonzero(sketches.signature[rows_i] == sketches.signature[rows_j],
                                       axis=1)
    others = max(k - rows, 1)
    agree = np.clip((agree - rows) / others, 0, 1)
    floor = threshold - 4 * math.sqrt(threshold * (1 - threshold) / others)
    size_i, size_j = sketches.size[i], sketches.size[j]
    contained = agree / (1 + agree) * (size_i + size_j) / np.minimum(size_i, size_j)
    return (agree >= floor) | (contained >= floor)


def _case_pairs(doc_i: np.ndarray, doc_j: np.ndarray) -> list[tuple[int, int]]:
    first, second = _unpack(_distinct(_pack(doc_i, doc_j)))
    return list(zip(first.tolist(), second.tolist(), strict=True))


# --- Exact verification -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Sets:
    """A case's distinct shingles, sorted: the whole case and each section."""

    whole: np.ndarray
    sections: dict[str, np.ndarray]


def _shingle_sets(batch: Sequence[Mapping[str, str]], n: int) -> list[_Sets]:
    """The distinct shingles of each case of a batch, whole and by section."""
    windows = _windows(batch, n)
    cases = len(batch)
    owner = np.r_[windows.section_doc, np.arange(cases), cases]  # each group's case
    doc = owner[windows.group]
    order = np.argsort(doc, kind="stable")
    bounds = np.searchsorted(doc[order], np.arange(cases + 1))
    sets = []
    for case in range(cases):
        mine = order[bounds[case]:bounds[case + 1]]
        hashes, group = windows.hashes[mine], windows.group[mine]
        sections = np.flatnonzero(windows.section_doc == case)
        sets.append(_Sets(_distinct(hashes), {windows.section_key[index]: _distinct(
            hashes[group == index]) for index in sections.tolist()}))
    return sets


def _overlap(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Exact (Jaccard, containment) of two sorted sets; containment is the share
    of the smaller set found in the larger."""
    if not len(x) or not len(y):
        return 0.0, 0.0
    small, large = (x, y) if len(x) <= len(y) else (y, x)
    at = np.minimum(np.searchsorted(large, small), len(large) - 1)
    common = int(np.count_nonzero(large[at] == small))
    return common / (len(x) + len(y) - common), common / len(small)


def _compare(a: Document, first: _Sets, b: Document, second: _Sets) -> Pair:
    jaccard, containment = _overlap(first.whole, second.whole)
    sections = {}
    for key, shingles in first.sections.items():
        other = second.sections.get(key)
        if other is not None and min(len(shingles), len(other)) >= MIN_SECTION_SHINGLES:
            section_jaccard, section_containment = _overlap(shingles, other)
            sections[key] = {"jaccard": section_jaccard, "containment": section_containment}
    contained = "a" if len(first.whole) <= len(second.whole) else "b"
    return Pair(a.key, b.key, jaccard, containment, contained, sections)


def _verify(documents: Sequence[Document], pairs: list[tuple[int, int]], n: int) -> list[Pair]:
    involved = sorted({index for pair in pairs for index in pair})
    sets = {}
    for start in range(0, len(involved), BATCH):
        chunk = involved[start:start + BATCH]
        sets.update(zip(chunk, _shingle_sets([documents[i].sections for i in chunk], n),
                        strict=True))
    return [_compare(documents[i], sets[i], documents[j], sets[j]) for i, j in pairs]


# --- The search ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scan:
    """What a search found, and what it took (for benchmarks and audit logs)."""

    pairs: list[Pair]
    num_perm: int
    bands: int
    rows: int
    sketches: int  # texts sketched: cases and long-enough sections
    candidates: int  # sketch pairs colliding in some band
    verified: int  # case pairs compared exactly
    seconds: dict[str, float]


def _default_workers() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def scan(documents: Sequence[Document], *, threshold: float = 0.5,
         against: Sequence[Document] = (), n: int = SHINGLE, num_perm: int = NUM_PERM,
         workers: int | None = None) -> Scan:
    """`find_near_duplicates`, with the search's counts and timings."""
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1], not {threshold}")
    everything = [*documents, *against]
    clock = [time.perf_counter()]

    def lap() -> float:
        clock.append(time.perf_counter())
        return clock[-1] - clock[-2]

    bands, rows = band_shape(num_perm, threshold)
    plan = _plan([d.sections for d in everything], n=n, k=num_perm, bands=bands, rows=rows)
    sketches = _sketches(plan, workers=workers or _default_workers())
    seconds = {"signatures": lap()}
    i, j = _candidates(sketches, bands=bands, own=len(documents))
    reach = _within_reach(sketches, i, j, threshold=threshold, rows=rows)
    case_pairs = _case_pairs(sketches.doc[i[reach]], sketches.doc[j[reach]])
    seconds["lsh"] = lap()
    verified = _verify(everything, case_pairs, n)
    found = sorted(((pair, index) for index, pair in enumerate(verified)
                    if pair.score >= threshold),
                   key=lambda item: (-item[0].jaccard, -item[0].score, case_pairs[item[1]]))
    seconds["verification"] = lap()
    return Scan([pair for pair, _ in found], num_perm, bands, rows, len(sketches.doc), len(i),
                len(case_pairs), seconds)


def find_near_duplicates(documents: Sequence[Document], *, threshold: float = 0.5,
                         against: Sequence[Document] = (), n: int = SHINGLE,
                         num_perm: int = NUM_PERM, workers: int | None = None) -> list[Pair]:
    """Pairs of near-duplicate cases, most similar (Jaccard) first.

    Compares `documents` with each other and with `against` (reference cases,
    e.g. those published by past calls), never `against` among themselves. A
    pair is reported when its whole-case Jaccard, its containment, or a shared
    section's Jaccard or containment reaches `threshold`: a short case copied
    wholly into a long one scores a low Jaccard but a containment near 1.
    Deterministic: the hashing constants are fixed. `workers` processes sketch
    the cases (default: every core this process may use).
    """
    return scan(documents, threshold=threshold, against=against, n=n, num_perm=num_perm,
                workers=workers).pairs
