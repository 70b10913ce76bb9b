"""PDF reading: a PDF's text, with the label and value columns of table-laid sheets kept apart.

Planners' fact sheets are two-column tables (label left, value right, lists as
bullets), made with Word or a browser. Plain text extraction reads such a table
across both columns, so a label that wraps inside its cell ("Coordinating" /
"Organisation") runs into the value and is no longer a label. A page whose text
sits in ruled table cells is therefore read cell by cell from its geometry
(pdfplumber, on pdfminer.six) and written in the tab-separated shape the parser
reads (:mod:`assistant.parse`):

* a table row becomes ``label<TAB>value``, the label's wrapped lines joined;
* each further paragraph or list entry of the value cell follows as ``<TAB>value``;
* lines the renderer wrapped are joined: a line continues the one before when the
  first word of the line would not have fitted at the end of the line before;
* list bullets drawn as shapes (chromium paints discs as curves) become ``•``;
* a row that a page break splits (its label cell empty on the next page)
  continues the row before it.

A page without ruled cells (a text-like PDF) is read with pypdf, as plain text in
which an indent of two or more spaces was a column tab.

Cost is bounded whatever the file (a 40 KB PDF can inflate to gigabytes of
drawing commands, and pdfminer reads them at some 30 KB of dense text a second),
by :class:`PdfLimits`: only the first ``max_pages`` pages are read; a page whose
decompressed content (its content streams and the form objects it draws, each
inflated only up to the limit) passes ``max_page_content_bytes`` is not read;
reading stops once the pages' content passes ``max_content_bytes`` in sum, after
``max_seconds`` (checked between pages), or when the text passes ``max_chars``.
Every cut is a warning; a file of which nothing could be read raises
:class:`PdfError`.
"""

from __future__ import annotations

import io
import re
import time
import unicodedata
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from assistant.parse import whole_label
from assistant.text import BULLETS

if TYPE_CHECKING:  # pragma: no cover - imports for annotations only
    from pdfplumber.page import Page as PlumberPage
    from pypdf import PageObject


@dataclass(frozen=True)
class PdfLimits:
    """How much of one PDF is read (see the module docstring)."""

    #: Pages read; later pages are left out with a warning.
    max_pages: int = 100
    #: Decompressed drawing commands of one page. A fact sheet page made by Word or a
    #: browser has 5-50 KB; pdfminer reads about 30 KB of dense text a second here.
    max_page_content_bytes: int = 300_000
    #: The same, summed over the pages read (about 30 s of pdfminer at worst).
    max_content_bytes: int = 1_000_000
    #: Extracted text (a fact sheet has about 10,000 characters).
    max_chars: int = 1_000_000
    #: Checked between pages.
    max_seconds: float = 30.0


class PdfError(Exception):
    """A PDF of which nothing can be read; the message says why."""


@dataclass(frozen=True)
class PdfText:
    text: str
    warnings: tuple[str, ...] = ()
    pages: int = 0  # pages in the file
    pages_read: int = 0


# --------------------------------------------------------------------------- geometry

#: Shorter edges are glyph or bullet outlines, not cell borders.
_MIN_RULE = 6.0
#: Rules closer than this (points) are one border (a border drawn as a thin filled rectangle has two edges).
_SNAP = 2.5
#: Filled shapes of this size (points) just left of a line are list bullets.
_BULLET_SIZE = (1.5, 8.0)
_BULLET_START = re.compile(rf"^[{BULLETS}\-–](?:\s|$)")
_HYPHENATED = re.compile(r"[^\W\d_]-$")
_CONJUNCTIONS = frozenset({"und", "oder", "and", "or", "bzw.", "sowie", "ve", "veya", "ile"})


@dataclass(frozen=True)
class _Rule:
    pos: float  # x of a vertical rule, y of a horizontal one
    start: float
    end: float


