"""Saved conversations: a conversation as JSON, the same data hidden in a Markdown
export, and loading either back (the app's "open a saved conversation").

The Markdown and HTML renderings are views (:mod:`assistant.views`); this module is the
data they carry, so that loading a file needs no view.

A saved file is ``{"format": 2, "turns": [...]}``. Format 1 (no ``format``, saved before
answers carried codes) had each turn's notices as one translated ``message`` and its
follow-up questions as translated text; :func:`migrate` keeps such a message as it
was (a ``saved_text`` notice, shown verbatim) and derives the follow-ups again from the
turn's data by the same rule as a new answer (so they follow a language switch).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Sequence
from typing import Any, Final

from assistant.chat import ChatAnswer, Conversation, follow_ups
from assistant.corpus import looks_like_a_sheet
from assistant.notices import NoticeCode

__all__ = [
    "FORMAT", "MAX_SAVED_BYTES", "MAX_SAVED_MB", "ConversationLoadError", "conversation_json",
    "load_conversation", "migrate", "saved_conversation_marker",
]

#: The saved file's format (see the module's docstring); files without one are format 1.
FORMAT: Final = 2

#: The Markdown export carries the conversation as data in this comment, so it can be loaded back.
_MARKER: Final = "netzwerk-kompass-conversation"
_SAVED: Final = re.compile(r"<!--\s*" + _MARKER + r":([A-Za-z0-9+/=\s]+)-->")
#: Larger files are not a saved conversation of ours.
MAX_SAVED_MB: Final = 5  # the app's uploader says and enforces it too
MAX_SAVED_BYTES: Final = MAX_SAVED_MB * 1024 * 1024


class ConversationLoadError(ValueError):
    """A file that is not a saved conversation; ``code`` says why (``too_large``,
    ``damaged``, ``none``, ``sheet``: a fact sheet, which belongs in the corpus folder) for the
    UI to translate (``conversation_error_<code>``)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _saved(turns: Sequence[ChatAnswer]) -> dict[str, Any]:
    return {"format": FORMAT, **Conversation(turns=list(turns)).model_dump(mode="json")}


def saved_conversation_marker(turns: Sequence[ChatAnswer]) -> str:
    """An HTML comment holding the conversation (base64 JSON: no "-->" can break out of it)."""
    data = json.dumps(_saved(turns), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return f"<!-- {_MARKER}:{base64.b64encode(data).decode('ascii')} -->"


def conversation_json(turns: Sequence[ChatAnswer]) -> str:
    """The conversation as JSON (the app's JSON export)."""
    return json.dumps(_saved(turns), ensure_ascii=False, indent=1) + "\n"


def _migrate_turn_1(turn: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """A format-1 turn as format 2, and whether its follow-ups are to be derived again."""
    turn = dict(turn)
    message = turn.pop("message", None)
    if isinstance(message, str) and message.strip():
        turn["notices"] = [{"code": NoticeCode.SAVED_TEXT.value, "params": {"text": message}}]
    return turn, turn.pop("follow_ups", None) is not None


def migrate(data: object) -> Conversation:
    """A saved conversation of any format, as the current :class:`Conversation`
    (pydantic's ``ValidationError``, a ``ValueError``, for anything else)."""
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    data = dict(data)
    version = data.pop("format", 1)
    if version == FORMAT:
        return Conversation.model_validate(data)
    if version != 1:
        raise ValueError(f"unknown format {version!r}")
    turns = data.get("turns")
    if not isinstance(turns, list) or not all(isinstance(turn, dict) for turn in turns):
        return Conversation.model_validate(data)  # says what is wrong with it
    migrated = [_migrate_turn_1(turn) for turn in turns]
    conversation = Conversation.model_validate({**data, "turns": [turn for turn, _ in migrated]})
    return Conversation(turns=[answer.model_copy(update={"follow_ups": follow_ups(answer)}) if derive else answer
                               for answer, (_, derive) in zip(conversation.turns, migrated, strict=True)])


def _none(data: bytes, name: str) -> ConversationLoadError:
    """The error for a file with no conversation in it: ``sheet`` when the corpus would read it
    as a fact sheet (the parser's own test), else ``none``."""
    return ConversationLoadError("sheet" if name and looks_like_a_sheet(data, name) else "none")


def load_conversation(data: bytes, name: str = "") -> Conversation:
    """A conversation from a JSON export or a Markdown export of this app (``name``: the file's
    name, whose type says how to read it when it holds none). Only the data a Markdown export
    keeps at its end is read, never its text: edits to the text are not part of what is opened.
    Raises :class:`ConversationLoadError`."""
    if len(data) > MAX_SAVED_BYTES:
        raise ConversationLoadError("too_large")
    text = data.decode("utf-8", "replace")
    match = _SAVED.search(text)
    try:
        if match:
            conversation = migrate(json.loads(base64.b64decode(match.group(1), validate=False)))
        elif text.lstrip().startswith("{"):
            conversation = migrate(json.loads(text))
        else:
            raise _none(data, name)
    except (ValueError, binascii.Error, RecursionError) as exc:  # RecursionError: JSON nested too deep
        if isinstance(exc, ConversationLoadError):
            raise
        raise ConversationLoadError("damaged") from exc
    if not conversation.turns:  # {"hello": 1} is valid JSON, but no conversation of ours
        raise _none(data, name)
    return conversation
