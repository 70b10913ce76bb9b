"""Which part of a long quote the app shows first (walk-through finding U15)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.excerpt import TEASER, excerpt, teaser

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


def test_the_start_is_kept_only_when_the_answering_sentence_itself_shows_from_there() -> None:
    """T1 (session 14 tester): the sentence before the funding sentence was visible from the
    start of Erfurt's tasks paragraph, the funding sentence itself not; it was hidden."""
    tasks = next(line for line in ERFURT_PAGE.splitlines() if "Zu den Aufgabenbereichen" in line)
    tasks = tasks[tasks.index("Zu den Aufgabenbereichen"):]
    for question in ("Finanzierung?\nund Erfurt?", "Wie wird Erfurt finanziert?"):
        shown = excerpt(tasks, question, 420)
        assert "Das Netzwerk stellt zusätzlich beim Bund oder beim Land Anträge" in shown.text, question
        assert shown.cut_before and shown.text.startswith("Das Erfurter Netzwerk macht damit")  # with the one before


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=600), st.text(max_size=80), st.integers(min_value=20, max_value=500))
def test_an_excerpt_is_a_verbatim_stretch_within_the_limit(text: str, question: str, limit: int) -> None:
    shown = excerpt(text, question, limit)
    assert 0 <= shown.start <= shown.end <= len(text)
    assert shown.text == text[shown.start:shown.end]
    assert len(shown.text) <= max(limit, 0) or len(text) <= limit


def test_a_reference_to_an_earlier_answer_shows_the_words_that_answer_now() -> None:
    """V6: "How are the networks funded?" refers to Erfurt's page, which answer 1 showed from
    „Es entstand als Folge …“, by its funding words there, not by the page's opening about how
    the network began; the reference is always out of what answer 1 showed."""
    transfer = "Which network models have proven transferable to other towns?"
    for question in ("How are the networks funded?", "Finanzierung?", "Ağlar nasıl finanse ediliyor?"):
        for shown_for in (transfer, "Finanzierung?"):
            part = teaser(BACKGROUND, question, shown_for)
            assert "finanziert" in part.text and "Mittel des Bundesministeriums" in part.text, question
            assert part.cut_before and len(part.text) <= TEASER
    # Nothing of the question in what was shown: the start of what was shown.
    shown = excerpt(BACKGROUND, "Finanzierung?", 420)
    assert teaser(BACKGROUND, "Wetter morgen", "Finanzierung?").start == shown.start > 0
    assert teaser(BACKGROUND, "Wetter morgen", "").start == 0
    assert teaser("Kurz.", "Finanzierung?", "").text == "Kurz."
    # Shown whole (a lesson with its solution): anywhere in it.
    assert "finanziert" in teaser(BACKGROUND, "Finanzierung?", "", whole=True).text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=600), st.text(max_size=60), st.text(max_size=60), st.integers(min_value=10, max_value=200))
def test_a_teaser_is_a_verbatim_stretch_of_what_was_shown(text: str, question: str, shown_for: str,
                                                          limit: int) -> None:
    part = teaser(text, question, shown_for, limit=limit)
    shown = excerpt(text, shown_for, 420)
    assert shown.start <= part.start <= part.end <= shown.end
    assert part.text == text[part.start:part.end]
    assert len(part.text) <= limit or len(shown.text) <= limit
