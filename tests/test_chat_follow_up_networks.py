"""Which networks a follow-up that names none is about (session 16 browser tester V6).

V6: "How is it funded?" right after an answer whose short answer stated one network's row ("Dortmund –
Fields of action: Health [4]", the other networks' passages below it) answered every quoted network's
funding, Erfurt first: "the networks an answer stated facts of" counted its fact rows, not a row's value
it says as a fact.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from assistant.answer import ChatAnswer, Conversation
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
