""""Wie haben die das mit den Sprachbarrieren gelöst?" after a described situation (session 16 browser
tester V2): the short answer tells what the sheets say was done (a challenge's solution, a practice)
apart from the challenges they name without a solution, which it says are only the problem, never
as if they were the answer ("Competitive behaviour (e.g. among language course providers)" was)."""

from __future__ import annotations

import re

import pytest

from assistant.answer import Conversation, Part, Quote
from assistant.chat import split_solution
from assistant.i18n import t
from assistant.intents import analyse_intent
from assistant.models import SectionKind
from assistant.summary import summary_in

SITUATION = {
    "de": "Wir sind eine Kleinstadt mit 40.000 Einwohnern, drei Vereine machen jeweils ihr eigenes Ding, "
          "keine Koordination",
    "en": "We are a small town of 40,000 inhabitants, three associations each do their own thing, no coordination",
    "tr": "40.000 nüfuslu küçük bir kasabayız, üç dernek her biri kendi işini yapıyor, koordinasyon yok",
}
SOLVED = {
    "de": "Wie haben die das mit den Sprachbarrieren gelöst?",
    "en": "How did they solve the language barriers?",
    "tr": "Dil engellerini nasıl çözdüler?",
}


@pytest.mark.parametrize("question", [*SOLVED.values(), "Welche Lösungen gibt es für fehlende Koordination?",
                                      "How did Dortmund deal with volunteers leaving?", "Sprachbarrieren: wie gelöst?",
                                      "Bu sorunun üstesinden nasıl geldiler?"])
def test_a_question_how_it_was_solved(question: str) -> None:
    assert analyse_intent(question, question).solved


@pytest.mark.parametrize("question", ["Finanzierung?", "Was lief schief?", "What went wrong?", "Sorunlar neydi?",
                                      "How are they funded?", "Wer koordiniert in Erfurt?", "Nasıl finanse ediliyor?"])
def test_other_questions_do_not_ask_how_it_was_solved(question: str) -> None:
    assert not analyse_intent(question, question).solved


def test_a_solution_after_its_marker_without_a_colon() -> None:
    """Dortmund's "…; solution through communication skills and patience" gives its solution, so it is
    never said to be a problem without one; "no solution yet" gives none."""
    problem, solution = split_solution("At the beginning: Task delimitation; solution through communication skills")
    assert (problem, solution) == ("At the beginning: Task delimitation", "through communication skills")
    assert split_solution("long waiting; no solution yet, cases are referred")[1] is None
    assert split_solution("Probleme mit Lösungen durch Dritte")[1] is None


def _lead(key: str, lang: str) -> str:
    """The words of a summary sentence before its references."""
    return t(key, lang, refs="\x00").split("\x00")[0]


def _refs(text: str) -> set[int]:
    return {int(n) for n in re.findall(r"\[(\d+)\]", text)}


def _unsolved(quote: Quote) -> bool:
    return quote.section == SectionKind.CHALLENGES.value and not quote.solution


@pytest.mark.heavy
@pytest.mark.parametrize("lang", ["de", "en", "tr"])
def test_after_a_situation_problems_without_a_solution_are_said_to_be_so(seed_engine, lang: str) -> None:
    first = seed_engine.chat(SITUATION[lang], ui_language=lang)
    answer = seed_engine.chat(SOLVED[lang], conversation=Conversation(turns=[first]), ui_language=lang)
    direct = answer.part(Part.DIRECT)
    unsolved = {q.number for q in direct if _unsolved(q)}
    done = {q.number for q in direct if not _unsolved(q)}
    # the seed sheets: Dortmund's language mediators (a solution) and challenges that give none
    assert unsolved and any(q.solution and "language mediators" in q.solution for q in direct)
    summary = answer.summary or ""
    solved_lead, unsolved_lead = _lead("summary_solved", lang), _lead("summary_unsolved", lang)
    assert summary.startswith(solved_lead) and unsolved_lead in summary
    said_done, said_unsolved = summary.split(unsolved_lead)
    assert _refs(said_unsolved.split(".")[0]) == unsolved and _refs(said_done) == done
    # said again in another interface language, the same way
    for other in {"de", "en", "tr"} - {lang}:
        again = summary_in(answer, other) or ""
        assert _lead("summary_unsolved", other) in again
        assert _refs(again.split(_lead("summary_unsolved", other))[1].split(".")[0]) == unsolved


@pytest.mark.heavy
def test_a_question_that_asks_no_solution_keeps_its_short_answer(seed_engine) -> None:
    first = seed_engine.chat(SITUATION["de"], ui_language="de")
    answer = seed_engine.chat("Was lief schief?", conversation=Conversation(turns=[first]), ui_language="de")
    assert _lead("summary_unsolved", "de") not in (answer.summary or "")
