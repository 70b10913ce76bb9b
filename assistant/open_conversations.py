"""The conversations one window of the app holds: the one shown, and those it can go back to.

Opening a saved conversation (the sidebar's uploader) never replaces the conversation that
is open (session 14 browser tester T14: it was lost without a word). The opened one gets an id of
its own (its own address and file, :mod:`assistant.session_store`); the one that was open
stays on disk under its id and is *set aside*: the page offers to go back to it, and going
back sets the opened one aside in turn, so neither is lost. "New conversation" keeps the one
before as its *undo* until the new one's first question (then that file goes, as before); a
file opened meanwhile sets the undo aside instead, so that one is kept too.

These are the state changes alone, over any kind of turn: the app holds its turns
(``Turn``), its session state and the page's address.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from assistant.profile import SituationProfile

__all__ = ["HeldConversation", "conversation_title", "go_back", "open_saved", "set_aside"]

T = TypeVar("T")

#: Longest part of a conversation's first question that names it on a button.
TITLE_CHARS = 48


@dataclass(frozen=True)
class HeldConversation(Generic[T]):
    """A conversation as a window holds it: its id (the ``?c=`` of its address, the name of its
    file), its turns, its situation profile, and how far this window has read its file
    (``stamp``, ``synced``: :func:`assistant.session_store.session_stamp`)."""

    id: str
    turns: tuple[T, ...]
    profile: SituationProfile | None = None
    stamp: tuple[int, int] | None = None
    synced: int = 0


def set_aside(shown: HeldConversation[T], undo: HeldConversation[T] | None) -> HeldConversation[T] | None:
    """What is kept to go back to when another conversation takes the page: the one shown,
    unless it has no turns yet (just after "New conversation"): then the one that undo would
    restore; None when there is neither."""
    return shown if shown.turns else undo


def open_saved(shown: HeldConversation[T], undo: HeldConversation[T] | None,
               previous: HeldConversation[T] | None,
               opened: HeldConversation[T]) -> tuple[HeldConversation[T], HeldConversation[T] | None]:
    """The conversation shown and the one to go back to after a saved conversation was opened
    (the undo is used up either way). An empty page with nothing to undo keeps the way back
    it had."""
    return opened, set_aside(shown, undo) or previous


def go_back(shown: HeldConversation[T], undo: HeldConversation[T] | None,
            previous: HeldConversation[T] | None) -> tuple[HeldConversation[T], HeldConversation[T] | None] | None:
    """The conversation shown and the one to go back to after going back to ``previous``: the two
    change places, so the one left is kept as well (None: there is nothing to go back to)."""
    if previous is None:
        return None
    return previous, set_aside(shown, undo)


def conversation_title(first_question: str, limit: int = TITLE_CHARS) -> str:
    """A conversation named by its first question, on one line and at most ``limit`` characters
    (cut at a word where there is one, marked " …")."""
    text = " ".join(first_question.split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    return (cut.rsplit(" ", 1)[0] if " " in cut.strip() else cut).rstrip(" ,;:") + " …"
