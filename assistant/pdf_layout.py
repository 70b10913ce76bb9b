"""Page geometry of a PDF -> text in the parser's shape, with table columns kept apart.

Planners' fact sheets are two-column tables (label cell left, value cell right,
lists as bullets). Plain text extraction reads such a table across both columns,
so a label that wraps inside its cell ("Coordinating" / "Organisation") runs into
the value. Here a page is read from the positions of its words (pdfplumber, on
pdfminer.six) and written as the parser (:mod:`assistant.parse`, :mod:`assistant.sheet_structure`) reads sheets:

* a table row becomes ``label<TAB>value``, the label's wrapped lines joined;
* each further paragraph or list entry of the value cell follows as ``<TAB>value``;
* lines the renderer wrapped are joined: a line continues the one before when the
  first word of the line would not have fitted at the end of the line before;
* list bullets drawn as shapes (chromium paints discs as curves) become ``•``;
* a row that a page break cuts continues the row before it (see :func:`join_pages`);
* running headers and footers (a line set apart at the top or bottom of two pages
  or more, at the same height, numbers masked) and page numbers are left out (see
  :func:`running_lines`).

Tables are found by their rules (cell borders) or, without rules, by the alley
between the label and the value column (see :func:`_find_tables`). A page with
neither gives None: the caller reads it as plain text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from assistant.line_breaks import wrapped_join
from assistant.sheet_structure import whole_label
from assistant.text import BULLETS

if TYPE_CHECKING:  # pragma: no cover - imports for annotations only
    from pdfplumber.page import Page

Word = dict[str, Any]
#: A list bullet drawn as a shape: (right edge, vertical centre, size).
Mark = tuple[float, float, float]
Interval = tuple[float, float]

#: Shorter edges are glyph or bullet outlines, not cell borders.
_MIN_RULE = 6.0
#: Rules closer than this (points) are one border (a border drawn as a thin filled rectangle has two edges).
_SNAP = 2.5
#: Filled shapes of this size (points) just left of a line are list bullets.
_BULLET_SIZE = (1.5, 8.0)
_BULLET_START = re.compile(rf"^[{BULLETS}\-–](?:\s|$)")


@dataclass(frozen=True)
class _Rule:
    pos: float  # x of a vertical rule, y of a horizontal one
    start: float
    end: float


@dataclass
class _Line:
    """One printed line of text inside one cell (or outside any table)."""

    words: list[Word]
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
class Block:
    """A table row (label and value cells) or a run of text outside tables."""

    top: float
    label: list[_Paragraph] = field(default_factory=list)
    values: list[_Paragraph] = field(default_factory=list)
    in_table: bool = True
    plain: str | None = None  # a page without ruled cells, read as plain text


def _marks_with_their_letters(chars: Sequence[Word]) -> list[Word]:
    """Combining marks placed right after the letter they were drawn with.

    Words are read left to right, and a renderer may place a zero-width mark past
    its letter's right edge (chromium draws "i̇" as "ı" and a dot over the "k"
    after it): without this the dot would land after the "k"."""
    out: list[Word] = []
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


def _rules(page: Page) -> tuple[list[_Rule], list[_Rule]]:
    vertical: list[_Rule] = []
    horizontal: list[_Rule] = []
    for edge in page.edges:
        if edge["orientation"] == "v" and edge["bottom"] - edge["top"] >= _MIN_RULE:
            vertical.append(_Rule(float(edge["x0"]), float(edge["top"]), float(edge["bottom"])))
        elif edge["orientation"] == "h" and edge["x1"] - edge["x0"] >= _MIN_RULE:
            horizontal.append(_Rule(float(edge["top"]), float(edge["x0"]), float(edge["x1"])))
    return vertical, horizontal


def _bullet_marks(page: Page) -> list[Mark]:
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


def _lines(words: Sequence[Word]) -> list[_Line]:
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


def _mark_bullets(lines: Sequence[_Line], marks: Sequence[Mark]) -> None:
    for line in lines:
        if _BULLET_START.match(line.text):
            line.bullet = True
            continue
        for x1, cy, _ in marks:
            if line.top - 1 <= cy <= line.bottom + 1 and line.x0 - 4 * line.size <= x1 <= line.x0 + 0.5:
                line.bullet = True
                break


def _join(before: str, after: str) -> str:
    """Two wrapped lines as one: no space inside a word broken after its hyphen, the hyphen
    kept ("non-" / "state": the document's language is not known yet, see
    :func:`assistant.line_breaks.wrapped_join`), nor inside a web address broken after "/",
    "." or "-"."""
    last = before.rsplit(" ", 1)[-1]
    first = after.split(" ", 1)[0]
    address = "://" in last or last.lower().startswith("www.") or "@" in last
    if address and last[-1:] in "/.-_?=&#" and first[:1].isalnum():
        return before + after
    drop, blank = wrapped_join(before, after, None)
    return before[: len(before) - drop] + blank + after


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


@dataclass(frozen=True)
class PageWords:
    """A page's words (combining marks kept with their letters) and its space characters."""

    words: list[Word]
    spaces: list[Word]


