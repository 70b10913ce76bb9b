"""German compounds split into their parts for a question's BM25 tokens (assistant.compounds)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.compounds import MIN_PART, compound_parts
from assistant.languages import LANGUAGES
from assistant.tokenize import tokenize
from assistant.word_translations import translated_tokens


@pytest.mark.parametrize(("word", "parts"), [
    ("elternlotsen", ("eltern", "lotsen")),
    ("integrationsnetzwerk", ("integration", "netzwerk")),  # the joining s dropped
    ("koordinierungsstelle", ("koordinierung", "stelle")),
    ("ausländerbehörde", ("ausländer", "behörde")),
    ("ehrenamtskoordination", ("ehrenamt", "koordination")),
    ("willkommenskultur", ("willkommen", "kultur")),
    # As few parts as possible: a known word stays whole, not "hand|werk|kammer", "netz|werk|treffen".
    ("handwerkskammer", ("handwerk", "kammer")),
    ("netzwerktreffen", ("netzwerk", "treffen")),
    ("jugendmigrationsdienst", ("jugend", "migration", "dienst")),
])
def test_a_german_compound_splits_into_known_words(word: str, parts: tuple[str, ...]) -> None:
    assert compound_parts(word, "de") == parts


@pytest.mark.parametrize("word", [
    "netzwerk", "beratung", "zusammenarbeit",  # everyday words are words of their own
    "geflüchtete", "verantwortlichen", "mehrsprachigkeit",  # no two known parts
    "jobpaten", "amt", "",  # a part of three letters is too short to tell
    "sprach-café", "netzwerk2020",  # only letters
])
def test_a_word_that_is_no_compound_gives_no_parts(word: str) -> None:
    assert compound_parts(word, "de") == ()


@pytest.mark.parametrize(("word", "language"), [("volunteercoordination", "en"), ("gönüllükoordinasyonu", "tr")])
def test_only_languages_with_joining_letters_are_split(word: str, language: str) -> None:
    assert not LANGUAGES[language].compound_links
    assert compound_parts(word, language) == ()


def test_a_questions_tokens_have_the_parts_a_sheets_do_not() -> None:
    """The question "Elternlotsen in Kitas" matches "Lotsen für Eltern"; a sheet's own tokens
    stay as written (splitting the sheets' words too cost the English questions: they then
    met German sheets through the parts, docs/retrieval.md)."""
    question = tokenize("Elternlotsen in Kitas", "de", compounds=True)
    sheet = tokenize("Lotsen für Eltern", "de")
    assert set(sheet) <= set(question)
    assert tokenize("Elternlotsen in Kitas", "de") == ["elternlots", "kitas"]


def test_a_compounds_parts_are_translated() -> None:
    """"Elternlotsen" reaches English and Turkish sheets through its part "Eltern"."""
    found = translated_tokens("Elternlotsen", "de")
    assert "parent" in found and "aile" in found


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abcdefghiklmnoprstuwzäöüß", min_size=0, max_size=30))
def test_parts_spell_the_word(word: str) -> None:
    """Whatever the word, its parts are known words of at least MIN_PART letters that spell
    it in order, with at most one joining letter group after each but the last."""
    parts = compound_parts(word, "de")
    assert len(parts) != 1
    if parts:
        links = "|".join(sorted(LANGUAGES["de"].compound_links, key=len, reverse=True))
        pattern = f"(?:{links})?".join(re.escape(p) for p in parts)
        assert re.fullmatch(pattern, word)
        assert all(len(p) >= MIN_PART for p in parts)


def test_parts_are_read_from_the_large_list() -> None:
    """part_frequencies asks wordfreq for its "best" German list (shared with the language and
    everyday-word look-ups): that is the large list, read once."""
    from wordfreq import get_frequency_list

    from assistant.compounds import MIN_PART_FREQUENCY, part_frequencies

    last = int(round((9 - MIN_PART_FREQUENCY) * 100))
    large = {word: 9 - i / 100 for i, bucket in enumerate(get_frequency_list("de", "large")[: last + 1])
             for word in bucket if len(word) >= MIN_PART and word.isalpha()}
    assert part_frequencies("de") == large
