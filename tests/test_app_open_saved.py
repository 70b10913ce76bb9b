"""Opening a saved conversation while one is open (session 14 browser tester T14): the open one was
replaced, and its file overwritten, without a word. Now the opened one gets its own address and
file, the one that was open stays on disk and a button brings it back (and going back keeps the
opened one the same way), also after a reload."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import ask_app, run_app
from streamlit.testing.v1 import AppTest

from assistant.open_conversations import conversation_title
from assistant.saved_conversations import conversation_json
from assistant.ui_text import nt, ui
from assistant.views.markdown import escape_markdown as md

pytestmark = pytest.mark.heavy  # AppTest over the real engine

APP = str(Path(__file__).resolve().parent.parent / "streamlit_app.py")


@pytest.fixture
def sessions(seed_app_env: None, tmp_path: Path) -> Path:
    return tmp_path / "sessions"


def asked(at: AppTest) -> list[str]:
    return [turn.answer.query for turn in at.session_state["turns"]]


def saved(sessions: Path, session_id: str) -> list[str]:
    data = json.loads((sessions / f"{session_id}.json").read_text(encoding="utf-8"))
    return [turn["query"] for turn in data["conversation"]["turns"]]


def param(at: AppTest, key: str) -> str | None:
    value = at.query_params.get(key)
    return value[0] if isinstance(value, list) else value


def saved_file(*questions: str) -> bytes:
    """A conversation saved as JSON (the sidebar's export), asked in a window of its own."""
    other = run_app(APP)
    for question in questions:
        ask_app(other, question)
    return conversation_json([turn.answer for turn in other.session_state["turns"]]).encode("utf-8")


def open_file(at: AppTest, data: bytes, name: str = "gespraech.json") -> AppTest:
    at.file_uploader(key="conversation_file").set_value((name, data, "application/json")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def back_buttons(at: AppTest) -> list[str]:
    return [b.key for b in at.button if b.key in ("conversation_back", "conversation_back_chat")]


@pytest.mark.parametrize("lang", ["de", "en", "tr"])
def test_opening_a_saved_conversation_keeps_the_open_one_to_go_back_to(sessions: Path, lang: str) -> None:
    data = saved_file("Wer koordiniert in Erfurt?")
    at = run_app(APP, language=lang)
    ask_app(at, "Finanzierung?")
    ask_app(at, "Und Halberstadt?")
    mine = at.session_state["session_id"]

    open_file(at, data)
    assert asked(at) == ["Wer koordiniert in Erfurt?"]
    opened = at.session_state["session_id"]
    assert opened != mine and param(at, "c") == opened and param(at, "p") == mine  # its own address
    assert saved(sessions, mine) == ["Finanzierung?", "Und Halberstadt?"]  # not overwritten
    assert saved(sessions, opened) == ["Wer koordiniert in Erfurt?"]
    # said, in the interface's language, with the way back right there and in the sidebar
    assert md(nt("conversation_loaded", lang, 1)) in [s.value for s in at.success]
    assert md(nt("conversation_set_aside", lang, 2)) in [i.value for i in at.info]
    label = md(ui("conversation_back", lang, title=conversation_title("Finanzierung?")))
    assert at.button(key="conversation_back_chat").label == label
    assert at.button(key="conversation_back").label == label

    at.button(key="conversation_back_chat").click().run()
    assert not at.exception
    assert asked(at) == ["Finanzierung?", "Und Halberstadt?"] and at.session_state["session_id"] == mine
    assert param(at, "c") == mine and param(at, "p") == opened
    assert back_buttons(at) == ["conversation_back"]  # gone back: the chat's offer is done; the sidebar's stays
    assert at.button(key="conversation_back").label == md(
        ui("conversation_back", lang, title=conversation_title("Wer koordiniert in Erfurt?")))
    ask_app(at, "Wer koordiniert in Dortmund?")
    assert saved(sessions, mine) == ["Finanzierung?", "Und Halberstadt?", "Wer koordiniert in Dortmund?"]
    assert saved(sessions, opened) == ["Wer koordiniert in Erfurt?"]  # the opened one is kept in turn

    at.button(key="conversation_back").click().run()  # and back again
    assert not at.exception and asked(at) == ["Wer koordiniert in Erfurt?"]


#: The language switched to after the file was opened, from each interface language.
SWITCHED = {"de": "en", "en": "tr", "tr": "de"}


@pytest.mark.parametrize("lang", ["de", "en", "tr"])
def test_the_set_aside_notice_stays_after_a_language_switch(sessions: Path, lang: str) -> None:
    """Session 19 browser tester F10: a language switch right after the file was opened took the chat's
    notice of the conversation set aside away (shown once, on the first page after opening), the sidebar's
    way back alone left. Now it stays, relabelled, until a new question or the way back."""
    data = saved_file("Wer koordiniert in Erfurt?")
    at = run_app(APP, language=lang)
    ask_app(at, "Finanzierung?")
    open_file(at, data)
    other = SWITCHED[lang]
    at.selectbox(key="ui_lang").set_value(other).run()
    assert not at.exception
    assert [i.value for i in at.info] == [md(nt("conversation_set_aside", other, 1))]
    label = md(ui("conversation_back", other, title=conversation_title("Finanzierung?")))
    assert sorted(back_buttons(at)) == ["conversation_back", "conversation_back_chat"]
    assert at.button(key="conversation_back_chat").label == label
    at.run()  # any other run (a thumb, a tab) keeps it too
    assert [i.value for i in at.info] == [md(nt("conversation_set_aside", other, 1))]

    ask_app(at, "Und Dortmund?")  # a new question: the chat's offer is done, the sidebar's stays
    assert back_buttons(at) == ["conversation_back"] and not at.info


def test_the_way_back_survives_a_reload(sessions: Path) -> None:
    data = saved_file("Wer koordiniert in Erfurt?")
    at = run_app(APP)
    ask_app(at, "Finanzierung?")
    mine = at.session_state["session_id"]
    open_file(at, data)
    # a phone's pull-to-refresh: the same address, a new session
    again = run_app(APP, {"c": at.session_state["session_id"], "p": mine})
    assert asked(again) == ["Wer koordiniert in Erfurt?"]
    again.button(key="conversation_back").click().run()
    assert not again.exception and asked(again) == ["Finanzierung?"]


def test_a_file_opened_after_new_conversation_keeps_the_conversation_before(sessions: Path) -> None:
    """"New conversation" keeps the one before until the new one's first question; a file opened
    then sets that one aside instead, and its file is no longer removed."""
    data = saved_file("Wer koordiniert in Erfurt?")
    at = run_app(APP)
    ask_app(at, "Finanzierung?")
    mine = at.session_state["session_id"]
    at.button(key="new_conversation").click().run()
    open_file(at, data)
    assert asked(at) == ["Wer koordiniert in Erfurt?"] and param(at, "p") == mine
    ask_app(at, "Und Dortmund?")
    assert saved(sessions, mine) == ["Finanzierung?"]  # still on disk
    at.button(key="conversation_back").click().run()
    assert not at.exception and asked(at) == ["Finanzierung?"]


def test_a_file_opened_on_an_empty_page_offers_no_way_back(sessions: Path) -> None:
    data = saved_file("Wer koordiniert in Erfurt?")
    at = run_app(APP)
    open_file(at, data)
    assert asked(at) == ["Wer koordiniert in Erfurt?"]
    assert back_buttons(at) == [] and not at.info and param(at, "p") is None
