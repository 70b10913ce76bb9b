"""The app's open conversations on disk, so that a page reload loses nothing.

A phone's pull-to-refresh, a closed tab or a restarted browser starts a new Streamlit
session, and session state is gone. The page therefore keeps a random id in its
address (``?c=<id>``), and the app writes the conversation of that id to
``<folder>/<id>.json`` after every change: the saved-conversation format of
:mod:`assistant.saved_conversations` plus the interface language and the page's settings
(:class:`SessionSettings`: the filters, the facet weights and those each answer was asked
with; s16 tester V7: filters were lost on a reload). A reload of the same address reads it
back; a file written before the settings were kept (format 1) loads with none. "New
conversation" removes the file; files untouched for ``KEEP_DAYS`` are pruned. Nothing leaves
the machine that runs the app.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from assistant.chat import ChatAnswer, Conversation
from assistant.saved_conversations import ConversationLoadError, conversation_json, migrate

__all__ = ["KEEP_DAYS", "SavedSession", "SessionSettings", "drop_session", "is_session_id", "load_session",
           "load_session_state", "prune_sessions", "save_session", "session_stamp"]

#: Days an open conversation is kept after its last change.
KEEP_DAYS = 7
#: A session id: 32 hex digits (uuid4().hex), nothing that could name another file.
_SESSION_ID = re.compile(r"[0-9a-f]{32}")
#: 2: with the page's settings (format 1 files, without them, are read too).
_FORMAT = 2


@dataclass(frozen=True)
class SessionSettings:
    """What the page was set to besides the conversation: the filters (facet -> option keys),
    the facet weights of the sliders, and per turn the weights its answer was asked with and how
    many of how many networks the filters let it search (None: all); empty: not known. Kept as
    given: the app checks the keys against what its index offers."""

    filters: Mapping[str, Sequence[str]] = field(default_factory=dict)
    weights: Mapping[str, float] = field(default_factory=dict)
    turn_weights: Sequence[Mapping[str, float]] = ()
    turn_filtered: Sequence[tuple[int, int] | None] = ()


class SavedSession(NamedTuple):
    conversation: Conversation
    ui_lang: str
    settings: SessionSettings


def is_session_id(value: object) -> bool:
    return isinstance(value, str) and _SESSION_ID.fullmatch(value) is not None


def _path(folder: Path, session_id: str) -> Path:
    if not is_session_id(session_id):
        raise ValueError(f"not a session id: {session_id!r}")
    return folder / f"{session_id}.json"


def save_session(folder: Path, session_id: str, turns: Sequence[ChatAnswer], ui_lang: str,
                 settings: SessionSettings | None = None) -> None:
    """Write the conversation atomically (a crash leaves the previous file); no turns: remove it."""
    path = _path(folder, session_id)
    if not turns:
        drop_session(folder, session_id)
        return
    folder.mkdir(parents=True, exist_ok=True)
    settings = settings or SessionSettings()
    data = {"format": _FORMAT, "ui_lang": ui_lang, "conversation": json.loads(conversation_json(turns)),
            "filters": {facet: list(keys) for facet, keys in settings.filters.items() if keys},
            "weights": dict(settings.weights), "turn_weights": [dict(w) for w in settings.turn_weights],
            "turn_filtered": [list(f) if f else None for f in settings.turn_filtered]}
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    try:
        partial.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def _weights(value: object) -> dict[str, float]:
    if not isinstance(value, dict):
        return {}
    return {k: float(v) for k, v in value.items()
            if isinstance(k, str) and isinstance(v, int | float) and not isinstance(v, bool)}


def _settings(data: Mapping[str, object], turns: int) -> SessionSettings:
    """The settings a session file holds; what is missing or malformed is left out (format 1: none)."""
    filters = data.get("filters")
    kept = ({facet: [k for k in keys if isinstance(k, str)] for facet, keys in filters.items()
             if isinstance(facet, str) and isinstance(keys, list)} if isinstance(filters, dict) else {})
    turn_weights = data.get("turn_weights")
    per_turn = (tuple(_weights(w) for w in turn_weights)
                if isinstance(turn_weights, list) and len(turn_weights) == turns else ())
    filtered = data.get("turn_filtered")
    per_turn_filtered = (tuple(_filtered(f) for f in filtered)
                         if isinstance(filtered, list) and len(filtered) == turns else ())
    return SessionSettings(filters={f: k for f, k in kept.items() if k}, weights=_weights(data.get("weights")),
                           turn_weights=per_turn, turn_filtered=per_turn_filtered)


def _filtered(value: object) -> tuple[int, int] | None:
    if (isinstance(value, list) and len(value) == 2
            and all(isinstance(n, int) and not isinstance(n, bool) for n in value)):
        return value[0], value[1]
    return None


def load_session_state(folder: Path, session_id: str) -> SavedSession | None:
    """The conversation, interface language and page settings saved for ``session_id``; None
    when there is none, or the file cannot be read as one (a reload then starts afresh, as before)."""
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
    return SavedSession(conversation, ui_lang, _settings(data, len(conversation.turns)))


def load_session(folder: Path, session_id: str) -> tuple[Conversation, str] | None:
    """The conversation and interface language saved for ``session_id`` (see :func:`load_session_state`)."""
    saved = load_session_state(folder, session_id)
    return None if saved is None else (saved.conversation, saved.ui_lang)


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
