"""Word match: how well a passage's words answer each word of the question, across languages.

The fused score compares question and passage as two whole vectors (and BM25 as stems of one
language). This reads them together, word against word: each content word of the question
finds its closest word in a (network, section) pair's texts by the cosine of their USE
vectors ("Ehrenamtliche" finds "volunteers" and "gönüllü" at 0.6-0.8, itself at 1), and the
pair's match is the mean of those best cosines, weighted by how rare the question word is in
the corpus. It tells a network's right section from its neighbours where the whole-text
vectors are close (docs/retrieval.md "Session 13": nDCG@5 up on every readable and clean set).

The vectors of the corpus's words are embedded at build time (:func:`write_word_vectors`,
reused by word across rebuilds) and stored with the index (``WORDS_FILE`` and
``WORD_VECTORS_FILE``, memory-mapped: a question reads the rows of a few dozen sections); a
question's words that the corpus lacks are embedded with the question.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from assistant.store import WORD_VECTORS_FILE, WORDS_FILE
from assistant.tokenize import stopwords

if TYPE_CHECKING:
    from assistant.embedding import Encoder

#: Words of three or more letters: shorter ones are particles and abbreviations in all three languages.
_WORD = re.compile(r"[^\W\d_]{3,}")


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    # Every supported language's: a question may mix them, and "die", "the", "bir" say nothing.
    return stopwords("de") | stopwords("en") | stopwords("tr")


def content_words(text: str) -> list[str]:
    """The distinct content words of ``text``, lower case, in sorted order."""
    stop = _stop_words()
    # "İ" lower-cases to "i" and a combining dot; letters only ("m²" is no word).
    lowered = text.replace("İ", "i").lower()
    return sorted({w for w in _WORD.findall(lowered) if w not in stop and w.isalpha()})


def idf_weights(words: Sequence[str], counts: Mapping[str, int]) -> np.ndarray:
    """A weight per word from how often the corpus has it (``counts``: the index's word counts);
    a word the corpus lacks weighs most."""
    total = sum(counts.values())
    return np.log1p(total / (1.0 + np.asarray([counts.get(w, 0) for w in words], dtype=np.float64)))


@dataclass(frozen=True)
class WordVectors:
    """The corpus's content words and their unit vectors (row order of ``words``)."""

    row: Mapping[str, int]  # word -> its row
    vectors: np.ndarray  # (words, d) float16, memory-mapped

    def rows(self, words: Iterable[str]) -> np.ndarray:
        return np.asarray([self.row[w] for w in words if w in self.row], dtype=np.int64)

    def of_rows(self, rows: np.ndarray | list[int]) -> np.ndarray:
        return np.asarray(self.vectors[rows], dtype=np.float32)


def read_word_vectors(directory: Path) -> WordVectors:
    """The word vectors of the index files in ``directory`` (read at load: the folder is swapped
    as a whole by a rebuild, and a memory map keeps the file it opened)."""
    words = json.loads((directory / WORDS_FILE).read_bytes())
    vectors = np.load(directory / WORD_VECTORS_FILE, mmap_mode="r", allow_pickle=False)
    if not isinstance(words, list) or vectors.ndim != 2 or len(words) != len(vectors):
        raise ValueError(f"{WORDS_FILE} and {WORD_VECTORS_FILE} disagree")
    return WordVectors({w: i for i, w in enumerate(words)}, vectors)


def write_word_vectors(directory: Path, counts: Mapping[str, int], encoder: Encoder, previous: Path | None) -> int:
    """Embed the content words among ``counts`` (an index's word counts) into ``directory``,
    reusing the vectors of ``previous`` (the last index's folder) by word; returns how many
    were embedded."""
    # Through content_words, as a passage's words are read ("i̇stanbul", as Python lower-cases
    # "İstanbul", is "istanbul").
    words = sorted({word for w, count in counts.items() if count > 0 for word in content_words(w)})
    known = None
    if previous is not None and (previous / WORD_VECTORS_FILE).is_file():
        try:
            known = read_word_vectors(previous)
        except (OSError, ValueError):  # unreadable: embedded again
            known = None
    vectors = np.zeros((len(words), encoder.dimension), dtype=np.float16)
    todo = [i for i, w in enumerate(words) if known is None or w not in known.row]
    if known is not None and len(todo) < len(words):
        reused = [i for i, w in enumerate(words) if w in known.row]
        vectors[reused] = known.vectors[[known.row[words[i]] for i in reused]]
    if todo:
        # float16: a cosine off by less than 0.001, at half the size.
        vectors[todo] = encoder.encode([words[i] for i in todo], batch_size=256).astype(np.float16)
    (directory / WORDS_FILE).write_bytes(json.dumps(words, ensure_ascii=False).encode("utf-8"))
    np.save(directory / WORD_VECTORS_FILE, vectors, allow_pickle=False)
    return len(todo)


@dataclass(frozen=True)
class QuestionWords:
    """A question's content words, their unit vectors and weights (:func:`question_words`)."""

    words: tuple[str, ...]
    vectors: np.ndarray  # (len(words), d)
    weights: np.ndarray  # (len(words),), sum 1
