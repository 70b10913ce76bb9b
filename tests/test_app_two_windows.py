"""One conversation open in two windows (W8): a facilitator's laptop and phone on the same
``?c=`` link. Neither window may silently drop what the other asked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import ask_app, run_app, seed_index_settings
from streamlit.testing.v1 import AppTest

from assistant.ui_text import ui

pytestmark = pytest.mark.heavy  # AppTest over the real engine

APP = str(Path(__file__).resolve().parent.parent / "streamlit_app.py")


@pytest.fixture
def sessions(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KOMPASS_INDEX", str(seed_index_settings(tmp_path_factory).index))
    monkeypatch.delenv("KOMPASS_CORPUS", raising=False)
    monkeypatch.setenv("KOMPASS_FEEDBACK", str(tmp_path / "feedback.jsonl"))
    monkeypatch.setenv("KOMPASS_SESSIONS", str(tmp_path / "sessions"))
    return tmp_path / "sessions"


def window(session_id: str | None = None) -> AppTest:
    """A browser window on the app, on the conversation ``session_id`` (its ``?c=``) if given."""
    return run_app(APP, {"c": session_id} if session_id else None)


ask = ask_app


def asked(at: AppTest) -> list[str]:
    return [turn.answer.query for turn in at.session_state["turns"]]


def saved(sessions: Path, session_id: str) -> list[str]:
    data = json.loads((sessions / f"{session_id}.json").read_text(encoding="utf-8"))
    return [turn["query"] for turn in data["conversation"]["turns"]]


def test_two_windows_of_one_conversation_keep_each_other_s_questions(sessions: Path) -> None:
    laptop = window()
    ask(laptop, "Finanzierung?")
    session_id = laptop.session_state["session_id"]
    phone = window(session_id)
    assert asked(phone) == ["Finanzierung?"]
    ask(phone, "Und Halberstadt?")
    # the laptop was not reloaded: its next question comes after the phone's, not instead of it
    ask(laptop, "Wer koordiniert in Erfurt?")
    assert asked(laptop) == ["Finanzierung?", "Und Halberstadt?", "Wer koordiniert in Erfurt?"]
    assert saved(sessions, session_id) == asked(laptop)
    lang = laptop.session_state["ui_lang"]
    assert any(s.value == ui("conversation_continued_elsewhere", lang) for s in laptop.success)
    # and the phone takes in the laptop's question before its own next one
    ask(phone, "Kontakt Erfurt")
    assert asked(phone) == ["Finanzierung?", "Und Halberstadt?", "Wer koordiniert in Erfurt?", "Kontakt Erfurt"]
    assert saved(sessions, session_id) == asked(phone)
    assert window(session_id).session_state["turns"][-1].answer.query == "Kontakt Erfurt"  # a reload sees all


def test_a_new_conversation_elsewhere_leaves_this_one_alone(sessions: Path) -> None:
    laptop = window()
    ask(laptop, "Finanzierung?")
    session_id = laptop.session_state["session_id"]
    phone = window(session_id)
    ask(phone, "Und Halberstadt?")
    # the laptop starts a new conversation without a reload
    laptop.button(key="new_conversation").click().run()
    assert not laptop.exception and not asked(laptop)
    assert laptop.session_state["session_id"] != session_id  # its own address now
    assert laptop.query_params["c"] in (laptop.session_state["session_id"], [laptop.session_state["session_id"]])
    # the phone's conversation is still there, whole
    assert saved(sessions, session_id) == ["Finanzierung?", "Und Halberstadt?"]
    ask(laptop, "Halberstadt")
    assert asked(laptop) == ["Halberstadt"] and saved(sessions, session_id) == ["Finanzierung?", "Und Halberstadt?"]


def test_one_window_alone_is_as_before(sessions: Path) -> None:
    at = window()
    ask(at, "Finanzierung?")
    ask(at, "Und Halberstadt?")
    session_id = at.session_state["session_id"]
    assert saved(sessions, session_id) == asked(at)
    assert not any(s.value == ui("conversation_continued_elsewhere", at.session_state["ui_lang"]) for s in at.success)
    at.button(key="new_conversation").click().run()
    assert not asked(at) and (sessions / f"{session_id}.json").exists()  # kept while it can be restored
    ask(at, "Halberstadt")
    assert not (sessions / f"{session_id}.json").exists()  # the new conversation began: the old file goes


def test_a_new_conversation_can_be_undone_until_its_first_question(sessions: Path) -> None:
    # W11: "New conversation" tapped by mistake on a phone
    at = window()
    ask(at, "Finanzierung?")
    ask(at, "Und Halberstadt?")
    session_id = at.session_state["session_id"]
    at.button(key="new_conversation").click().run()
    lang = at.session_state["ui_lang"]
    assert not asked(at) and any(i.value == ui("conversation_cleared", lang) for i in at.info)
    at.button(key="conversation_restore").click().run()
    assert not at.exception
    assert asked(at) == ["Finanzierung?", "Und Halberstadt?"] and at.session_state["session_id"] == session_id
    assert at.query_params["c"] in (session_id, [session_id])
    ask(at, "Wer koordiniert in Erfurt?")
    assert saved(sessions, session_id) == ["Finanzierung?", "Und Halberstadt?", "Wer koordiniert in Erfurt?"]
    assert not [b for b in at.button if b.key == "conversation_restore"]  # offered only on the empty page
