"""Language of questions, short ones included (lingua restricted to DE/EN/TR,
plus the script check for questions in other languages)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.language import MIN_CLEAR_WORDS, SUPPORTED, clear_language, detect_language, own_words_language

SHORT_QUESTIONS = [
    ("Ehrenamtliche gesucht", "de"),
    ("Koordinasyon eksik", "tr"),
    ("Mülteci entegrasyonu", "tr"),
    ("Sprachbarrieren", "de"),
    ("Finanzierung?", "de"),
    ("Was hat Halberstadt gelernt?", "de"),
    ("volunteers wanted", "en"),
    ("funding for a coordinator", "en"),
    ("Gönüllüler nerede?", "tr"),
    ("Dortmund'da ne yapılıyor?", "tr"),
    ("Kein Geld mehr", "de"),
    ("language barriers", "en"),
    ("Ansprechpartner in Erfurt", "de"),
    ("dil engeli", "tr"),
    ("who coordinates the network", "en"),
]


@pytest.mark.parametrize(("question", "language"), SHORT_QUESTIONS)
def test_short_questions_get_their_language(question: str, language: str) -> None:
    assert detect_language(question) == language


@pytest.mark.parametrize(
    ("question", "language"),
    [("Как найти волонтёров?", "ru"), ("كيف نجد متطوعين؟", "ar"), ("Πώς βρίσκουμε εθελοντές;", "el"),
     ("ボランティアを探す", "ja"), ("Як знайти волонтерів?", "uk")],
)
def test_other_scripts_are_named(question: str, language: str) -> None:
    assert detect_language(question) == language


@pytest.mark.parametrize("text", ["", "   ", "123 456", "😀👍", "?!"])
def test_no_signal_gives_the_default(text: str) -> None:
    assert detect_language(text, default="tr") == "tr"


def test_broken_unicode_is_no_error() -> None:
    assert detect_language("Ehrenamt \ud800 gewinnen \udfff\udcff") == "de"


@given(st.text(max_size=200))
def test_any_text_gives_a_code(text: str) -> None:
    code = detect_language(text, default="xx")
    assert code == "xx" or code in SUPPORTED or (len(code) == 2 and code.isalpha())


# --------------------------------------------------------------------------- clearly in a language (V1)


@pytest.mark.parametrize(
    ("question", "language"),
    [("Gönüllüler neden ayrılıyor ve ne yapabiliriz?", "tr"), ("How are the networks funded?", "en"),
     ("Meine Frau ist im Krankenhaus, was soll ich tun?", "de"), ("Was können wir tun?", "de"),
     ("Ağlar nasıl finanse ediliyor?", "tr")],
)
def test_a_question_clearly_in_a_language(question: str, language: str) -> None:
    assert clear_language(question) == language


@pytest.mark.parametrize(
    "question",
    # Typos, a word or two, "vs" between names (masked away): what a user types in any interface.
    ["Fundng?", "Finanzman?", "fundig", "Finansmn?", "vs", " vs ", "Wer koordinirt in ?", "Ehrenamtliche gesucht",
     "Koordinasyon eksik", "Finanzierung?", "volunteers wanted", "Как найти волонтёров и что делать?"],
)
def test_no_clear_language_in_a_short_or_mistyped_question(question: str) -> None:
    assert clear_language(question) is None


@given(st.text(max_size=200))
def test_a_clear_language_is_a_supported_one_of_enough_words(text: str) -> None:
    found = clear_language(text)
    assert found is None or (found in SUPPORTED and len(re.findall(r"[^\W\d_]+", text)) >= MIN_CLEAR_WORDS)


@given(st.lists(st.sampled_from(["Fundng", "vs", "Erfurt", "Finanzman", "koordinirt", "?", "Dortmund", "fundig"]),
                max_size=2))
def test_two_words_never_have_a_clear_language(words: list[str]) -> None:
    assert clear_language(" ".join(words)) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("Gönüllülerimiz sürekli bırakıyor, ne yapmalıyız?", "tr"),  # one Turkish stop word; lingua 1.000
    ("Belediyemizde koordinasyon eksik, gönüllüler az. Ne yapabiliriz?", "tr"),
    ("Erfurt vs Halberstadt", None),  # lingua 0.963 German, and only three words
    ("Finanzman?", None),
    ("Wer koordinirt in ?", None),  # lingua 0.580 (the name masked, as the chat masks it)
])
def test_a_long_question_is_clear_when_lingua_is_sure(text: str, expected: str | None) -> None:
    from assistant.language import clear_language

    assert clear_language(text) == expected


# --------------------------------------------------------------------------- a language's own words (s19 tester)


@pytest.mark.parametrize(("question", "language"), [
    # Three words or more, two of them a language's own, none another's: a Turkish question with one stop
    # word or none (the names masked, as the chat masks them) was answered in the browser's language.
    ("Gönüllülerle nasıl çalışıyorlar?", "tr"),  # "gönüllülerle" is in no word list
    ("Gönüllülerle nasıl çalışıyorsunuz?", "tr"),
    ("nasıl koordine ediliyor?", "tr"),  # "Erfurt nasıl koordine ediliyor?"
    ("kim koordine ediyor?", "tr"),  # "Erfurt'ta kim koordine ediyor?"
])
def test_a_question_of_a_languages_own_words_is_clear(question: str, language: str) -> None:
    assert clear_language(question) == language


@pytest.mark.parametrize(("question", "language", "words"), [
    ("Finansman?", "tr", 1), ("İletişim bilgileri?", "tr", 2), ("Gönüllüler?", "tr", 1),
    ("Finanzierung?", "de", 1), ("Kontakt?", "de", 1), ("Ehrenamtliche gesucht", "de", 2),
    ("Funding?", "en", 1), ("Volunteers?", "en", 1), ("volunteers wanted", "en", 2),
])
def test_a_word_or_two_of_a_languages_own(question: str, language: str, words: int) -> None:
    """Evidence enough to offer the language (the answer stays in the user's), not to switch to it."""
    assert own_words_language(question) == (language, words)
    assert clear_language(question) is None


@pytest.mark.parametrize("question", [
    # typos and forms no list has; words as common in two languages ("team", "integration", "vs", the stop
    # word "in"); words of two languages
    "Fundng?", "Finanzman?", "fundig", "Finansmn?", "Team?", "Integration?", "Contact details?", "vs", "?",
    "Wer koordinirt in ?", "Funding Finanzierung", "",
])
def test_no_languages_own_words(question: str) -> None:
    assert own_words_language(question) is None