def page_words(page: Page) -> PageWords:
    """The words of a page: the expensive step (pdfminer reads the page's content here)."""
    from pdfplumber.utils.text import extract_words  # imported here: only PDFs pay for it

    chars = _marks_with_their_letters(page.chars)
    words = extract_words(chars, extra_attrs=["size"], keep_blank_chars=False)
    return PageWords(words, [c for c in chars if not str(c["text"]).strip()])


#: A page number alone: "3", "- 3 -", "Page 3 of 5", "Seite 3 von 5", "Sayfa 3 / 5".
_PAGE_NUMBER = re.compile(r"^\W*(?:(?:page|seite|sayfa|s\.)\s*)?#(?:\s*(?:/|of|von|aus|de)\s*#)?\W*$")
#: Running headers and footers are looked for among this many lines at the top and the bottom of a page.
_EDGE_LINES = 2
#: ... and only where a gap of this many line heights sets them apart from the page's body.
_EDGE_GAP = 1.5


def _line_key(line: _Line) -> str:
    """A line's text with its numbers masked ("Page 2 of 5" and "Page 3 of 5" are one running
    line), and where it stands (a header or footer stands at the same height on every page)."""
    return f"{round(line.top / 3)}|" + re.sub(r"\d+", "#", " ".join(line.text.casefold().split()))


def _edge_lines(words: Sequence[Word]) -> list[_Line]:
    """The lines set apart at the top and at the bottom of a page (at most two each): those
    above the first wide gap among the first lines, and below the last among the last."""
    lines = _lines(words)
    out: list[_Line] = []
    for band in (lines, lines[::-1]):
        for count in range(1, min(_EDGE_LINES, len(band) - 1) + 1):
            inner, outer = band[count], band[count - 1]
            gap = inner.top - outer.bottom if band is lines else outer.top - inner.bottom
            if gap > _EDGE_GAP * (outer.bottom - outer.top):
                out += band[:count]
                break
    return out


def running_lines(pages: Sequence[PageWords]) -> frozenset[str]:
    """Keys of the running headers and footers: lines set apart at the top or bottom of
    at least two pages, at the same height, with the same text but for numbers."""
    counts: dict[str, int] = {}
    for page in pages:
        for key in {_line_key(line) for line in _edge_lines(page.words)}:
            counts[key] = counts.get(key, 0) + 1
    return frozenset(key for key, count in counts.items() if count >= 2)


def _without_running_lines(words: Sequence[Word], running: frozenset[str]) -> list[Word]:
    """``words`` less the running headers, footers and page numbers set apart at the page's top and bottom."""
    dropped: set[int] = set()
    for line in _edge_lines(words):
        key = _line_key(line)
        if key in running or _PAGE_NUMBER.match(key.split("|", 1)[1]):
            dropped.update(id(w) for w in line.words)
    return [w for w in words if id(w) not in dropped]


def page_blocks(page: Page, text: PageWords, running: frozenset[str] = frozenset()) -> list[Block] | None:
    """The page as table rows and free text runs; None when it shows no table.

    A table is found by its rules (cell borders) or, without rules, by the alley
    between its label and value column. Running headers and footers (``running``,
    see :func:`running_lines`) and page numbers are left out.
    """
    words = _without_running_lines(text.words, running)
    if not words:
        return None
    marks = _bullet_marks(page)
    return _ruled_blocks(page, words, marks) or _column_blocks(words, marks, text.spaces)


@dataclass(frozen=True)
class _Grid:
    """The rules of a page: vertical and horizontal, and their snapped positions."""

    vertical: list[_Rule]
    horizontal: list[_Rule]
    xs: list[float]
    ys: list[float]

    def cell(self, x0: float, x1: float, top: float, bottom: float) -> _Cell | None:
        return _cell_of(x0, x1, top, bottom, self.vertical, self.horizontal, self.xs, self.ys)


