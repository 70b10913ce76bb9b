"""Which sections a question asks for, judged by the example questions most like it.

The examples are data (``assistant/data/section_questions.toml``): for each section of the
fact-sheet template, questions in every supported language whose best answer lies in that
section ("Wie messen die Netzwerke ihren Erfolg?" under evaluation). A question's nearest
examples by sentence embedding vote for their sections, weighted by how alike they are. It
is a property of the question, not of the corpus, so it holds for networks nobody tuned on;
a domain expert adds a question where one is missing, a translator adds a language's lists.

The examples' embeddings are computed once per model and file (a few seconds) and kept in
the cache folder (``KOMPASS_CACHE``).
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final

import numpy as np

from assistant.datafile import DataFileError, line_at, read_packaged, read_toml
from assistant.embedding import Encoder, OnceCache
from assistant.languages import SUPPORTED
from assistant.models import SectionKind
from assistant.settings import configured_cache
from assistant.storage import write_atomically
from assistant.store import SECTION_ORDER
from assistant.text import fold

SECTION_QUESTIONS_FILE: Final = "section_questions.toml"
#: Softmax temperature over the cosines to the examples: at 0.1 an example 0.1 less alike
#: counts e⁻¹ as much (measured on the growth tune split and the seed dev set;
#: docs/retrieval.md).
TEMPERATURE: Final = 0.1


class SectionExamplesError(DataFileError):
    """A mistake in the example questions file."""


@dataclass(frozen=True)
class SectionExamples:
    texts: tuple[str, ...]
    sections: np.ndarray  # section code (SECTION_ORDER) of each example, int64 (what bincount counts in)
    digest: str  # of the file's text: names the cached embeddings


def _table_line(text: str, section: str) -> int:
    return line_at(text, text.find(f"[{section}]"))


def _list_line(text: str, section: str, language: str) -> int:
    """The line of ``language = [`` in the table ``[section]``."""
    table = text.find(f"[{section}]")
    found = re.compile(rf"^{re.escape(language)}\s*=", re.MULTILINE).search(text, max(table, 0))
    return line_at(text, found.start()) if found else _table_line(text, section)


def parse_section_examples(text: str, data: dict[str, object], path: Path) -> SectionExamples:
    """Validate the tables of the examples file; a mistake raises
    :class:`SectionExamplesError` with its line."""
    known = {kind.value for kind in SectionKind}
    texts: list[str] = []
    sections: list[int] = []
    seen: dict[tuple[str, str], str] = {}
    for section, table in data.items():
        if section not in known:
            raise SectionExamplesError(path, _table_line(text, section),
                                       f"unknown section [{section}] (known: {', '.join(sorted(known))})")
        if not isinstance(table, dict):
            raise SectionExamplesError(path, line_at(text, text.find(section)),
                                       f"{section} must be a table of question lists, one per language")
        for language, questions in table.items():
            line = _list_line(text, section, language)
            if language not in SUPPORTED:
                raise SectionExamplesError(path, line, f"[{section}] {language}: unknown language "
                                                       f"(known: {', '.join(SUPPORTED)})")
            if not isinstance(questions, list) or not questions:
                raise SectionExamplesError(path, line, f"[{section}] {language} must be a non-empty list of questions")
            for question in questions:
                if not isinstance(question, str) or not question.strip():
                    raise SectionExamplesError(path, line, f"[{section}] {language}: an example must be a "
                                                           "non-empty string")
                key = (language, fold(re.sub(r"\s+", " ", question.strip())))
                if key in seen:  # the same words in two languages ("Evaluation?") are two examples
                    raise SectionExamplesError(path, line_at(text, text.rfind(f'"{question}"')),
                                               f"{question!r} is listed twice in {language} "
                                               f"(under [{seen[key]}] and [{section}])")
                seen[key] = section
                texts.append(question.strip())
                sections.append(SECTION_ORDER.index(SectionKind(section)))
    if not texts:
        raise SectionExamplesError(path, 0, "has no example questions")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return SectionExamples(tuple(texts), np.asarray(sections, dtype=np.int64), digest)


def read_section_examples(path: Path) -> SectionExamples:
    text, data = read_toml(path, SectionExamplesError)
    return parse_section_examples(text, data, path)


@cache
def section_examples() -> SectionExamples:
    """The packaged example questions, read and validated once."""
    return read_packaged(SECTION_QUESTIONS_FILE, read_section_examples)


_VECTORS: OnceCache[tuple[str, str, str], np.ndarray] = OnceCache()


def _cache_file(cache_dir: Path, stem: str, model_id: str, digest: str) -> Path:
    model = re.sub(r"[^A-Za-z0-9_.-]+", "_", model_id)[:60]
    return cache_dir / f"{stem}-{model}-{digest[:24]}.npy"


def text_vectors(encoder: Encoder, texts: tuple[str, ...], digest: str, stem: str,
                 cache_dir: Path | None = None) -> np.ndarray:
    """The embeddings of a data file's example ``texts`` by ``encoder`` (``digest`` names the
    file's text, ``stem`` the kind of examples): from memory, else the cache folder, else
    encoded (and stored there, best effort)."""
    def compute() -> np.ndarray:
        folder = cache_dir if cache_dir is not None else configured_cache()
        path = _cache_file(folder, stem, encoder.model_id, digest)
        with contextlib.suppress(OSError, ValueError, EOFError):  # none yet, or damaged: encoded below
            stored: np.ndarray = np.load(path, allow_pickle=False)
            if stored.shape == (len(texts), encoder.dimension) and stored.dtype == np.float32:
                return stored
        vectors = np.ascontiguousarray(encoder.encode(list(texts)), dtype=np.float32)
        with contextlib.suppress(OSError, ValueError):  # a read-only or full disk: encoded again next start
            write_atomically(path, lambda handle: np.save(handle, vectors, allow_pickle=False))
        return vectors

    return _VECTORS.get((stem, encoder.model_id, digest), compute)


def example_vectors(encoder: Encoder, examples: SectionExamples, cache_dir: Path | None = None) -> np.ndarray:
    """The example questions' embeddings by ``encoder`` (cached: :func:`text_vectors`)."""
    return text_vectors(encoder, examples.texts, examples.digest, "section-examples", cache_dir)


def example_similarities(vectors: np.ndarray, question: np.ndarray) -> np.ndarray:
    """The cosines of ``question`` to each example (unit vectors)."""
    # einsum, not BLAS's matrix product: one thread, as for every product on the query path
    # (docs/scaling.md §1; BLAS wakes a second thread for 806 rows, 0.28 ms instead of 0.1 under load).
    sims: np.ndarray = np.einsum("ij,j->i", vectors, question.astype(np.float32))
    return sims


def section_votes(vectors: np.ndarray, sections: np.ndarray, question: np.ndarray,
                  temperature: float = TEMPERATURE, similarities: np.ndarray | None = None) -> np.ndarray:
    """(sections,): how strongly the examples most like ``question`` ask for each section
    kind, best = 1; all zero for a zero vector (nothing to compare).

    ``similarities``: the question's cosines to the examples, if already computed
    (:func:`example_similarities`). Each example weighs ``exp(cosine / temperature)``; a
    section's vote is the mean weight of its examples, so a section with more examples gets
    no advantage from their number.
    """
    if not len(vectors) or not np.any(question):
        return np.zeros(len(SECTION_ORDER), dtype=np.float32)
    sims = example_similarities(vectors, question) if similarities is None else similarities
    weights = np.exp((sims - sims.max()) / temperature)
    sums = np.bincount(sections, weights=weights, minlength=len(SECTION_ORDER))
    votes: np.ndarray = sums / np.maximum(np.bincount(sections, minlength=len(SECTION_ORDER)), 1)
    scaled: np.ndarray = (votes / votes.max()).astype(np.float32)
    return scaled