@dataclass
class _Line:
    """One printed line of text inside one cell (or outside any table)."""

    words: list[dict[str, Any]]
    bullet: bool = False

    @property
    def x0(self) -> float:
        return float(self.words[0]["x0"])

    @property
    def x1(self) -> float:
        return float(self.words[-1]["x1"])

    @property
    def top(self) -> float:
        return min(float(w["top"]) for w in self.words)

    @property
    def bottom(self) -> float:
        return max(float(w["bottom"]) for w in self.words)

    @property
    def size(self) -> float:
        return float(self.words[0].get("size") or (self.bottom - self.top))

    @property
    def text(self) -> str:
        return " ".join(str(w["text"]) for w in self.words)

    @property
    def first_word_width(self) -> float:
        return float(self.words[0]["x1"]) - float(self.words[0]["x0"])


@dataclass
class _Paragraph:
    """Lines joined where the renderer wrapped them."""

    text: str
    bullet: bool
    first: _Line
    last: _Line
    right: float  # the wrap edge of the column the paragraph is in


@dataclass
class _Block:
    """A table row (label and value cells) or a run of text outside tables."""

    top: float
    label: list[_Paragraph] = field(default_factory=list)
    values: list[_Paragraph] = field(default_factory=list)
    in_table: bool = True
    plain: str | None = None  # a page without ruled cells, read as plain text


