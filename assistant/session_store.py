"""The app's open conversations on disk, so that a page reload loses nothing.

A phone's pull-to-refresh, a closed tab or a restarted browser starts a new Streamlit
session, and session state is gone. The page therefore keeps a random id in its
address (``?c=<id>``), and the app writes the conversation of that id to
``<folder>/<id>.json`` after every change: the saved-conversation format of
:mod:`assistant.saved_conversations` plus the interface language. A reload of the same
address reads it back. "New conversation" removes the file; files untouched for
``KEEP_DAYS`` are pruned. Nothing leaves the machine that runs the app.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Sequence
from pathlib import Path

from assistant.chat import ChatAnswer, Conversation
from assistant.saved_conversations import ConversationLoadError, conversation_json, migrate

__all__ = ["KEEP_DAYS", "drop_session", "is_session_id", "load_session", "prune_sessions", "save_session",
           "session_stamp"]

#: Days an open conversation is kept after its last change.
KEEP_DAYS = 7
#: A session id: 32 hex digits (uuid4().hex), nothing that could name another file.
_SESSION_ID = re.compile(r"[0-9a-f]{32}")
_FORMAT = 1


def is_session_id(value: object) -> bool:
    return isinstance(value, str) and _SESSION_ID.fullmatch(value) is not None


def _path(folder: Path, session_id: str) -> Path:
    if not is_session_id(session_id):
        raise ValueError(f"not a session id: {session_id!r}")
    return folder / f"{session_id}.json"


def save_session(folder: Path, session_id: str, turns: Sequence[ChatAnswer], ui_lang: str) -> None:
    """Write the conversation atomically (a crash leaves the previous file); no turns: remove it."""
    path = _path(folder, session_id)
    if not turns:
        drop_session(folder, session_id)
        return
    folder.mkdir(parents=True, exist_ok=True)
    data = {"format": _FORMAT, "ui_lang": ui_lang, "conversation": json.loads(conversation_json(turns))}
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    try:
        partial.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def load_session(folder: Path, session_id: str) -> tuple[Conversation, str] | None:
    """The conversation and interface language saved for ``session_id``; None when there is
    none, or the file cannot be read as one (a reload then starts afresh, as before)."""
    if not is_session_id(session_id):
        return None
    try:
        data = json.loads(_path(folder, session_id).read_text(encoding="utf-8"))
        conversation = migrate(data["conversation"])
        ui_lang = data["ui_lang"]
    except (OSError, ValueError, KeyError, TypeError, RecursionError, ConversationLoadError):
        return None
    if not conversation.turns or not isinstance(ui_lang, str):
        return None
    return conversation, ui_lang


def session_stamp(folder: Path, session_id: str) -> tuple[int, int] | None:
    """When and how big the conversation's file was last written (None: there is none): a
    window with the same conversation open sees that another one changed it (the same
    ``?c=`` address on a laptop and a phone) without reading the whole file."""
    try:
        stat = _path(folder, session_id).stat()
    except (OSError, ValueError):
        return None
    return stat.st_mtime_ns, stat.st_size


def drop_session(folder: Path, session_id: str) -> None:
    _path(folder, session_id).unlink(missing_ok=True)


def prune_sessions(folder: Path, *, keep_days: float = KEEP_DAYS, now: float | None = None) -> int:
    """Remove conversations untouched for ``keep_days``; returns how many."""
    cutoff = (time.time() if now is None else now) - keep_days * 86_400
    removed = 0
    try:
        entries = list(folder.iterdir())
    except OSError:
        return 0
    for path in entries:
        if path.suffix == ".json" and is_session_id(path.stem):
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed += 1
            except OSError:
                continue
    return removed
