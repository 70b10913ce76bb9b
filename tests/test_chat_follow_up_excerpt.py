"""A long quote of an ellipsis follow-up is shown from the sentences that answer its topic
(session 14 browser tester T1).

"Ist das übertragbar?" → "und Dortmund?" (and "Peki Dortmund?", "and Dortmund?") showed the one
quote, Dortmund's transferability, from its sentence about the award to the "City of Dortmund":
the excerpt was chosen by the question as typed, whose only word is the city. "Finanzierung?" →
"und Erfurt?" showed Erfurt's German description from its tasks and hid the funding sentence
(„Das Netzwerk stellt zusätzlich beim Bund oder beim Land Anträge …“), asked in full too. The
answer keeps the question as read with the topic it took from the turns before
(:attr:`ChatAnswer.read_question`), and the excerpt answers that, as it does when asked in full.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from helpers import ask_app, run_app
from streamlit.testing.v1 import AppTest

from assistant.chat import ChatAnswer, Conversation
from assistant.excerpt import LONG_QUOTE, excerpt
from assistant.views.markdown import escape_markdown

pytestmark = pytest.mark.heavy  # the real engine

APP = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")
#: What answers Dortmund's transferability (its sheet, dortmund.en.txt), and what does not.
SUITABLE = "could be a very suitable approach"
AWARD = "Europaaktive Kommune"
#: The sentence of Erfurt's German page that says how it is funded, and its start.
APPLICATIONS = "Das Netzwerk stellt zusätzlich beim Bund oder beim Land Anträge"
TASKS = "Zu den Aufgabenbereichen des Netzwerkes"


@pytest.fixture(scope="module")
def engine(seed_engine):  # noqa: ANN001 - the session's real engine
    return seed_engine


def _converse(engine, turns: Sequence[str], ui_lang: str) -> list[ChatAnswer]:  # noqa: ANN001
    conversation = Conversation()
    for text in turns:
        conversation.turns.append(engine.chat(text, conversation=conversation, ui_language=ui_lang))
    return conversation.turns


def _shown(answer: ChatAnswer, starts: str) -> str:
    """What the app shows first of the answer's long quote that starts with ``starts``."""
    quote = next(q for q in answer.answer if q.text.startswith(starts))
    assert len(quote.text) > LONG_QUOTE
    return excerpt(quote.text, answer.read_question, LONG_QUOTE).text


@pytest.mark.parametrize(("ui_lang", "turns", "in_full"), [
    ("de", ["Ist das übertragbar?", "und Dortmund?"], "Ist Dortmund übertragbar?"),
    ("en", ["Is that transferable?", "and Dortmund?"], "Is Dortmund transferable?"),
    ("tr", ["Bu aktarılabilir mi?", "Peki Dortmund?"], "Dortmund aktarılabilir mi?"),
])
def test_an_ellipsis_shows_what_answers_the_topic_it_carries_over(engine, ui_lang: str, turns: list[str],  # noqa: ANN001
                                                                 in_full: str) -> None:
    *_, follow_up = _converse(engine, ["Halberstadt", *turns], ui_lang)
    assert follow_up.named == ["dortmund"] and follow_up.query == turns[-1]
    assert turns[0] in follow_up.read_question  # the topic it took from the turn before
    [quote] = [q for q in follow_up.answer if q.section == "impact"]
    shown = _shown(follow_up, quote.text[:30])
    assert SUITABLE in shown and AWARD not in shown, shown
    [asked] = _converse(engine, [in_full], ui_lang)
    assert shown == _shown(asked, quote.text[:30])  # as when asked in full


@pytest.mark.parametrize("turns", [["Finanzierung?", "und Erfurt?"], ["Wie wird Erfurt finanziert?"]])
def test_a_long_passage_is_shown_from_its_funding_sentence(engine, turns: list[str]) -> None:  # noqa: ANN001
    *_, answer = _converse(engine, turns, "de")
    shown = _shown(answer, TASKS)
    assert APPLICATIONS in shown, shown


def test_a_question_without_a_topic_from_before_is_read_as_asked(engine) -> None:  # noqa: ANN001
    [answer] = _converse(engine, ["Ist Dortmund übertragbar?"], "de")
    assert answer.read_as is None and answer.read_question == answer.query


def _quote_block(at: AppTest, number: int) -> str:
    """What the last answer shows of its quote [``number``]."""
    return next(m.value for m in reversed(at.markdown) if m.value.startswith(f"**[{number}]**"))


@pytest.mark.parametrize(("ui_lang", "turns"), [
    ("de", ["Halberstadt", "Ist das übertragbar?", "und Dortmund?"]),
    ("en", ["Halberstadt", "Is that transferable?", "and Dortmund?"]),
    ("tr", ["Halberstadt", "Bu aktarılabilir mi?", "Peki Dortmund?"]),
])
def test_the_app_shows_the_answering_sentences_of_a_follow_up_s_quote(seed_app_env: None, ui_lang: str,
                                                                      turns: list[str]) -> None:
    at = run_app(APP)
    at.selectbox(key="ui_lang").set_value(ui_lang).run()
    for text in turns:
        ask_app(at, text)
    answer = at.session_state["turns"][-1].answer
    [quote] = [q for q in answer.answer if q.section == "impact"]
    block = _quote_block(at, quote.number)
    assert escape_markdown(SUITABLE) in block and escape_markdown(AWARD) not in block, block


def test_the_app_shows_erfurt_s_funding_sentence_after_und_erfurt(seed_app_env: None) -> None:
    at = run_app(APP)
    at.selectbox(key="ui_lang").set_value("de").run()
    for text in ("Finanzierung?", "und Erfurt?"):
        ask_app(at, text)
    answer = at.session_state["turns"][-1].answer
    quote = next(q for q in answer.answer if q.text.startswith(TASKS))
    block = _quote_block(at, quote.number)
    assert escape_markdown(APPLICATIONS) in block, block
