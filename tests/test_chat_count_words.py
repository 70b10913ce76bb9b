"""A count word that is a pronoun too counts only before a counted noun (session 18 browser tester W21):
"How many employees does Dortmund have?" showed "The passages found … give no figure for this" above
Dortmund's 'The "Welcome Offices" are staffed by one municipal employee and one employee of the welfare
association': "one" was left out of the English number words, being "one of the …", "no one has …" too.
It is a count now right before a word that is no stop word (`pronoun_number_words` in languages/en.toml).
German "ein" and Turkish "bir" are articles before any noun: still no count."""

from __future__ import annotations

import pytest

from assistant.answer import Part, Quote, no_figure, stated_count
from assistant.notices import NoticeCode

WELCOME_OFFICES = ('The "Welcome Offices" are staffed by one municipal employee and one employee of the welfare '
                   "association")


def _quote(text: str, language: str) -> Quote:
    return Quote(number=1, part=Part.DIRECT, network_id="x", network="X", location="", section="resources", text=text,
                 source="x.txt", language=language, start=0, end=len(text))


@pytest.mark.parametrize(("text", "language", "figure"), [
    (WELCOME_OFFICES, "en", True), ("One network coordinator financed by the City of Erfurt", "en", True),
    ("Staffed by one part-time coordinator", "en", True),
    # "one" as a pronoun, or before a word that is no noun of what is counted
    ("One of the members", "en", False), ("No one has frozen in the winter", "en", False),
    ("The one that works best", "en", False), ("a one-stop shop for newcomers", "en", False),
    ("Municipal one", "en", False), ("someone from the city helps", "en", False),
    # the articles are no count: "ein", "eine", "bir" before a noun
    ("Eine städtische Mitarbeiterin und ein Mitarbeiter des Verbands", "de", False),
    ("Ein Verein der Stadt", "de", False), ("Bir belediye çalışanı ve bir dernek", "tr", False),
    ("zwei Mitarbeiterinnen der Stadt", "de", True), ("iki belediye çalışanı", "tr", True),
])
def test_a_count_word_that_is_a_pronoun_counts_before_a_noun(text: str, language: str, figure: bool) -> None:
    assert no_figure([_quote(text, language)]) is not figure


@pytest.mark.parametrize(("text", "language", "count"), [
    ("Circa 80; represented are amongst others administrative bodies", "en", 80), ("über 60 Akteure", "de", 60),
    ("Three NGOs in the city of Halberstadt: Caritasverband", "en", 3), ("drei Vereine und die Stadt", "de", 3),
    ("üç dernek ve belediye", "tr", 3), ("Hunderte Ehrenamtliche", "de", 100), ("one municipal employee", "en", 1),
    ("Both city-wide actors and members active locally", "en", None), ("One of the members", "en", None),
    ("Bir dernek", "tr", None),
])
def test_the_count_a_quote_states(text: str, language: str, count: int | None) -> None:
    assert stated_count(_quote(text, language)) == count


@pytest.mark.heavy
@pytest.mark.parametrize(("question", "lang"), [
    ("How many employees does Dortmund have?", "en"), ("Wie viele Mitarbeiter hat Dortmund?", "de"),
    ("Dortmund'un kaç çalışanı var?", "tr")])
def test_one_municipal_employee_is_a_figure(seed_engine, question: str, lang: str) -> None:  # noqa: ANN001
    answer = seed_engine.chat(question, ui_language=lang)
    assert any(q.text == WELCOME_OFFICES for q in answer.answer)
    assert NoticeCode.NO_FIGURE not in {n.code for n in answer.notices}