def _ruled_blocks(page: Page, words: Sequence[Word], marks: Sequence[Mark]) -> list[Block] | None:
    """Rows of ruled tables, and the text outside them; None when no word sits in a cell."""
    vertical, horizontal = _rules(page)
    if not vertical:
        return None
    grid = _Grid(vertical, horizontal, _snap([r.pos for r in vertical]), _snap([r.pos for r in horizontal]))
    by_cell: dict[_Cell, list[Word]] = {}
    outside: list[Word] = []
    for word in words:
        cell = grid.cell(float(word["x0"]), float(word["x1"]), float(word["top"]), float(word["bottom"]))
        if cell is None:
            outside.append(word)
        else:
            by_cell.setdefault(cell, []).append(word)
    if not by_cell:
        return None
    marks_by_cell: dict[_Cell, list[Mark]] = {}
    for x1, cy, size in marks:
        cell = grid.cell(x1 - size, x1, cy - size / 2, cy + size / 2)
        if cell is not None:
            marks_by_cell.setdefault(cell, []).append((x1, cy, size))
    blocks = [_row_block(cells, by_cell, marks_by_cell, grid.xs) for cells in _ruled_rows(by_cell)]
    if outside:
        lines = _lines(outside)
        right = max(line.x1 for line in lines)
        blocks += [Block(p.first.top, values=[p], in_table=False) for p in _free_paragraphs(lines, right)]
    return sorted(blocks, key=lambda b: b.top)


def _ruled_rows(by_cell: dict[_Cell, list[Word]]) -> list[list[_Cell]]:
    """Cells grouped into rows: cells of one row overlap vertically. Their rules need not
    agree: where a page break cuts a row, one cell may have a rule at the break and the
    other none."""

    def extent(cell: _Cell) -> tuple[float, float]:
        top = cell.top if cell.top != float("-inf") else min(float(w["top"]) for w in by_cell[cell])
        bottom = cell.bottom if cell.bottom != float("inf") else max(float(w["bottom"]) for w in by_cell[cell])
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
    return rows


def _row_block(
    cells: list[_Cell], by_cell: dict[_Cell, list[Word]], marks_by_cell: dict[_Cell, list[Mark]], xs: Sequence[float]
) -> Block:
    """One ruled row: its first cell the label, the others the value."""
    cells = sorted(cells, key=lambda c: c.left)
    paragraphs = []
    for cell in cells:
        lines = _lines(by_cell[cell])
        cell_marks = marks_by_cell.get(cell, [])
        _mark_bullets(lines, cell_marks)
        right = _cell_right(cell, lines, [x1 - size for x1, _, size in cell_marks])
        paragraphs.append(_paragraphs(lines, right))
    block = Block(min(float(w["top"]) for c in cells for w in by_cell[c]))
    if len(cells) > 1:
        block.label = paragraphs[0]
        block.values = [p for ps in paragraphs[1:] for p in ps]
    else:
        block.values = paragraphs[0]
        # Alone in the first column it is text in a box; further right, the value of a
        # row whose label cell is empty on this page (the row began on the page before).
        block.in_table = len(xs) > 2 and cells[0].left > xs[0] + _SNAP
    return block


#: The narrowest gap (points) between a label column and a value column without rules.
_MIN_GUTTER = 6.0


def _row_alley(line: _Line, spaces: Sequence[Word]) -> Interval | None:
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


def _split_of(line: _Line, x: float) -> tuple[list[Word], list[Word]] | None:
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

    @property
    def split(self) -> float:
        return (self.alley[0] + self.alley[1]) / 2


def _crosses(line: _Line, alley: Interval) -> bool:
    return any(float(w["x0"]) < alley[1] and float(w["x1"]) > alley[0] for w in line.words)


def _leading(indexes: Sequence[int], lines: Sequence[_Line], alley: Interval) -> list[int]:
    """The first of ``indexes`` up to the first line that runs across ``alley``."""
    out = []
    for i in indexes:
        if _crosses(lines[i], alley):
            break
        out.append(i)
    return out


def _joins(table: _Table, line: _Line, alley: Interval, between: Sequence[_Line]) -> Interval | None:
    """The narrowed alley if ``line`` (a row line) is the next row of ``table``, else None.

    It is when it starts at the table's left edge, its gap overlaps the table's
    alley, and no line ``between`` them runs across the overlap."""
    shared = (max(table.alley[0], alley[0]), min(table.alley[1], alley[1]))
    if shared[1] <= shared[0] or abs(line.x0 - table.left) > _SNAP:
        return None
    if any(_crosses(other, shared) for other in between):
        return None
    return shared


