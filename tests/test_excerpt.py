"""Which part of a long quote the app shows first (walk-through finding U15)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.excerpt import excerpt

ERFURT_PAGE = (Path(__file__).parent.parent / "corpus" / "erfurt.de.txt").read_text(encoding="utf-8")
BACKGROUND = next(line for line in ERFURT_PAGE.splitlines() if line.startswith("Die Basis für die Integration"))


def test_a_long_passage_is_shown_from_the_sentences_that_answer() -> None:
    shown = excerpt(BACKGROUND, "Wie finanzieren sich die Netzwerke?", 420)
    assert shown.cut_before and "finanziert" in shown.text and "Finanzierung des Netzwerkes" in shown.text
    assert shown.text == BACKGROUND[shown.start:shown.end]
    # a date's dots end no sentence: the passage is not cut inside "30.09.2002"
    assert shown.text.startswith("Als erstes Modellprojekt")


def test_the_start_is_kept_when_it_is_what_matches_or_nothing_does() -> None:
    assert excerpt(BACKGROUND, "Was war die Basis für die Integration?", 420).start == 0
    assert excerpt(BACKGROUND, "Wetter morgen", 420).start == 0
    assert excerpt("Kurz.", "Finanzierung?", 420).text == "Kurz."


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=600), st.text(max_size=80), st.integers(min_value=20, max_value=500))
def test_an_excerpt_is_a_verbatim_stretch_within_the_limit(text: str, question: str, limit: int) -> None:
    shown = excerpt(text, question, limit)
    assert 0 <= shown.start <= shown.end <= len(text)
    assert shown.text == text[shown.start:shown.end]
    assert len(shown.text) <= max(limit, 0) or len(text) <= limit
