"""Word match scores of a question (retrieve stage): its words with their vectors, and how well
the words of each (network, section) pair answer them (:mod:`assistant.word_match` has the words
and the vectors an index stores)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from assistant.embedding import Encoder
from assistant.index import SearchIndex
from assistant.store import SECTION_ORDER
from assistant.word_match import QuestionWords, WordVectors, content_words, idf_weights

#: How many of the best (network, section) pairs the word match re-orders (the depth that
#: ``assistant eval`` reads): a pair further down is not lifted over the first ones.
MATCHED_PAIRS = 30
_CACHED_PAIRS = 4096


def word_vectors(index: SearchIndex) -> WordVectors:
    """The index's word vectors (read when it was loaded)."""
    found = index.derived["word_vectors"]
    assert isinstance(found, WordVectors)
    return found


def question_words(index: SearchIndex, encoder: Encoder, text: str) -> QuestionWords | None:
    """The content words of ``text`` with their vectors (the index's, or embedded now for a
    word the corpus lacks) and rarity weights; None without content words."""
    words = content_words(text)
    if not words:
        return None
    table = word_vectors(index)
    vectors = np.zeros((len(words), table.vectors.shape[1]), dtype=np.float32)
    new = [i for i, w in enumerate(words) if w not in table.row]
    known = [i for i, w in enumerate(words) if w in table.row]
    if known:
        vectors[known] = table.of_rows([table.row[words[i]] for i in known])
    if new:
        vectors[new] = encoder.encode([words[i] for i in new])
    weights = idf_weights(words, index.lookup.words)
    return QuestionWords(tuple(words), vectors, (weights / weights.sum()).astype(np.float32))


def pair_word_rows(index: SearchIndex, pair: int) -> np.ndarray:
    """Rows in the word table of the content words of every unit of ``pair`` (a network's
    section, all its documents' versions), kept for the last few thousand pairs asked about."""
    kept = index.derived.get("pair_word_rows")
    if not isinstance(kept, dict):
        kept = index.derived["pair_word_rows"] = {}
    found = kept.get(pair)
    if found is None:
        arrays = index.arrays
        network_rows = arrays.network_rows.rows_of([pair // len(SECTION_ORDER)])
        rows = network_rows[arrays.pair[network_rows] == pair]
        words = {w for r in rows.tolist() for w in content_words(index.units[r].text)}
        found = word_vectors(index).rows(sorted(words))
        if len(kept) >= _CACHED_PAIRS:
            kept.clear()
        kept[pair] = found
    return found


def pair_matches(index: SearchIndex, question: QuestionWords, pairs: Sequence[int]) -> np.ndarray:
    """For each pair: the weighted mean over the question's words of their best cosine to a
    word of the pair (0 for a pair without content words)."""
    out = np.zeros(len(pairs), dtype=np.float32)
    of_pair = [pair_word_rows(index, pair) for pair in pairs]
    if not any(len(rows) for rows in of_pair):
        return out
    # The question against every word of the pairs at once (pairs share many words).
    words, at = np.unique(np.concatenate(of_pair), return_inverse=True)
    sims = question.vectors @ word_vectors(index).of_rows(words).T  # (question words, words)
    start = 0
    for i, rows in enumerate(of_pair):
        if len(rows):
            best = sims[:, at[start:start + len(rows)]].max(axis=1)
            out[i] = float(best @ question.weights)
        start += len(rows)
    return out
