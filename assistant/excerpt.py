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

from assistant.concepts import concept_spans, tag_concepts
from assistant.query import topic_concepts
from assistant.text import fold

#: A sentence ends at . ! ? ; before a space and a capital ("30.09.2002" is no end).
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[\"„“(]?[A-ZÄÖÜÇĞİŞ])")
_WORD = re.compile(r"[^\W\d_]{5,}")
#: Words are compared by their first letters: "finanzieren" and "finanziert", "Mittel" and "Mitteln".
_STEM = 5
#: Longer quotes are shown in part (the whole verbatim text is one click away in the app).
LONG_QUOTE = 420
#: A quote shown in an earlier answer is referred to by this many characters of it.
TEASER = 90
#: A teaser cut inside a sentence starts after a comma, colon, semicolon or dash.
_CLAUSE = re.compile(r"(?<=[,:;])\s+|(?<=\s[–—])\s+")
#: Words a teaser keeps after the words that answer (so it does not end on them).
_TAIL = 16


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


def _best_sentence(text: str, question: str) -> tuple[list[tuple[int, int]], int] | None:
    """The sentences of ``text`` and the index of the one that shares most of ``question``'s
    concepts (counted twice) and words; None when none shares anything."""
    concepts = topic_concepts(tag_concepts(question))
    words = _stems(question)
    sentences = _sentences(text)
    scores = [2 * len(concepts & tag_concepts(text[a:b])) + len(words & _stems(text[a:b])) for a, b in sentences]
    if not sentences or max(scores) == 0:
        return None
    return sentences, scores.index(max(scores))


def excerpt(text: str, question: str, limit: int) -> Excerpt:
    """At most ``limit`` characters of ``text`` (whole words), starting at the sentence
    that shares most with ``question``, or at the start when that is as good."""
    if len(text) <= limit:
        return Excerpt(0, len(text), text)
    found = _best_sentence(text, question)
    if found is None:
        return Excerpt(0, _cut(text, 0, limit), text[: _cut(text, 0, limit)])
    sentences, i = found
    best, best_end = sentences[i]
    # The sentence before gives the context, when both fit ("bis 2002 vom Bund finanziert. Danach
    # hat die Kommune die Finanzierung übernommen.").
    shown_from = sentences[i - 1][0] if i and best_end - sentences[i - 1][0] <= limit else best
    # The start is kept when the best sentence itself is already visible from there (not only
    # the one before it: Erfurt's "Zu den Aufgabenbereichen …" hid its funding sentence so).
    start = shown_from if _cut(text, 0, limit) < min(best_end, best + 80) else 0
    end = _cut(text, start, limit)
    return Excerpt(start, end, text[start:end])


def _answering_words(text: str, start: int, end: int, question: str) -> list[tuple[int, int]]:
    """The stretches of ``text[start:end]`` that name one of ``question``'s topic concepts
    ("Mittel", "finanziert" for "How are the networks funded?"), else those that share a word."""
    concepts = topic_concepts(tag_concepts(question))
    sentence = text[start:end]
    spans = [(start + a, start + b) for a, b, ids in concept_spans(sentence) if ids & concepts]
    if not spans:
        words = _stems(question)
        spans = [(start + m.start(), start + m.end()) for m in _WORD.finditer(sentence)
                 if fold(m.group())[:_STEM] in words]
    return spans or [(start, start)]


def teaser(text: str, question: str, shown_for: str, *, whole: bool = False, limit: int = TEASER) -> Excerpt:
    """At most ``limit`` characters of ``text`` that refer to a quote an earlier answer showed,
    taken from what it showed (the :func:`excerpt` for ``shown_for``, the question it was shown
    for; all of ``text`` where it was shown ``whole``), so the user recognises it: the words
    there that answer ``question``, as many as fit, from the start of their sentence or clause
    where that fits; else the start of what was shown.

    Asked how the networks are funded, the reference to Erfurt's page that answer 1 showed
    from „Es entstand als Folge …“ is „… Mittel des Bundesministeriums des Inneren sowie der
    Kommune finanziert und gefördert. …“, not its opening about how the network began."""
    shown = Excerpt(0, len(text), text) if whole else excerpt(text, shown_for, LONG_QUOTE)
    part = _answering_part(shown.text, question, limit)
    return Excerpt(shown.start + part.start, shown.start + part.end, part.text)


def _answering_part(text: str, question: str, limit: int) -> Excerpt:
    """At most ``limit`` characters of ``text``: the words that answer ``question``, as many as
    fit, from their sentence's or clause's start where that fits; else ``text``'s start."""
    found = _best_sentence(text, question) if len(text) > limit else None
    if found is None:
        end = _cut(text, 0, limit)
        return Excerpt(0, end, text[:end])
    sentences, i = found
    sentence_start, sentence_end = sentences[i]
    hits = _answering_words(text, sentence_start, sentence_end, question)
    first = hits[0][0]
    for _, hit_end in reversed(hits):
        want = min(hit_end + _TAIL, sentence_end)
        if want - first <= limit or hit_end == hits[0][1]:
            break
    # The sentence's start, else the earliest clause start, else the first word from which
    # the answering words fit with a few words after them.
    starts = [sentence_start, *(sentence_start + m.end() for m in _CLAUSE.finditer(text[sentence_start:first]))]
    start = next((s for s in starts if want - s <= limit), -1)
    if start < 0:
        space = text.find(" ", max(sentence_start, want - limit), first + 1)
        start = space + 1 if 0 <= space < first else first
    end = _cut(text, start, limit)
    return Excerpt(start, end, text[start:end])
