"""The structure of a template sheet, before any value is read: its lines, the template
labels that open its rows (in any language, also a label split over two lines), the
pieces of text between list markers, and the region of lines each labelled row spans.

Part of the parse stage (:mod:`assistant.parse` reads the regions into facts and
items). PDF extraction noise handled here: page-break debris (dot rows, ``0000000``, a page number),
a top-level heading lost at a page break (labels, not headings, open rows), a row
label split over two lines, ``<ul> <li>`` fragments and bullet glyphs; and of other
tools: tabs written as spaces (:func:`spaced_column`) and labels in another case.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from assistant.labels import LABEL_TABLES, LabelKey
from assistant.languages import words
from assistant.line_breaks import join_lines
from assistant.text import BULLETS, MappedText, fold

__all__ = [
    "MIN_SHEET_LABELS", "LabelHit", "Line", "Piece", "Region", "collect_regions", "find_labels", "is_debris",
    "is_heading", "is_page_number", "join_pieces", "line_pieces", "match_label", "next_content_line", "page_numbers",
    "sheet_language", "spaced_column", "split_lines", "whole_label",
]

#: A document is a template sheet when it has at least this many distinct labelled rows.
MIN_SHEET_LABELS = 3


# --------------------------------------------------------------------------- lines


@dataclass(frozen=True)
class Line:
    index: int
    start: int
    text: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def split_lines(text: str) -> list[Line]:
    lines: list[Line] = []
    pos = 0
    for index, raw in enumerate(text.splitlines(keepends=True)):
        body = raw.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        lines.append(Line(index, pos, body))
        pos += len(raw)
    return lines


_DEBRIS = re.compile(rf"^[\s.{BULLETS}\-_·…]*$|^\s*0{{3,}}\s*$")
_HEADING = re.compile(r"^\s*\d{1,2}\s*\.\s+\S")
_MARKDOWN_PREFIX = re.compile(r"(?:#{1,6}\s+|\*\*|__|\|\s*|>\s*)*")


def is_debris(line: str) -> bool:
    """Page-break leftovers: dot rows, lone bullets, ``0000000`` (blank lines too)."""
    return bool(_DEBRIS.match(line))


_PAGE_WORDS = frozenset(fold(w) for w in words("page_words"))
_PAGE_NUMBER_CHARS = 40  # "Seite 12 von 40" and its blanks fit
_PAGE_TOKEN = re.compile(r"\d+|[^\W\d_]+|[/\-–—|]|\S")


def is_page_number(line: str) -> bool:
    """A page number alone on a line ("3", "- 3 -", "Page 3 of 5", "Seite 3", "3/5", "p. 3"): numbers,
    the languages' page words (data: ``page_words``), "/", dashes and dots, at least one number."""
    if len(line) > _PAGE_NUMBER_CHARS:
        return False
    tokens = _PAGE_TOKEN.findall(line)
    return (
        0 < len(tokens) <= 7
        and any(t.isdigit() for t in tokens)
        and all(len(t) <= 4 if t.isdigit() else t in "/-–—|." or fold(t) in _PAGE_WORDS for t in tokens)
    )


def page_numbers(lines: Sequence[Line]) -> set[int]:
    """The lines that are a page number at a page break: alone, with a blank or debris line
    (or the document's edge) before and after it. A number that ends a wrapped value has
    its value's line right before it."""
    def blank(index: int) -> bool:
        return not 0 <= index < len(lines) or is_debris(lines[index].text)

    return {line.index for line in lines
            if is_page_number(line.text) and blank(line.index - 1) and blank(line.index + 1)}


