"""A follow-up that points back ("Wer koordiniert dort?", "How are they funded?", "Onu kim koordine
ediyor?", "Kontakt?") is about the networks the answer before was about (s8 tester Y11, Y4):
before, "Halberstadt → Who coordinates there?" showed another network's coordinator."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from assistant.chat import ChatAnswer, Conversation
from assistant.intents import refers_back


def _converse(engine, turns: Sequence[str], ui: str) -> ChatAnswer:  # noqa: ANN001 - the real engine
    conversation = Conversation()
    for text in turns:
        answer = engine.chat(text, conversation=conversation, ui_language=ui)
        conversation.turns.append(answer)
    return answer


@pytest.fixture(scope="module")
def engine(seed_engine):  # noqa: ANN001 - the session's real engine
    return seed_engine


@pytest.mark.parametrize(("turns", "ui", "network"), [
    (("Halberstadt", "Who coordinates there?"), "en", "halberstadt"),
    (("Halberstadt", "Wer koordiniert das Netzwerk?"), "de", "halberstadt"),
    (("Dortmund", "Wie viele Mitglieder haben sie?"), "de", "dortmund"),
    (("Dortmund", "How are they funded?"), "en", "dortmund"),
    (("Erfurt", "Onu kim koordine ediyor?"), "tr", "erfurt"),
    (("Halberstadt", "Was lief dort schief?"), "de", "halberstadt"),
    (("Erfurt", "Kontakt?"), "de", "erfurt"),  # a part every sheet has, right after one network
])
def test_a_follow_up_pointing_back_is_about_the_network_just_shown(engine, turns: Sequence[str], ui: str,  # noqa: ANN001
                                                                   network: str) -> None:
    answer = _converse(engine, turns, ui)
    assert answer.matched and answer.named == [network], turns
    assert answer.answer and {q.network_id for q in answer.answer[:3]} == {network}, turns
    assert answer.query == turns[-1]  # shown as the user wrote it, not with the name added


def test_pointing_back_after_a_described_situation_asks_about_its_closest_networks(engine) -> None:  # noqa: ANN001
    """Y4: "wer koordiniert das?" after a situation answer: the networks just recommended."""
    first = engine.chat("Wir sind eine Kleinstadt ohne Koordination und mit vielen Ehrenamtlichen.", ui_language="de")
    assert first.networks
    answer = engine.chat("wer koordiniert das?", conversation=Conversation(turns=[first]), ui_language="de")
    assert set(answer.named) == {m.network_id for m in first.networks[:3]}
    assert {q.network_id for q in answer.answer} >= set(answer.named)


@pytest.mark.parametrize("turns", [
    ("Wer koordiniert dort?",),  # nothing before it to point back to
    ("Finanzierung?", "Wie finanzieren sich die Netzwerke?"),  # no word pointing back
    ("Halberstadt", "Und Dortmund?"),  # an ellipsis names its own network
    ("Halberstadt", "Wie ist es in Dortmund dort?"),  # a network of its own
])
def test_a_question_with_its_own_network_or_no_pointer_is_not_redirected(engine, turns: Sequence[str]) -> None:  # noqa: ANN001
    answer = _converse(engine, turns, "de")
    assert "halberstadt" not in answer.named


@pytest.mark.parametrize(("text", "expected"), [
    ("Wer koordiniert dort?", True), ("Was kostet das?", True), ("How are they funded?", True),
    ("Who runs it?", True), ("Orada kim koordine ediyor?", True), ("Bu ağın üyeleri kimler?", True),
    ("Wie finanzieren sich Netzwerke?", False), ("Das ist ein Netzwerk von Vereinen", False),
    ("How does it work", False), ("Ehrenamtliche in Dortmund", False), ("Gönüllüler nasıl bulunur?", False),
])
def test_words_that_point_back(text: str, expected: bool) -> None:
    assert refers_back(text) is expected
