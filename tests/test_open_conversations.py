"""Opening a saved conversation sets the open one aside, never loses it (s14 tester T14): the
state changes of :mod:`assistant.open_conversations`, without the app."""

from __future__ import annotations

from assistant.open_conversations import HeldConversation, conversation_title, go_back, open_saved, set_aside

A = HeldConversation("a" * 32, ("Finanzierung?", "Und Halberstadt?"))
B = HeldConversation("b" * 32, ("Wer koordiniert in Erfurt?",))
EMPTY = HeldConversation("c" * 32, ())


def test_opening_a_file_over_a_conversation_sets_that_one_aside() -> None:
    assert open_saved(A, None, None, B) == (B, A)
    # and going back swaps them: the opened one is kept in turn
    assert go_back(B, None, A) == (A, B)
    assert go_back(A, None, B) == (B, A)


def test_after_new_conversation_the_one_undo_would_restore_is_set_aside() -> None:
    # "New conversation" (A is its undo), then a file opened on the empty page: A is the way back
    assert open_saved(EMPTY, A, None, B) == (B, A)
    # going back from an empty page keeps the undo's conversation too
    assert go_back(EMPTY, A, B) == (B, A)


def test_an_empty_page_with_nothing_to_undo_keeps_its_way_back() -> None:
    assert open_saved(EMPTY, None, A, B) == (B, A)
    assert open_saved(EMPTY, None, None, B) == (B, None)
    assert go_back(EMPTY, None, A) == (A, None)  # nothing to keep: the empty page is no conversation
    assert go_back(A, None, None) is None


def test_set_aside_is_the_shown_conversation_unless_it_is_empty() -> None:
    assert set_aside(A, B) is A
    assert set_aside(EMPTY, B) is B
    assert set_aside(EMPTY, None) is None


def test_a_conversation_is_named_by_its_first_question_on_one_line() -> None:
    assert conversation_title("Finanzierung?") == "Finanzierung?"
    assert conversation_title("  Wie   finanziert\nsich das?  ") == "Wie finanziert sich das?"
    long = "Wir sind eine Kleinstadt mit 40.000 Einwohnern in Thüringen und niemand koordiniert"
    title = conversation_title(long)
    assert title.endswith(" …") and len(title) <= 50 and long.startswith(title[:-2])
    assert conversation_title("x" * 80, limit=10) == "x" * 10 + " …"
