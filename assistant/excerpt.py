"""Which part of a long quote to show first: the sentences that answer the question.

A long passage ("Die Basis für die Integration … wurde es bis zum 30.09.2002 über Mittel
des Bundesministeriums … finanziert") is shown from its start only when its start is what
matches; otherwise from the sentence that shares the most of the question's concepts and
words. What is shown is always a verbatim stretch of the quote; the whole quote stays one
click away.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.concepts import tag_concepts
from assistant.query import topic_concepts
from assistant.text import fold

#: A sentence ends at . ! ? ; before a space and a capital ("30.09.2002" is no end).
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[\"„“(]?[A-ZÄÖÜÇĞİŞ])")
_WORD = re.compile(r"[^\W\d_]{5,}")
#: Words are compared by their first letters: "finanzieren" and "finanziert", "Mittel" and "Mitteln".
_STEM = 5
#: Longer quotes are shown in part (the whole verbatim text is one click away in the app).
LONG_QUOTE = 420


@dataclass(frozen=True)
class Excerpt:
    """``text[start:end]``, with an ellipsis where it was cut."""

    start: int
    end: int
    text: str

    @property
    def cut_before(self) -> bool:
        return self.start > 0


def _sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``."""
    starts = [0, *(m.end() for m in _SENTENCE_END.finditer(text))]
    return [(a, b) for a, b in zip(starts, [*starts[1:], len(text)], strict=True) if text[a:b].strip()]


def _stems(text: str) -> set[str]:
    return {w[:_STEM] for w in _WORD.findall(fold(text))}


def _cut(text: str, start: int, limit: int) -> int:
    """The end of at most ``limit`` characters from ``start``, at a word boundary."""
    end = min(len(text), start + limit)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return end


def excerpt(text: str, question: str, limit: int) -> Excerpt:
    """At most ``limit`` characters of ``text`` (whole words), starting at the sentence
    that shares most with ``question``, or at the start when that is as good."""
    if len(text) <= limit:
        return Excerpt(0, len(text), text)
    concepts = topic_concepts(tag_concepts(question))
    words = _stems(question)
    sentences = _sentences(text)
    scores = [2 * len(concepts & tag_concepts(text[a:b])) + len(words & _stems(text[a:b])) for a, b in sentences]
    if not sentences or max(scores) == 0:
        return Excerpt(0, _cut(text, 0, limit), text[: _cut(text, 0, limit)])
    i = scores.index(max(scores))
    best, best_end = sentences[i]
    # The sentence before gives the context, when both fit ("bis 2002 vom Bund finanziert. Danach
    # hat die Kommune die Finanzierung übernommen.").
    if i and best_end - sentences[i - 1][0] <= limit:
        best = sentences[i - 1][0]
    # The start is kept when the best sentence is already visible from there.
    start = best if _cut(text, 0, limit) < min(best_end, best + 80) else 0
    end = _cut(text, start, limit)
    return Excerpt(start, end, text[start:end])
