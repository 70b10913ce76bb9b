"""The items of a section: a labelled row's pieces grouped into entries, and the
clean-up PDF extraction needs: wrapped lines joined to their entry (column layouts,
open-ended lines, German inflected adjectives), English entries run together on one
line split apart, and fragments that repeat the previous entry dropped as data issues.

Part of the parse stage: :mod:`assistant.sheet_structure` gives the pieces,
:mod:`assistant.parse` calls :func:`build_items` for every section row.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from assistant.labels import LIST_SECTIONS
from assistant.languages import LANGUAGES, words
from assistant.lexicon import frequency
from assistant.models import DataIssue, IssueCode, Item, SectionKind, SourceSpan
from assistant.sheet_structure import Piece, join_pieces
from assistant.text import MappedText

__all__ = ["Entry", "build_items", "drop_inline_echo", "group_items", "split_run_on_items"]


_STOP_BEFORE_SPLIT = frozenset(words("run_on_stopwords"))
_DETERMINERS = frozenset(words("run_on_determiners"))
_PLACE_WORDS = frozenset(words("run_on_place_words"))
#: Per language: words an entry cannot end with, and endings of inflected adjectives
#: ("zeitlich begrenzte" / "Aufgaben"), from the language files (German has them).
_OPEN_ENDED = {code: frozenset(data.cues.open_ended_words) for code, data in LANGUAGES.items()}
_ADJECTIVE_ENDINGS = {code: tuple(data.cues.adjective_endings) for code, data in LANGUAGES.items()}
#: Per language: words (or phrases) no entry ends with even when its line stops short of
#: the column, and words that open an entry after a line ending in a verb particle.
_NEVER_LAST = {
    code: tuple(w.casefold().split() for w in data.cues.never_last_words) for code, data in LANGUAGES.items()
}
_ENTRY_OPENERS = {
    code: frozenset(w.casefold() for w in data.cues.entry_openers) for code, data in LANGUAGES.items()
}
#: Per language: separable verbs' particles ("ein" of "einladen"), and how common the verb they make
#: with a word of their clause is at least (Zipf: "einladen" 4.0, "einlädt" 3.4).
_VERB_PARTICLES = {code: frozenset(data.cues.verb_particles) for code, data in LANGUAGES.items()}
_VERB_FREQUENCY = 3.0
_CLAUSE_BREAK = re.compile(r"[,;:]")
#: Per language: units and multipliers of an amount ("1,2 Millionen Euro"), folded.
_AMOUNT_UNITS = {code: frozenset(w.casefold() for w in data.cues.amount_units) for code, data in LANGUAGES.items()}
_AMOUNT_MULTIPLIERS = {
    code: frozenset(w.casefold() for w in data.cues.amount_multipliers) for code, data in LANGUAGES.items()
}
#: Words that open the solution of a challenge: the line goes on with the same entry.
_SOLUTION_WORDS = frozenset(w.lower() + colon for w in words("solution_markers") for colon in ("", ":"))
#: Words written with a capital inside a sentence (languages, nationalities, religions):
#: "the job-related German course" goes on; a line starting with one goes on too unless
#: the line before stopped short ("in spoken and written" / "English is hard to follow").
_PROPER_WORDS = frozenset(w.casefold() for w in words("proper_adjectives"))
#: A line that stops before this share of its column's width, although the next line's
#: first word would have fit on it, was not wrapped: its entry ended there.
_EARLY_END = 0.6
#: The column's width is only judged from at least this many lines that hold nothing else.
_MIN_WIDTH_LINES = 3
_MIDLINE_CAPITAL = re.compile(r"(?<=[a-z0-9)\"”.])\s+(?=[A-Z][a-z])")
_OPEN_QUOTE = re.compile(r"(?:^|\s)[\"„“‚‘][^\"„“”‚‘’]*$")
_OPENING_QUOTES = "\"„“‚‘"
_CLOSING_QUOTE_WORD = re.compile(r"^[^\s\"„“”]+[\"”’]")


def _ends_in_amount(words: Sequence[str], language: str) -> bool:
    """"… rund 1,2 Millionen Euro", "… 40.000 €": a number, maybe a multiplier, and a unit."""
    if len(words) < 2 or words[-1].casefold() not in _AMOUNT_UNITS.get(language, frozenset()):
        return False
    number = words[-2]
    if number.casefold() in _AMOUNT_MULTIPLIERS.get(language, frozenset()) and len(words) >= 3:
        number = words[-3]
    return number[:1].isdigit() and number[-1:].isdigit()


def _open_ended(previous: str, language: str = "en") -> bool:
    """An entry ending in "and", "of", a comma, a hyphen or an open quotation mark goes
    on on the next line ("a programme called "Virtual" / "Sanctuary" with ...")."""
    words = previous.rstrip().split()
    if not words:
        return False
    last = words[-1].lower()
    open_ended = _OPEN_ENDED.get(language, frozenset())
    # column layouts (German); an amount is open like a number: "rund 1,2 Millionen Euro" / "Forderungen …"
    if open_ended and (last in open_ended or last.endswith(";") or last.isdigit() or _ends_in_amount(words, language)):
        return True
    return (last in _STOP_BEFORE_SPLIT or last.endswith((",", "-", "(", "/", ":", ";"))
            or bool(_OPEN_QUOTE.search(previous)))


def _never_last(previous: str, language: str) -> bool:
    """A line ending in an article, "für" or "at most" is cut short: the next line goes on
    with its entry however short the line is ("… at most" / "250 euros rent a month")."""
    tail = previous.casefold().split()
    return any(tail[-len(phrase):] == phrase for phrase in _NEVER_LAST.get(language, ()) if len(tail) >= len(phrase))


def _closes_verb(previous: str, language: str) -> bool:
    """A line ending in a separable verb's particle whose verb stands earlier in its clause, not
    right before it ("Moscheevereine … laden selbst zu den Elternabenden ein": "einladen"): the
    sentence ended, so "ein" is no article waiting for its noun on the next line."""
    particles = _VERB_PARTICLES.get(language)
    clause = _CLAUSE_BREAK.split(previous)[-1].split()
    open_ended = _OPEN_ENDED.get(language, frozenset())
    if not particles or len(clause) < 3 or clause[-1] not in particles or clause[-2].casefold() in open_ended:
        return False  # "… laden die Eltern in ein" / "Gemeindehaus": an article after a preposition
    particle = clause[-1]
    return any(
        word.isalpha() and word.islower() and len(word) >= 4 and word not in open_ended
        and frequency(particle + word, language) >= _VERB_FREQUENCY
        for word in clause[:-2]
    )


def _function_word(word: str, language: str) -> bool:
    """A capitalised determiner, preposition or adjective at a line start ("Im Jahr 2021",
    "Neue Betrugsmaschen") is no noun the line before waits for: it opens a sentence."""
    folded = word.strip("\"„“”'‘’(),;:.").casefold()
    return folded in _ENTRY_OPENERS.get(language, frozenset()) or folded in _OPEN_ENDED.get(language, frozenset())


def _proper_word(word: str) -> bool:
    return word.strip("\"„“”'‘’(),;:.").split("-")[0].casefold() in _PROPER_WORDS


def _continues(piece: Piece, previous: str, language: str, ended_early: bool = False) -> bool:
    """Is this line-start piece the wrapped rest of the entry before it?"""
    text = piece.text.text
    first = text.split()[0]
    lead = text.lstrip(_OPENING_QUOTES)[:1]  # '"Kalyna" mediates …' starts with a capital
    if first.lower() in _SOLUTION_WORDS or _CLOSING_QUOTE_WORD.match(text):
        return True
    if _never_last(previous, language):
        # "… statt einem" / "Keine formale Evaluation …": where nouns are capitalised (German), a
        # capitalised determiner or adjective cannot go on after an article or preposition (it
        # would be lower-case there), so it opens an entry; "für" / "Erwachsene ziehen" goes on.
        capitalised_opener = (lead.isupper() and bool(_ADJECTIVE_ENDINGS.get(language))
                              and first.strip(_OPENING_QUOTES).casefold() in _ENTRY_OPENERS.get(language, frozenset()))
        return not capitalised_opener
    if text[:1].isdigit() and previous.rstrip().endswith(";"):
        # "… secured by the guarantee fund;" / "93 % are repaid on time": the clause after ";"
        # goes on with its entry even when the line before stopped short of the column.
        return True
    if ended_early and (lead.isupper() or lead.isdigit()):
        # "bringen Vertrauen mit" / "Zwei Helferinnen ...": the line before stopped short
        # although "Zwei" would have fit on it, so its entry ended there.
        return False
    if _open_ended(previous, language):
        # "... keine Stromsperre durch" / "Neue Betrugsmaschen ...": a verb's particle closed
        # the sentence; after a preposition "neue" would be lower-case.
        # "… laden selbst zu den Elternabenden ein" / "Angebote …": the verb "einladen" stands earlier.
        opener = first.strip(_OPENING_QUOTES).casefold() in _ENTRY_OPENERS.get(language, frozenset())
        return not (lead.isupper() and (opener or _closes_verb(previous, language)))
    if text[:1].isdigit():
        # "140 Beratungsgespräche ..." starts an entry; "... by 2022;" / "29 of them" goes on.
        return previous.rstrip().endswith(";")
    if not lead.isupper() or _proper_word(first):
        return True
    words = previous.split()
    endings = _ADJECTIVE_ENDINGS.get(language, ())
    if endings:
        # German: nouns are capitalised, so a capital says little; but a line ending in
        # an inflected adjective after an article ("der ersten" / "Stunde") goes on.
        if len(words) < 2:
            return False
        last, before = words[-1], words[-2].lower()
        if not last[:1].islower() or _function_word(first, language):
            return False  # "Kommentare nur tagsüber" / "Im Jahr 2021 ...": no noun follows
        return last.endswith(endings) or (
            last.endswith(("e", "en", "er", "es", "em")) and (before in _OPEN_ENDED[language] or before.endswith(":")))
    return False


#: A piece that opens with a parenthesis and goes on in lower case ("(15 Euro die Stunde) über
#: das Präventionsgesetz …") is the middle of a sentence, whatever list marker is before it.
_PARENTHESIS_GOES_ON = re.compile(r"\([^()]{1,80}\)\s+[^\W\d_A-ZÄÖÜÇĞİŞ]")


def _element_goes_on(piece: Piece, previous: str, language: str) -> bool:
    """A list element cut inside its sentence: "<li>… ihre Einsätze</li> <li>(15 Euro die Stunde)
    über …", "… the old cinder pitch</li> <li>into a cricket ground", "… für die ehrenamtlichen</li>
    <li>Lernpaten, die …" go on with the entry before, unless that one ended with a full stop. A
    bullet glyph or a wide gap always opens an entry."""
    if piece.glyph or previous.rstrip().endswith((".", "!", "?")):
        return False
    text = piece.text.text
    if _PARENTHESIS_GOES_ON.match(text):
        return True
    if not piece.element:
        return False  # a wide gap between two entries on one line, or an element running on
    lead = text.lstrip(_OPENING_QUOTES)[:1]
    if lead.islower():
        return True
    words = previous.split()
    endings = _ADJECTIVE_ENDINGS.get(language, ())
    return len(words) >= 2 and bool(endings) and (
        words[-1][:1].islower() and words[-1].endswith(("e", "en", "er", "es", "em"))
        and words[-2].casefold() in _OPEN_ENDED[language] and not _function_word(text.split()[0], language))


def _starts_new_item(
    piece: Piece, language: str, previous: str, after_glyph: bool = False, ended_early: bool = False
) -> bool:
    if piece.after_marker:
        return not _element_goes_on(piece, previous, language)
    if not piece.line_start:
        return False
    if piece.space_led:
        return True
    if not piece.tab_led or (after_glyph and piece.deep):
        # "\t•\tentry" wraps onto "\t\trest": the deeper column goes on with the entry.
        return False
    # Column layout: a wrapped line continues (lower-case, after an open end, ...);
    # otherwise a line start is a new entry.
    return not _continues(piece, previous, language, ended_early)


class Entry(NamedTuple):
    text: MappedText
    element: bool  # the whole of one <li>…</li> element: never split at a capital


def _alone_on_line(pieces: Sequence[Piece]) -> list[bool]:
    """Which pieces are the whole content of their line (no list marker on it)."""
    return [
        piece.line_start and not piece.after_marker and (i + 1 == len(pieces) or pieces[i + 1].line_start)
        for i, piece in enumerate(pieces)
    ]


def _column_width(pieces: Sequence[Piece], alone: Sequence[bool]) -> int | None:
    lengths = [len(p.text.text) for p, whole in zip(pieces, alone, strict=True) if whole]
    return max(lengths) if len(lengths) >= _MIN_WIDTH_LINES else None


def group_items(pieces: Sequence[Piece], language: str, *, as_list: bool) -> list[Entry]:
    items: list[list[Piece]] = []
    elements: list[bool] = []
    after_glyph = False  # the current entry began after a bullet glyph
    alone = _alone_on_line(pieces)
    width = _column_width(pieces, alone)
    for index, piece in enumerate(pieces):
        ended_early = False
        if width is not None and index and alone[index - 1] and piece.text.text.strip():
            gap = len(pieces[index - 1].text.text) + 1 + len(piece.text.text.split()[0])
            ended_early = gap <= _EARLY_END * width
        new = not items or (
            _starts_new_item(piece, language, items[-1][-1].text.text, after_glyph, ended_early)
            if as_list
            else piece.after_marker
        )
        if new:
            items.append([piece])
            elements.append(piece.element)
            after_glyph = piece.glyph
        else:
            items[-1].append(piece)
            elements[-1] = False
    return [Entry(join_pieces(parts, language).squashed(), element)
            for parts, element in zip(items, elements, strict=True)]


def _ends_place_name(before: Sequence[str], after: Sequence[str]) -> bool:
    """"... the City of Dortmund" / "Joint provision of ...": a place's whole name, then a
    capital that opens a sentence (a lower-case word follows it)."""
    return (before[-2] == "of" and before[-3].lower() in _PLACE_WORDS and before[-1][:1].isupper()
            and after[1][:1].islower())


def split_run_on_items(item: MappedText) -> list[MappedText]:
    """Split English entries that PDF extraction ran together on one line.

    "...for advice and information Reduction of bureaucratic hurdles": a
    lower-case word followed by a capitalised one mid-line starts a new entry,
    unless the word before is a function word ("by the City") or a capitalised one
    (but "the City of Dortmund" is a whole name, see below), or follows a determiner
    ("with the local Jobcenter"), the capital word is capitalised inside sentences too
    ("the job-related German course"), the capital word
    opens a coordination ("Internet and Facebook"), the gap is inside a quoted
    name or is a line break (wrapped lines are decided by the column layout). After
    "City of <Name>" a capital followed by a lower-case word starts an entry ("... of the
    City of Dortmund Joint provision of personnel resources ...").
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
        if word[:1].isupper() and not _ends_place_name(before, after):
            continue  # "Social Welfare Office"
        if word.lower() in _STOP_BEFORE_SPLIT or before[-2].lower() in _DETERMINERS:
            continue  # "by the City", "with the local Jobcenter"
        if text.count('"', max(pos, match.start() - 120), match.start()) % 2:
            continue  # inside a quoted name: "Virtual Sanctuary"
        if item.offsets[match.end()] - item.offsets[match.start() - 1] != match.end() - match.start() + 1:
            continue  # a line break: the column layout already decided it continues the entry
        if after[1].lower().strip(",") in {"and", "or", "&"} or after[0].endswith(",") or _proper_word(after[0]):
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
    pieces: Sequence[Piece], kind: SectionKind, language: str, source: str,
    label_gaps: Sequence[tuple[int, int]] = (),
) -> tuple[list[Item], list[DataIssue]]:
    """The entries of a row as items; ``label_gaps`` (label text between the row's lines)
    become gaps of the spans of the entries that run across them."""
    as_list = kind in LIST_SECTIONS
    entries = group_items(pieces, language, as_list=as_list)
    issues: list[DataIssue] = []
    if as_list:
        cleaned = []
        for entry in entries:
            kept, echo = drop_inline_echo(entry.text)
            if echo:
                issues.append(DataIssue(code=IssueCode.REPEATED_FRAGMENT, field=kind.value, value=echo, source=source,
                                        reason="fragment repeats the end of the previous entry (PDF extraction)"))
            cleaned.append(entry._replace(text=kept))
        entries = cleaned
    grouped = [entry.text for entry in entries]
    if as_list and language == "en":
        grouped = [
            part
            for entry in entries
            for part in ([entry.text] if entry.element else split_run_on_items(entry.text))
        ]
    items: list[Item] = []
    for mapped in grouped:
        gaps = tuple(g for g in label_gaps if mapped.start < g[0] and g[1] < mapped.end)
        span = SourceSpan(source=source, start=mapped.start, end=mapped.end, gaps=gaps)
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