def _marks_with_their_letters(chars: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Combining marks placed right after the letter they were drawn with.

    Words are read left to right, and a renderer may place a zero-width mark past
    its letter's right edge (chromium draws "i̇" as "ı" and a dot over the "k"
    after it): without this the dot would land after the "k"."""
    out: list[dict[str, Any]] = []
    for char in chars:
        text = str(char["text"])
        if out and text and all(unicodedata.combining(c) for c in text):
            base = out[-1]
            char = dict(char, x0=float(base["x0"]) + 1e-3, x1=float(base["x1"]) - 1e-3)
        out.append(char)
    return out


def _snap(positions: Sequence[float]) -> list[float]:
    """Cluster positions closer than ``_SNAP``; each cluster is represented by its first."""
    out: list[float] = []
    for pos in sorted(positions):
        if not out or pos - out[-1] > _SNAP:
            out.append(pos)
    return out


def _snapped(value: float, grid: Sequence[float]) -> float:
    for pos in grid:
        if abs(pos - value) <= _SNAP:
            return pos
    return value


def _rules(page: PlumberPage) -> tuple[list[_Rule], list[_Rule]]:
    vertical: list[_Rule] = []
    horizontal: list[_Rule] = []
    for edge in page.edges:
        if edge["orientation"] == "v" and edge["bottom"] - edge["top"] >= _MIN_RULE:
            vertical.append(_Rule(float(edge["x0"]), float(edge["top"]), float(edge["bottom"])))
        elif edge["orientation"] == "h" and edge["x1"] - edge["x0"] >= _MIN_RULE:
            horizontal.append(_Rule(float(edge["top"]), float(edge["x0"]), float(edge["x1"])))
    return vertical, horizontal


def _bullet_marks(page: PlumberPage) -> list[tuple[float, float, float]]:
    """Small filled, roughly square shapes: (x1, vertical centre, size) of each."""
    low, high = _BULLET_SIZE
    marks = []
    for shape in [*page.curves, *page.rects]:
        width, height = float(shape["x1"] - shape["x0"]), float(shape["bottom"] - shape["top"])
        if shape.get("fill") and low <= width <= high and low <= height <= high and abs(width - height) <= 1.5:
            marks.append((float(shape["x1"]), (float(shape["top"]) + float(shape["bottom"])) / 2, width))
    return marks


@dataclass(frozen=True)
class _Cell:
    left: float
    right: float
    top: float
    bottom: float


def _cell_of(x0: float, x1: float, top: float, bottom: float,
             vertical: Sequence[_Rule], horizontal: Sequence[_Rule],
             xs: Sequence[float], ys: Sequence[float]) -> _Cell | None:
    """The ruled cell a box lies in, or None outside any table."""
    cx, cy = (x0 + x1) / 2, (top + bottom) / 2
    lefts = [r.pos for r in vertical if r.pos <= x0 + 1 and r.start - 1 <= cy <= r.end + 1]
    rights = [r.pos for r in vertical if r.pos >= x1 - 1 and r.start - 1 <= cy <= r.end + 1]
    if not lefts or not rights:
        return None
    tops = [r.pos for r in horizontal if r.pos <= top + 1 and r.start - 1 <= cx <= r.end + 1]
    bottoms = [r.pos for r in horizontal if r.pos >= bottom - 1 and r.start - 1 <= cx <= r.end + 1]
    return _Cell(
        _snapped(max(lefts), xs),
        _snapped(min(rights), xs),
        _snapped(max(tops), ys) if tops else float("-inf"),
        _snapped(min(bottoms), ys) if bottoms else float("inf"),
    )


def _lines(words: Sequence[dict[str, Any]]) -> list[_Line]:
    """Words grouped into printed lines, top to bottom, left to right."""
    lines: list[_Line] = []
    for word in sorted(words, key=lambda w: (float(w["top"]), float(w["x0"]))):
        size = float(word.get("size") or 10)
        if lines and abs(float(word["top"]) - lines[-1].top) <= size * 0.4:
            lines[-1].words.append(word)
        else:
            lines.append(_Line([word]))
    for line in lines:
        line.words.sort(key=lambda w: float(w["x0"]))
    return lines


def _mark_bullets(lines: Sequence[_Line], marks: Sequence[tuple[float, float, float]]) -> None:
    for line in lines:
        if _BULLET_START.match(line.text):
            line.bullet = True
            continue
        for x1, cy, size in marks:
            if line.top - 1 <= cy <= line.bottom + 1 and line.x0 - 4 * line.size <= x1 <= line.x0 + 0.5:
                line.bullet = True
                break


def _join(before: str, after: str) -> str:
    """Two wrapped lines as one: no space inside a word broken after its hyphen
    ("non-" / "state") or a web address broken after "/", "." or "-"."""
    last = before.rsplit(" ", 1)[-1]
    first = after.split(" ", 1)[0]
    address = "://" in last or last.lower().startswith("www.") or "@" in last
    if address and last[-1:] in "/.-_?=&#" and first[:1].isalnum():
        return before + after
    if _HYPHENATED.search(last) and first[:1].isalnum() and first.lower() not in _CONJUNCTIONS:
        return before + after
    return f"{before} {after}"


def _wrapped(before: _Line, line: _Line, right: float) -> bool:
    """True when ``line`` continues ``before``: its first word did not fit after it."""
    if line.top - before.bottom > 0.6 * (before.bottom - before.top):  # a paragraph gap
        return False
    return _wrapped_across(before, line, right)


def _wrapped_across(before: _Line, line: _Line, right: float) -> bool:
    """The fill test alone (no gap test: across a page break the gap means nothing)."""
    if line.bullet:
        return False
    space = 0.28 * before.size
    return before.x1 + space + line.first_word_width > right


def _paragraphs(lines: Sequence[_Line], right: float) -> list[_Paragraph]:
    out: list[_Paragraph] = []
    for line in lines:
        text = ("• " + line.text) if line.bullet and not _BULLET_START.match(line.text) else line.text
        if out and _wrapped(out[-1].last, line, right):
            out[-1].text = _join(out[-1].text, line.text)
            out[-1].last = line
        else:
            out.append(_Paragraph(text, line.bullet, line, line, right))
    return out


def _cell_right(cell: _Cell, lines: Sequence[_Line], marks_x: Sequence[float]) -> float:
    """Where text wraps in a cell: its right border less the padding seen on its left."""
    content_left = min([line.x0 for line in lines] + list(marks_x))
    padding = max(0.0, content_left - cell.left)
    return max(cell.right - padding, max(line.x1 for line in lines))


def table_blocks(page: PlumberPage) -> list[_Block] | None:
    """The page as table rows and free text runs; None when it shows no table.

    A table is found by its rules (cell borders) or, without rules, by a value
    column: a left edge at which most lines' second column starts.
    """
    from pdfplumber.utils import extract_words  # imported here: only PDFs pay for it

    chars = _marks_with_their_letters(page.chars)
    words = extract_words(chars, extra_attrs=["size"], keep_blank_chars=False)
    if not words:
        return None
    marks = _bullet_marks(page)
    spaces = [c for c in chars if not str(c["text"]).strip()]
    return _ruled_blocks(page, words, marks) or _column_blocks(words, marks, spaces)


def _ruled_blocks(
    page: PlumberPage, words: Sequence[dict[str, Any]], marks: Sequence[tuple[float, float, float]]
) -> list[_Block] | None:
    vertical, horizontal = _rules(page)
    if not vertical:
        return None
    xs = _snap([r.pos for r in vertical])
    ys = _snap([r.pos for r in horizontal])
    by_cell: dict[_Cell, list[dict[str, Any]]] = {}
    outside: list[dict[str, Any]] = []
    for word in words:
        cell = _cell_of(float(word["x0"]), float(word["x1"]), float(word["top"]), float(word["bottom"]),
                        vertical, horizontal, xs, ys)
        if cell is None:
            outside.append(word)
        else:
            by_cell.setdefault(cell, []).append(word)
    if not by_cell:
        return None
    marks_by_cell: dict[_Cell, list[tuple[float, float, float]]] = {}
    for x1, cy, size in marks:
        cell = _cell_of(x1 - size, x1, cy - size / 2, cy + size / 2, vertical, horizontal, xs, ys)
        if cell is not None:
            marks_by_cell.setdefault(cell, []).append((x1, cy, size))

    # Cells of one row overlap vertically. Their rules need not agree: where a page
    # break cuts a row, one cell may have a rule at the break and the other none.
    def extent(cell: _Cell) -> tuple[float, float]:
        tops = [float(w["top"]) for w in by_cell[cell]]
        bottoms = [float(w["bottom"]) for w in by_cell[cell]]
        top = cell.top if cell.top != float("-inf") else min(tops)
        bottom = cell.bottom if cell.bottom != float("inf") else max(bottoms)
        return top, bottom

    rows: list[list[_Cell]] = []
    row_bottom = float("-inf")
    for cell in sorted(by_cell, key=lambda c: extent(c)[0]):
        top, bottom = extent(cell)
        if rows and top < row_bottom - _SNAP:
            rows[-1].append(cell)
            row_bottom = max(row_bottom, bottom)
        else:
            rows.append([cell])
            row_bottom = bottom
    blocks: list[_Block] = []
    for cells in rows:
        cells.sort(key=lambda c: c.left)
        paragraphs = []
        for cell in cells:
            lines = _lines(by_cell[cell])
            cell_marks = marks_by_cell.get(cell, [])
            _mark_bullets(lines, cell_marks)
            right = _cell_right(cell, lines, [x1 - size for x1, _, size in cell_marks])
            paragraphs.append((cell, _paragraphs(lines, right)))
        top = min(float(w["top"]) for c in cells for w in by_cell[c])
        block = _Block(top)
        # A row whose first column is empty on this page continues the row before it.
        first_cell, first = paragraphs[0]
        if len(paragraphs) == 1 and len(xs) > 2 and first_cell.left > xs[0] + _SNAP:
            block.values = first
        elif len(paragraphs) == 1:
            block.in_table = False
            block.values = first
        else:
            block.label = first
            block.values = [p for _, ps in paragraphs[1:] for p in ps]
        blocks.append(block)
    if outside:
        lines = _lines(outside)
        right = max(line.x1 for line in lines)
        for paragraph in _free_paragraphs(lines, right):
            blocks.append(_Block(paragraph.first.top, values=[paragraph], in_table=False))
    blocks.sort(key=lambda b: b.top)
    return blocks


#: The narrowest gap (points) between a label column and a value column without rules.
_MIN_GUTTER = 6.0


Interval = tuple[float, float]


def _row_alley(line: _Line, spaces: Sequence[dict[str, Any]]) -> Interval | None:
    """The first wide gap of a line: where its label would end and its value begin.

    A gap filled with space characters is no gap between cells: that is a text-like
    PDF whose tabs were expanded to spaces."""
    for before, word in zip(line.words, line.words[1:], strict=False):
        lo, hi = float(before["x1"]), float(word["x0"])
        if hi - lo < _MIN_GUTTER:
            continue
        filled = sum(
            min(hi, float(c["x1"])) - max(lo, float(c["x0"]))
            for c in spaces
            if float(c["x1"]) > lo and float(c["x0"]) < hi and line.top - 1 <= float(c["top"]) <= line.bottom
        )
        if filled < (hi - lo) / 2:
            return lo, hi
    return None


def _split_of(line: _Line, x: float) -> tuple[list[dict[str, Any]], list[dict[str, Any]]] | None:
    """``line`` cut at ``x`` into label and value words; None when it does not stand in the table
    there (a word crosses ``x``, or the gap at ``x`` is only a space between words)."""
    left = [w for w in line.words if float(w["x1"]) <= x]
    right = [w for w in line.words if float(w["x0"]) >= x]
    if len(left) + len(right) < len(line.words):
        return None
    if left and right and float(right[0]["x0"]) - float(left[-1]["x1"]) < _MIN_GUTTER:
        return None
    return left, right


@dataclass
class _Table:
    """A table without rules being found: its lines, left edge, shared alley and rows."""

    lines: list[int]
    left: float
    alley: Interval
    rows: int = 1


def _crosses(line: _Line, alley: Interval) -> bool:
    return any(float(w["x0"]) < alley[1] and float(w["x1"]) > alley[0] for w in line.words)


def _table_splits(lines: Sequence[_Line], spaces: Sequence[dict[str, Any]]) -> list[float | None]:
    """For each line, where its table (without rules) splits label from value; None for
    lines outside such tables.

    A row line has a wide gap (the alley between the columns); the rows of one
    table start at one left edge and share their alley, which narrows with every
    row. Lines between rows (wrapped labels, further value lines) belong to the
    table as long as they do not run across the alley of the rows around them (so
    they are judged when the next row comes); a heading or paragraph that does
    ends the table. Tables one below the other may
    have different column widths, so each gets its own split; a "table" of one
    row is none unless its value goes on below it.
    """
    tables: list[_Table] = []
    current: _Table | None = None
    pending: list[int] = []  # lines since the last row of ``current``, or since the last table
    for index, line in enumerate(lines):
        alley = _row_alley(line, spaces)
        if current is not None:
            shared = (max(current.alley[0], alley[0]), min(current.alley[1], alley[1])) if alley else None
            if (
                shared is not None and shared[1] > shared[0] and abs(line.x0 - current.left) <= _SNAP
                and not any(_crosses(lines[i], shared) for i in pending)
            ):
                current.lines += [*pending, index]
                current.alley = shared
                current.rows += 1
                pending = []
                continue
            if alley is None:
                pending.append(index)
                continue
            tail = _leading(pending, lines, current.alley)
            current.lines += tail
            pending = pending[len(tail):]
            current = None
        if alley is None:
            pending.append(index)
            continue
        # Lines above the first row that keep out of its alley (a row continued from
        # the page before, at the top of a page) belong to it.
        head: list[int] = []
        for i in reversed(pending):
            if _crosses(lines[i], alley):
                break
            head.insert(0, i)
        current = _Table([*head, index], line.x0, alley)
        tables.append(current)
        pending = []
    if current is not None:
        current.lines += _leading(pending, lines, current.alley)
    splits: list[float | None] = [None] * len(lines)
    for table in tables:
        lo, hi = table.alley
        # One row is a table too when its value goes on below it in the value column
        # (a table whose first row ends a page); a lone line with a wide gap is not.
        aligned = sum(1 for i in table.lines if abs(lines[i].x0 - hi) <= _SNAP)
        if table.rows >= 2 or aligned >= 1:
            for index in table.lines:
                splits[index] = (lo + hi) / 2
    if any(split is not None for split in splits):
        # Indented lines at the top of a page with a table: the value of a row that
        # the page break cut, even where a heading comes between them and this page's table.
        left_margin = min(line.x0 for line in lines)
        for index, line in enumerate(lines):
            if splits[index] is not None or line.x0 < left_margin + _MIN_GUTTER:
                break
            if index and abs(line.x0 - lines[0].x0) > _SNAP:
                break
            splits[index] = line.x0 - _SNAP
    return splits


def _leading(indexes: Sequence[int], lines: Sequence[_Line], alley: Interval) -> list[int]:
    """The first of ``indexes`` up to the first line that runs across ``alley``."""
    out = []
    for i in indexes:
        if _crosses(lines[i], alley):
            break
        out.append(i)
    return out


def _column_blocks(
    words: Sequence[dict[str, Any]], marks: Sequence[tuple[float, float, float]], spaces: Sequence[dict[str, Any]]
) -> list[_Block] | None:
    """Rows of tables without rules; None unless most lines of the page stand in such a table.

    A label line starts a row unless it is the wrapped rest of the label above it
    (tight below it, and its first word did not fit there)."""
    lines = _lines(words)
    splits = _table_splits(lines, spaces)
    if sum(1 for split in splits if split is not None) < len(lines) / 2:
        return None
    rows: list[tuple[list[_Line], list[_Line], float]] = []  # label lines, value lines, label wrap edge
    free: list[_Line] = []
    blocks: list[_Block] = []
    value_edge = max(float(w["x1"]) for w in words)
    order: list[tuple[float, int, str]] = []  # (top, index, "row" | "free")
    # Where labels wrap, per table: the right end of its widest label line.
    label_edges: dict[float, float] = {}
    for line, split in zip(lines, splits, strict=True):
        if split is not None:
            ends = [float(w["x1"]) for w in line.words if float(w["x1"]) <= split]
            label_edges[split] = max([label_edges.get(split, 0.0), *ends])
    for line, split in zip(lines, splits, strict=True):
        cut = _split_of(line, split) if split is not None else None
        if cut is None or split is None:
            free.append(line)
            order.append((line.top, len(free) - 1, "free"))
            continue
        left, right = cut
        label_edge = label_edges[split]
        if left:
            label = _Line(left)
            previous = rows[-1][0][-1] if rows and rows[-1][0] and order[-1][2] == "row" else None
            if previous is not None and _wrapped(previous, label, label_edge):
                rows[-1][0].append(label)
            else:
                rows.append(([label], [], label_edge))
                order.append((line.top, len(rows) - 1, "row"))
        if right:
            if not rows or order[-1][2] != "row":
                rows.append(([], [], label_edge))
                order.append((line.top, len(rows) - 1, "row"))
            rows[-1][1].append(_Line(right))
    for top, index, kind in order:
        if kind == "free":
            line = free[index]
            blocks.append(_Block(top, values=[_Paragraph(line.text, False, line, line, value_edge)], in_table=False))
            continue
        label_lines, value_lines, label_edge = rows[index]
        _mark_bullets(value_lines, marks)
        block = _Block(top, label=_paragraphs(label_lines, label_edge), values=_paragraphs(value_lines, value_edge))
        block.in_table = bool(value_lines)
        blocks.append(block)
    return _merge_free(blocks)


def _merge_free(blocks: list[_Block]) -> list[_Block]:
    """Consecutive free lines the renderer wrapped (a long title) become one paragraph."""
    out: list[_Block] = []
    for block in blocks:
        if out and not block.in_table and not out[-1].in_table and out[-1].values and block.values:
            before, after = out[-1].values[-1], block.values[0]
            if abs(before.last.size - after.first.size) <= 0.5 and _wrapped(before.last, after.first, before.right):
                before.text = _join(before.text, after.text)
                before.last = after.last
                continue
        out.append(block)
    return out


def _free_paragraphs(lines: Sequence[_Line], right: float) -> list[_Paragraph]:
    """Text outside tables (titles, headings): lines of one size wrapped by the renderer are joined."""
    out: list[_Paragraph] = []
    for line in lines:
        if out and abs(line.size - out[-1].last.size) <= 0.5 and _wrapped(out[-1].last, line, right):
            out[-1].text = _join(out[-1].text, line.text)
            out[-1].last = line
        else:
            out.append(_Paragraph(line.text, False, line, line, right))
    return out


def _label_text(block: _Block) -> str:
    return " ".join(p.text for p in block.label)


def _continue_row(before: _Block, after: _Block) -> bool:
    """Join ``after`` (first row of a page) to ``before`` (last row of the page before) if a
    page break split one row: its label cell is empty after the break, or holds the rest
    of a label that the break cut ("Internal Communication &" / "Facilitation techniques")."""
    if not (before.in_table and after.in_table):
        return False
    label_after = _label_text(after)
    if label_after:
        joined = f"{_label_text(before)} {label_after}"
        if whole_label(label_after) is not None or whole_label(joined) is None:
            return False
        before.label += after.label
    values = list(after.values)
    if before.values and values and _continues(before.values[-1], values[0]):
        last = before.values[-1]
        last.text = _join(last.text, values[0].text)
        last.last = values[0].last
        values = values[1:]
    before.values += values
    return True


def join_pages(pages: Sequence[Sequence[_Block]]) -> list[_Block]:
    """The blocks of all pages in order, rows split by page breaks joined."""
    out: list[_Block] = []
    for blocks in pages:
        rest = list(blocks)
        if out and rest and _continue_row(out[-1], rest[0]):
            rest = rest[1:]
        out += rest
    return out


def render_blocks(blocks: Sequence[_Block]) -> list[str]:
    """Blocks as the lines the parser reads: ``label<TAB>value``, then ``<TAB>value`` lines."""
    lines: list[str] = []
    for block in blocks:
        if block.plain is not None:
            lines.append(block.plain)
            continue
        values = [p.text for p in block.values]
        if not block.in_table:
            lines += values
            continue
        label = _label_text(block)
        if label:
            lines.append(f"{label}\t{values[0]}" if values else label)
            values = values[1:]
        lines += [f"\t{v}" for v in values]
    return lines


def _block_chars(block: _Block) -> int:
    if block.plain is not None:
        return len(block.plain)
    return sum(len(p.text) + 2 for p in [*block.label, *block.values])


def _continues(before: _Paragraph, first: _Paragraph) -> bool:
    """A paragraph split by a page break: the first word after the break did not fit before it."""
    return _wrapped_across(before.last, first.first, before.right)


# --------------------------------------------------------------------------- the file

_PDF_INDENT = re.compile(r"^ {2,}", re.MULTILINE)


def _stream_size(stream: Any, cap: int) -> int:
    """Decompressed size of a stream, but at most ``cap + 1``: a Flate stream is inflated
    only that far (a few kilobytes can inflate to gigabytes)."""
    from pypdf.errors import LimitReachedError

    filters = stream.get("/Filter")
    if hasattr(filters, "get_object"):
        filters = filters.get_object()
    raw = getattr(stream, "_data", b"") or b""
    if filters is None:
        return min(len(raw), cap + 1)
    if filters == "/FlateDecode" or (isinstance(filters, list) and list(filters) == ["/FlateDecode"]):
        try:
            return len(zlib.decompressobj().decompress(raw, cap + 1))
        except zlib.error:
            pass  # pypdf's own decoder tolerates some broken streams; let it decide
    try:
        return min(len(stream.get_data()), cap + 1)
    except LimitReachedError:
        return cap + 1


def _form_sizes(obj: Any, cap: int, seen: set[int], depth: int = 0) -> int:
    """Decompressed size of the form objects a page or form draws (each once a page)."""
    from pypdf.generic import IndirectObject

    resources = obj.get("/Resources")
    resources = resources.get_object() if resources is not None else None
    xobjects = resources.get("/XObject") if resources is not None else None
    xobjects = xobjects.get_object() if xobjects is not None else None
    if not xobjects or depth > 8:
        return 0
    size = 0
    for ref in xobjects.values():
        key = ref.idnum if isinstance(ref, IndirectObject) else id(ref)
        if key in seen:
            continue
        seen.add(key)
        form = ref.get_object()
        if form.get("/Subtype") == "/Form":
            size += _stream_size(form, cap) + _form_sizes(form, cap, seen, depth + 1)
        if size > cap:
            break
    return size


def page_content_size(page: PageObject, cap: int) -> int:
    """Decompressed size of what a page draws (content streams and form objects), at most ``cap + 1``.

    A stream that several pages share counts on each of them: each page is drawn anew."""
    contents = page.get("/Contents")
    contents = contents.get_object() if contents is not None else None
    streams = list(contents) if isinstance(contents, list) else [contents] if contents is not None else []
    size = 0
    for stream in streams:
        size += _stream_size(stream.get_object(), cap)
        if size > cap:
            return cap + 1
    return min(size + _form_sizes(page, cap, set()), cap + 1)


def _ranges(pages: Sequence[int]) -> str:
    """1, 2, 3, 5 -> "1-3, 5"."""
    out: list[str] = []
    for page in pages:
        if out and page == int(out[-1].rsplit("-", 1)[-1]) + 1:
            out[-1] = f"{out[-1].split('-')[0]}-{page}"
        else:
            out.append(str(page))
    return ", ".join(out)


def _open_plumber(data: bytes, pages: int) -> Any:
    """pdfplumber on the first ``pages`` pages, or None where pdfminer cannot parse the file."""
    import pdfplumber

    try:
        return pdfplumber.open(io.BytesIO(data), pages=list(range(1, pages + 1)))
    except Exception:  # noqa: BLE001 - pdfminer raises many types; pypdf still reads the page
        return None


def _plain_page_text(page: PageObject) -> str:
    return _PDF_INDENT.sub("\t", page.extract_text() or "")


def read_pdf(data: bytes, limits: PdfLimits | None = None) -> PdfText:
    """The text of a PDF (see the module docstring); raises :class:`PdfError`."""
    from pypdf import PdfReader

    limits = limits or PdfLimits()
    started = time.monotonic()
    try:
        reader = PdfReader(io.BytesIO(data))
        total = len(reader.pages)
    except Exception as exc:  # noqa: BLE001 - pypdf raises many types on broken files
        raise PdfError(f"not a readable PDF ({exc.__class__.__name__}: {exc})") from exc
    wanted = min(total, limits.max_pages)
    warnings: list[str] = []
    if total > wanted:
        warnings.append(f"only the first {wanted} of {total} pages read (limit {limits.max_pages})")
    plumber = _open_plumber(data, wanted)
    pages: list[list[_Block]] = []
    content, chars = 0, 0
    oversized: list[int] = []
    failures: list[str] = []
    try:
        for index in range(wanted):
            if time.monotonic() - started > limits.max_seconds:
                warnings.append(
                    f"read only {len(pages)} of {total} pages (time limit of {limits.max_seconds:g} s)"
                )
                break
            try:
                size = page_content_size(reader.pages[index], limits.max_page_content_bytes)
            except Exception as exc:  # noqa: BLE001 - a broken page is skipped, not the file
                failures.append(f"page {index + 1}: {exc.__class__.__name__}: {exc}")
                continue
            if size > limits.max_page_content_bytes:
                oversized.append(index + 1)
                continue
            if content + size > limits.max_content_bytes:
                warnings.append(
                    f"read only {len(pages)} of {total} pages: the pages' content passes "
                    f"{limits.max_content_bytes:,} bytes decompressed (limit)"
                )
                break
            content += size
            try:
                blocks = table_blocks(plumber.pages[index]) if plumber is not None else None
                if blocks is None:
                    blocks = [_Block(0.0, in_table=False, plain=_plain_page_text(reader.pages[index]))]
            except Exception as exc:  # noqa: BLE001 - a broken page is skipped, not the file
                failures.append(f"page {index + 1}: {exc.__class__.__name__}: {exc}")
                continue
            pages.append(blocks)
            chars += sum(_block_chars(b) for b in blocks)
            if chars > limits.max_chars:
                warnings.append(
                    f"text cut at {limits.max_chars:,} characters (limit), on page {index + 1} of {total}"
                )
                break
    finally:
        if plumber is not None:
            plumber.close()
    if oversized:
        warnings.insert(0, 
            f"page{'s' if len(oversized) > 1 else ''} {_ranges(oversized)} not read: content over "
            f"{limits.max_page_content_bytes:,} bytes decompressed (limit per page)"
        )
    read = len(pages)
    text = "\n".join(render_blocks(join_pages(pages)))[: limits.max_chars]
    if failures and not text.strip() and not oversized:
        raise PdfError(f"not a readable PDF ({failures[0]})")
    warnings += [f"{failure} (skipped: unreadable)" for failure in failures]
    if not text.strip() and warnings:
        raise PdfError("; ".join(warnings))
    return PdfText(text, tuple(warnings), total, read)
