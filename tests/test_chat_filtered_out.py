"""A question about a network the sidebar's filters exclude (session 13 browser tester Z8).

"Halberstadt", then a filter that leaves Dortmund and Erfurt, then "Wer koordiniert dort?" gave
Dortmund's and Erfurt's coordinators as if they answered it (EN, TR alike, and "Und Halberstadt?",
"Wer koordiniert Halberstadt?" too), and the next follow-up went on about those. The answer says
that the filters exclude the network, in the interface's language, and shows no other network
for it; the conversation stays with the network (the next follow-up still points back to it), and
the app offers to ask again without the filters.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from helpers import ask_app, run_app

from assistant.chat import ChatAnswer, Conversation
from assistant.notices import Notice, NoticeCode
from assistant.ui_text import ui
from assistant.views.notices import message_text

pytestmark = pytest.mark.heavy  # the real engine

#: The filters of the finding: every seed network but Halberstadt.
WITHOUT_HALBERSTADT = ["dortmund", "erfurt"]
FILTERED_OUT = Notice(code=NoticeCode.FILTERED_OUT, params={"networks": "Halberstadt"})


@pytest.fixture(scope="module")
def engine(seed_engine):  # noqa: ANN001 - the session's real engine
    return seed_engine


def _converse(engine, turns: Sequence[tuple[str, list[str] | None]], ui_lang: str) -> list[ChatAnswer]:  # noqa: ANN001
    conversation = Conversation()
    answers = []
    for text, networks in turns:
        answer = engine.chat(text, conversation=conversation, ui_language=ui_lang, networks=networks)
        conversation.turns.append(answer)
        answers.append(answer)
    return answers


@pytest.mark.parametrize(("ui_lang", "follow_up", "next_one"), [
    ("de", "Wer koordiniert dort?", "Wie wird es finanziert?"),
    ("en", "Who coordinates it?", "How are they funded?"),
    ("tr", "Onu kim koordine ediyor?", "Nasıl finanse ediliyor?"),
])
def test_a_follow_up_about_a_network_the_filters_exclude_says_so(engine, ui_lang: str, follow_up: str,  # noqa: ANN001
                                                                 next_one: str) -> None:
    overview, filtered, after = _converse(engine, [("Halberstadt", None), (follow_up, WITHOUT_HALBERSTADT),
                                                   (next_one, WITHOUT_HALBERSTADT)], ui_lang)
    assert overview.named == ["halberstadt"]
    for answer in (filtered, after):  # no other network's passages in its place, and the conversation stays
        assert not answer.matched and not answer.answer and answer.notices == [FILTERED_OUT], answer.query
        text = message_text(answer.notices, ui_lang) or ""
        assert "Halberstadt" in text and text.startswith(ui("filtered_out", ui_lang, networks="Halberstadt")[:20])
    # without the filters, the same conversation goes on about Halberstadt
    conversation = Conversation(turns=[overview, filtered])
    again = engine.chat(follow_up, conversation=conversation, ui_language=ui_lang)
    assert again.matched and again.named == ["halberstadt"]


@pytest.mark.parametrize(("ui_lang", "turns"), [
    ("de", ["Finanzierung?", "Und Halberstadt?"]),
    ("en", ["Funding?", "And Halberstadt?"]),
    ("tr", ["Finansman?", "Peki Halberstadt?"]),
    ("de", ["Wer koordiniert Halberstadt?"]),
    ("en", ["Who coordinates Halberstadt?"]),
    ("tr", ["Halberstadt'ı kim koordine ediyor?"]),
])
def test_a_network_named_that_the_filters_exclude_is_said_so(engine, ui_lang: str, turns: list[str]) -> None:  # noqa: ANN001
    *_, last = _converse(engine, [(t, None) for t in turns[:-1]] + [(turns[-1], WITHOUT_HALBERSTADT)], ui_lang)
    assert not last.matched and not last.answer and last.notices == [FILTERED_OUT], turns


@pytest.mark.parametrize(("ui_lang", "question"), [
    ("de", "Vergleiche Dortmund und Halberstadt"),
    ("en", "Compare Dortmund and Halberstadt"),
    ("tr", "Dortmund ve Halberstadt'ı karşılaştır"),
])
def test_a_comparison_with_one_network_filtered_out_answers_the_other_and_says_so(engine, ui_lang: str,  # noqa: ANN001
                                                                                  question: str) -> None:
    [answer] = _converse(engine, [(question, WITHOUT_HALBERSTADT)], ui_lang)
    assert answer.matched and answer.named == ["dortmund"]
    assert answer.notices[0] == FILTERED_OUT
    assert {q.network_id for q in answer.answer} == {"dortmund"}


def test_no_notice_when_the_filters_allow_the_network(engine) -> None:  # noqa: ANN001
    _, follow_up = _converse(engine, [("Halberstadt", None), ("Wer koordiniert dort?", ["halberstadt", "erfurt"])],
                             "de")
    assert follow_up.matched and follow_up.named == ["halberstadt"]
    assert all(n.code is not NoticeCode.FILTERED_OUT for n in follow_up.notices)


def test_the_app_offers_to_ask_again_without_the_filters(seed_app_env: None) -> None:
    at = ask_app(run_app(str(Path(__file__).resolve().parents[1] / "streamlit_app.py")), "Halberstadt")
    lang = at.session_state["ui_lang"]
    at.multiselect(key=f"f_formalisations_{lang}").set_value(["formal_agreement"]).run()
    ask_app(at, "Wer koordiniert dort?")
    answer = at.session_state["turns"][-1].answer
    assert answer.notices == [FILTERED_OUT]
    button = next(b for b in at.button if b.key.startswith("filters_clear_ask_again_"))
    assert button.label == ui("filters_clear_ask_again", lang)
    button.click().run()
    assert not at.exception
    turns = at.session_state["turns"]
    assert len(turns) == 2 and turns[-1].answer.matched and turns[-1].answer.named == ["halberstadt"]


@pytest.mark.parametrize(("ui_lang", "question", "plural", "singular"), [
    ("de", "Dortmund und Erfurt im Vergleich", "um die es in dieser Frage geht: aus ihren Steckbriefen",
     "worum es in dieser Frage geht: aus seinen Steckbriefen"),
    ("en", "Compare Dortmund and Erfurt", "nothing from their sheets", "nothing from its sheets"),
    ("tr", "Dortmund ve Erfurt'u karşılaştır", "ilgili olduğu ağları dışarıda", "ilgili olduğu ağı dışarıda"),
])
def test_two_networks_filtered_out_are_said_in_the_plural(engine, ui_lang: str, question: str, plural: str,  # noqa: ANN001
                                                           singular: str) -> None:
    # session 19 browser tester F4: "schließen Dortmund, Erfurt aus, …: aus seinen Steckbriefen wird nichts gezeigt"
    answer = engine.chat(question, ui_language=ui_lang, networks=["halberstadt"])
    notice = next(n for n in answer.notices if n.code is NoticeCode.FILTERED_OUT)
    assert notice.params["networks"] == "Dortmund, Erfurt", notice
    text = message_text([notice], ui_lang) or ""
    assert "Dortmund, Erfurt" in text and plural in text and singular not in text, text
    one = message_text([FILTERED_OUT], ui_lang) or ""
    assert singular in one and plural not in one, one