def _find_tables(lines: Sequence[_Line], spaces: Sequence[Word]) -> list[_Table]:
    """Tables without rules, top to bottom.

    A row line has a wide gap (the alley between the columns); the rows of one
    table start at one left edge and share their alley, which narrows with every
    row. Lines between rows (wrapped labels, further value lines) belong to the
    table as long as they do not run across the alley of the rows around them (so
    they are judged when the next row comes); a heading or paragraph that does
    ends the table. Tables one below the other may have different column widths,
    so each gets its own alley. Lines above a table's first row that keep out of
    its alley (the value of a row continued from the page before) belong to it.
    """
    tables: list[_Table] = []
    pending: list[int] = []  # lines since the last row of the last table (or since the page top)
    for index, line in enumerate(lines):
        alley = _row_alley(line, spaces)
        if alley is None:
            pending.append(index)
            continue
        current = tables[-1] if tables else None
        shared = _joins(current, line, alley, [lines[i] for i in pending]) if current else None
        if current is not None and shared is not None:
            current.lines += [*pending, index]
            current.alley = shared
            current.rows += 1
            pending = []
            continue
        if current is not None:
            tail = _leading(pending, lines, current.alley)
            current.lines += tail
            pending = pending[len(tail):]
        head = list(reversed(_leading(list(reversed(pending)), lines, alley)))
        tables.append(_Table([*head, index], line.x0, alley))
        pending = []
    if tables:
        tables[-1].lines += _leading(pending, lines, tables[-1].alley)
    return tables


def _table_splits(lines: Sequence[_Line], spaces: Sequence[Word]) -> list[float | None]:
    """For each line, where its table (without rules) splits label from value; None for
    lines outside such tables."""
    splits: list[float | None] = [None] * len(lines)
    for table in _find_tables(lines, spaces):
        # One row is a table too when its value goes on below it in the value column
        # (a table whose first row ends a page); a lone line with a wide gap is not.
        aligned = any(abs(lines[i].x0 - table.alley[1]) <= _SNAP for i in table.lines)
        if table.rows >= 2 or aligned:
            for index in table.lines:
                splits[index] = table.split
    if any(split is not None for split in splits):
        _continued_at_page_top(lines, splits)
    return splits


def _continued_at_page_top(lines: Sequence[_Line], splits: list[float | None]) -> None:
    """Indented lines at the top of a page with a table are the value of a row that the
    page break cut, even where a heading stands between them and this page's table."""
    left_margin = min(line.x0 for line in lines)
    for index, line in enumerate(lines):
        if splits[index] is not None or line.x0 < left_margin + _MIN_GUTTER:
            break
        if index and abs(line.x0 - lines[0].x0) > _SNAP:
            break
        splits[index] = line.x0 - _SNAP


def _column_blocks(
    words: Sequence[Word], marks: Sequence[Mark], spaces: Sequence[Word]
) -> list[Block] | None:
    """Rows of tables without rules; None unless most lines of the page stand in such a table.

    A label line starts a row unless it is the wrapped rest of the label above it
    (tight below it, and its first word did not fit there)."""
    lines = _lines(words)
    splits = _table_splits(lines, spaces)
    if sum(1 for split in splits if split is not None) < len(lines) / 2:
        return None
    rows: list[tuple[list[_Line], list[_Line], float]] = []  # label lines, value lines, label wrap edge
    free: list[_Line] = []
    blocks: list[Block] = []
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
            blocks.append(Block(top, values=[_Paragraph(line.text, False, line, line, value_edge)], in_table=False))
            continue
        label_lines, value_lines, label_edge = rows[index]
        _mark_bullets(value_lines, marks)
        block = Block(top, label=_paragraphs(label_lines, label_edge), values=_paragraphs(value_lines, value_edge))
        block.in_table = bool(value_lines)
        blocks.append(block)
    return _merge_free(blocks)


def _merge_free(blocks: list[Block]) -> list[Block]:
    """Consecutive free lines the renderer wrapped (a long title) become one paragraph."""
    out: list[Block] = []
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


def _label_text(block: Block) -> str:
    return " ".join(p.text for p in block.label)


def _continue_row(before: Block, after: Block) -> bool:
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


def join_pages(pages: Sequence[Sequence[Block]]) -> list[Block]:
    """The blocks of all pages in order, rows split by page breaks joined."""
    out: list[Block] = []
    for blocks in pages:
        rest = list(blocks)
        if out and rest and _continue_row(out[-1], rest[0]):
            rest = rest[1:]
        out += rest
    return out


def render_blocks(blocks: Sequence[Block]) -> list[str]:
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


def _continues(before: _Paragraph, first: _Paragraph) -> bool:
    """A paragraph split by a page break: the first word after the break did not fit before it."""
    return _wrapped_across(before.last, first.first, before.right)
