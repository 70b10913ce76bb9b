"""Which of two compared networks has more members (session 18 browser tester W7): "Welches der beiden hat
mehr Mitglieder?", "Which of the two has more members?", "İkisinden hangisinin daha fazla üyesi var?" after
"Dortmund vs Erfurt" listed each one's members row and never said which. The short answer says which one's
sheets state the larger count, each count cited by its verbatim quote ("Circa 80" [1], "über 60 Akteure"
[2] against "Three NGOs …" [3]); a network whose members row states no count is said to state none, and then
no network is said to have more."""

from __future__ import annotations

import pytest
from helpers import fact_quote, in_its_sheet, last_answer, template_lead

from assistant.answer import ChatAnswer, Part, Quote
from assistant.i18n import t
from assistant.summary import verdict_sentences

WHICH = {"de": "Welches der beiden hat mehr Mitglieder?", "en": "Which of the two has more members?",
         "tr": "İkisinden hangisinin daha fazla üyesi var?"}


def _members(answer: ChatAnswer, network_id: str) -> list[Quote]:
    return [q for q in answer.part(Part.FACTS) if q.fact == "members" and q.network_id == network_id]


@pytest.mark.heavy
@pytest.mark.parametrize("lang", ["de", "en", "tr"])
def test_the_one_with_the_larger_count_is_named(seed_engine, lang: str) -> None:  # noqa: ANN001
    answer = last_answer(seed_engine, ["Erfurt vs Halberstadt", WHICH[lang]], lang)
    assert answer.named == ["erfurt", "halberstadt"]
    summary = answer.summary or ""
    assert summary.startswith(template_lead("summary_larger", lang, network="Erfurt"))
    erfurt, halberstadt = _members(answer, "erfurt"), _members(answer, "halberstadt")
    assert erfurt and halberstadt and halberstadt[0].text.startswith("Three NGOs")
    for quote in (*erfurt, *halberstadt):  # each count cited, from the sheet word for word
        assert f"[{quote.number}]" in summary and in_its_sheet(quote)
    assert summary.index("Erfurt:") < summary.index("Halberstadt:")


@pytest.mark.heavy
@pytest.mark.parametrize("lang", ["de", "en", "tr"])
def test_a_sheet_that_states_no_count_is_said_so(seed_engine, lang: str) -> None:  # noqa: ANN001
    """Dortmund's members row ("Both city-wide actors and members …") gives no number: not which has more."""
    answer = last_answer(seed_engine, ["Dortmund vs Erfurt", WHICH[lang]], lang)
    summary = answer.summary or ""
    dortmund = _members(answer, "dortmund")
    assert dortmund and in_its_sheet(dortmund[0])
    assert t("summary_larger_not_stated", lang, networks="Dortmund", refs=f"[{dortmund[0].number}]") in summary
    assert template_lead("summary_larger", lang, network="Erfurt") not in summary
    assert all(f"[{q.number}]" in summary for q in _members(answer, "erfurt"))


def _fact(number: int, network_id: str, text: str) -> Quote:
    return fact_quote(number, network_id, text, "members")


def test_counts_that_overlap_say_no_network_has_more() -> None:
    facts = [_fact(1, "a", "Circa 80"), _fact(2, "a", "more than 40 actors"), _fact(3, "b", "60 members")]
    sentences = verdict_sentences(facts, ["a", "b"], "en")
    assert sentences[0].startswith(template_lead("summary_larger_unclear", "en")) and "[1]" in sentences[0]


def test_one_network_is_no_comparison() -> None:
    assert verdict_sentences([_fact(1, "a", "Circa 80")], ["a"], "en") == []
