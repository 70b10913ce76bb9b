"""The data of the calibrated scope decision (:mod:`assistant.scope`): its example texts and
its weights, each read from a data file with a validating loader that names file and line.

* ``assistant/data/scope_examples.toml``: ``[in_domain]`` examples of integration work in its
  fields and ``[off_topic]`` everyday questions that are not about it, one list per language;
  their embeddings are computed once per model and file and kept in the cache folder, like
  the section questions' (:func:`assistant.section_examples.text_vectors`).
* ``assistant/data/scope_model.toml``: the fitted weights (``scripts/fit_scope.py`` writes
  them) and how many nearest examples each margin averages.

The margins compare the question's embedding (already computed: no model call) with the
examples: a matrix-vector product over a few hundred rows per question.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Final

import numpy as np

from assistant.datafile import DataFileError, line_at, line_of, read_packaged, read_toml
from assistant.embedding import Encoder
from assistant.languages import SUPPORTED
from assistant.scope import ScopeWeights
from assistant.section_examples import example_similarities, example_vectors, section_examples, text_vectors

if TYPE_CHECKING:
    from assistant.index import SearchIndex

SCOPE_EXAMPLES_FILE: Final = "scope_examples.toml"
SCOPE_MODEL_FILE: Final = "scope_model.toml"
KINDS: Final = ("in_domain", "off_topic")
WEIGHTS: Final = ("intercept", "similarity", "sheet_margin", "field_margin", "topic", "domain", "personal",
                  "threshold", "sure_similarity", "floor_similarity")


class ScopeDataError(DataFileError):
    """A mistake in the scope decision's examples or weights file."""


@dataclass(frozen=True)
class ScopeExamples:
    in_domain: tuple[str, ...]
    off_topic: tuple[str, ...]
    digest: str  # of the file's text: names the cached embeddings


@dataclass(frozen=True)
class ScopeModel:
    weights: ScopeWeights
    neighbours: int  # how many nearest examples of each kind a margin averages


def _list_line(text: str, kind: str, language: str) -> int:
    table = text.find(f"[{kind}]")
    found = re.compile(rf"^{re.escape(language)}\s*=", re.MULTILINE).search(text, max(table, 0))
    return line_at(text, found.start()) if found else line_of(text, f"[{kind}]")


def parse_scope_examples(text: str, data: dict[str, object], path: Path) -> ScopeExamples:
    """Validate the two tables of the examples file; a mistake raises :class:`ScopeDataError`."""
    lists: dict[str, list[str]] = {kind: [] for kind in KINDS}
    for kind, table in data.items():
        if kind not in KINDS:
            raise ScopeDataError(path, line_of(text, f"[{kind}]"),
                                 f"unknown table [{kind}] (known: {', '.join(KINDS)})")
        if not isinstance(table, dict):
            raise ScopeDataError(path, line_of(text, kind), f"{kind} must be a table of lists, one per language")
        for language, examples in table.items():
            line = _list_line(text, kind, language)
            if language not in SUPPORTED:
                raise ScopeDataError(path, line,
                                     f"[{kind}] {language}: unknown language (known: {', '.join(SUPPORTED)})")
            if not isinstance(examples, list) or not examples:
                raise ScopeDataError(path, line, f"[{kind}] {language} must be a non-empty list of examples")
            for example in examples:
                if not isinstance(example, str) or not example.strip():
                    raise ScopeDataError(path, line, f"[{kind}] {language}: an example must be a non-empty string")
                lists[kind].append(example.strip())
    for kind in KINDS:
        if not lists[kind]:
            raise ScopeDataError(path, 0, f"has no [{kind}] examples")
    twice = set(lists["in_domain"]) & set(lists["off_topic"])
    if twice:
        example = sorted(twice)[0]
        raise ScopeDataError(path, line_at(text, text.rfind(f'"{example}"')),
                             f"{example!r} is both in [in_domain] and in [off_topic]")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return ScopeExamples(tuple(lists["in_domain"]), tuple(lists["off_topic"]), digest)


def read_scope_examples(path: Path) -> ScopeExamples:
    text, data = read_toml(path, ScopeDataError)
    return parse_scope_examples(text, data, path)


