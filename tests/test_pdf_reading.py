"""PDF reading under hostile input (issue 11, item 5), and decode-time normalisation.

The PDFs here are written byte by byte, so a test can say exactly what a page
draws: a decompression bomb is six pages sharing one content stream that
inflates from a few kilobytes to 12 MB.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.corpus import load_corpus, read_source_text
from assistant.models import FactField, SectionKind
from assistant.network import load_networks
from assistant.pdf import PdfError, PdfLimits, read_pdf
from assistant.text import normalise_presentation_forms

SEED_IDS = ["dortmund", "erfurt", "halberstadt"]


def _text_ops(lines: list[str], top: int = 760) -> bytes:
    ops = []
    for number, line in enumerate(lines):
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(f"BT /F1 10 Tf 50 {top - 14 * number} Td ({escaped}) Tj ET")
    return "\n".join(ops).encode("latin-1")


def handmade_pdf(page_streams: list[int], streams: list[bytes]) -> bytes:
    """A PDF whose page i draws ``streams[page_streams[i]]`` (Flate-compressed, Helvetica).

    Pages that name the same stream share one stream object, as in a bomb.
    """
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in below
    pages = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    stream_ids = []
    for content in streams:
        packed = zlib.compress(content, 9)
        head = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed)
        stream_ids.append(add(head + packed + b"\nendstream"))
    kids = []
    for index in page_streams:
        kids.append(add(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 %d 0 R >> >> "
            b"/Contents %d 0 R >>" % (pages, font, stream_ids[index])
        ))
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages
    objects[pages - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref)
    return bytes(out)


def _bomb() -> bytes:
    line = b"BT /F1 12 Tf 72 720 Td (Location Somewhere) Tj ET\n"
    return handmade_pdf([0] * 6, [line * (12_000_000 // len(line))])


def _warned(load_warnings: list, source: str) -> str:
    return " | ".join(w.message for w in load_warnings if w.source == source)


# --------------------------------------------------------------------------- bounded cost


def test_handmade_pdf_is_read() -> None:
    data = handmade_pdf([0, 1], [_text_ops(["Hello page one"]), _text_ops(["Hello page two"])])
    result = read_pdf(data)
    assert "Hello page one" in result.text and "Hello page two" in result.text
    assert (result.pages, result.pages_read, result.warnings) == (2, 2, ())


def test_decompression_bomb_is_skipped_with_a_warning_naming_it(corpus_copy: Path) -> None:
    """42 KB, six pages sharing one content stream that inflates to 12 MB (issue 11): it
    cost minutes and gigabytes; now each page is inflated only up to the page limit."""
    data = _bomb()
    assert len(data) < 100_000
    (corpus_copy / "bomb.pdf").write_bytes(data)
    loaded = load_networks(corpus_copy)
    message = _warned(loaded.warnings, "bomb.pdf")
    assert "pages 1-6 not read" in message and "bytes decompressed" in message, message
    assert [n.id for n in loaded.networks] == SEED_IDS


def test_a_bomb_page_among_good_pages_is_left_out(corpus_dir: Path) -> None:
    sheet = (corpus_dir / "halberstadt.en.txt").read_text(encoding="utf-8")
    lines = [line.replace("\t", "    ") for line in sheet.splitlines() if line.strip()][:40]
    bomb = b"BT /F1 12 Tf 72 720 Td (x) Tj ET\n" * 400_000
    data = handmade_pdf([0, 1], [_text_ops(lines), bomb])
    result = read_pdf(data)
    assert result.pages_read == 1
    assert result.warnings == ("page 2 not read: content over 300,000 bytes decompressed (limit per page)",)
    assert "Founding year" in result.text


def test_content_budget_over_pages_stops_reading() -> None:
    pages = [_text_ops([f"Page {n} line {k}" for k in range(40)]) for n in range(4)]
    limits = PdfLimits(max_content_bytes=2 * len(pages[0]) + 10)
    result = read_pdf(handmade_pdf([0, 1, 2, 3], pages), limits)
    assert result.pages_read == 2
    assert "read only 2 of 4 pages" in result.warnings[0]
    assert "Page 1 line 0" in result.text and "Page 2 line 0" not in result.text


def test_page_limit() -> None:
    data = handmade_pdf([0, 1, 2], [_text_ops([f"Page {n}"]) for n in range(3)])
    result = read_pdf(data, PdfLimits(max_pages=2))
    assert result.warnings == ("only the first 2 of 3 pages read (limit 2)",)
    assert "Page 1" in result.text and "Page 2" not in result.text


def test_text_limit() -> None:
    data = handmade_pdf([0, 1], [_text_ops(["word " * 30] * 20)] * 2)
    result = read_pdf(data, PdfLimits(max_chars=500))
    assert len(result.text) <= 500
    assert "text cut at 500 characters" in result.warnings[0]


def test_nothing_readable_raises() -> None:
    with pytest.raises(PdfError, match="not read"):
        read_pdf(_bomb())


# --------------------------------------------------------------------------- normalisation

LIGATURE_SHEET = (
    "Name of the network\tNetzwerk Seeﬁeld\nFounding year\t2019\nLocation\tSeeﬁeld / Bavaria / Germany\n"
    "Type of network\tInformal network\n"
    "Challenges & Lessons learnt\t<ul> <li>Reaching the target group is diﬃcult</li> "
    "<li>Oﬀering Sprach\u00adkurse for every\u00adone</li> </ul>\n"
)


def test_ligatures_and_soft_hyphens_are_gone_from_spans_quotes_and_search(tmp_path: Path) -> None:
    (tmp_path / "seefield.en.txt").write_text(LIGATURE_SHEET, encoding="utf-8")
    [sheet] = load_corpus(tmp_path).sheets
    decoded = read_source_text(tmp_path, "seefield.en.txt")
    assert not re.search("[\ufb00-\ufb06\u00ad]", decoded)
    challenges = sheet.section(SectionKind.CHALLENGES)
    assert challenges is not None
    assert [i.text for i in challenges.items] == [
        "Reaching the target group is difficult",
        "Offering Sprachkurse for everyone",
    ]
    for item in challenges.items:
        assert decoded[item.span.start : item.span.end] == item.text
    assert [f.value for f in sheet.facts_of(FactField.NAME)] == ["Netzwerk Seefield"]


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("ﬁeld ﬂow oﬀer oﬃce waﬄe", "field flow offer office waffle"),
        ("Sprach\u00adkurs", "Sprachkurs"),
        ("e\u2011mail", "e-mail"),
        ("Ｅrfurt２０２０", "Erfurt2020"),
        ("zero\u200bwidth", "zerowidth"),
        ("u\u0308ber", "über"),
        ("i\u0307ki", "iki"),
        ("ı\u0307ki", "iki"),
    ],
)
def test_presentation_forms_mapped(raw: str, shown: str) -> None:
    assert normalise_presentation_forms(raw) == shown


@pytest.mark.parametrize(
    "kept",
    ["Müller Straße Öl Ärger", "İstanbul ışık Ağ Şişli çiçek", "m² ½ … – — „Zitat“ «x»", "5\u00a0000", "ß ẞ"],
)
def test_letters_and_punctuation_kept(kept: str) -> None:
    assert normalise_presentation_forms(kept) == kept


@given(st.text())
def test_normalisation_is_idempotent_and_leaves_no_presentation_forms(text: str) -> None:
    once = normalise_presentation_forms(text)
    assert normalise_presentation_forms(once) == once
    assert not re.search("[\ufb00-\ufb06\u00ad\u200b\u2060\ufeff\u2010\u2011\uff01-\uff5e]", once)
    assert unicodedata.is_normalized("NFC", once)
