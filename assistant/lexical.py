"""BM25's matrix at ingest: built from every unit's tokens, or updated from the previous index's.

The matrix holds BM25 (Lucene variant, as bm25s) of every (token, unit) pair, as a CSC
matrix with one column per token, in bm25s's file layout (see :func:`assistant.store.load_bm25`).
Every value depends on global statistics (a token's document frequency, the average
unit length), so every value changes when one unit does; which pairs there are, and
their term frequencies, do not. An index keeps each pair's term frequency (column
``bm25_tf``), so a rebuild takes the pairs of the units it keeps from the previous matrix
(renumbered to their new rows), counts only the new units' tokens, and computes the values
again with the same arithmetic: the matrix is the one a full count gives, to the bit
(``tests/test_segments.py``), without sorting the corpus's 8 million tokens again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.store import BM25_B, BM25_FILES, BM25_K1, TokenColumns

#: The column of an index's columns file that keeps each pair's term frequency.
TF_COLUMN = "bm25_tf"


@dataclass(frozen=True)
class Bm25Matrix:
    data: np.ndarray  # float32 BM25 of each pair, by token, then unit
    indices: np.ndarray  # int32 unit row of each pair
    indptr: np.ndarray  # int64 (tokens + 1,): the pairs of token t are indptr[t]:indptr[t + 1]
    tf: np.ndarray  # int32 term frequency of each pair

    def stored_tf(self) -> np.ndarray:
        """The term frequencies as the index keeps them (two bytes each where they fit)."""
        return self.tf.astype(np.uint16) if not len(self.tf) or int(self.tf.max()) < 1 << 16 else self.tf


def _pairs(tokens: TokenColumns, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(unit, token, term frequency) of units ``rows`` (ascending), in unit then token order."""
    n_vocab = len(tokens.vocabulary)
    lengths = np.diff(tokens.offsets)[rows]
    starts = tokens.offsets[rows]
    # Positions of the rows' tokens in ``tokens.ids`` (every token when ``rows`` is all).
    positions = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths) + np.arange(int(lengths.sum()))
    # (unit, token) keys, counted by sorting: a stable sort, because the keys are runs
    # already (unit by unit), which it merges instead of sorting from scratch.
    keys = np.repeat(rows.astype(np.int64) * n_vocab, lengths) + tokens.ids[positions]
    keys.sort(kind="stable")
    first = np.ones(len(keys), dtype=bool)
    np.not_equal(keys[1:], keys[:-1], out=first[1:])
    begins = np.flatnonzero(first)
    pairs, tf = keys[begins], np.diff(np.append(begins, len(keys)))
    return (pairs // n_vocab).astype(np.int32), (pairs % n_vocab).astype(np.int32), tf.astype(np.int32)


def _matrix(doc: np.ndarray, token: np.ndarray, tf: np.ndarray, tokens: TokenColumns) -> Bm25Matrix:
    """The matrix of the pairs (sorted by token, then unit) with their values."""
    n, n_vocab = len(tokens.offsets) - 1, len(tokens.vocabulary)
    lengths = np.diff(tokens.offsets)
    df = np.bincount(token, minlength=n_vocab)
    idf = np.log(1 + (n - df + 0.5) / (df + 0.5)).astype(np.float32)
    average = float(lengths.mean()) if n else 1.0
    tf32 = tf.astype(np.float32)
    # The length norm of each unit, then of each pair (the same arithmetic per element as
    # computing it pair by pair, on 490,000 units instead of 7 million pairs).
    norm = (BM25_K1 * ((1 - BM25_B) + BM25_B * lengths / average)).astype(np.float32)[doc]
    data = idf[token] * (tf32 / (norm + tf32))
    indptr = np.concatenate([[0], np.cumsum(df)]).astype(np.int64)
    return Bm25Matrix(data.astype(np.float32), doc, indptr, tf)


def bm25_matrix(tokens: TokenColumns) -> Bm25Matrix:
    """The matrix counted from every unit's tokens."""
    doc, token, tf = _pairs(tokens, np.arange(len(tokens.offsets) - 1))
    # By token, then unit: the pairs are in unit order, so a stable sort by token suffices.
    order = np.argsort(token, kind="stable")
    return _matrix(doc[order], token[order], tf[order], tokens)


def updated_matrix(tokens: TokenColumns, previous: Bm25Matrix, new_rows: np.ndarray) -> Bm25Matrix | None:
    """The matrix of ``tokens`` from ``previous`` (its ``data`` is not read): the pairs of
    the previous rows that ``new_rows`` keeps (-1: gone), moved to their new rows, and the
    pairs of every other row counted. ``tokens`` must extend the previous vocabulary (the
    same ids). None when the kept rows changed order (then count everything)."""
    n = len(tokens.offsets) - 1
    kept_rows = new_rows[new_rows >= 0]
    if len(previous.indptr) - 1 > len(tokens.vocabulary) or np.any(kept_rows[1:] <= kept_rows[:-1]):
        return None
    token = np.repeat(np.arange(len(previous.indptr) - 1, dtype=np.int32), np.diff(previous.indptr))
    moved = new_rows[previous.indices]
    kept = moved >= 0
    token, doc, tf = token[kept], moved[kept].astype(np.int32), previous.tf[kept].astype(np.int32)
    # Within a token the kept pairs stay in unit order (the kept rows keep their order).
    fresh = np.ones(n, dtype=bool)
    fresh[kept_rows] = False
    new_doc, new_token, new_tf = _pairs(tokens, np.flatnonzero(fresh))
    order = np.lexsort((new_doc, new_token))
    new_doc, new_token, new_tf = new_doc[order], new_token[order], new_tf[order]
    at = np.searchsorted(token.astype(np.int64) * n + doc, new_token.astype(np.int64) * n + new_doc)
    return _matrix(np.insert(doc, at, new_doc), np.insert(token, at, new_token), np.insert(tf, at, new_tf), tokens)


def read_matrix(directory: Path, tf: np.ndarray) -> Bm25Matrix:
    """An index's matrix without its values (what :func:`updated_matrix` reads)."""
    indices = np.load(directory / BM25_FILES["indices_name"], allow_pickle=False)
    indptr = np.load(directory / BM25_FILES["indptr_name"], allow_pickle=False)
    if len(indices) != len(tf) or len(indptr) < 1 or int(indptr[-1]) != len(tf):
        raise ValueError("the BM25 matrix and its term frequencies disagree")
    return Bm25Matrix(np.zeros(0, dtype=np.float32), indices, indptr, tf)


def write_bm25(directory: Path, matrix: Bm25Matrix, tokens: TokenColumns) -> list[str]:
    """Save ``matrix`` (of ``tokens``) in bm25s's file layout; the names of the files written."""
    import bm25s

    np.save(directory / BM25_FILES["data_name"], matrix.data, allow_pickle=False)
    np.save(directory / BM25_FILES["indices_name"], matrix.indices, allow_pickle=False)
    np.save(directory / BM25_FILES["indptr_name"], matrix.indptr, allow_pickle=False)
    vocabulary = {token: i for i, token in enumerate(tokens.vocabulary)}
    (directory / BM25_FILES["vocab_name"]).write_text(json.dumps(vocabulary, ensure_ascii=False), encoding="utf-8")
    params = {"k1": BM25_K1, "b": BM25_B, "delta": 0.5, "method": "lucene", "idf_method": "lucene",
              "dtype": "float32", "int_dtype": "int32", "num_docs": len(tokens.offsets) - 1,
              "version": bm25s.__version__, "backend": "numpy"}
    (directory / BM25_FILES["params_name"]).write_text(json.dumps(params), encoding="utf-8")
    return list(BM25_FILES.values())
