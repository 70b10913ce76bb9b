"""A reload keeps the page's settings with the conversation (session 16 browser tester V7): the
filters (Filters expander: "Searching 2 of 3 networks") were lost on a reload while the
conversation came back, so the restored conversation silently searched all networks. Now the
session file keeps the filters, the facet weights and each answer's weights and "filters
active" count; a file written before (format 1) still loads, with none."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import ROOT, ask_app, run_app

from assistant.chat import Conversation
from assistant.session_store import SessionSettings, load_session, load_session_state, save_session
from assistant.ui_text import ui
from assistant.views.markdown import escape_markdown as md

SESSION = "0123456789abcdef0123456789abcdef"
APP = str(ROOT / "streamlit_app.py")
FILTERS = {"fields": ["health"], "groups": ["volunteers"]}


@pytest.fixture(scope="module")
def two_turns(seed_engine) -> list:
    first = seed_engine.chat("Wir sind eine Kleinstadt, keiner koordiniert.")
    return [first, seed_engine.chat("Finanzierung?", conversation=Conversation(turns=[first]))]


def test_the_settings_come_back_with_the_conversation(tmp_path: Path, two_turns) -> None:
    settings = SessionSettings(filters=FILTERS, weights={"size": 0.5, "challenges": 2.0},
                               turn_weights=[{"size": 1.0}, {"size": 0.5}], turn_filtered=[None, (2, 3)])
    save_session(tmp_path, SESSION, two_turns, "en", settings)
    saved = load_session_state(tmp_path, SESSION)
    assert saved is not None and saved.ui_lang == "en"
    assert saved.settings == SessionSettings(filters=FILTERS, weights={"size": 0.5, "challenges": 2.0},
                                             turn_weights=({"size": 1.0}, {"size": 0.5}),
                                             turn_filtered=(None, (2, 3)))
    assert load_session(tmp_path, SESSION) == (saved.conversation, "en")


def test_a_session_file_of_format_1_still_loads(tmp_path: Path, two_turns) -> None:
    """Written before the settings were kept: the conversation, with no settings."""
    save_session(tmp_path, SESSION, two_turns, "de")
    path = tmp_path / f"{SESSION}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    old = {"format": 1, "ui_lang": data["ui_lang"], "conversation": data["conversation"]}
    path.write_text(json.dumps(old), encoding="utf-8")
    saved = load_session_state(tmp_path, SESSION)
    assert saved is not None and len(saved.conversation.turns) == 2
    assert saved.settings == SessionSettings()


def test_malformed_settings_are_left_out(tmp_path: Path, two_turns) -> None:
    save_session(tmp_path, SESSION, two_turns, "de")
    path = tmp_path / f"{SESSION}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data.update(filters={"fields": ["health", 3], "groups": "volunteers", "7": []}, weights={"size": "x", "c": 1},
                turn_weights=[{}], turn_filtered=[[1, 2], "x"])
    path.write_text(json.dumps(data), encoding="utf-8")
    saved = load_session_state(tmp_path, SESSION)
    assert saved is not None
    assert saved.settings == SessionSettings(filters={"fields": ["health"]}, weights={"c": 1.0},
                                             turn_weights=(), turn_filtered=((1, 2), None))


# --------------------------------------------------------------------------- the app


@pytest.mark.heavy
@pytest.mark.parametrize("lang", ["de", "en", "tr"])
def test_a_reload_keeps_the_filters_and_weights(seed_app_env: None, lang: str) -> None:
    at = run_app(APP, language=lang)
    ask_app(at, "Halberstadt")
    at.multiselect(key=f"f_fields_{lang}").set_value(FILTERS["fields"]).run()
    at.multiselect(key=f"f_groups_{lang}").set_value(FILTERS["groups"]).run()
    at.select_slider(key="w_size").set_value(0.5).run()
    status = md(ui("filters_status", lang, n=2, total=3))
    assert status in [c.value for c in at.caption]
    ask_app(at, "Finanzierung?")
    filtered = md(ui("answer_filtered", lang, n=2, total=3))
    assert filtered in [c.value for c in at.caption]

    again = run_app(APP, {"c": at.session_state["session_id"]})  # a reload: the same address, a new session
    assert [t.answer.query for t in again.session_state["turns"]] == ["Halberstadt", "Finanzierung?"]
    assert again.multiselect(key=f"f_fields_{lang}").value == FILTERS["fields"]
    assert again.multiselect(key=f"f_groups_{lang}").value == FILTERS["groups"]
    assert status in [c.value for c in again.caption]
    assert filtered in [c.value for c in again.caption]  # the answer still says it was filtered
    assert again.select_slider(key="w_size").value == 0.5
    assert [t.weights["size"] for t in again.session_state["turns"]] == [1.0, 0.5]

    again.button(key="filters_clear").click().run()  # a change of the filters alone is kept too
    once_more = run_app(APP, {"c": at.session_state["session_id"]})
    assert once_more.multiselect(key=f"f_fields_{lang}").value == []
    assert status not in [c.value for c in once_more.caption]
    assert filtered in [c.value for c in once_more.caption]  # the answer asked with them says so still
