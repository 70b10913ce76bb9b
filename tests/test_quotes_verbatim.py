"""Every quote a chat answer shows is verbatim in its source (whitespace and list markup
normalised), except where an ellipsis marks what was left out (session 11 browser tester X5:
"Kontakt Gruenwald" showed Dortmund's website and e-mail rows joined into one "quote"
"https://www.facebook.com/lokalwillkommen/ nfarshi@stadtdo.de", the row label between them
dropped). test_chat_composition's check only asked situations, and accepted a quote that
merely contains its span's text; this one asks contact, overview and fact questions about
every seed network in DE, EN and TR, and searches each piece in the whole source."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.answer import Quote
from assistant.chat import Conversation
from assistant.corpus import read_source_text
from assistant.models import Network
from assistant.text import strip_markup

ELLIPSIS = "…"

QUESTIONS = {
    "de": ["Kontakt {n}", "Kontakt?", "Wie erreiche ich {n}?", "Erzähl mir von {n}", "Wann wurde {n} gegründet?",
           "Wer koordiniert in {n}?", "Wie viele Mitglieder hat {n}?", "Welche Netzwerke gibt es?",
           "Kontakt Gruenwald"],
    "en": ["Contact {n}", "Contact?", "How do I reach {n}?", "Tell me about {n}", "When was {n} founded?",
           "Who coordinates in {n}?", "How many members does {n} have?", "Which networks do you know?",
           "Contact Gruenwald"],
    "tr": ["{n} iletişim", "İletişim?", "{n} ağına nasıl ulaşırım?", "{n} hakkında bilgi ver",
           "{n} ne zaman kuruldu?", "{n}'da kim koordine ediyor?", "{n} kaç üyesi var?", "Hangi ağlar var?",
           "Gruenwald iletişim"],
}
NETWORKS = ("Dortmund", "Erfurt", "Halberstadt")


def _norm(text: str) -> str:
    """Markup and whitespace dropped: a web address wrapped over two lines is quoted whole."""
    return "".join(strip_markup(text).replace("\u00ad", "").split())


def without_gaps(source: str, name: str, networks: dict[str, Network]) -> str:
    """``source`` without the label text inside the spans of its items ("formats", the second
    line of the label "External Communication & Event" / "formats" an entry runs across)."""
    gaps = sorted({gap for network in networks.values() for section in network.sections
                   if section.source == name for item in section.items for gap in item.span.gaps})
    kept: list[str] = []
    position = 0
    for start, end in gaps:
        kept.append(source[position:start])
        position = max(position, end)
    # and without the page-break lines (a lone ".") a passage runs across
    return re.sub(r"\n[ \t]*\.[ \t]*(?=\n)", "\n", "".join([*kept, source[position:]]))


def assert_verbatim(quote: Quote, source: str) -> None:
    """Each stretch of ``quote``'s text between marked ellipses stands in ``source``, in order."""
    text = _norm(source)
    position = 0
    for piece in _norm(quote.text).split(ELLIPSIS):
        if not piece:
            continue
        found = text.find(piece, position)
        assert found >= 0, f"not verbatim in {quote.source}: {piece!r} of [{quote.number}] {quote.text!r}"
        position = found + len(piece)
    for part in (quote.value, quote.problem, quote.solution):
        for piece in _norm(part or "").split(ELLIPSIS):
            assert not piece or piece in text, f"not verbatim in {quote.source}: {piece!r} of {quote!r}"


def _quotes_of(engine, language: str) -> list[Quote]:  # noqa: ANN001
    quotes: list[Quote] = []
    for name in NETWORKS:
        turns = []
        for question in QUESTIONS[language]:
            answer = engine.chat(question.format(n=name), conversation=Conversation(turns=turns),
                                 ui_language=language)
            turns.append(answer)
            quotes += answer.answer
    return quotes


@pytest.mark.parametrize("language", ["de", "en", "tr"])
def test_every_quote_of_contact_overview_and_fact_answers_is_verbatim(seed_engine, corpus_dir: Path,
                                                                       networks: dict[str, Network],
                                                                       language: str) -> None:
    quotes = _quotes_of(seed_engine, language)
    assert any(q.section == "contact" for q in quotes)
    sources: dict[str, str] = {}
    for quote in quotes:
        source = sources.setdefault(quote.source, without_gaps(read_source_text(corpus_dir, quote.source),
                                                               quote.source, networks))
        assert_verbatim(quote, source)


@pytest.mark.parametrize(("question", "language"), [("Kontakt Dortmund", "de"), ("Contact Dortmund", "en"),
                                                     ("Dortmund iletişim", "tr"), ("Kontakt?", "de"),
                                                     ("Contact?", "en"), ("İletişim bilgileri?", "tr")])
def test_a_contact_quote_never_joins_two_rows(seed_engine, question: str, language: str) -> None:
    """The e-mail row (it starts in lower case) is no continuation of the website row before it."""
    answer = seed_engine.chat(question, ui_language=language)
    contact = [q.text for q in answer.answer if q.section == "contact"]
    assert contact and not any("lokalwillkommen/ nfarshi" in t for t in contact), contact
    answer = seed_engine.chat("Kontakt Gruenwald", ui_language=language)
    contact = [q.text for q in answer.answer if q.section == "contact"]
    assert contact and not any("lokalwillkommen/ nfarshi" in t for t in contact), contact
