"""Parse stage: decoded document text -> :class:`~assistant.models.FactSheet`.

Two document shapes exist:

* **Template sheets** ("Good Practice" fact sheets): label/value rows, found by
  the label tables of :mod:`assistant.labels` in any language. PDF extraction
  noise is handled here: values wrapped over continuation lines, ``<ul> <li>``
  fragments and bullet glyphs, page-break debris (dot rows, ``0000000``), a
  top-level heading lost at a page break (labels, not headings, open sections),
  a row label split over two lines, and a heading split by a tab.
* **Free-text pages** (e.g. a network's German web page): paragraphs become
  description items; founding date, member count and contact are extracted.

Every item and fact keeps its verbatim source span. Values that cannot be true
("Founding year 1") become :class:`~assistant.models.DataIssue` records instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from assistant.labels import (
    FACT_OF_LABEL,
    LABEL_TABLES,
    LIST_SECTIONS,
    SECTION_NAMES,
    SECTION_OF_LABEL,
    LabelKey,
)
from assistant.language import detect_language
from assistant.languages import LANGUAGES, alternation, words
from assistant.models import (
    DataIssue,
    Fact,
    FactField,
    FactSheet,
    IssueCode,
    Item,
    Section,
    SectionKind,
    SourceSpan,
)
from assistant.text import BULLETS, MappedText, fold, squash_spaces

#: A document is a template sheet when it has at least this many distinct labelled rows.
MIN_SHEET_LABELS = 3
#: Free text needs at least this many words in its paragraphs to be kept.
MIN_FREE_TEXT_WORDS = 30
#: Years outside this range cannot be a network's founding year.
EARLIEST_FOUNDING_YEAR = 1850


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


# "&" in a label may be written as any language's "and" (from the language files).
_AND_WORDS = frozenset({"&", *(fold(w) for w in words("and_words"))})
_AMP = r"(?:&|\+|" + "|".join(re.escape(w) for w in sorted(_AND_WORDS - {"&"})) + ")"
_AFTER_LABEL = r"(?=[\s:*|]|$)"
_SEPARATOR = re.compile(r"[\s:*|]*")


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


def _next_content_line(lines: Sequence[Line], index: int) -> Line | None:
    for line in lines[index + 1 : index + 4]:
        if line.text.strip() and not is_debris(line.text):
            return line
    return None


def match_label(lines: Sequence[Line], index: int) -> LabelHit | None:
    """The template label that opens ``lines[index]``, if any.

    A label must stand at the start of the line and start with a capital letter:
    continuation lines in the seeds are indented or start lower-case.
    """
    line = lines[index]
    pos = _label_start(line.text)
    if pos >= len(line.text) or not line.text[pos].isupper():
        return None
    folded = fold(line.text)
    for pattern in _LABEL_PATTERNS:
        match = pattern.full.match(folded, pos)
        if match:
            value_start = _SEPARATOR.match(line.text, match.end()).end()  # type: ignore[union-attr]
            return LabelHit(pattern.key, pattern.language, index, line.start + value_start)
    return _match_split_label(lines, index, pos, folded)


def _match_split_label(
    lines: Sequence[Line], index: int, pos: int, folded: str
) -> LabelHit | None:
    """A label wrapped over two lines: "External Communication & Event" / "formats"."""
    following = _next_content_line(lines, index)
    if following is None:
        return None
    following_folded = fold(following.text)
    following_pos = len(following_folded) - len(following_folded.lstrip())
    for pattern in _LABEL_PATTERNS:
        for cut in range(len(pattern.words) - 1, 1, -1):
            head = r"\s+".join(_word_pattern(w) for w in pattern.words[:cut])
            head_match = re.compile(head + r"(?=\t|\s{2,}|\s*$)").match(folded, pos)
            if not head_match:
                continue
            tail = r"\s+".join(_word_pattern(w) for w in pattern.words[cut:])
            tail_match = re.compile(tail + _AFTER_LABEL).match(following_folded, following_pos)
            if not tail_match:
                continue
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


_MARKER = re.compile(
    rf"(?P<open><\s*li\s*>)|(?P<tag></?\s*(?:ul|ol|li)\s*>)"
    rf"|(?P<bullet>(?:(?<=\s)|^)[{BULLETS}](?=\s|$))|(?P<mdbullet>^\s*[-*+](?=\s))"
    rf"|(?P<gap>(?<=\S)\s{{3,}}(?=\S))|(?P<cell>\s*\|\s*$)",
    re.IGNORECASE,
)


def line_pieces(source: str, start: int, end: int, *, continuation: bool) -> list[Piece]:
    """Split ``source[start:end]`` (one line's content) at list markers."""
    raw = source[start:end]
    indent = raw[: len(raw) - len(raw.lstrip())]
    tab_led = continuation and bool(indent) and " " not in indent.replace("\t", "")
    deep = tab_led and indent.count("\t") >= 2
    space_led = continuation and any(c in " \u00a0" for c in indent)
    pieces: list[Piece] = []
    pos = 0
    marker_before = glyph = False
    for match in _MARKER.finditer(raw):
        chunk = MappedText.from_source(source, start + pos, start + match.start()).squashed()
        if chunk:
            pieces.append(Piece(chunk, marker_before, not pieces, tab_led, space_led, glyph, deep))
            marker_before = glyph = False
        if match.group("open") or match.group("bullet") or match.group("gap") or match.group("mdbullet"):
            marker_before = True
            glyph = bool(match.group("bullet") or match.group("mdbullet"))
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


def collect_regions(text: str, lines: Sequence[Line], hits: Sequence[LabelHit]) -> list[Region]:
    """Assign every content line to the labelled row it continues.

    A heading closes the current row; debris and blank lines are skipped, so a
    value interrupted by a page break continues after it, and bullets after a
    lost heading still belong to the row before them.
    """
    by_line = {h.line: h for h in hits}
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
            rest = remainders[line.index].remainder_value_start
            if current is not None and rest is not None:
                current.pieces += line_pieces(text, rest, line.end, continuation=False)
            continue
        if is_heading(line.text):
            current = None
            continue
        if is_debris(line.text) or current is None:
            continue
        current.pieces += line_pieces(text, line.start, line.end, continuation=True)
    return regions


# --------------------------------------------------------------------------- items

_STOP_BEFORE_SPLIT = frozenset(words("run_on_stopwords"))
#: Per language: words an entry cannot end with, and endings of inflected adjectives
#: ("zeitlich begrenzte" / "Aufgaben"), from the language files (German has them).
_OPEN_ENDED = {code: frozenset(data.cues.open_ended_words) for code, data in LANGUAGES.items()}
_ADJECTIVE_ENDINGS = {code: tuple(data.cues.adjective_endings) for code, data in LANGUAGES.items()}
#: Words that open the solution of a challenge: the line goes on with the same entry.
_SOLUTION_WORDS = frozenset(w.lower() + colon for w in words("solution_markers") for colon in ("", ":"))
_MIDLINE_CAPITAL = re.compile(r"(?<=[a-z0-9)\"”.])\s+(?=[A-Z][a-z])")
_OPEN_QUOTE = re.compile(r"(?:^|\s)[\"„“‚‘][^\"„“”‚‘’]*$")
_CLOSING_QUOTE_WORD = re.compile(r"^[^\s\"„“”]+[\"”’]")


def _open_ended(previous: str, language: str = "en") -> bool:
    """An entry ending in "and", "of", a comma, a hyphen or an open quotation mark goes
    on on the next line ("a programme called "Virtual" / "Sanctuary" with ...")."""
    words = previous.rstrip().split()
    if not words:
        return False
    last = words[-1].lower()
    open_ended = _OPEN_ENDED.get(language, frozenset())
    if open_ended and (last in open_ended or last.endswith(";") or last.isdigit()):  # column layouts (German)
        return True
    return last in _STOP_BEFORE_SPLIT or last.endswith((",", "-", "(", "/", ":")) or bool(_OPEN_QUOTE.search(previous))


def _continues(piece: Piece, previous: str, language: str) -> bool:
    """Is this line-start piece the wrapped rest of the entry before it?"""
    text = piece.text.text
    if _open_ended(previous, language) or _CLOSING_QUOTE_WORD.match(text) or not text[:1].isupper():
        return True
    words = previous.split()
    if text.split()[0].lower() in _SOLUTION_WORDS:
        return True
    endings = _ADJECTIVE_ENDINGS.get(language, ())
    if endings:
        # German: nouns are capitalised, so a capital says little; but a line ending in
        # an inflected adjective after an article ("der ersten" / "Stunde") goes on.
        if len(words) < 2:
            return False
        last, before = words[-1], words[-2].lower()
        if not last[:1].islower():
            return False
        return last.endswith(endings) or (
            last.endswith(("e", "en", "er", "es", "em")) and before in _OPEN_ENDED[language])
    return False


def _starts_new_item(piece: Piece, language: str, previous: str, after_glyph: bool = False) -> bool:
    if piece.after_marker:
        return True
    if not piece.line_start:
        return False
    if piece.space_led:
        return True
    if not piece.tab_led or (after_glyph and piece.deep):
        # "\t•\tentry" wraps onto "\t\trest": the deeper column goes on with the entry.
        return False
    # Column layout: a wrapped line continues (lower-case, after an open end, ...);
    # otherwise a line start is a new entry.
    return not _continues(piece, previous, language)


def group_items(pieces: Sequence[Piece], language: str, *, as_list: bool) -> list[MappedText]:
    items: list[list[MappedText]] = []
    after_glyph = False  # the current entry began after a bullet glyph
    for piece in pieces:
        new = not items or (
            _starts_new_item(piece, language, items[-1][-1].text, after_glyph)
            if as_list
            else piece.after_marker
        )
        if new:
            items.append([piece.text])
            after_glyph = piece.glyph
        else:
            items[-1].append(piece.text)
    return [MappedText.join(parts).squashed() for parts in items]


def split_run_on_items(item: MappedText) -> list[MappedText]:
    """Split English entries that PDF extraction ran together on one line.

    "...for advice and information Reduction of bureaucratic hurdles": a
    lower-case word followed by a capitalised one mid-line starts a new entry,
    unless the word before is a function word ("by the City"), the capital word
    opens a coordination ("Internet and Facebook"), the gap is inside a quoted
    name or is a line break (wrapped lines are decided by the column layout).
    """
    parts: list[MappedText] = []
    pos = 0
    text = item.text
    for match in _MIDLINE_CAPITAL.finditer(text):
        # Bounded windows keep this linear on huge run-on entries.
        before = text[max(pos, match.start() - 120) : match.start()].split()
        after = text[match.end() : match.end() + 120].split()
        if len(before) < 3 or len(after) < 3:
            continue
        word = before[-1].strip('"„“”')
        if word.lower() in _STOP_BEFORE_SPLIT or word[:1].isupper():
            continue
        if text.count('"', max(pos, match.start() - 120), match.start()) % 2:
            continue  # inside a quoted name: "Virtual Sanctuary"
        if item.offsets[match.end()] - item.offsets[match.start() - 1] != match.end() - match.start() + 1:
            continue  # a line break: the column layout already decided it continues the entry
        if after[1].lower().strip(",") in {"and", "or", "&"} or after[0].endswith(","):
            continue
        parts.append(item.slice(pos, match.start()).strip())
        pos = match.end()
    parts.append(item.slice(pos, len(text)).strip())
    return [p for p in parts if p]


_ALNUM = re.compile(r"[^\w]+")


def _is_echo(item: str, previous: str) -> bool:
    """PDF extraction sometimes repeats the tail of the previous entry."""
    a = _ALNUM.sub("", item.casefold())
    b = _ALNUM.sub("", previous.casefold())
    return len(item.split()) >= 2 and len(a) < len(b) and b.endswith(a)


_SENTENCE_END = re.compile(r"[.!?]\s+")


def drop_inline_echo(item: MappedText) -> tuple[MappedText, str | None]:
    """Remove words that repeat the end of the sentence before them:
    "...transfer of knowledge between both organisations. knowledge between both
    organisations Heterogeneous..." (a PDF extraction artefact)."""
    for match in _SENTENCE_END.finditer(item.text):
        before = item.text[max(0, match.start() - 200) : match.start()].split()
        after = item.text[match.end() : match.end() + 200].split()
        for k in range(min(8, len(before), len(after)), 2, -1):
            if [w.casefold() for w in before[-k:]] == [w.casefold() for w in after[:k]]:
                echo_end = match.end()
                for _ in range(k):
                    echo_end = re.compile(r"\s*\S+").match(item.text, echo_end).end()  # type: ignore[union-attr]
                echo = item.slice(match.end(), echo_end).text
                kept = MappedText.join([item.slice(0, match.end()), item.slice(echo_end, len(item))], sep="")
                return kept.squashed(), echo
    return item, None


def build_items(
    pieces: Sequence[Piece], kind: SectionKind, language: str, source: str
) -> tuple[list[Item], list[DataIssue]]:
    as_list = kind in LIST_SECTIONS
    grouped = group_items(pieces, language, as_list=as_list)
    issues: list[DataIssue] = []
    if as_list:
        cleaned = []
        for item in grouped:
            kept, echo = drop_inline_echo(item)
            if echo:
                issues.append(DataIssue(code=IssueCode.REPEATED_FRAGMENT, field=kind.value, value=echo, source=source,
                                        reason="fragment repeats the end of the previous entry (PDF extraction)"))
            cleaned.append(kept)
        grouped = cleaned
    if as_list and language == "en":
        grouped = [part for item in grouped for part in split_run_on_items(item)]
    items: list[Item] = []
    for mapped in grouped:
        span = SourceSpan(source=source, start=mapped.start, end=mapped.end)
        if items and _is_echo(mapped.text, items[-1].text):
            issues.append(
                DataIssue(
                    code=IssueCode.REPEATED_FRAGMENT,
                    field=kind.value,
                    value=mapped.text,
                    reason="fragment repeats the end of the previous entry (PDF extraction)",
                    span=span,
                    source=source,
                )
            )
            continue
        if not re.search(r"\w", mapped.text):
            continue
        items.append(Item(text=mapped.text, span=span))
    return items, issues


# --------------------------------------------------------------------------- facts

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+[^\s<>\".,;)]", re.IGNORECASE)
_URL_WRAP = re.compile(r"(?<=[\w/.-]-) (?=[\w/])")
_NUMBER = re.compile(r"\d+")


def _span(source: str, mapped: MappedText) -> SourceSpan:
    return SourceSpan(source=source, start=mapped.start, end=mapped.end)


def _fact(field_: FactField, value: str, mapped: MappedText, source: str) -> Fact:
    return Fact(field=field_, value=value, quote=mapped.text, span=_span(source, mapped))


def _issue(code: IssueCode, field_: FactField, mapped: MappedText, reason: str, source: str) -> DataIssue:
    return DataIssue(code=code, field=field_.value, value=mapped.text, reason=reason,
                     span=_span(source, mapped), source=source)


def plausible_year(year: int, latest: int) -> bool:
    return EARLIEST_FOUNDING_YEAR <= year <= latest


def status_year(facts: Sequence[Fact]) -> int | None:
    for fact in facts:
        if fact.field is FactField.STATUS_DATE:
            match = _YEAR.search(fact.value)
            if match:
                return int(match.group(1))
    return None


def _unwrap_urls(value: MappedText) -> MappedText:
    """Join URLs wrapped at a hyphen: "caritas-magdeburg.de/unsere-" + "hilfe-beratung"."""
    out = value
    while True:
        for match in _URL_WRAP.finditer(out.text):
            token_start = out.text.rfind(" ", 0, match.start()) + 1
            token = out.text[token_start : match.start()]
            if "://" in token or token.startswith("www."):
                out = MappedText.join([out.slice(0, match.start()), out.slice(match.end(), len(out))], sep="")
                break
        else:
            return out


def read_fact(
    field_: FactField, value: MappedText, source: str, latest_year: int
) -> tuple[list[Fact], list[DataIssue]]:
    """Normalise one general row; implausible values become issues."""
    if not value:
        empty = DataIssue(code=IssueCode.EMPTY_VALUE, field=field_.value, value="", reason="empty value", source=source)
        return [], [empty]
    if field_ is FactField.FOUNDING_YEAR:
        match = _YEAR.search(value.text)
        if match and plausible_year(int(match.group(1)), latest_year):
            return [_fact(field_, match.group(1), value, source)], []
        return [], [_issue(IssueCode.IMPLAUSIBLE_YEAR, field_, value, "not a plausible founding year", source)]
    if field_ is FactField.EMAILS:
        found = [value.slice(m.start(), m.end()) for m in _EMAIL.finditer(value.text)]
        if not found:
            return [], [_issue(IssueCode.NOT_AN_EMAIL, field_, value, "not an e-mail address", source)]
        return [_fact(field_, m.text, m, source) for m in found], []
    if field_ is FactField.WEBSITES:
        joined = _unwrap_urls(value)
        found = [joined.slice(m.start(), m.end()) for m in _URL.finditer(joined.text)]
        if not found:
            return [], [_issue(IssueCode.NO_WEB_ADDRESS, field_, value, "no web address", source)]
        return [_fact(field_, m.text, m, source) for m in found], []
    if field_ in (FactField.FIELDS_OF_ACTION, FactField.TARGET_GROUPS):
        parts = [p.strip(" .") for p in value.split(re.compile(r";"))]
        return [_fact(field_, p.text, p, source) for p in parts if p], []
    return [_fact(field_, value.text, value, source)], []


# Cue words of every language file: "since 1999", "seit dem Jahr 1999", "1999 yılından
# beri"; "am 01.10.1999 ... gegründet".
_SINCE_YEAR = re.compile(
    rf"\b{alternation(words('since'))}\s+(?:{alternation(words('since_fillers'))}\s+){{0,2}}"
    r"(1[89]\d\d|20\d\d)\b"
    rf"|\b(1[89]\d\d|20\d\d)\s+{alternation(words('since_after'))}",
    re.IGNORECASE,
)
_FOUNDED_ON = re.compile(
    rf"(?:{alternation(words('date_prepositions'))}\s+)?"
    r"(?P<date>\d{1,2}\.\s?\d{1,2}\.\s?(?P<year>1[89]\d\d|20\d\d))"
    rf"[^.!?]{{0,120}}?\b{alternation(words('founded'))}",
    re.IGNORECASE,
)
_NETWORK_WORD = re.compile(alternation(words("network_words")), re.IGNORECASE)
# A sentence ends at . ! ? before a capital; dates like 01.10.1999 stay whole.
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[\"„“(]?[A-ZÄÖÜİŞĞÇ0-9])")


def _sentences(text: MappedText) -> Iterator[MappedText]:
    for sentence in text.split(_SENTENCE_BREAK):
        sentence = sentence.strip()
        if sentence:
            yield sentence


def founding_claims(text: MappedText, source: str, latest_year: int) -> list[Fact]:
    """Founding years stated in prose: "Since 1999, the network...", "am 01.10.1999 ... gegründet"."""
    facts: list[Fact] = []
    for sentence in _sentences(text):
        if not _NETWORK_WORD.search(sentence.text):
            continue
        for match in _FOUNDED_ON.finditer(sentence.text):
            year = int(match.group("year"))
            if plausible_year(year, latest_year):
                quote = sentence.slice(match.start("date"), match.end()).strip()
                facts.append(_fact(FactField.FOUNDING_YEAR, str(year), quote, source))
        for match in _SINCE_YEAR.finditer(sentence.text):
            year = int(match.group(1) or match.group(2))
            if plausible_year(year, latest_year):
                quote = sentence.slice(match.start(), match.end())
                facts.append(_fact(FactField.FOUNDING_YEAR, str(year), quote, source))
    return facts


_MEMBER_COUNT = re.compile(
    rf"\b(?:{alternation(words('member_approx'))}|{'|'.join(words('member_approx_patterns')) or '(?!)'})"
    rf"\s+\d+\s+[\w-]+|\b\d+\s+{alternation(words('member_nouns'))}\b",
    re.IGNORECASE,
)
_MEMBER_WORD = re.compile(alternation(words("member_words")), re.IGNORECASE)


def member_claims(text: MappedText, source: str) -> list[Fact]:
    """Member counts stated in prose: "Im Netzwerk ... wirken über 60 Akteure ... mit"."""
    facts = []
    for sentence in _sentences(text):
        for match in _MEMBER_COUNT.finditer(sentence.text):
            quote = sentence.slice(match.start(), match.end())
            if _MEMBER_WORD.search(quote.text):
                facts.append(_fact(FactField.MEMBERS, quote.text, quote, source))
    return facts


def member_count(value: str) -> int | None:
    """The first number in a members value: "Circa 80; ..." -> 80."""
    match = _NUMBER.search(value)
    return int(match.group()) if match else None


# --------------------------------------------------------------------------- sheets


def _title(text: str, lines: Sequence[Line], hit: LabelHit) -> str | None:
    line = lines[hit.line]
    rest = text[hit.value_start : line.end].strip(" \t*#_")
    if rest:
        return squash_spaces(rest)
    following = _next_content_line(lines, hit.line)
    return squash_spaces(following.text.strip(" \t*#_")) if following else None


def _general_items(facts: Sequence[Fact], language: str) -> list[Item]:
    items = []
    seen: set[tuple[int, int]] = set()
    for fact in facts:
        key = (fact.span.start, fact.span.end)
        if key in seen:
            continue
        seen.add(key)
        items.append(Item(text=fact.quote, span=fact.span, label=fact.field.value))
    return items


_CONTACT_FIELDS = (FactField.WEBSITES, FactField.EMAILS, FactField.PHONE, FactField.ADDRESS,
                   FactField.CONTACT_PERSON)


def parse_fact_sheet(text: str, source: str, sha256: str) -> FactSheet | None:
    """Parse a template sheet; None when ``text`` has too few template labels."""
    lines = split_lines(text)
    hits = find_labels(lines)
    language = sheet_language(hits)
    if language is None:
        return None
    regions = collect_regions(text, lines, hits)
    title = next((_title(text, lines, h) for h in hits if h.key is LabelKey.TITLE), None)

    facts: list[Fact] = []
    sections: list[Section] = []
    issues: list[DataIssue] = []
    status = next((r for r in regions if r.hit.key is LabelKey.STATUS_DATE), None)
    if status is not None:
        value = MappedText.join(p.text for p in status.pieces).squashed()
        facts += read_fact(FactField.STATUS_DATE, value, source, 9999)[0]
    latest = status_year(facts) or 2100
    prose: list[MappedText] = []
    for region in regions:
        key = region.hit.key
        if key in (LabelKey.TITLE, LabelKey.STATUS_DATE):
            continue
        if key in FACT_OF_LABEL:
            value = MappedText.join(p.text for p in region.pieces).squashed()
            found, problems = read_fact(FACT_OF_LABEL[key], value, source, latest)
            facts += found
            issues += problems
            continue
        kind = SECTION_OF_LABEL[key]
        items, problems = build_items(region.pieces, kind, language, source)
        issues += problems
        label = LABEL_TABLES[region.hit.language][key][0]
        if items:
            sections.append(Section(kind=kind, label=label, items=items))
        else:
            issues.append(DataIssue(code=IssueCode.SECTION_EMPTY, field=kind.value, value="",
                                    reason="section is empty", source=source))
        if kind is SectionKind.DESCRIPTION:
            prose += [MappedText(i.text, ()) for i in items]
            facts += [
                f
                for item in items
                for f in founding_claims(_item_mapped(text, item), source, latest)
            ]
    present = {s.kind for s in sections}
    for kind in SECTION_OF_LABEL.values():
        if kind not in present and not any(i.field == kind.value for i in issues):
            issues.append(DataIssue(code=IssueCode.SECTION_MISSING, field=kind.value, value="",
                                    reason="section is missing", source=source))
    names = SECTION_NAMES.get(language, SECTION_NAMES["en"])
    general = [f for f in facts if f.field not in _CONTACT_FIELDS]
    contact = [f for f in facts if f.field in _CONTACT_FIELDS]
    extra = [Section(kind=SectionKind.GENERAL, label=names[SectionKind.GENERAL],
                     items=_general_items(general, language))]
    if contact:
        extra.append(Section(kind=SectionKind.CONTACT, label=names[SectionKind.CONTACT],
                             items=_general_items(contact, language)))
    return FactSheet(
        source=source,
        kind="sheet",
        language=language,
        title=title,
        sha256=sha256,
        facts=facts,
        sections=extra[:1] + sections + extra[1:],
        issues=issues,
    )


def _item_mapped(text: str, item: Item) -> MappedText:
    """An item's text with offsets, re-read from its span (markup stripped)."""
    pieces = line_pieces(text, item.span.start, item.span.end, continuation=False)
    return MappedText.join(p.text for p in pieces).squashed()


# --------------------------------------------------------------------------- free text

_BOILERPLATE_LINE = re.compile(r"^\s*(?:logo\b|©|\(c\)|copyright\b)", re.IGNORECASE)
_CONTACT_HEAD = re.compile(rf"^\s*{alternation(words('contact_headings'))}\s*:?\s*$", re.IGNORECASE)
_PHONE = re.compile(
    rf"^\s*{alternation(words('phone_labels'))}\s*:?\s*(?P<number>[+\d(][\d\s()/-]{{4,}}\d)", re.IGNORECASE
)
_POSTCODE = re.compile(r"\b\d{5}\s+\w")
_STREET = re.compile(rf"{alternation(words('street_words'))}\s*\d", re.IGNORECASE)
_PARAGRAPH_END = re.compile(r"[.!?:)\"”]\s*$")


def _blocks(text: str, lines: Sequence[Line]) -> list[list[Line]]:
    """Paragraphs: runs of non-blank lines, boilerplate (logos, ©) removed."""
    blocks: list[list[Line]] = []
    current: list[Line] = []
    for line in lines:
        if is_debris(line.text) or _BOILERPLATE_LINE.match(line.text):
            if current:
                blocks.append(current)
            current = []
            continue
        current.append(line)
    if current:
        blocks.append(current)
    return blocks


def _block_text(text: str, block: Sequence[Line]) -> MappedText:
    return MappedText.join(
        MappedText.from_source(text, line.start, line.end).squashed() for line in block
    ).squashed()


def _contact_facts(
    text: str, block: Sequence[Line], source: str, *, first: bool
) -> list[Fact]:
    facts: list[Fact] = []
    for position, line in enumerate(block):
        mapped = MappedText.from_source(text, line.start, line.end).squashed()
        if not mapped:
            continue
        emails = list(_EMAIL.finditer(mapped.text))
        urls = list(_URL.finditer(mapped.text))
        phone = _PHONE.match(mapped.text)
        if emails:
            facts += [_fact(FactField.EMAILS, m.group(), mapped.slice(m.start(), m.end()), source) for m in emails]
        elif urls:
            facts += [_fact(FactField.WEBSITES, m.group(), mapped.slice(m.start(), m.end()), source) for m in urls]
        elif phone:
            facts.append(_fact(FactField.PHONE, squash_spaces(phone.group("number")), mapped, source))
        elif _POSTCODE.search(mapped.text) or _STREET.search(mapped.text):
            facts.append(_fact(FactField.ADDRESS, mapped.text, mapped, source))
        elif first and position == 0 and not re.search(r"\d|:", mapped.text) and len(mapped.text.split()) <= 5:
            facts.append(_fact(FactField.CONTACT_PERSON, mapped.text, mapped, source))
    return facts


def parse_free_text(text: str, source: str, sha256: str) -> FactSheet | None:
    """A page outside the template: paragraphs become description items.

    Returns None when there is too little prose to be a document about a network.
    The network it belongs to is decided when documents are merged.
    """
    lines = split_lines(text)
    blocks = _blocks(text, lines)
    language = detect_language(text, default="und")
    title: str | None = None
    description: list[Item] = []
    facts: list[Fact] = []
    # Blocks after a "Kontakt:" line are read as contact data until one has none.
    contact_blocks: int | None = None
    for block in blocks:
        mapped = _block_text(text, block)
        words = len(mapped.text.split())
        if contact_blocks is not None:
            found = _contact_facts(text, block, source, first=contact_blocks == 0)
            contact_blocks = contact_blocks + 1 if found else None
            facts += found
            if found:
                continue
        if _CONTACT_HEAD.match(mapped.text):
            contact_blocks = 0
            continue
        is_title = _NETWORK_WORD.search(mapped.text) and not _PARAGRAPH_END.search(mapped.text)
        if title is None and words <= 20 and is_title:
            title = mapped.text
            continue
        if words >= 6 and (_PARAGRAPH_END.search(mapped.text) or words >= 25):
            description.append(Item(text=mapped.text, span=_span(source, mapped)))
            facts += founding_claims(mapped, source, 2100)
            facts += member_claims(mapped, source)
            facts += [
                _fact(FactField.EMAILS, m.group(), mapped.slice(m.start(), m.end()), source)
                for m in _EMAIL.finditer(mapped.text)
            ]
    if sum(len(i.text.split()) for i in description) < MIN_FREE_TEXT_WORDS:
        return None
    names = SECTION_NAMES.get(language, SECTION_NAMES["en"])
    sections = [Section(kind=SectionKind.DESCRIPTION, label=title or names[SectionKind.DESCRIPTION], items=description)]
    general = [f for f in facts if f.field not in _CONTACT_FIELDS]
    contact = [f for f in facts if f.field in _CONTACT_FIELDS]
    if general:
        sections.insert(0, Section(kind=SectionKind.GENERAL, label=names[SectionKind.GENERAL],
                                   items=_general_items(general, language)))
    if contact:
        sections.append(Section(kind=SectionKind.CONTACT, label=names[SectionKind.CONTACT],
                                items=_general_items(contact, language)))
    return FactSheet(
        source=source,
        kind="free_text",
        language=language,
        title=title,
        sha256=sha256,
        facts=facts,
        sections=sections,
    )


def parse_document(text: str, source: str, sha256: str = "") -> FactSheet | None:
    """Template sheet if the labels say so, else free text; None if neither."""
    return parse_fact_sheet(text, source, sha256) or parse_free_text(text, source, sha256)
