"""A follow-up asking how "that" was solved carries the topic asked before it (session 18 browser tester
W1): "Wie haben die das gelöst?" right after "Finanzierung?" answered "solved" in general (challenges of
anything, "Die Geschäftsstelle des Netzwerkes befindet sich im ZIM"), not how the networks solved their
funding; so did "How did they solve that?" and "Bunu nasıl çözdüler?". A question with a topic of its own
("… mit den Sprachbarrieren gelöst?") keeps it, and after a described situation the question is about its
closest networks, as before (tests/test_chat_solved.py)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from assistant.answer import ChatAnswer, Conversation, Part
from assistant.follow_up import asks_how_that_was_solved
from assistant.i18n import t
from assistant.models import SectionKind

TOPIC = {"de": "Finanzierung?", "en": "Funding?", "tr": "Finansman?"}
SOLVED = {"de": "Wie haben die das gelöst?", "en": "How did they solve that?", "tr": "Bunu nasıl çözdüler?"}
AND_DORTMUND = {"de": "Und Dortmund?", "en": "And Dortmund?", "tr": "Peki Dortmund?"}


@pytest.mark.parametrize("question", [*SOLVED.values(), "Nasıl çözdüler?", "Wie hat Dortmund das gelöst?",
                                      "Wie haben die das Problem gelöst?", "How did they deal with it?"])
def test_a_question_how_that_was_solved_names_no_topic(question: str) -> None:
    assert asks_how_that_was_solved(question)


@pytest.mark.parametrize("question", ["Wie haben die das mit den Sprachbarrieren gelöst?",
                                      "How did they solve the language barriers?", "Dil engellerini nasıl çözdüler?",
                                      "Welche Lösungen gibt es für fehlende Koordination?", "Finanzierung?",
                                      "How did Dortmund deal with volunteers leaving?", "Wer koordiniert dort?"])
def test_a_question_with_a_topic_of_its_own_is_not_carried(question: str) -> None:
    assert not asks_how_that_was_solved(question)


def _converse(engine, turns: Sequence[str], lang: str) -> ChatAnswer:  # noqa: ANN001 - the real engine
    conversation = Conversation()
    for text in turns:
        conversation.turns.append(engine.chat(text, conversation=conversation, ui_language=lang))
    return conversation.turns[-1]


def _lead(key: str, lang: str) -> str:
    return t(key, lang, refs="\x00").split("\x00")[0]


@pytest.mark.heavy
@pytest.mark.parametrize("lang", ["de", "en", "tr"])
def test_how_they_solved_that_is_about_the_topic_before(seed_engine, lang: str) -> None:  # noqa: ANN001
    answer = _converse(seed_engine, [TOPIC[lang], SOLVED[lang]], lang)
    assert answer.query == SOLVED[lang] and answer.read_question.startswith(TOPIC[lang])
    assert "money" in answer.intents
    direct = answer.part(Part.DIRECT)
    # every network's funding first (the funding answer's networks: "die", "they"), said as what was done
    assert direct[0].section == SectionKind.RESOURCES.value
    assert {q.network_id for q in direct if q.section == SectionKind.RESOURCES.value} == set(answer.named)
    assert len(answer.named) == 3
    assert (answer.summary or "").startswith(_lead("summary_solved", lang))


@pytest.mark.heavy
@pytest.mark.parametrize("lang", ["de", "en", "tr"])
def test_the_carried_topic_goes_on_to_an_ellipsis(seed_engine, lang: str) -> None:  # noqa: ANN001
    """"Finanzierung?" → "Wie haben die das gelöst?" → "Und Dortmund?": how Dortmund solved its funding."""
    answer = _converse(seed_engine, [TOPIC[lang], SOLVED[lang], AND_DORTMUND[lang]], lang)
    assert answer.named == ["dortmund"] and "money" in answer.intents
    assert answer.part(Part.DIRECT)[0].section == SectionKind.RESOURCES.value


@pytest.mark.heavy
@pytest.mark.parametrize("lang", ["de", "en", "tr"])
def test_after_a_network_alone_there_is_no_topic_to_carry(seed_engine, lang: str) -> None:  # noqa: ANN001
    answer = _converse(seed_engine, ["Dortmund", SOLVED[lang]], lang)
    assert answer.named == ["dortmund"] and "money" not in answer.intents and answer.read_as is not None
    assert not answer.read_question.startswith("Dortmund")


@pytest.mark.heavy
@pytest.mark.parametrize("lang", ["de", "en", "tr"])
def test_how_they_solved_that_is_that_topic_alone(seed_engine, lang: str) -> None:  # noqa: ANN001
    """Session 19 browser tester F8: "How did they solve that?" after "Funding?" also listed Dortmund's
    lesson "At the beginning: language barriers; solution: … subsidies for language mediators" (its words
    asked for challenges of anything; its solution names money, its problem does not). Now how each network
    solved its funding, and nothing else; so too after "Und Dortmund?"."""
    answer = _converse(seed_engine, [TOPIC[lang], SOLVED[lang]], lang)
    direct = answer.part(Part.DIRECT)
    assert answer.intents == ["money"] and answer.asked is not None and answer.asked.solved
    assert not [q for q in direct if q.section == SectionKind.CHALLENGES.value]
    assert {q.network_id for q in direct if q.section == SectionKind.RESOURCES.value} == {
        "dortmund", "erfurt", "halberstadt"}
    after = _converse(seed_engine, [TOPIC[lang], SOLVED[lang], AND_DORTMUND[lang]], lang)
    assert not [q for q in after.part(Part.DIRECT) if q.section == SectionKind.CHALLENGES.value]


@pytest.mark.heavy
@pytest.mark.parametrize("lang", ["de", "en", "tr"])
def test_how_they_solved_what_went_wrong_is_still_the_challenges(seed_engine, lang: str) -> None:  # noqa: ANN001
    wrong = {"de": "Was lief schief?", "en": "What went wrong?", "tr": "Neler ters gitti?"}
    answer = _converse(seed_engine, [wrong[lang], SOLVED[lang]], lang)
    assert "lessons" in answer.intents
    assert any(q.section == SectionKind.CHALLENGES.value for q in answer.part(Part.DIRECT))
