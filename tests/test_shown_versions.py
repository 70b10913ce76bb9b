"""Which earlier turn showed a quote, in this or another language version (session 14 tester T3)."""

from __future__ import annotations

from assistant.answer import ChatAnswer, Conversation, Part, Quote, shown_at


def _quote(source: str, start: int, section: str, group: int | None, language: str) -> Quote:
    return Quote(number=1, part=Part.DIRECT, network_id="erfurt", network="Erfurt", location="Erfurt",
                 section=section, text="…", source=source, language=language, start=start, end=start + 10,
                 group=group)


def _turn(*quotes: Quote) -> ChatAnswer:
    return ChatAnswer(query="q", language="en", ui_language="en", matched=True, answer=list(quotes))


def test_a_passage_shown_in_another_language_version_was_shown_then() -> None:
    english = _quote("erfurt.en.txt", 3083, "challenges", 7, "en")
    turkish = _quote("erfurt.tr.txt", 2839, "challenges", 7, "tr")
    other = _quote("erfurt.tr.txt", 2700, "challenges", 8, "tr")
    opening = _quote("erfurt.en.txt", 1, "description", 3, "en")
    first = Conversation(turns=[_turn(opening), _turn(english)]).first_shown()
    assert shown_at(first, english) == 2 and shown_at(first, turkish) == 2
    assert shown_at(first, other) is None


def test_a_general_row_counts_by_its_own_key_alone() -> None:
    """A field's values share a group by likeness, not as translations ("Training providers etc" and "STK'lar")."""
    training = _quote("erfurt.en.txt", 666, "general", 5, "en")
    ngos = _quote("erfurt.tr.txt", 527, "general", 5, "tr")
    first = Conversation(turns=[_turn(training)]).first_shown()
    assert shown_at(first, training) == 1 and shown_at(first, ngos) is None
