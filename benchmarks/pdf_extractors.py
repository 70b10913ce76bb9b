"""Which PDF extractor parses table-laid fact sheets right? (issue 14)

Each English seed, and generated sheets in EN/DE/TR that nothing was tuned on, is
re-laid as the originals are (a two-column HTML table, lists as ``<ul>``; see
``tests/sheet_layouts.py``) in four styles (ruled, borderless, borderless flush
left, narrow label column) and once more ruled with a running header and a
"Page N of M" footer, printed to PDF
by Debian's headless chromium (Playwright), read by each candidate extractor, parsed, and
compared with the parse of the text version: network id, the nine general facts,
every section, item counts within one, no ligatures.

    .venv/bin/python -m benchmarks.pdf_extractors --synthetic 12   # prints a markdown report
    .venv/bin/python -m benchmarks.pdf_extractors --show pypdf-layout erfurt ruled

Candidates:

* ``pypdf-plain``: what the project did before (``extract_text()``, an indent of
  two or more spaces read as a tab);
* ``pypdf-layout``: ``extract_text(extraction_mode="layout")``, its columns split
  at the value column (the most common start of text after a wide gap), a
  row's wrapped label lines joined, wrapped value lines joined by the same fill
  test as ours (in characters);
* ``pdfplumber-tables``: pdfplumber's own ``extract_tables()``, one line per row,
  text outside tables in reading order;
* ``pdfplumber-cells``: ``assistant.pdf.read_pdf`` (pdfplumber geometry, cell by
  cell, :mod:`assistant.pdf_layout`; the one the project ships).

A sheet is right when its network id, nine general facts, sections, item counts
(within one) and section words all match the text version and no ligature is
left; "right but for word breaks" ignores the section words (pypdf's layout mode
breaks words: "thr ee", "lectur es").
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from sheet_layouts import STYLES, Comparison, compare_sheets, pdf_printer, sheet_html, sheet_layout  # noqa: E402

from assistant.network import build_networks  # noqa: E402
from assistant.parse import parse_document  # noqa: E402
from assistant.pdf import read_pdf  # noqa: E402
from assistant.text import normalise_presentation_forms  # noqa: E402

SEEDS = ("erfurt", "dortmund", "halberstadt")
#: Layout variants: a page style, and whether a running header and a "Page N of M" footer are printed.
VARIANTS: dict[str, tuple[str, bool]] = {name: (css, False) for name, css in STYLES.items()} | {
    "ruled, header and footer": (STYLES["ruled"], True),
}

# --------------------------------------------------------------------------- candidates


def pypdf_plain(data: bytes) -> str:
    from pypdf import PdfReader

    pages = [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]
    return re.sub(r"^ {2,}", "\t", "\n".join(pages), flags=re.MULTILINE)


_SECOND_COLUMN = re.compile(r"^\s{0,3}\S.*?\s{3,}(\S)")


def _split(line: str, column: int) -> tuple[str, str]:
    """A layout line cut into (label part, value part) at the value column."""
    indent = len(line) - len(line.lstrip())
    if indent >= column - 6:
        return "", line.strip()
    for match in re.finditer(r"\s{2,}(?=\S)", line):
        if abs(match.end() - column) <= 6:
            return line[: match.start()].strip(), line[match.end():].strip()
    return line.strip(), ""


def _row_lines(label: list[str], values: list[str]) -> list[str]:
    """One table row in the parser's shape."""
    if not label and not values:
        return []
    head, rest = " ".join(label), list(values)
    first = f"{head}\t{rest.pop(0)}" if head and rest else head or f"\t{rest.pop(0)}"
    return [first, *(f"\t{v}" for v in rest)]


def _layout_page(lines: list[str], column: int) -> list[str]:
    """A layout-mode page cut at ``column`` into rows: a label part after a blank line
    starts a row, wrapped value lines are joined by the fill test (in characters)."""
    out: list[str] = []
    right_edge = max((len(line.rstrip()) for line in lines), default=0)
    label: list[str] = []
    values: list[str] = []
    blank_before, previous_end = True, 0
    for line in lines:
        if not line.strip():
            blank_before = True
            continue
        left, right = _split(line, column)
        if left and (blank_before or not label):
            out += _row_lines(label, values)
            label, values = [], []
        if left:
            label.append(" ".join(left.split()))
        if right:
            right = " ".join(right.split())
            first = right.split(" ", 1)[0]
            if values and not blank_before and previous_end + 1 + len(first) > right_edge:
                values[-1] += " " + right
            else:
                values.append(right)
            previous_end = len(line.rstrip())
        blank_before = False
    return out + _row_lines(label, values)


def pypdf_layout(data: bytes) -> str:
    from pypdf import PdfReader

    out: list[str] = []
    for page in PdfReader(io.BytesIO(data)).pages:
        lines = (page.extract_text(extraction_mode="layout") or "").splitlines()
        starts = Counter(m.start(1) for line in lines if (m := _SECOND_COLUMN.match(line)))
        out += _layout_page(lines, starts.most_common(1)[0][0]) if starts else lines
    return "\n".join(out)


def pdfplumber_tables(data: bytes) -> str:
    import pdfplumber

    out: list[str] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            tables = page.find_tables()
            blocks: list[tuple[float, list[str]]] = []
            for table in tables:
                for row, cells in zip(table.rows, table.extract(), strict=False):
                    texts = [" ".join((c or "").split()) for c in cells]
                    top = row.bbox[1]
                    blocks.append((top, ["\t".join(texts)] if any(texts) else []))
            outside = page
            for table in tables:
                outside = outside.outside_bbox(table.bbox)
            for line in outside.extract_text_lines():
                blocks.append((line["top"], [line["text"]]))
            for _, lines in sorted(blocks, key=lambda b: b[0]):
                out += lines
    return "\n".join(out)


