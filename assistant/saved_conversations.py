"""Saved conversations: a conversation as JSON, the same data hidden in a Markdown
export, and loading either back (the app's "open a saved conversation").

The Markdown and HTML renderings are views (:mod:`assistant.views`); this module is the
data they carry, so that loading a file needs no view.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Sequence
from typing import Final

from assistant.chat import ChatAnswer, Conversation

__all__ = [
    "MAX_SAVED_BYTES", "MAX_SAVED_MB", "ConversationLoadError", "conversation_json", "load_conversation",
    "saved_conversation_marker",
]

#: The Markdown export carries the conversation as data in this comment, so it can be loaded back.
_MARKER: Final = "netzwerk-kompass-conversation"
_SAVED: Final = re.compile(r"<!--\s*" + _MARKER + r":([A-Za-z0-9+/=\s]+)-->")
#: Larger files are not a saved conversation of ours.
MAX_SAVED_MB: Final = 5  # the app's uploader says and enforces it too
MAX_SAVED_BYTES: Final = MAX_SAVED_MB * 1024 * 1024


class ConversationLoadError(ValueError):
    """A file that is not a saved conversation; ``code`` says why (``too_large``,
    ``damaged``, ``none``) for the UI to translate."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def saved_conversation_marker(turns: Sequence[ChatAnswer]) -> str:
    """An HTML comment holding the conversation (base64 JSON: no "-->" can break out of it)."""
    data = Conversation(turns=list(turns)).model_dump_json().encode("utf-8")
    return f"<!-- {_MARKER}:{base64.b64encode(data).decode('ascii')} -->"


def conversation_json(turns: Sequence[ChatAnswer]) -> str:
    """The conversation as JSON (the app's JSON export)."""
    return Conversation(turns=list(turns)).model_dump_json(indent=1) + "\n"


def load_conversation(data: bytes) -> Conversation:
    """A conversation from a JSON export or a Markdown export of this app."""
    if len(data) > MAX_SAVED_BYTES:
        raise ConversationLoadError("too_large")
    text = data.decode("utf-8", "replace")
    match = _SAVED.search(text)
    try:
        if match:
            conversation = Conversation.model_validate_json(base64.b64decode(match.group(1), validate=False))
        elif text.lstrip().startswith("{"):
            conversation = Conversation.model_validate_json(text)
        else:
            raise ConversationLoadError("none")
    except (ValueError, binascii.Error) as exc:
        if isinstance(exc, ConversationLoadError):
            raise
        raise ConversationLoadError("damaged") from exc
    if not conversation.turns:  # {"hello": 1} is valid JSON, but no conversation of ours
        raise ConversationLoadError("none")
    return conversation