def _key_line(text: str, key: str) -> int:
    """The line of ``key = …`` (else of the [weights] table)."""
    found = re.compile(rf"^[ \t]*{re.escape(key)}[ \t]*=", re.MULTILINE).search(text)
    return line_at(text, found.start()) if found else line_of(text, "[weights]")


def parse_scope_model(text: str, data: dict[str, object], path: Path) -> ScopeModel:
    """Validate the weights file: ``neighbours`` (a positive integer) and a ``[weights]``
    table with exactly the numbers of :data:`WEIGHTS`."""
    unknown = sorted(set(data) - {"neighbours", "weights"})
    if unknown:
        raise ScopeDataError(path, line_of(text, unknown[0]),
                             f"unknown key {unknown[0]!r} (known: neighbours, weights)")
    neighbours = data.get("neighbours")
    if not isinstance(neighbours, int) or isinstance(neighbours, bool) or neighbours < 1:
        raise ScopeDataError(path, _key_line(text, "neighbours"), "neighbours must be a positive integer")
    table = data.get("weights")
    if not isinstance(table, dict):
        raise ScopeDataError(path, line_of(text, "weights"), "needs a [weights] table")
    for key, value in table.items():
        line = _key_line(text, key)
        if key not in WEIGHTS:
            raise ScopeDataError(path, line, f"unknown weight {key!r} (known: {', '.join(WEIGHTS)})")
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise ScopeDataError(path, line, f"weight {key!r} must be a number")
    missing = [key for key in WEIGHTS if key not in table]
    if missing:
        raise ScopeDataError(path, line_of(text, "[weights]"), f"[weights] lacks {', '.join(missing)}")
    return ScopeModel(ScopeWeights(**{key: float(table[key]) for key in WEIGHTS}), neighbours)


def read_scope_model(path: Path) -> ScopeModel:
    text, data = read_toml(path, ScopeDataError)
    return parse_scope_model(text, data, path)


@cache
def scope_examples() -> ScopeExamples:
    """The packaged examples, read and validated once."""
    return read_packaged(SCOPE_EXAMPLES_FILE, read_scope_examples)


@cache
def scope_model() -> ScopeModel:
    """The packaged weights, read and validated once."""
    return read_packaged(SCOPE_MODEL_FILE, read_scope_model)


def _nearest_mean(similarities: np.ndarray, k: int) -> float:
    k = min(k, len(similarities))
    return float(np.partition(similarities, len(similarities) - k)[-k:].mean())


def _example_matrix(encoder: Encoder) -> tuple[np.ndarray, int]:
    """The in-domain examples' embeddings, then the off-topic ones', in one matrix (one
    product per question), and where the off-topic ones start."""
    examples = scope_examples()
    vectors = text_vectors(encoder, (*examples.in_domain, *examples.off_topic), examples.digest, "scope-examples")
    return vectors, len(examples.in_domain)


def prototype_margins(encoder: Encoder, question: np.ndarray, section_similarities: np.ndarray | None = None,
                      neighbours: int | None = None) -> tuple[float, float]:
    """(sheet margin, field margin) of a question's embedding: the mean cosine of its nearest
    section questions, and of its nearest examples of integration work, each minus that of
    its nearest off-topic examples. ``section_similarities``: its cosines to the section
    questions, if the analysis has them (:func:`assistant.section_examples.example_similarities`)."""
    k = neighbours if neighbours is not None else scope_model().neighbours
    if section_similarities is None:
        section_similarities = example_similarities(example_vectors(encoder, section_examples()), question)
    vectors, split = _example_matrix(encoder)
    sims = example_similarities(vectors, question)
    off = _nearest_mean(sims[split:], k)
    return _nearest_mean(section_similarities, k) - off, _nearest_mean(sims[:split], k) - off


def off_topic_background(index: SearchIndex, encoder: Encoder) -> float:
    """How close everyday questions come to the sheets of ``index``: the median of the off-topic
    examples' best cosines to a unit. It grows as sheets are added (0.137 for the three seed
    networks, 0.203 for 51: docs/retrieval.md, sessions 12 and 13), and so does the best cosine of
    any question, near misses' too; the sure similarity is an absolute cosine. Reported by
    ``assistant eval --growth`` and scripts/fit_scope.py."""
    vectors, split = _example_matrix(encoder)
    if not len(index.units):
        return 0.0
    return float(np.median([index.dense_search(vector, 1)[1].max(initial=-1.0) for vector in vectors[split:]]))
