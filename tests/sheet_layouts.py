"""Fact sheets laid out as planners have them, made by real tools from a text seed.

* :func:`sheet_html` re-lays a seed as the originals are: a title, then per
  template part a heading and a two-column table (label cell left, value cell
  right, list sections as ``<ul>``, prose as paragraphs), long enough to break
  pages. The rows come from the text version's parse, so every layout carries
  the same content as the seed.
* :func:`pdf_printer` prints such HTML to PDF with Debian's headless chromium.
* :func:`sheet_docx` writes the same table as a Word file with python-docx.

Used by the format tests and by ``benchmarks/pdf_extractors.py``.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from assistant.labels import FACT_OF_LABEL, LABEL_TABLES, LIST_SECTIONS, SECTION_OF_LABEL, LabelKey
from assistant.models import FactField, FactSheet, Section, SectionKind
from assistant.parse import parse_fact_sheet
from assistant.sheet_structure import collect_regions, find_labels, is_heading, split_lines

CHROMIUM = Path("/usr/bin/chromium")

#: Default page style: A4, a narrow label column so that long labels wrap in their cell.
CSS = """
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "DejaVu Sans", sans-serif; font-size: 10.5pt; line-height: 1.35; }
h1 { font-size: 15pt; } h2 { font-size: 12pt; margin: 14pt 0 4pt; }
table { border-collapse: collapse; width: 100%; }
td { border: 0.6pt solid #555; padding: 4pt 6pt; vertical-align: top; }
td.label { width: 24%; font-weight: bold; background: #eef; }
ul { margin: 0; padding-left: 14pt; } p { margin: 0 0 5pt; }
"""


#: Page styles of the same table: ruled cells; no rules at all (only whitespace
#: between columns and rows), with cell padding and flush left; a narrow label
#: column in a larger font (more wrapped labels and page breaks).
STYLES: dict[str, str] = {
    "ruled": CSS,
    "borderless": CSS.replace("border: 0.6pt solid #555;", "border: none;").replace("background: #eef;", ""),
    "borderless-flush": CSS.replace("border: 0.6pt solid #555;", "border: none;").replace("background: #eef;", "")
    .replace("padding: 4pt 6pt;", "padding: 5pt 8pt 5pt 0;"),
    "narrow": CSS.replace("width: 24%", "width: 16%").replace("font-size: 10.5pt", "font-size: 12pt"),
}


@dataclass(frozen=True)
class Row:
    label: str
    #: A fact: its value lines; a list section: its items; prose: its paragraphs.
    parts: tuple[str, ...]
    as_list: bool


@dataclass(frozen=True)
class Part:
    heading: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class SheetLayout:
    title: str
    status: str
    parts: tuple[Part, ...]


def _fact_lines(pieces: list[str]) -> tuple[str, ...]:
    """A fact value as printed: one paragraph, except contact rows (one entry per line)."""
    return (" ".join(pieces),)


def _contact_lines(pieces: list[str]) -> tuple[str, ...]:
    """Website/e-mail rows: one entry a line, URLs wrapped at a hyphen joined back."""
    lines: list[str] = []
    for piece in pieces:
        if lines and lines[-1].endswith("-") and "://" in lines[-1]:
            lines[-1] += piece
        else:
            lines.append(piece)
    return tuple(lines)


def sheet_layout(text: str, source: str = "seed.txt") -> SheetLayout:
    """The rows of a text seed, grouped by the template's numbered parts."""
    sheet = parse_fact_sheet(text, source, "")
    assert sheet is not None, "not a template sheet"
    lines = split_lines(text)
    hits = find_labels(lines)
    regions = {r.hit.line: r for r in collect_regions(text, lines, hits)}
    parts: list[Part] = []
    heading = ""
    rows: list[Row] = []
    title = sheet.title or ""
    status = ""
    for line in lines:
        if is_heading(line.text):
            if rows or heading:
                parts.append(Part(heading, tuple(rows)))
            heading = re.sub(r"\s+", " ", line.text.strip(" \t*#"))
            rows = []
            continue
        region = regions.get(line.index)
        if region is None:
            continue
        key = region.hit.key
        label = LABEL_TABLES[region.hit.language][key][0]
        pieces = [p.text.text for p in region.pieces]
        if key is LabelKey.TITLE:
            continue
        if key is LabelKey.STATUS_DATE:
            status = f"{label}: {' '.join(pieces)}"
        elif key in (LabelKey.WEBSITES, LabelKey.EMAILS):
            rows.append(Row(label, _contact_lines(pieces), as_list=False))
        elif key in FACT_OF_LABEL:
            rows.append(Row(label, _fact_lines(pieces), as_list=False))
        else:
            kind = SECTION_OF_LABEL[key]
            section = sheet.section(kind)
            items = tuple(i.text for i in section.items) if section else ()
            rows.append(Row(label, items, as_list=kind in LIST_SECTIONS))
    parts.append(Part(heading, tuple(rows)))
    return SheetLayout(title, status, tuple(parts))


def reference_sheet(text: str, source: str) -> FactSheet:
    sheet = parse_fact_sheet(text, source, "")
    assert sheet is not None
    return sheet


def sheet_html(layout: SheetLayout, css: str = CSS) -> str:
    out = [f"<!doctype html><html lang='en'><head><meta charset='utf-8'><style>{css}</style></head><body>"]
    out.append(f"<h1>Good Practice: {html.escape(layout.title)}</h1>")
    if layout.status:
        out.append(f"<p>{html.escape(layout.status)}</p>")
    for part in layout.parts:
        if part.heading:
            out.append(f"<h2>{html.escape(part.heading)}</h2>")
        out.append("<table>")
        for row in part.rows:
            if row.as_list:
                value = "<ul>" + "".join(f"<li>{html.escape(p)}</li>" for p in row.parts) + "</ul>"
            elif len(row.parts) == 1:
                value = html.escape(row.parts[0])
            else:
                value = "".join(f"<p>{html.escape(p)}</p>" for p in row.parts)
            out.append(f"<tr><td class='label'>{html.escape(row.label)}</td><td>{value}</td></tr>")
        out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out)


CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


#: A running header and footer (page "N of M") as a compendium prints them, in chromium's print templates.
RUNNING_HEADER = ('<div style="font: 8pt \'DejaVu Sans\'; width: 100%; padding-left: 16mm">'
                  "Good Practice Compendium · Municipal integration networks</div>")
RUNNING_FOOTER = ('<div style="font: 8pt \'DejaVu Sans\'; width: 100%; text-align: center">Page '
                  '<span class="pageNumber"></span> of <span class="totalPages"></span></div>')


@contextmanager
def pdf_printer() -> Iterator[Callable[..., bytes]]:
    """A function that prints HTML to PDF with Debian's chromium (one browser for all calls).

    Playwright drives /usr/bin/chromium over a pipe; no browser is downloaded. The
    page size and margins come from the page's CSS (``@page``), backgrounds are
    printed, and there is no header or footer unless ``running=True`` is passed.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()

            def print_pdf(page_html: str, *, running: bool = False) -> bytes:
                page.set_content(page_html, wait_until="load")
                if not running:
                    return page.pdf(prefer_css_page_size=True, print_background=True)
                return page.pdf(prefer_css_page_size=True, print_background=True, display_header_footer=True,
                                header_template=RUNNING_HEADER, footer_template=RUNNING_FOOTER)

            yield print_pdf
        finally:
            browser.close()


def sheet_docx(layout: SheetLayout) -> bytes:
    """The same layout as a Word file: title, headings, one two-column table per part."""
    import docx  # python-docx

    document = docx.Document()
    document.add_heading(f"Good Practice: {layout.title}", level=1)
    if layout.status:
        document.add_paragraph(layout.status)
    for part in layout.parts:
        if part.heading:
            document.add_heading(part.heading, level=2)
        table = document.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for row in part.rows:
            label_cell, value_cell = table.add_row().cells
            label_cell.text = row.label
            for index, text in enumerate(row.parts):
                paragraph = value_cell.paragraphs[0] if index == 0 else value_cell.add_paragraph()
                paragraph.text = text
                if row.as_list:
                    paragraph.style = document.styles["List Bullet"]
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --------------------------------------------------------------------------- comparing


GENERAL_FIELDS = (
    FactField.NAME, FactField.FOUNDING_YEAR, FactField.LOCATION, FactField.COORDINATING_ORGANISATION,
    FactField.FORMALISATION, FactField.MEMBERS, FactField.FIELDS_OF_ACTION, FactField.TARGET_GROUPS,
    FactField.NETWORK_TYPE,
)
LIGATURES = re.compile("[\ufb00-\ufb06]")


@dataclass(frozen=True)
class Comparison:
    """A sheet read from another format, against the text version of the same seed."""

    fields_right: int
    fields_total: int
    sections_missing: tuple[str, ...]
    item_counts_off: tuple[str, ...]  # "kind: text N, other M" where |N - M| > 1
    text_differs: tuple[str, ...]  # sections whose words differ from the text version's
    problems: tuple[str, ...]  # every difference, readable

    @property
    def right(self) -> bool:
        return not self.problems


def compare_sheets(reference: FactSheet, candidate: FactSheet | None) -> Comparison:
    if candidate is None:
        return Comparison(0, len(GENERAL_FIELDS), ("all",), (), (), ("not recognised as a fact sheet",))
    problems: list[str] = []
    right = 0
    for field_ in GENERAL_FIELDS:
        want = [f.value for f in reference.facts_of(field_)]
        got = [f.value for f in candidate.facts_of(field_)]
        if want == got:
            right += 1
        else:
            problems.append(f"{field_.value}: {got!r} (text version {want!r})")
    missing = tuple(
        s.kind.value for s in reference.sections if candidate.section(s.kind) is None
    )
    problems += [f"section missing: {kind}" for kind in missing]
    off = []
    for section in reference.sections:
        other = candidate.section(section.kind)
        if other is not None and abs(len(other.items) - len(section.items)) > 1:
            off.append(f"{section.kind.value}: text {len(section.items)}, other {len(other.items)}")
    problems += [f"item count {o}" for o in off]
    differs = []
    for section in reference.sections:
        other = candidate.section(section.kind)
        if other is None or section.kind in (SectionKind.GENERAL, SectionKind.CONTACT):
            continue
        want, got = section_words(section), section_words(other)
        if want != got:
            at = next((i for i, (a, b) in enumerate(zip(want, got, strict=False)) if a != b), min(len(want), len(got)))
            differs.append(section.kind.value)
            problems.append(
                f"text of {section.kind.value} differs at word {at}: "
                f"{' '.join(got[at:at + 6])!r} (text version {' '.join(want[at:at + 6])!r})"
            )
    ligatures = sorted({m.group() for s in candidate.sections for i in s.items for m in LIGATURES.finditer(i.text)})
    if ligatures:
        problems.append(f"ligatures in items: {' '.join(ligatures)}")
    return Comparison(right, len(GENERAL_FIELDS), missing, tuple(off), tuple(differs), tuple(problems))


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def section_words(section: Section) -> list[str]:
    """A section's words, whatever its item splitting (lost glyphs as control characters removed)."""
    return _CONTROL.sub(" ", " ".join(i.text for i in section.items)).split()
