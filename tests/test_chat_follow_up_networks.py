"""Which networks a follow-up that names none is about (session 16 browser tester V6, V8).

V6: "How is it funded?" right after an answer whose short answer stated one network's row ("Dortmund –
Fields of action: Health [4]", the other networks' passages below it) answered every quoted network's
funding, Erfurt first: "the networks an answer stated facts of" counted its fact rows, not a row's value
it says as a fact. V8: "Halberstadt" -> "Finansman?" -> "Gönüllüler?" dropped Halberstadt (Erfurt's and
Dortmund's target-group rows instead, though Halberstadt's lists volunteers): a topic of the vocabulary
alone was no part asked alone.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from assistant.answer import ChatAnswer, Conversation
from assistant.follow_up import _asks_only_a_topic
from assistant.summary import networks_stated


def _converse(engine, turns: Sequence[str], ui: str) -> list[ChatAnswer]:  # noqa: ANN001 - the real engine
    conversation = Conversation()
    for text in turns:
        conversation.turns.append(engine.chat(text, conversation=conversation, ui_language=ui))
    return conversation.turns


@pytest.fixture(scope="module")
def engine(seed_engine):  # noqa: ANN001 - the session's real engine
    return seed_engine


# --------------------------------------------------------------------------- V6: "it" is the network stated


@pytest.mark.heavy
@pytest.mark.parametrize(("first", "follow_up", "ui"), [
    # the tester asked "Which network could we copy for refugee women's health?" (a request for a match, V5)
    ("Which network does something for refugee women's health?", "How is it funded?", "en"),
    ("Welches Netzwerk macht etwas für die Gesundheit geflüchteter Frauen?", "Wie wird es finanziert?", "de"),
    ("Mülteci kadınların sağlığı için hangi ağ var?", "Nasıl finanse ediliyor?", "tr"),
])
def test_it_after_a_row_said_as_a_fact_is_that_network(engine, first: str, follow_up: str, ui: str) -> None:  # noqa: ANN001
    answer, funded = _converse(engine, [first, follow_up], ui)
    stated = networks_stated(answer)
    # the premise: the short answer states one network's row, and other networks are quoted below it
    assert len(stated) == 1 and len({q.network_id for q in answer.answer}) > 1, (answer.summary, stated)
    assert funded.named == stated and "money" in funded.intents, (funded.named, funded.summary)
    assert funded.answer and {q.network_id for q in funded.answer} == set(stated), funded.summary
    assert funded.answer[0].section == "resources"


# --------------------------------------------------------------------------- V8: a topic alone, in a chain


@pytest.mark.heavy
@pytest.mark.parametrize(("turns", "ui"), [
    (("Halberstadt", "Finansman?", "Gönüllüler?"), "tr"),
    (("Halberstadt", "Finanzierung?", "Ehrenamt?"), "de"),
    (("Halberstadt", "Funding?", "Volunteers?"), "en"),
    (("Halberstadt", "Ehrenamtliche?"), "de"),
])
def test_a_topic_alone_right_after_a_network_stays_with_it(engine, turns: Sequence[str], ui: str) -> None:  # noqa: ANN001
    *_, volunteers = _converse(engine, turns, ui)
    assert volunteers.matched and volunteers.named == ["halberstadt"], (volunteers.named, volunteers.summary)
    assert {q.network_id for q in volunteers.answer} == {"halberstadt"}, volunteers.summary
    # its target-group row lists volunteers ("Migrants; …; Volunteers; Companies")
    assert any(q.fact == "target_groups" and "Volunteers" in (q.value or "") for q in volunteers.answer)
    assert volunteers.summary is not None and volunteers.summary.startswith("Halberstadt"), volunteers.summary
    assert volunteers.query == turns[-1]


@pytest.mark.heavy
@pytest.mark.parametrize(("text", "ui"), [("Gönüllüler?", "tr"), ("Ehrenamt?", "de"), ("Volunteers?", "en")])
def test_a_topic_alone_asked_first_is_every_networks(engine, text: str, ui: str) -> None:  # noqa: ANN001
    answer = engine.chat(text, ui_language=ui)
    assert answer.matched and not answer.named and len({q.network_id for q in answer.answer}) > 1


@pytest.mark.parametrize(("text", "alone"), [
    ("Gönüllüler?", True), ("Ehrenamt?", True), ("Ehrenamtliche?", True), ("Volunteers?", True),
    ("volunteers", True), ("Und Ehrenamt?", True),
    ("Wie gewinnen wir Ehrenamtliche?", False), ("How do we keep volunteers?", False),
    ("Gönüllüleri nasıl buluruz?", False), ("Wetter?", False), ("Hallo", False)])
def test_a_topic_alone_is_nothing_but_its_words(text: str, alone: bool) -> None:
    assert _asks_only_a_topic(text) is alone
