"""Fact sheets as planners have them: the seeds laid out as two-column tables and
printed to PDF by a real renderer (Debian's chromium), read back through the corpus.

For each English seed, in a ruled and a borderless table: the same network id, the
same general facts, every section of the text version, item counts within one,
no ligatures, and spans that point at the quoted text. The Halberstadt sheet is
also checked item by item against the golden expectations written for its text
version. Skipped where /usr/bin/chromium is missing (never downloads a browser).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.corpus import load_corpus, read_source_text
from assistant.models import FactSheet, IssueCode, SectionKind
from assistant.network import load_networks
from assistant.text import normalise_presentation_forms

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():  # pragma: no cover - depends on the machine
    pytest.skip("needs Debian's chromium at /usr/bin/chromium", allow_module_level=True)
pytest.importorskip("playwright.sync_api")

from sheet_layouts import (  # noqa: E402
    GENERAL_FIELDS,
    LIGATURES,
    pdf_printer,
    reference_sheet,
    section_words,
    sheet_html,
    sheet_layout,
)
from sheet_layouts import STYLES as ALL_STYLES  # noqa: E402

SEEDS = {"erfurt.en.txt": "erfurt", "dortmund.en.txt": "dortmund", "halberstadt.en.txt": "halberstadt"}
STYLES = {name: css for name, css in ALL_STYLES.items() if name in ("ruled", "borderless")}
#: The same with a running header and a page-numbered footer on every page.
STYLES |= {f"{name}, header and footer": css for name, css in STYLES.items()}
CASES = [(name, style) for name in SEEDS for style in STYLES]


@pytest.fixture(scope="module")
def printed(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """Each case as a corpus folder holding only the printed PDF."""
    out = {}
    with pdf_printer() as print_pdf:
        for name, style in CASES:
            text = (corpus_dir / name).read_text(encoding="utf-8")
            folder = tmp_path_factory.mktemp(SEEDS[name])
            page_html = sheet_html(sheet_layout(text, name), STYLES[style])
            (folder / "sheet.pdf").write_bytes(print_pdf(page_html, running="header" in style))
            out[(name, style)] = folder
    return out


def _sheet(folder: Path) -> FactSheet:
    load = load_corpus(folder)
    assert load.warnings == []
    [sheet] = load.sheets
    return sheet


def _value_issues(sheet: FactSheet) -> set[tuple[str, str]]:
    return {(i.field, i.value) for i in sheet.issues if i.code is not IssueCode.REPEATED_FRAGMENT}


def _reference(corpus_dir: Path, name: str) -> FactSheet:
    return reference_sheet(normalise_presentation_forms((corpus_dir / name).read_text(encoding="utf-8")), name)


def test_printed_pdfs_are_real_table_layouts(printed: dict[tuple[str, str], Path]) -> None:
    """The renderer really broke pages and wrapped labels in their cells."""
    from pypdf import PdfReader

    for (name, style), folder in printed.items():
        reader = PdfReader(folder / "sheet.pdf")
        assert len(reader.pages) >= 2, (name, style)
        plain = "\n".join(page.extract_text() for page in reader.pages)
        assert not re.search(r"Coordinating Organisation\s", plain), "label did not wrap"
    # Chromium prints "fi" and "ff" as ligature glyphs; the plain extraction keeps them.
    assert LIGATURES.search(plain)


@pytest.mark.parametrize(("name", "style"), CASES)
def test_same_network_id(printed: dict[tuple[str, str], Path], name: str, style: str) -> None:
    loaded = load_networks(printed[(name, style)])
    assert [n.id for n in loaded.networks] == [SEEDS[name]]


@pytest.mark.parametrize(("name", "style"), CASES)
def test_same_general_facts(
    printed: dict[tuple[str, str], Path], corpus_dir: Path, name: str, style: str
) -> None:
    pdf, txt = _sheet(printed[(name, style)]), _reference(corpus_dir, name)
    assert (pdf.kind, pdf.language, pdf.title) == (txt.kind, txt.language, txt.title)
    for field_ in GENERAL_FIELDS:
        assert [f.value for f in pdf.facts_of(field_)] == [f.value for f in txt.facts_of(field_)], field_
    # The same implausible values; the seed text's extraction debris (a repeated
    # fragment) is not in the laid-out sheet, so it is no issue there.
    assert _value_issues(pdf) == _value_issues(txt)


@pytest.mark.parametrize(("name", "style"), CASES)
def test_every_section_with_about_the_same_items(
    printed: dict[tuple[str, str], Path], corpus_dir: Path, name: str, style: str
) -> None:
    pdf, txt = _sheet(printed[(name, style)]), _reference(corpus_dir, name)
    assert [s.kind for s in pdf.sections] == [s.kind for s in txt.sections]
    for section in txt.sections:
        other = pdf.section(section.kind)
        assert other is not None, section.kind
        assert abs(len(other.items) - len(section.items)) <= 1, (section.kind, [i.text for i in other.items])
        if section.kind not in (SectionKind.GENERAL, SectionKind.CONTACT):
            assert section_words(other) == section_words(section), section.kind


@pytest.mark.parametrize(("name", "style"), CASES)
def test_no_ligatures_and_spans_quote_the_decoded_text(
    printed: dict[tuple[str, str], Path], name: str, style: str
) -> None:
    folder = printed[(name, style)]
    pdf = _sheet(folder)
    decoded = read_source_text(folder, "sheet.pdf")
    assert not LIGATURES.search(decoded)
    if "header" in style:  # printed on every page, and left out of the text
        from pypdf import PdfReader

        assert all("Compendium" in page.extract_text() for page in PdfReader(folder / "sheet.pdf").pages)
        assert "Compendium" not in decoded and not re.search(r"Page \d+ of \d+", decoded)
    for section in pdf.sections:
        for item in section.items:
            assert not LIGATURES.search(item.text)
            quoted = " ".join(decoded[item.span.start : item.span.end].split())
            # Bullets are list markup, not text: the item is the span without them.
            assert quoted.replace("• ", "") == item.text, (section.kind, item.text)
    for fact in pdf.facts:
        assert " ".join(decoded[fact.span.start : fact.span.end].split()) == fact.quote


@pytest.mark.parametrize("style", list(STYLES))
def test_golden_halberstadt(printed: dict[tuple[str, str], Path], style: str) -> None:
    """Item by item as a human reader lists the sheet (the text version's golden)."""
    from test_parse_golden import HALBERSTADT_EN, _value

    pdf = _sheet(printed[("halberstadt.en.txt", style)])
    for field_, values in HALBERSTADT_EN.facts.items():
        assert [_value(field_, f.value) for f in pdf.facts_of(field_)] == [_value(field_, v) for v in values]
    for kind, items in HALBERSTADT_EN.sections.items():
        section = pdf.section(kind)
        assert section is not None and [i.text for i in section.items] == items, kind