def is_heading(line: str) -> bool:
    """A numbered top-level heading in capitals, e.g. ``3. SUCCESS FACTORS AND\\tMAIN ...``."""
    stripped = line.strip().strip("*#").strip()
    if not _HEADING.match(stripped):
        return False
    letters = [c for c in stripped if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


# --------------------------------------------------------------------------- labels


@dataclass(frozen=True)
class _LabelPattern:
    key: LabelKey
    language: str
    words: tuple[str, ...]
    full: re.Pattern[str]


@dataclass(frozen=True)
class LabelHit:
    key: LabelKey
    language: str
    line: int
    value_start: int
    #: When the label was split over two lines: the line holding its remainder,
    #: and where that line's value begins.
    remainder_line: int | None = None
    remainder_value_start: int | None = None
    #: The source stretch of the label's remainder ("formats"): an entry that runs across
    #: that line leaves it out of its quote (a gap in its span).
    remainder_label: tuple[int, int] | None = None


# "&" in a label may be written as any language's "and" (from the language files).
_AND_WORDS = frozenset({"&", *(fold(w) for w in words("and_words"))})
_AMP = r"(?:&|\+|" + "|".join(re.escape(w) for w in sorted(_AND_WORDS - {"&"})) + ")"
_AFTER_LABEL = r"(?=[\s:*|]|$)"
_SEPARATOR = re.compile(r"[\s:*|]*")
#: What follows a label written in lower case: a column gap, not a sentence going on.
_COLUMN_GAP = re.compile(r"\t|\s{2,}|\s*:|\s*$")
_GAP_ANYWHERE = re.compile(r"\t|\s{2}|:")
#: Longer than any label: a lower-case line this long with no column gap holds no label.
_LONGEST_LABEL = 60


def _word_pattern(word: str) -> str:
    return _AMP if word in _AND_WORDS else re.escape(word)


def _compile_labels() -> list[_LabelPattern]:
    patterns = []
    for language, table in LABEL_TABLES.items():
        for key, labels in table.items():
            for label in labels:
                words = tuple(fold(label).replace("&", " & ").split())
                body = r"\s+".join(_word_pattern(w) for w in words)
                # A title label ends with ':' itself; others need a boundary after them.
                tail = "" if words[-1].endswith(":") else _AFTER_LABEL
                patterns.append(
                    _LabelPattern(key, language, words, re.compile(body + tail))
                )
    # Longest first: "Name of the network" before "Name".
    return sorted(patterns, key=lambda p: -sum(len(w) for w in p.words))


_LABEL_PATTERNS = _compile_labels()


def whole_label(text: str) -> LabelKey | None:
    """The template label that ``text`` is, as a whole (a trailing colon allowed), in any language.

    Document readers use it to tell a label cell cut by a page break from a new row.
    """
    folded = fold(text).strip().rstrip(":").rstrip()
    for pattern in _LABEL_PATTERNS:
        match = pattern.full.match(folded)
        if match and match.end() >= len(folded.rstrip(":")):
            return pattern.key
    return None


def _label_start(line: str) -> int:
    return _MARKDOWN_PREFIX.match(line).end()  # type: ignore[union-attr]


def next_content_line(lines: Sequence[Line], index: int) -> Line | None:
    for line in lines[index + 1 : index + 4]:
        if line.text.strip() and not is_debris(line.text):
            return line
    return None


def match_label(lines: Sequence[Line], index: int) -> LabelHit | None:
    """The template label that opens ``lines[index]``, if any.

    A label must stand at the start of the line. Continuation lines in the seeds are
    indented or start lower-case, so a label written in lower case ("members") must be
    followed by a column gap (a tab, two spaces, a colon or the line's end) to count.
    """
    line = lines[index]
    pos = _label_start(line.text)
    # A title may stand indented (" İyi Uygulama: ..."); other labels never do.
    titled = pos + len(line.text[pos:]) - len(line.text[pos:].lstrip(" \t"))
    only_title = titled != pos
    pos = titled
    if pos >= len(line.text) or not line.text[pos].isalpha():
        return None
    lower = not line.text[pos].isupper()
    if lower and (only_title or (len(line.text) - pos > _LONGEST_LABEL and not _GAP_ANYWHERE.search(line.text, pos))):
        return None  # (most continuation lines: not folded and matched against every label)
    folded = fold(line.text)
    whole = _match_whole_label(line, pos, folded, lower=lower, only_title=only_title)
    if whole is not None:
        key, language, value_start = whole
        return LabelHit(key, language, index, line.start + value_start)
    return None if only_title else _match_split_label(lines, index, pos, folded)


def _match_whole_label(
    line: Line, pos: int, folded: str, *, lower: bool, only_title: bool = False
) -> tuple[LabelKey, str, int] | None:
    """The whole template label at ``pos`` of one line: its key, language and where its value begins."""
    for pattern in _LABEL_PATTERNS:
        if only_title and pattern.key is not LabelKey.TITLE:
            continue
        match = pattern.full.match(folded, pos)
        if match and (not lower or _COLUMN_GAP.match(line.text, match.end())):
            value_start = _SEPARATOR.match(line.text, match.end()).end()  # type: ignore[union-attr]
            return pattern.key, pattern.language, value_start
    return None


#: How far below its first half a split label's remainder may stand, after the first row's
#: wrapped lines ("Challenges & Lessons\t…" / "\t…" / "\t…" / "learnt\t…").
_REMAINDER_REACH = 6
#: A remainder below wrapped lines stands at the line start and is followed by a column gap,
#: a bullet or the line's end ("formatları \uf0a7 Abonelere …"), not by a sentence going on.
_FAR_REMAINDER_GAP = re.compile(rf"\t|\s{{2,}}|\s*:|\s*$|\s+[{BULLETS}](?=\s|$)")


def _far_lines(lines: Sequence[Line], index: int, following: Line) -> list[Line]:
    """The content lines after ``following`` that a split label's remainder may stand on,
    up to the next heading or whole label (the next row)."""
    out: list[Line] = []
    for line in lines[following.index + 1 : index + 1 + _REMAINDER_REACH]:
        text = line.text
        if not text.strip() or is_debris(text):
            continue
        if is_heading(text):
            break
        pos = _label_start(text)
        if pos < len(text) and text[pos].isupper() and _match_whole_label(line, pos, fold(text), lower=False):
            break
        out.append(line)
    return out


def _match_split_label(
    lines: Sequence[Line], index: int, pos: int, folded: str
) -> LabelHit | None:
    """A label wrapped over two lines: "External Communication & Event" / "formats"."""
    following = next_content_line(lines, index)
    if following is None:
        return None
    following_folded = fold(following.text)
    following_pos = len(following_folded) - len(following_folded.lstrip())
    hyphenated = _match_hyphenated_label(lines[index], pos, folded, following, following_folded, following_pos)
    if hyphenated is not None:
        return hyphenated
    for pattern in _LABEL_PATTERNS:
        for cut in range(len(pattern.words) - 1, 0, -1):
            head = r"\s+".join(_word_pattern(w) for w in pattern.words[:cut])
            # Any blank after the head: a tab written as spaces may leave only one. One word
            # only alone on its line ("Brief" / "description", "Coordinating" / "Organisation").
            head_match = re.compile(head + (r"(?=\s|$)" if cut > 1 else r"(?=\s*$)")).match(folded, pos)
            if not head_match:
                continue
            tail = r"\s+".join(_word_pattern(w) for w in pattern.words[cut:])
            tail_match = re.compile(tail + _AFTER_LABEL).match(following_folded, following_pos)
            if not tail_match:
                found = _far_remainder(lines, index, following, tail)
                if found is None:
                    continue
                following, tail_match = found
                following_pos = 0
            line = lines[index]
            value_start = _SEPARATOR.match(line.text, head_match.end()).end()  # type: ignore[union-attr]
            rest_start = _SEPARATOR.match(following.text, tail_match.end()).end()  # type: ignore[union-attr]
            return LabelHit(
                pattern.key,
                pattern.language,
                index,
                line.start + value_start,
                remainder_line=following.index,
                remainder_value_start=following.start + rest_start,
                remainder_label=(following.start + following_pos, following.start + tail_match.end()),
            )
    return None


def _far_remainder(
    lines: Sequence[Line], index: int, following: Line, tail: str
) -> tuple[Line, re.Match[str]] | None:
    """A split label's remainder below the first row's wrapped lines, at a line start:
    "Harici İletişim ve Etkinlik \uf0a7 …" / "…" / "" / "formatları \uf0a7 …"."""
    pattern = re.compile(tail + rf"(?={_FAR_REMAINDER_GAP.pattern})")
    for line in _far_lines(lines, index, following):
        match = pattern.match(fold(line.text))
        if match:
            return line, match
    return None


#: A label cell that ends in a word broken at its hyphen ("Erfolgs-", "Externe Kommunikation &
#: Veranstaltungs-"), then any blank or the line's end: a tab written as spaces may leave only one
#: ("Erfolgs-\t" at tab width 3). The joined words must make a whole label, so a word broken at its
#: hyphen inside a value ("Sprach- und Kulturmittler") is no label.
_HYPHENATED_HEAD = re.compile(r"[^\t]*?\w-(?=\s|$)")
_WORD_AFTER_ONE_BLANK = re.compile(r" (\S+)")


def _match_hyphenated_label(
    line: Line, pos: int, folded: str, following: Line, following_folded: str, following_pos: int
) -> LabelHit | None:
    """A label broken inside a word over two lines: "Erfolgs-" / "faktoren", "Handlungs-" /
    "feld(er)": the head without its hyphen and the next line's first word are a whole label."""
    head = _HYPHENATED_HEAD.match(folded, pos)
    tail = re.compile(r"\S+").match(following_folded, following_pos)
    if head is None or tail is None:
        return None
    after = _WORD_AFTER_ONE_BLANK.match(folded, head.end())
    if after is not None and after.group(1) in _AND_WORDS:
        return None  # a word broken at its hyphen for the "and" after it: "Ziel- und Handlungsfelder"
    joined = folded[pos : head.end() - 1] + tail.group()
    for pattern in _LABEL_PATTERNS:
        match = pattern.full.fullmatch(joined)
        if match is None:
            continue
        value_start = _SEPARATOR.match(line.text, head.end()).end()  # type: ignore[union-attr]
        rest_start = _SEPARATOR.match(following.text, tail.end()).end()  # type: ignore[union-attr]
        return LabelHit(
            pattern.key,
            pattern.language,
            line.index,
            line.start + value_start,
            remainder_line=following.index,
            remainder_value_start=following.start + rest_start,
            remainder_label=(following.start + following_pos, following.start + tail.end()),
        )
    return None


def find_labels(lines: Sequence[Line]) -> list[LabelHit]:
    """Every label row of a document; each label counts once (the first wins)."""
    hits: list[LabelHit] = []
    seen: set[LabelKey] = set()
    skip: set[int] = set()
    for line in lines:
        if line.index in skip or is_heading(line.text):
            continue
        hit = match_label(lines, line.index)
        if hit is None or hit.key in seen:
            continue
        seen.add(hit.key)
        hits.append(hit)
        if hit.remainder_line is not None:
            skip.add(hit.remainder_line)
    return hits


def sheet_language(hits: Sequence[LabelHit]) -> str | None:
    """The language whose labels the document uses, or None if it is no sheet."""
    keys = {h.key for h in hits if h.key not in (LabelKey.TITLE, LabelKey.STATUS_DATE)}
    if len(keys) < MIN_SHEET_LABELS:
        return None
    votes: dict[str, int] = {}
    for hit in hits:
        votes[hit.language] = votes.get(hit.language, 0) + 1
    return max(votes, key=lambda lang: votes[lang])


# --------------------------------------------------------------------------- pieces


@dataclass(frozen=True)
class Piece:
    """A run of content text on one line, between list markers."""

    text: MappedText
    after_marker: bool  # preceded by <li>, a bullet glyph or a wide gap
    line_start: bool  # first piece on its source line
    tab_led: bool  # the line is indented with tabs only (column layout)
    space_led: bool  # the line is indented with a space: a lost bullet glyph
    glyph: bool = False  # the marker before it is a bullet glyph (not <li> or a gap)
    deep: bool = False  # indented by two tabs or more: the text column of bulleted entries
    #: The whole text of one ``<li>…</li>`` element on one line: one entry whatever its
    #: capitals ("Stand at the city's Pride parade ...").
    element: bool = False


def join_pieces(pieces: Sequence[Piece], language: str | None) -> MappedText:
    """The pieces' text as one, a blank between two; a piece that starts a line without a list
    marker is the wrapped rest of the one before, where a word broken at its hyphen at the line
    end is joined (:func:`assistant.line_breaks.join_lines`: "Integrations-" / "beauftragte")."""
    return join_lines(((p.text, p.line_start and not p.after_marker) for p in pieces), language)


_MARKER = re.compile(
    rf"(?P<open><\s*li\s*>)|(?P<tag></?\s*(?:ul|ol|li)\s*>)"
    rf"|(?P<bullet>(?:(?<=\s)|^)[{BULLETS}](?=\s|$))|(?P<mdbullet>^\s*[-*+](?=\s))"
    rf"|(?P<gap>(?<=\S)\s{{3,}}(?=\S))|(?P<cell>\s*\|\s*$)",
    re.IGNORECASE,
)

#: The fewest spaces that stand for a tab in a line's indent (a lost bullet glyph leaves one or two).
_SPACED_TAB = 3
#: Tabs written at width 2: two spaces stand for a tab where they are the document's column
#: (:func:`spaced_column`), on at least this many lines.
_NARROW_TAB = 2
_MIN_NARROW_LINES = 3

_CLOSE_LI = re.compile(r"<\s*/\s*li\s*>", re.IGNORECASE)


def spaced_column(lines: Sequence[Line]) -> int | None:
    """The indent of a document whose tabs were written as spaces: the commonest indent of
    three or more spaces (None when no line has one). Two spaces are the column where they
    are the commonest indent, on at least :data:`_MIN_NARROW_LINES` lines and on more lines
    than one space (tabs written at width 2; a lost bullet glyph leaves one space, rarely two)."""
    counts: dict[int, int] = {}
    for line in lines:
        width = len(line.text) - len(line.text.lstrip(" "))
        if width and line.text[width:width + 1] not in ("", "\t"):
            counts[width] = counts.get(width, 0) + 1
    narrow = counts.get(_NARROW_TAB, 0)
    wide = {width: count for width, count in counts.items() if width >= _SPACED_TAB}
    if narrow >= _MIN_NARROW_LINES and narrow > counts.get(1, 0) and narrow > max(wide.values(), default=0):
        return _NARROW_TAB
    return max(wide, key=lambda width: (wide[width], -width)) if wide else None


def line_pieces(
    source: str, start: int, end: int, *, continuation: bool, column: int | None = None
) -> list[Piece]:
    """Split ``source[start:end]`` (one line's content) at list markers; ``column`` is the
    document's indent in spaces where its tabs were written as spaces (:func:`spaced_column`)."""
    raw = source[start:end]
    indent = raw[: len(raw) - len(raw.lstrip())]
    # Tabs written as spaces (three or more, where a lost bullet is one or two) are a column
    # too; one or two spaces more than the column are a tab and a lost bullet ("\t knowledge").
    # At width 2 two spaces are a tab and four two tabs (the text column of bulleted entries).
    narrow = column == _NARROW_TAB
    spaced = len(indent) >= (_NARROW_TAB if narrow else _SPACED_TAB) and not indent.strip(" ")
    bullet_after_column = (spaced and column is not None and column < len(indent) <= column + 2
                           and len(indent) < 2 * column)
    spaced = spaced and not bullet_after_column
    tab_led = continuation and bool(indent) and (spaced or " " not in indent.replace("\t", ""))
    deep = tab_led and (indent.count("\t") >= 2 or len(indent) >= 2 * _SPACED_TAB + 2
                        or (narrow and len(indent) >= 2 * _NARROW_TAB))
    space_led = continuation and not spaced and any(c in " \u00a0" for c in indent)
    pieces: list[Piece] = []
    pos = 0
    marker_before = glyph = after_open = False
    for match in _MARKER.finditer(raw):
        chunk = MappedText.from_source(source, start + pos, start + match.start()).squashed()
        if chunk:
            closes = after_open and bool(_CLOSE_LI.fullmatch(match.group().strip()))
            pieces.append(Piece(chunk, marker_before, not pieces, tab_led, space_led, glyph, deep, closes))
            marker_before = glyph = after_open = False
        if match.group("open") or match.group("bullet") or match.group("gap") or match.group("mdbullet"):
            marker_before = True
            glyph = bool(match.group("bullet") or match.group("mdbullet"))
            after_open = bool(match.group("open"))
        pos = match.end()
    chunk = MappedText.from_source(source, start + pos, end).squashed()
    if chunk:
        pieces.append(Piece(chunk, marker_before, not pieces, tab_led, space_led, glyph, deep))
    return pieces


# --------------------------------------------------------------------------- regions


@dataclass
class Region:
    hit: LabelHit
    pieces: list[Piece] = field(default_factory=list)

    @property
    def label_gaps(self) -> tuple[tuple[int, int], ...]:
        """Label text between the row's lines (a split label's remainder), never a value's."""
        return (self.hit.remainder_label,) if self.hit.remainder_label is not None else ()


def _remainder_pieces(text: str, hit: LabelHit, rest: int, end: int) -> list[Piece]:
    """The value pieces on a split label's second line ("Nachhaltigkeit\t31 ausgebildete …").
    The value is a line of the value column, read like any other line of it (a new entry or
    the wrapped rest of one), whatever blank separates it from the label (a tab, or spaces
    where tabs were expanded): "Evaluation &\t640 begleitete Frauen …" / "Nachhaltigkeit\t31
    ausgebildete …" are two entries, "… 31 mit" / "Nachhaltigkeit\tApprobation, …" one."""
    pieces = line_pieces(text, rest, end, continuation=False)
    label_end = hit.remainder_label[1] if hit.remainder_label is not None else rest
    gap = text[label_end:rest]
    if pieces and not pieces[0].after_marker and not gap.strip():
        deep = gap.count("\t") >= 2 or len(gap) >= 2 * _SPACED_TAB + 2
        pieces[0] = replace(pieces[0], tab_led=True, deep=deep)
    return pieces


def collect_regions(text: str, lines: Sequence[Line], hits: Sequence[LabelHit]) -> list[Region]:
    """Assign every content line to the labelled row it continues.

    A heading closes the current row; debris and blank lines are skipped, so a
    value interrupted by a page break continues after it, and bullets after a
    lost heading still belong to the row before them.
    """
    by_line = {h.line: h for h in hits}
    column = spaced_column(lines)
    page_breaks = page_numbers(lines)
    remainders = {h.remainder_line: h for h in hits if h.remainder_line is not None}
    regions: list[Region] = []
    current: Region | None = None
    for line in lines:
        hit = by_line.get(line.index)
        if hit is not None:
            current = Region(hit)
            regions.append(current)
            current.pieces += line_pieces(text, hit.value_start, line.end, continuation=False)
            continue
        if line.index in remainders:
            remainder = remainders[line.index]
            rest = remainder.remainder_value_start
            if current is not None and rest is not None:
                current.pieces += _remainder_pieces(text, remainder, rest, line.end)
            continue
        if is_heading(line.text):
            current = None
            continue
        if is_debris(line.text) or line.index in page_breaks or current is None:
            continue
        current.pieces += line_pieces(text, line.start, line.end, continuation=True, column=column)
    return regions
