"""A question clearly written in another language of the Latin script (French, Spanish, Italian,
Polish, ...: ``assistant/data/other_languages.toml``) is told which languages the sheets are in, as
one in Arabic or Cyrillic letters is (session 16 browser tester V10: "Comment financer un réseau
d'intégration ?" was answered as if it were German); a short German, English or Turkish question,
a typo, a network's or a place's name never is."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.analyse import query_language
from assistant.i18n import language_name
from assistant.language import (
    OtherLanguagesError,
    load_other_languages,
    other_languages,
    other_latin_language,
)
from assistant.languages import SUPPORTED
from assistant.messages import has
from assistant.notices import NoticeCode
from assistant.views.notices import message_text

ROOT = Path(__file__).resolve().parent.parent

OTHER = [
    ("Comment financer un réseau d'intégration ?", "fr"),
    ("Comment trouver des bénévoles ?", "fr"),
    ("Nous sommes une petite ville de 40 000 habitants, sans coordination.", "fr"),
    ("¿Cómo se financia la red?", "es"),
    ("¿Qué redes hay en Alemania?", "es"),
    ("¿Cómo encontramos voluntarios?", "es"),
    ("Come si finanzia la rete?", "it"),
    ("Chi coordina la rete di Erfurt?", "it"),
    ("Come troviamo volontari?", "it"),
    ("Jak finansować sieć integracyjną?", "pl"),
    ("Kto koordynuje sieć w Erfurcie?", "pl"),
    ("Jak znaleźć wolontariuszy?", "pl"),
    ("Como financiar uma rede de integração?", "pt"),
    ("Hoe financieren we het netwerk?", "nl"),
]

OURS = [
    # the brief's: a word or two, a typo, names
    "Finanzierung?", "Halberstadt", "Koordinasyon eksik", "volunters", "Dortmund vs Erfurt",
    "Integrationsnetzwerk Erfurt",
    # short questions of three words or more
    "Wer koordiniert in Erfurt?", "Wie finanziert sich das Netzwerk?", "Was lief schief?", "Kein Geld mehr",
    "Where do we begin?", "Who coordinates in Dortmund?", "How did they solve the language barriers?",
    "don't want a male doctor", "volunteers keep quitting", "Ne zaman kuruldu?", "Dortmund'da ne yapılıyor?",
    "Gonulluler icin ne yapabiliriz", "Dil engellerini nasıl çözdüler?", "Nasıl finanse ediliyor?",
    # loan words, names of places and people, a network's name in another language
    "Café International in Erfurt?", "Gibt es in Erfurt ein Café International?", "Networks in Lyon and Marseille?",
    "den Haag Amsterdam Rotterdam", "Roma Paris Madrid Lisboa", "de la Cruz Ansprechpartnerin",
    "Sprachcafé und Mentoring Programme", "Netzwerk Migration Integration Partizipation",
]


@pytest.mark.parametrize(("question", "language"), OTHER)
def test_a_question_in_another_latin_script_language_is_named(question: str, language: str) -> None:
    assert query_language(question) == language


@pytest.mark.parametrize("question", OURS)
def test_short_german_english_turkish_questions_names_and_typos_are_not(question: str) -> None:
    for variant in (question, question.lower()):
        assert other_latin_language(variant) is None, variant
        assert query_language(variant) in SUPPORTED, variant


def _eval_questions() -> list[str]:
    files = sorted([*ROOT.glob("eval/*.jsonl"), *ROOT.glob("eval/growth/**/*.jsonl")])
    return [json.loads(line)["query"] for path in files
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_no_eval_question_is_taken_for_another_language() -> None:
    questions = _eval_questions()
    assert len(questions) >= 1242  # eval/*.jsonl and eval/growth/**/*.jsonl (session 18, fresh10 wired in: 1,242)
    flagged = [variant for text in questions for variant in (text, text.lower())
               if other_latin_language(variant) or query_language(variant) not in SUPPORTED]
    assert flagged == []


def test_no_run_of_words_of_an_eval_question_is_taken_for_another_language() -> None:
    """Every run of three to six words of the eval questions: what a short question is made of."""
    runs: dict[str, None] = {}
    for text in _eval_questions():
        words = text.split()
        for size in (3, 4, 5, 6):
            for start in range(max(1, len(words) - size + 1)):
                run = " ".join(words[start:start + size])
                runs.update(dict.fromkeys((run, run.lower())))
    assert len(runs) > 60_000  # session 17: 61,289
    assert [run for run in runs if other_latin_language(run)] == []


@given(st.text(max_size=200))
def test_any_text_is_another_language_of_the_file_or_none(text: str) -> None:
    assert other_latin_language(text) in (None, *other_languages())


def test_each_other_language_is_named_in_every_catalogue() -> None:
    assert {"fr", "es", "it", "pl"} <= set(other_languages())
    for code in other_languages():
        assert has(f"language_{code}")
        names = {language_name(code, lang) for lang in SUPPORTED}
        assert code not in names and len(names) == len(SUPPORTED)  # a name of its own in each language


@pytest.mark.parametrize(("text", "message"), [
    ('languages = ["fr", "de"]\n', "'de' is a supported language"),
    ('languages = ["fr", "xx"]\n', "'xx': wordfreq has no word list"),
    ('languages = "fr"\n', "a list of ISO 639-1 codes"),
])
def test_a_mistake_in_the_data_file_names_its_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "other_languages.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(OtherLanguagesError, match=message) as error:
        load_other_languages(path)
    assert error.value.line == 1


@pytest.mark.heavy
@pytest.mark.parametrize(("question", "language"), [OTHER[0], OTHER[3], OTHER[6], OTHER[9]])
def test_the_chat_says_which_languages_it_covers(seed_engine, question: str, language: str) -> None:
    for ui in SUPPORTED:
        answer = seed_engine.chat(question, ui_language=ui)
        notices = [n for n in answer.notices if n.code is NoticeCode.OTHER_LANGUAGE]
        assert [n.params for n in notices] == [{"language": language}]
        assert language_name(language, ui) in (message_text(answer.notices, ui) or "")
        assert answer.ui_language == ui and answer.matched  # still answered, in the interface's language
    assert seed_engine.question_language(question) is None  # never switches the interface


@pytest.mark.heavy
@pytest.mark.parametrize("question", ["Finanzierung?", "Halberstadt", "Koordinasyon eksik", "volunters",
                                      "Dortmund vs Erfurt", "Integrationsnetzwerk Erfurt", "Wer koordiniert in Erfurt?",
                                      "How did they solve the language barriers?", "Nasıl finanse ediliyor?"])
def test_the_chat_answers_short_questions_without_the_notice(seed_engine, question: str) -> None:
    answer = seed_engine.chat(question, ui_language="de")
    assert NoticeCode.OTHER_LANGUAGE not in {n.code for n in answer.notices}
    assert answer.language in SUPPORTED