def pdfplumber_cells(data: bytes) -> str:
    return read_pdf(data).text


CANDIDATES: dict[str, Callable[[bytes], str]] = {
    "pypdf-plain": pypdf_plain,
    "pypdf-layout": pypdf_layout,
    "pdfplumber-tables": pdfplumber_tables,
    "pdfplumber-cells": pdfplumber_cells,
}


# --------------------------------------------------------------------------- run


def network_id(sheet: object) -> str | None:
    networks, _ = build_networks([sheet])  # type: ignore[list-item]
    return networks[0].id if networks else None


def sheet_texts(synthetic: int) -> dict[str, str]:
    """The English seeds, then ``synthetic`` generated sheets (networks not tuned on), languages mixed."""
    from benchmarks.synthetic import make_sheet, seed_pools

    texts = {seed: (ROOT / "corpus" / f"{seed}.en.txt").read_text(encoding="utf-8") for seed in SEEDS}
    pools = seed_pools(ROOT / "corpus")
    per_language = {"en": 0, "de": 0, "tr": 0}
    i = 0
    while sum(per_language.values()) < synthetic and i < 1000:
        sheet = make_sheet(pools, i)
        if per_language[sheet.language] < -(-synthetic // 3):
            per_language[sheet.language] += 1
            texts[f"synthetic-{i}.{sheet.language}"] = sheet.text
        i += 1
    return texts


def measure(
    texts: dict[str, str], pdfs: dict[tuple[str, str], bytes]
) -> dict[tuple[str, str, str], tuple[Comparison, bool]]:
    results = {}
    for (seed, style), data in pdfs.items():
        reference = parse_document(normalise_presentation_forms(texts[seed]), f"{seed}.txt")
        assert reference is not None
        for name, extract in CANDIDATES.items():
            decoded = normalise_presentation_forms(extract(data))
            sheet = parse_document(decoded, "sheet.pdf")
            same_id = sheet is not None and network_id(sheet) == network_id(reference)
            results[(name, seed, style)] = (compare_sheets(reference, sheet), same_id)
    return results


def render(
    names: list[str], pdfs: dict[tuple[str, str], bytes], results: dict[tuple[str, str, str], tuple[Comparison, bool]]
) -> str:
    """Sheets right per extractor and style, totals, then every difference."""
    from pypdf import PdfReader

    lines = [
        "| extractor | " + " | ".join(VARIANTS) + " | sheets right | right but for word breaks | general facts right |",
        "|---" * (len(VARIANTS) + 4) + "|",
    ]
    for name in CANDIDATES:
        cells, sheets, structure, facts, total = [], 0, 0, 0, 0
        for style in VARIANTS:
            right = 0
            for seed in names:
                comparison, same_id = results[(name, seed, style)]
                ok = comparison.right and same_id
                right += ok
                structure += same_id and all(p.startswith("text of ") for p in comparison.problems)
                facts += comparison.fields_right
                total += comparison.fields_total
            sheets += right
            cells.append(f"{right}/{len(names)}")
        count = len(names) * len(VARIANTS)
        totals = f" | {sheets}/{count} | {structure}/{count} | {facts}/{total} |"
        lines.append(f"| {name} | " + " | ".join(cells) + totals)
    pages = sorted({len(PdfReader(io.BytesIO(data)).pages) for data in pdfs.values()})
    lines += ["", f"{len(names)} sheets ({', '.join(names)}), {len(pdfs)} PDFs of {pages[0]}-{pages[-1]} pages.",
              "", "Differences:", ""]
    for (name, seed, style), (comparison, same_id) in results.items():
        for problem in comparison.problems + (() if same_id else ("network id differs",)):
            lines.append(f"* {name}, {seed} ({style}): {problem[:200]}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--show", nargs=3, metavar=("EXTRACTOR", "SEED", "STYLE"),
                        help="print one extractor's text for one PDF instead of the report")
    parser.add_argument("--keep", type=Path, help="also write the HTML and PDFs into this folder")
    parser.add_argument("--synthetic", type=int, default=6,
                        help="generated sheets (EN/DE/TR, not tuned on) measured besides the seeds (default 6)")
    args = parser.parse_args()
    texts = sheet_texts(args.synthetic)
    pdfs: dict[tuple[str, str], bytes] = {}
    with pdf_printer() as print_pdf:
        for style, (css, running) in VARIANTS.items():
            for seed, text in texts.items():
                if args.show and (seed, style) != (args.show[1], args.show[2]):
                    continue
                page_html = sheet_html(sheet_layout(text, f"{seed}.txt"), css)
                pdfs[(seed, style)] = print_pdf(page_html, running=running)
                if args.keep:
                    args.keep.mkdir(parents=True, exist_ok=True)
                    (args.keep / f"{seed}-{style}.html").write_text(page_html, encoding="utf-8")
                    (args.keep / f"{seed}-{style}.pdf").write_bytes(pdfs[(seed, style)])
    if args.show:
        print(normalise_presentation_forms(CANDIDATES[args.show[0]](pdfs[(args.show[1], args.show[2])])))
        return
    print(render(list(texts), pdfs, measure(texts, pdfs)))


if __name__ == "__main__":
    main()
