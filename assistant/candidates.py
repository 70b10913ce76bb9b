"""Candidate selection: the few hundred units one question is fused over, not every unit.

The union of the question's dense top k, its BM25 top k, the units with its topic
concepts and the units of the networks it names, closed over sections and their items
(docs/scaling.md §1). ``RetrievalConfig(candidates=None)`` fuses every unit instead: the
exhaustive reference that ``tests/test_candidates.py`` compares with.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from assistant.index import SearchIndex
from assistant.query import QueryAnalysis, RetrievalConfig, topic_concepts


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """``np.unique`` of an integer array (sorted), by one sort: numpy 2's hash-based unique
    is several times slower on the few thousand rows of a question."""
    values = np.sort(values)
    first = np.ones(len(values), dtype=bool)
    np.not_equal(values[1:], values[:-1], out=first[1:])
    return values[first]


def group_order(groups: np.ndarray) -> np.ndarray:
    """The stable order by ``groups`` (small non-negative ints: network codes): numpy's radix
    sort for 16-bit keys where they fit, one pass instead of a comparison sort."""
    if len(groups) and int(groups.min()) >= 0 and int(groups.max()) < 1 << 16:
        groups = groups.astype(np.uint16)
    found: np.ndarray = np.argsort(groups, kind="stable")
    return found


def best_first_by_group(groups: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """The order by ``groups``, and within a group by ``scores`` high to low (equals in their
    given order): ``np.lexsort((-scores, groups))``, as the two stable sorts lexsort makes,
    the second one a radix sort (lexsort took three times as long on a question's rows)."""
    order = np.argsort(-scores, kind="stable")
    found: np.ndarray = order[group_order(groups[order])]
    return found


def in_sorted(values: np.ndarray, members: np.ndarray) -> np.ndarray:
    """``np.isin(values, members)`` for ``members`` sorted and unique, by binary search."""
    if not len(members):
        return np.zeros(len(values), dtype=bool)
    at = np.minimum(np.searchsorted(members, values), len(members) - 1)
    found: np.ndarray = members[at] == values
    return found


def normalise_max(values: np.ndarray) -> np.ndarray:
    top = float(values.max()) if values.size else 0.0
    return values / top if top > 0 else np.zeros_like(values)


def concept_columns(index: SearchIndex, concepts: set[str]) -> np.ndarray:
    """The columns of ``concepts`` in the index's concept matrix, ascending."""
    column = index.derived.get("concept_column")
    if not isinstance(column, dict):
        column = index.derived["concept_column"] = {c: i for i, c in enumerate(index.arrays.concept_ids)}
    return np.asarray(sorted(column[c] for c in concepts if c in column), dtype=np.int64)


def topic_columns(index: SearchIndex, topic: set[str], config: RetrievalConfig) -> tuple[np.ndarray, np.ndarray]:
    """Concept columns of the question's topic concepts and their weights (IDF or 1)."""
    arrays = index.arrays
    cols = concept_columns(index, topic)
    weights = arrays.concept_idf[cols] if config.concept_idf else np.ones(len(cols), dtype=np.float32)
    return cols, weights.astype(np.float32)


#: Above this many units, the top k of BM25 and of the concept shares is selected without
#: a sort or a selection over every unit that has a score: at 10,000 sheets (490,000 units)
#: a question's tokens have ~270,000 postings and its concepts ~80,000, and selecting among
#: all of them cost more than scoring them. Below it, one pass over every unit is cheaper,
#: and it chooses among rows tied at the k-th place as scoring every unit does
#: (argpartition over every positive score, in row order).
PRUNE_UNITS = 100_000


def _top(rows: np.ndarray | None, scores: np.ndarray, k: int) -> np.ndarray:
    """The ``rows`` (sorted; None: every row) of the ``k`` largest positive ``scores`` (unordered)."""
    if rows is None:
        rows = np.flatnonzero(scores > 0)
        scores = scores[rows]
    else:
        positive = scores > 0
        rows, scores = rows[positive], scores[positive]
    if len(rows) > k:
        rows = rows[np.argpartition(-scores, k - 1)[:k]]
    return rows


def _top_above(scores: np.ndarray, k: int, sample: np.ndarray) -> np.ndarray:
    """The rows of the ``k`` largest positive ``scores`` (unordered), passing over every
    score only to compare it: the k-th largest score of the rows ``sample`` bounds the k-th
    largest of all from below, so only the rows at or above it are selected among. (Of
    rows tied at the k-th place, argpartition may pick others than among all positives.)"""
    sampled = scores[sample]
    bound = float(np.partition(sampled, len(sampled) - k)[len(sampled) - k]) if len(sampled) >= k else 0.0
    if bound <= 0:
        return _top(None, scores, k)
    above = np.flatnonzero(scores >= bound)
    return _top(above, scores[above], k)


def _bm25(index: SearchIndex, analysis: QueryAnalysis, config: RetrievalConfig,
          k: int | None) -> tuple[np.ndarray, np.ndarray]:
    """BM25 of every unit, scaled so that the best is 1, and the rows of its top ``k``
    (none for ``k=None``). Summed from the query tokens' columns of the matrix (bm25s's
    additions in bm25s's order); in a large index the top k is selected among the rows at
    or above the k-th best score of the rarest tokens' rows."""
    n = len(index.units)
    none = np.zeros(0, dtype=np.int64)
    if not config.use_bm25:
        return np.zeros(n, np.float32), none
    columns = index.bm25_columns(list(analysis.tokens))
    raw = np.zeros(n, dtype=np.float32)
    for tagged, values in columns:
        np.add.at(raw, tagged, values)
    scaled = normalise_max(raw)
    if k is None or not columns:
        return scaled, none
    if n <= PRUNE_UNITS:
        return scaled, _top(None, scaled, k)
    rarest = sorted(columns, key=lambda column: len(column[0]))
    reach = np.cumsum([len(tagged) for tagged, _ in rarest])
    sample = np.unique(np.concatenate([tagged for tagged, _ in rarest[: int(np.searchsorted(reach, 2 * k)) + 1]]))
    return scaled, _top_above(scaled, k, sample)


def _concept_top(index: SearchIndex, cols: np.ndarray, weights: np.ndarray, k: int) -> np.ndarray:
    """The rows of the ``k`` largest IDF-weighted shares of the question's topic concepts
    (unordered), from the concepts' inverted lists."""
    postings = index.arrays.concept_rows
    n = len(index.units)
    lengths = postings.lengths(cols)
    if n <= PRUNE_UNITS or len(cols) > 12:
        share = np.bincount(postings.rows_of(cols), weights=np.repeat(weights, lengths), minlength=n)
        return _top(None, share, k)
    # A large index: a unit's share depends only on which of the concepts it has, one bit each,
    # so the k-th share is found from how many units have each combination. (Of units tied
    # at the k-th share, the first rows are taken.)
    lists = [postings.rows[postings.starts[c]:postings.starts[c + 1]] for c in cols.tolist()]
    code = np.zeros(n, dtype=np.uint16)
    for bit, rows in enumerate(lists):
        code[rows] |= np.uint16(1 << bit)
    combos = np.arange(1 << len(cols))
    value = np.zeros(len(combos), dtype=np.float64)  # summed as bincount sums a unit's share
    for bit, weight in enumerate(weights.astype(np.float64).tolist()):
        value += np.where(combos >> bit & 1, weight, 0.0)
    combo_of = [code[rows] for rows in lists]
    # A unit is in the list of every concept it has: counted once per concept.
    units = sum(np.bincount(found, minlength=len(combos)) for found in combo_of)
    units = units // np.maximum(np.asarray([bin(c).count("1") for c in combos.tolist()]), 1)
    by_value = np.argsort(-value, kind="stable")
    by_value = by_value[value[by_value] > 0]
    reached = np.cumsum(units[by_value])
    kth = value[by_value[int(np.searchsorted(reached, k))]] if len(reached) and reached[-1] > k else 0.0
    above = np.unique(np.concatenate([rows[value[found] > kth] for rows, found in zip(lists, combo_of, strict=True)]))
    if kth <= 0:
        return above
    need = k - len(above)
    tied = np.unique(np.concatenate([rows[value[found] == kth][:need]
                                     for rows, found in zip(lists, combo_of, strict=True)]))
    return np.concatenate([above, tied[:need]])


@dataclass(frozen=True)
class Candidates:
    """The rows one question is scored on, with the signals measured while finding them."""

    rows: np.ndarray  # sorted unit rows
    dense: np.ndarray  # cosine similarity per row (0 when dense scoring is off)
    bm25: np.ndarray  # BM25 per row, scaled so that the best unit of the whole index is 1
    top_dense: float  # the best cosine over the whole index (the scope check reuses it)
    bm25_all: np.ndarray  # BM25 of every unit, scaled (to extend the candidates)

    def extended(self, index: SearchIndex, vector: np.ndarray, extra: np.ndarray, use_dense: bool) -> Candidates:
        """These candidates plus the rows ``extra`` (and their sections and items)."""
        return self.joined(self.of_rows(index, vector, self.new_rows(index, extra), use_dense))

    def new_rows(self, index: SearchIndex, extra: np.ndarray) -> np.ndarray:
        """The rows ``extra``, with their sections and items, that are not candidates yet (sorted)."""
        rows = _closed(index, extra)
        new: np.ndarray = rows[~in_sorted(rows, self.rows)]
        return new

    def of_rows(self, index: SearchIndex, vector: np.ndarray, rows: np.ndarray, use_dense: bool) -> Candidates:
        """Candidates of just ``rows`` (sorted rows that are not among these)."""
        dense = index.dense_of(vector, rows) if use_dense else np.zeros(len(rows), np.float32)
        return Candidates(rows, dense, self.bm25_all[rows], self.top_dense, self.bm25_all)

    def joined(self, added: Candidates) -> Candidates:
        """These candidates and ``added`` (rows that are not among these)."""
        if not len(added.rows):
            return self
        rows = np.concatenate([self.rows, added.rows])
        order = np.argsort(rows, kind="stable")
        return Candidates(rows[order], np.concatenate([self.dense, added.dense])[order],
                          np.concatenate([self.bm25, added.bm25])[order], self.top_dense, self.bm25_all)


def _closed(index: SearchIndex, rows: np.ndarray) -> np.ndarray:
    """``rows`` with their section-level units and the items of the sections among them."""
    arrays = index.arrays
    sections = arrays.section_row[rows]
    return sorted_unique(np.concatenate([rows, sections[sections >= 0], arrays.section_items.rows_of(rows)]))


def candidate_rows(index: SearchIndex, analysis: QueryAnalysis, config: RetrievalConfig) -> Candidates:
    """The union of the question's dense top k, its BM25 top k, the units with its topic
    concepts and the units of the networks it names, closed over sections and their items.

    Fusing only these gives the ranking of scoring every unit wherever a unit can reach
    the top at all: to rank high it must be close in meaning, share rare words or
    concepts, belong to a named network, or sit in (or hold) such a section. Each top k
    is taken from postings (BM25's columns of the question's tokens, the rows of its
    concepts), never from a score of every unit.
    Small indexes, and ``config.candidates=None``, score every unit.
    """
    n = len(index.units)
    arrays = index.arrays
    vector = analysis.vector
    exhaustive = config.candidates is None or n <= config.candidates
    k = None if exhaustive else (config.candidates or n)
    bm25, bm25_top = _bm25(index, analysis, config, k)
    if k is None:
        rows = np.arange(n, dtype=np.int64)
        dense = index.dense_all(vector) if config.use_dense else np.zeros(n, np.float32)
        top_dense = float(dense.max(initial=-1.0))
        return Candidates(rows, dense, bm25, top_dense, bm25)
    parts = []
    top_dense = -1.0
    dense_rows = np.zeros(0, dtype=np.int64)
    if config.use_dense:
        dense_rows, _ = index.dense_search(vector, k, exact=False)  # re-scored exactly below
        parts.append(dense_rows)
    if config.use_bm25:
        parts.append(bm25_top)
    topic = topic_concepts(analysis.concepts)
    if config.use_concepts and topic:
        cols, weights = topic_columns(index, topic, config)
        parts.append(_concept_top(index, cols, weights, k))
    if analysis.named and config.named:
        parts.append(arrays.network_rows.rows_of(sorted(
            arrays.network_code[nid] for nid in analysis.named if nid in arrays.network_code)))
    if analysis.placed and config.place and len(analysis.placed) <= config.candidate_networks:
        # A few networks in the place the question names ("in Bayern"): all their units, as
        # for a named network. A country of thousands only lifts those among the candidates.
        parts.append(arrays.network_rows.rows_of(sorted(
            arrays.network_code[nid] for nid in analysis.placed if nid in arrays.network_code)))
    # Close over sections: an item needs its section's score, a section lifts its items.
    rows = _closed(index, np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int64)
    dense = index.dense_of(vector, rows) if config.use_dense else np.zeros(len(rows), np.float32)
    if len(dense_rows) and len(rows):
        # The best exact cosine among every candidate (the scope decision reads it): the dense
        # rows of an exact index hold the best of all, so this is that; an approximate index
        # may miss it in the lists it searched, and BM25 or the concepts may have found it.
        top_dense = float(dense.max())
    return Candidates(rows, dense, bm25[rows], top_dense, bm25)
