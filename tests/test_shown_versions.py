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


def _fact(network: str, source: str, start: int, section: str, fact: str, value: str) -> Quote:
    return Quote(number=1, part=Part.FACTS, network_id=network, network=network.title(), location="x",
                 section=section, text=value, source=source, language=source.split(".")[1], start=start,
                 end=start + len(value), fact=fact, value=value)


def test_a_field_rows_value_shown_in_another_language_version_was_shown_then() -> None:
    """The Facts part quotes a fact from the sheet in the answer's language: Erfurt's founding year
    "2004" of the English sheet, then of the Turkish one after a switch, is the same fact (it was
    new again, while the German page's row beside it was referred to); a value that differs in
    translation, another network's or field's value and a founding claim in a page's prose are not."""
    year = _fact("erfurt", "erfurt.en.txt", 300, "general", "founding_year", "2004")
    since = _fact("erfurt", "erfurt.en.txt", 900, "general", "founding_year", "1999")
    mail = _fact("erfurt", "erfurt.en.txt", 5000, "contact", "emails", "netzwerk@integration-migration-thueringen.de")
    coordinator = _fact("erfurt", "erfurt.en.txt", 400, "general", "coordinating_organisation", "IB (a social NGO)")
    first = Conversation(turns=[_turn(year, since, mail, coordinator)]).first_shown()
    assert shown_at(first, _fact("erfurt", "erfurt.tr.txt", 280, "general", "founding_year", "2004")) == 1
    assert shown_at(first, _fact("erfurt", "erfurt.tr.txt", 850, "general", "founding_year", "1999")) == 1
    assert shown_at(first, _fact("erfurt", "erfurt.tr.txt", 4800, "contact", "emails",
                                 "Netzwerk@integration-migration-thueringen.de")) == 1
    assert shown_at(first, _fact("erfurt", "erfurt.tr.txt", 380, "general", "coordinating_organisation",
                                 "IB (sosyal bir STK)")) is None
    assert shown_at(first, _fact("dortmund", "dortmund.en.txt", 300, "general", "founding_year", "2004")) is None
    assert shown_at(first, _fact("erfurt", "erfurt.tr.txt", 300, "general", "members", "2004")) is None
    assert shown_at(first, _fact("erfurt", "erfurt.de.txt", 700, "description", "founding_year", "1999")) is None
