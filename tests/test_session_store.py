"""The app's open conversations on disk: a reload gets them back, nothing else is touched."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.chat import Conversation
from assistant.session_store import is_session_id, load_session, prune_sessions, save_session, session_stamp

SESSION = "0123456789abcdef0123456789abcdef"


@pytest.fixture(scope="module")
def two_turns(seed_engine) -> list:
    first = seed_engine.chat("Wir sind eine Kleinstadt, keiner koordiniert.")
    return [first, seed_engine.chat("Finanzierung?", conversation=Conversation(turns=[first]))]


def test_a_conversation_comes_back_as_it_was(tmp_path: Path, two_turns) -> None:
    save_session(tmp_path, SESSION, two_turns, "tr")
    conversation, ui_lang = load_session(tmp_path, SESSION)
    assert ui_lang == "tr"
    assert [t.model_dump(mode="json") for t in conversation.turns] == [t.model_dump(mode="json") for t in two_turns]
    assert conversation.profile == two_turns[-1].profile


def test_no_turns_removes_the_file(tmp_path: Path, two_turns) -> None:
    save_session(tmp_path, SESSION, two_turns, "de")
    save_session(tmp_path, SESSION, [], "de")  # "New conversation"
    assert load_session(tmp_path, SESSION) is None
    assert list(tmp_path.iterdir()) == []


def test_a_damaged_or_missing_file_starts_afresh(tmp_path: Path) -> None:
    assert load_session(tmp_path, SESSION) is None
    (tmp_path / f"{SESSION}.json").write_text('{"format": 1, "ui_lang": "de", "conversation": {"turns": [', "utf-8")
    assert load_session(tmp_path, SESSION) is None
    (tmp_path / f"{SESSION}.json").write_text('{"format": 1, "ui_lang": "de", "conversation": 3}', "utf-8")
    assert load_session(tmp_path, SESSION) is None


@given(st.text(max_size=80))
def test_only_a_session_id_names_a_file(value: str) -> None:
    if is_session_id(value):
        assert len(value) == 32 and set(value) <= set("0123456789abcdef")
    else:
        assert load_session(Path("/nonexistent"), value) is None


def test_an_address_cannot_name_another_file(tmp_path: Path) -> None:
    for bad in ("../etc/passwd", "0123456789abcdef0123456789abcdeF", f"{SESSION}/..", ""):
        assert not is_session_id(bad)
        with pytest.raises(ValueError):
            save_session(tmp_path, bad, [], "de")


def test_old_conversations_are_pruned(tmp_path: Path, two_turns) -> None:
    old, new = "a" * 32, "b" * 32
    save_session(tmp_path, old, two_turns, "de")
    save_session(tmp_path, new, two_turns, "de")
    week_ago = os.stat(tmp_path / f"{old}.json").st_mtime - 8 * 86_400
    os.utime(tmp_path / f"{old}.json", (week_ago, week_ago))
    (tmp_path / "notes.json").write_text("{}", "utf-8")  # not ours: never touched
    os.utime(tmp_path / "notes.json", (week_ago, week_ago))
    assert prune_sessions(tmp_path) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{new}.json", "notes.json"]
    assert prune_sessions(tmp_path / "missing") == 0


def test_a_stamp_tells_that_another_window_wrote(tmp_path: Path, two_turns) -> None:
    assert session_stamp(tmp_path, SESSION) is None and session_stamp(tmp_path, "../x") is None
    save_session(tmp_path, SESSION, two_turns[:1], "de")
    first = session_stamp(tmp_path, SESSION)
    assert first is not None and session_stamp(tmp_path, SESSION) == first  # unchanged: same stamp
    save_session(tmp_path, SESSION, two_turns, "de")  # the other window adds a turn
    assert session_stamp(tmp_path, SESSION) != first
