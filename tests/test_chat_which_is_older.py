"""Which of two compared networks is older (session 19 browser tester): "Welches ist älter?", "Which is
older?", "Hangisi daha eski?" after "Vergleiche Erfurt und Dortmund" listed both founding years and never
said which. The short answer says which one's sheets state the earlier year, each year cited by its quote
(Erfurt: 2004 [2] / 1999 [3] / „01.10.1999 …“ [4] against Dortmund's 2016 [1]); a network whose sheets state
no founding year (Halberstadt) is said to state none, and then no network is said to be older. Done as
"Welches der beiden hat mehr Mitglieder?" is (tests/test_chat_which_has_more.py). "Welches ist jünger?",
"Which is younger?", "Hangisi daha yeni?" the same way, the later year winning (Dortmund's 2016)."""

from __future__ import annotations

import pytest
from helpers import fact_quote, in_its_sheet, last_answer, template_lead

from assistant.answer import ChatAnswer, Part, Quote
from assistant.i18n import t
from assistant.intents import analyse_intent
from assistant.summary import summary_in, verdict_sentences

OLDER = {"de": "Welches ist älter?", "en": "Which is older?", "tr": "Hangisi daha eski?"}
YOUNGER = {"de": "Welches ist jünger?", "en": "Which is younger?", "tr": "Hangisi daha yeni?"}
COMPARE = {"de": "Vergleiche Erfurt und Dortmund", "en": "Compare Erfurt and Dortmund",
           "tr": "Erfurt ve Dortmund'u karşılaştır"}


def _years(answer: ChatAnswer, network_id: str) -> list[Quote]:
    return [q for q in answer.part(Part.FACTS) if q.fact == "founding_year" and q.network_id == network_id]


@pytest.mark.parametrize("question", [*OLDER.values(), "Which one is older?", "Welches Netzwerk ist älter?",
                                      "Hangisi daha önce kuruldu?", "Which was founded first?"])
def test_a_question_which_is_older(question: str) -> None:
    intent = analyse_intent(question, question)
    assert intent.older and "founding" in intent.intents


@pytest.mark.parametrize("question", ["Wann wurde Erfurt gegründet?", "Angebote für ältere Menschen?",
                                      "Which of the two has more members?", "Kaç üyesi var?"])
def test_other_questions_do_not_ask_which_is_older(question: str) -> None:
    assert not analyse_intent(question, question).older


@pytest.mark.heavy
@pytest.mark.parametrize("lang", ["de", "en", "tr"])
def test_the_one_with_the_earlier_year_is_named(seed_engine, lang: str) -> None:  # noqa: ANN001
    answer = last_answer(seed_engine, [COMPARE[lang], OLDER[lang]], lang)
    assert sorted(answer.named) == ["dortmund", "erfurt"]
    summary = answer.summary or ""
    assert summary.startswith(template_lead("summary_older", lang, network="Erfurt"))
    erfurt, dortmund = _years(answer, "erfurt"), _years(answer, "dortmund")
    assert len(erfurt) >= 2 and dortmund  # 2004 on the sheet, 1999 in its text: both cited
    for quote in (*erfurt, *dortmund):  # each year cited, from the sheet word for word
        assert f"[{quote.number}]" in summary and in_its_sheet(quote)
    assert summary.index("Erfurt:") < summary.index("Dortmund:")
    # the years answer it: no rows about anything else as context (verify tester: "Reduction of bureaucratic hurdles")
    assert not answer.part(Part.DIRECT), [q.text for q in answer.part(Part.DIRECT)]
    # said again in another interface language, the same way
    for other in {"de", "en", "tr"} - {lang}:
        assert (summary_in(answer, other) or "").startswith(template_lead("summary_older", other, network="Erfurt"))


@pytest.mark.heavy
@pytest.mark.parametrize("lang", ["de", "en", "tr"])
def test_a_sheet_that_states_no_year_is_said_so(seed_engine, lang: str) -> None:  # noqa: ANN001
    """Halberstadt's sheets state no founding year: said, and not which is older."""
    compare = {"de": "Vergleiche Erfurt und Halberstadt", "en": "Compare Erfurt and Halberstadt",
               "tr": "Erfurt ve Halberstadt'ı karşılaştır"}
    answer = last_answer(seed_engine, [compare[lang], OLDER[lang]], lang)
    summary = answer.summary or ""
    assert not _years(answer, "halberstadt")
    assert t("summary_older_not_stated", lang, networks="Halberstadt") in summary
    assert template_lead("summary_older", lang, network="Erfurt") not in summary
    assert all(f"[{q.number}]" in summary for q in _years(answer, "erfurt"))


def _year(number: int, network_id: str, text: str) -> Quote:
    return fact_quote(number, network_id, text, "founding_year")


def test_years_that_overlap_say_no_network_is_older() -> None:
    facts = [_year(1, "a", "2004"), _year(2, "a", "Since 1999"), _year(3, "b", "2001")]
    sentences = verdict_sentences(facts, ["a", "b"], "en", "older")
    assert sentences == [t("summary_older_unclear", "en", claims="A: 2004 [1] / Since 1999 [2]; B: 2001 [3]")]


def test_a_row_that_states_no_year_is_cited() -> None:
    facts = [_year(1, "a", "2004"), _year(2, "b", "Long ago")]
    sentences = verdict_sentences(facts, ["a", "b"], "en", "older")
    assert sentences[1] == t("summary_older_not_stated", "en", networks="B [2]")


@pytest.mark.parametrize("question", [*YOUNGER.values(), "Which is newer?", "Which one was founded later?",
                                      "Welches Netzwerk ist jünger?", "Hangisi daha genç?"])
def test_a_question_which_is_younger(question: str) -> None:
    intent = analyse_intent(question, question)
    assert intent.younger and not intent.older and "founding" in intent.intents


@pytest.mark.parametrize("question", [*OLDER.values(), "Angebote für jüngere Geflüchtete?",
                                      "Daha yeni başladık, ne yapmalıyız?", "Gibt es neuere Projekte?"])
def test_other_questions_do_not_ask_which_is_younger(question: str) -> None:
    # "daha yeni başladık": "we have only just started", no comparison
    assert not analyse_intent(question, question).younger


@pytest.mark.heavy
@pytest.mark.parametrize("lang", ["de", "en", "tr"])
def test_the_one_with_the_later_year_is_named_younger(seed_engine, lang: str) -> None:  # noqa: ANN001
    answer = last_answer(seed_engine, [COMPARE[lang], YOUNGER[lang]], lang)
    assert sorted(answer.named) == ["dortmund", "erfurt"]
    summary = answer.summary or ""
    assert summary.startswith(template_lead("summary_younger", lang, network="Dortmund")), summary
    for quote in (*_years(answer, "erfurt"), *_years(answer, "dortmund")):
        assert f"[{quote.number}]" in summary and in_its_sheet(quote)
    assert summary.index("Dortmund:") < summary.index("Erfurt:")
    assert not answer.part(Part.DIRECT), [q.text for q in answer.part(Part.DIRECT)]
    for other in {"de", "en", "tr"} - {lang}:
        assert (summary_in(answer, other) or "").startswith(template_lead("summary_younger", other, network="Dortmund"))


def test_years_that_overlap_say_no_network_is_younger() -> None:
    facts = [_year(1, "a", "2004"), _year(2, "a", "Since 1999"), _year(3, "b", "2001")]
    sentences = verdict_sentences(facts, ["a", "b"], "en", "younger")
    assert sentences == [t("summary_younger_unclear", "en", claims="A: 2004 [1] / Since 1999 [2]; B: 2001 [3]")]
