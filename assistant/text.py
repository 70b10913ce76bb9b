"""Text helpers shared by the parser and the retrieval stages.

:class:`MappedText` keeps, for every character of a cleaned string, the offset of
that character in the source document, so a quote built from pieces spread over
several wrapped lines can still be traced back to its exact span.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Final

# --------------------------------------------------------------------------- folding
# One folding of DE/EN/TR text, in two forms: ``match_fold`` (may change the length:
# "ß" -> "ss", "Fluechtlinge" -> "fluchtlinge"), for the concept vocabulary, and
# ``fold`` (one character in, one out, so offsets in folded text are valid in the
# original), for the parser's labels and cue words and for names. Both start from
# the same per-character reference folding, so "İletişim", "iletisim" and
# "ILETISIM" compare equal in either.


# Applied before casefold: Turkish capital dotted I (casefold would leave a
# combining dot), dotless ı (no decomposition), letters NFKD cannot split, and
# dash/hyphen variants; the soft hyphen of PDF extractions is dropped.
_PRE_TABLE: Final = str.maketrans(
    {
        "İ": "i",
        "ı": "i",
        "Ø": "o",
        "ø": "o",
        "Ł": "l",
        "ł": "l",
        "Đ": "d",
        "đ": "d",
        "Æ": "ae",
        "æ": "ae",
        "Œ": "oe",
        "œ": "oe",
        "\u00ad": "",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u2019": "'",
        "\u02bc": "'",
        "\u00b4": "'",
    }
)
_COMBINING: Final = re.compile("[\u0300-\u036f]+")
# German transliterated umlauts: ae/oe/ue -> a/o/u ("Fluechtlinge").
_DIGRAPH: Final = re.compile(r"(?<=[aou])e")


def _fold_slow(text: str) -> str:
    """Reference folding, without the digraph rule: translate, casefold, NFKD, no marks."""
    folded = text.translate(_PRE_TABLE).casefold()
    if not folded.isascii():
        folded = _COMBINING.sub("", unicodedata.normalize("NFKD", folded))
    return folded


def _build_fast_table() -> dict[int, str]:
    """Latin letters whose reference folding is ASCII, mapped straight to it.

    Only an optimisation: with it, typical German/Turkish text is ASCII after
    one ``translate`` and skips NFKD. Built from ``_fold_slow`` itself, so the
    result is the same as the reference folding.
    """
    table: dict[int, str] = {}
    for code in range(0x80, 0x250):
        ch = chr(code)
        folded = _fold_slow(ch)
        if folded != ch and folded.isascii():
            table[code] = folded
    for code in range(0x1E00, 0x1F00):  # Latin Extended Additional (ẞ, ạ, ...)
        ch = chr(code)
        folded = _fold_slow(ch)
        if folded != ch and folded.isascii():
            table[code] = folded
    for point, repl in _PRE_TABLE.items():
        if isinstance(repl, str) and repl.isascii():
            table[point] = repl.casefold()
    return table


_FAST_TABLE: Final = _build_fast_table()


def _fold_nodigraph(text: str) -> str:
    folded = text.translate(_FAST_TABLE)
    if folded.isascii():
        return folded.lower()
    return _fold_slow(folded)


def match_fold(text: str) -> str:
    """The matching form of ``text`` (may change its length): the reference folding plus
    German transliterated umlauts (ae/oe/ue -> a/o/u). Vocabulary terms and the text
    they are looked for in both go through it."""
    return _DIGRAPH.sub("", _fold_nodigraph(text))


_CHAR_FOLD_CACHE: dict[str, str] = {}


def match_fold_mapped(text: str) -> tuple[str, list[int]]:
    """``match_fold(text)`` plus, for each of its characters, the index in ``text``.

    Folding works character by character (translate, casefold and NFKD treat
    characters independently; combining marks are dropped), so folding piece by
    piece gives the string ``match_fold`` gives, up to the order of combining marks of
    other scripts, which never take part in a match.
    """
    pieces: list[str] = []
    origin: list[int] = []
    cache = _CHAR_FOLD_CACHE
    for i, ch in enumerate(text):
        if ch.isascii():
            pieces.append(ch.lower())
            origin.append(i)
            continue
        piece = cache.get(ch)
        if piece is None:
            piece = _fold_nodigraph(ch)
            if len(cache) < 65536:
                cache[ch] = piece
        for c in piece:
            pieces.append(c)
            origin.append(i)
    folded = "".join(pieces)
    drop = {m.start() for m in _DIGRAPH.finditer(folded)}
    if drop:
        folded = "".join(c for j, c in enumerate(folded) if j not in drop)
        origin = [o for j, o in enumerate(origin) if j not in drop]
    return folded, origin


_CHAR_FOLD_1: dict[str, str] = {}


def _fold_char(ch: str) -> str:
    """``ch`` folded to exactly one character: the first of its reference folding
    ("ß" -> "s", "É" -> "e"), or ``ch`` itself where that is empty (a soft hyphen,
    a lone combining mark)."""
    folded = _CHAR_FOLD_1.get(ch)
    if folded is None:
        reference = _fold_slow(ch)
        folded = reference[0] if reference else ch
        if len(_CHAR_FOLD_1) < 65536:
            _CHAR_FOLD_1[ch] = folded
    return folded


#: :func:`fold` as a ``str.translate`` table: ASCII lower-cased, other characters added by
#: :func:`_fold_char` as they are met (a character at a time in C, not in a generator).
_FOLD_TABLE: dict[int, str] = {code: chr(code).lower() for code in range(128)}


def fold(text: str) -> str:
    """Lower-case and strip the accents of DE/EN/TR text, keeping its length."""
    if text.isascii():
        return text.lower()
    table = _FOLD_TABLE
    for ch in set(text):
        if ord(ch) not in table:
            if len(table) >= 65536:  # bounded, as _CHAR_FOLD_1: an unusual text folds the slow way
                return "".join(ch.lower() if ch.isascii() else _fold_char(ch) for ch in text)
            table[ord(ch)] = _fold_char(ch)
    return text.translate(table)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u2028\u2029\ufeff]")
_SPACES = re.compile(r"\s+")


def squash_spaces(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


#: An HTML tag in text pasted from an e-mail or a web page ("<b>Halberstadt</b>", "Halberstadt <br>",
#: '<img src=x onerror=…>'): "<" or "</" right before a tag name, up to the next ">". A "<" with a
#: space or a digit after it ("weniger als < 50", "<3") is no tag.
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:[\s/][^<>]*)?>")


def clean_user_text(text: str) -> str:
    """Control characters out, HTML tags out (ignored as Markdown's marks are: s16 tester V11),
    Unicode composed, whitespace collapsed."""
    text = unicodedata.normalize("NFC", text)
    return squash_spaces(_HTML_TAG.sub(" ", _CONTROL.sub(" ", text)))


def _presentation_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    # Latin ligatures (ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ): PDF fonts print "fi" as one glyph and extractors keep it.
    for code in range(0xFB00, 0xFB07):
        table[code] = unicodedata.normalize("NFKC", chr(code))
    # Fullwidth ASCII (！ to ～), as some East Asian fonts and PDF producers emit it.
    for code in range(0xFF01, 0xFF5F):
        table[code] = unicodedata.normalize("NFKC", chr(code))
    # Hyphen and non-breaking hyphen (Word's Ctrl+Shift+-): "e‑mail" must find "e-mail".
    table[0x2010] = table[0x2011] = "-"
    # Invisible break hints: soft hyphen, zero-width space, word joiner, a BOM inside text.
    for code in (0x00AD, 0x200B, 0x2060, 0xFEFF):
        table[code] = None
    return table


_PRESENTATION_FORMS = _presentation_table()
# "i" or dotless "ı" with a combining dot above is a dotted i: what lower-casing
# "İ" without a Turkish locale gives ("İki".lower() == "i̇ki"), and how fonts draw it.
_DOTTED_I = re.compile("[iı]\u0307")


def lower_word(word: str) -> str:
    """``word`` in lower case as a word list spells it: a Turkish capital dotted I is "i" ("İkisini" is
    "ikisini", where ``str.lower`` gives "i̇kisini", a word of no list: session 17, "İkisini karşılaştır"
    was read as a town's name)."""
    return _DOTTED_I.sub("i", word.lower())


def normalise_presentation_forms(text: str) -> str:
    """Decoded document text as the app shows, quotes and searches it.

    Applied once, when a corpus file is decoded, so spans, quotes and search all
    see the same characters. Mapped: Latin ligatures U+FB00-FB06 to their letters
    ("ﬁeld" -> "field"), fullwidth ASCII U+FF01-FF5E to ASCII, U+2010/U+2011
    hyphens to "-"; removed: soft hyphen U+00AD, zero-width space U+200B, word
    joiner U+2060 and U+FEFF; "i" or "ı" followed by a combining dot above
    (U+0307) becomes "i"; then NFC, so a "u" followed by a combining diaeresis
    becomes "ü". Deliberately *not* NFKC: umlauts, ß, Turkish İ ı ş ğ ç,
    superscripts (m²), fractions, the ellipsis, dashes, quotes and no-break spaces
    stay as written.
    """
    return unicodedata.normalize("NFC", _DOTTED_I.sub("i", text.translate(_PRESENTATION_FORMS)))


#: Raw characters of a question read per character kept: room for the spaces and
#: control characters cleaning removes, and a bound on the work for any input.
RAW_CHARS_PER_CHAR = 4


def raw_question_limit(max_chars: int) -> int:
    """How many characters of a question are read at all (before cleaning)."""
    return max(1, max_chars) * RAW_CHARS_PER_CHAR


def question_byte_limit(max_chars: int) -> int:
    """How many bytes of a question a reader takes (UTF-8: at most 4 per character).

    One character more than :func:`raw_question_limit`, so a text cut here is
    always seen as cut when :func:`bound_question` counts its characters.
    """
    return 4 * (raw_question_limit(max_chars) + 1)


def question_read_at_all(text: str, max_chars: int) -> str:
    """What any step of a chat turn looks at of a question: its first :func:`raw_question_limit`
    characters and one more, so :func:`bound_question` further on still sees that it was cut.
    Taken once at the turn's entry, so no follow-up rule copies or scans a 20 MB paste."""
    return text[:raw_question_limit(max_chars) + 1]


def bound_question(text: str, max_chars: int) -> tuple[str, bool]:
    """The part of a question that is read: its first :func:`raw_question_limit`
    characters, and whether anything was cut. Done first, before any cleaning,
    language detection or copying, so a 50 MB question costs what a short one does."""
    limit = raw_question_limit(max_chars)
    return (text[:limit], True) if len(text) > limit else (text, False)


#: What a terminal acts on instead of showing: C0 and C1 controls (ESC starts colour,
#: screen-clearing, title and OSC 8 hyperlink sequences; U+009B is a one-byte CSI),
#: DEL, line and paragraph separators and bidirectional overrides.
_TERMINAL_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _visible_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(line: str) -> str:
    """One line of text as a terminal shows it and does nothing else: control
    characters, escape sequences, line breaks and bidi overrides become visible
    escapes (ESC -> ``\\x1b``, a newline in a file name -> ``\\x0a``)."""
    return _TERMINAL_UNSAFE.sub(_visible_escape, line)


# Bullet glyphs seen in PDF extractions: •, the Symbol-font private-use bullet,
# and other list markers.
BULLETS = "•\uf0b7\uf0a7\uf076\uf0d8▪●◦·‣⁃\x7f"  # pypdf renders some bullets as DEL
LIST_TAG = re.compile(r"</?\s*(?:ul|ol|li)\s*>", re.IGNORECASE)


def strip_markup(text: str) -> str:
    """Remove list tags and bullet glyphs: what "verbatim modulo markup" ignores."""
    text = LIST_TAG.sub(" ", text)
    text = re.sub(f"[{BULLETS}]", " ", text)
    return squash_spaces(text)


@dataclass(frozen=True)
class MappedText:
    """A cleaned string plus the source offset of each of its characters."""

    text: str
    offsets: tuple[int, ...]

    @staticmethod
    def from_source(source: str, start: int, end: int) -> MappedText:
        return MappedText(source[start:end], tuple(range(start, end)))

    @staticmethod
    def join(pieces: Iterable[MappedText], sep: str = " ") -> MappedText:
        text: list[str] = []
        offsets: list[int] = []
        for piece in pieces:
            if not piece.text:
                continue
            if text:
                text.append(sep)
                offsets.extend([offsets[-1] + 1] * len(sep))
            text.append(piece.text)
            offsets.extend(piece.offsets)
        return MappedText("".join(text), tuple(offsets))

    def __bool__(self) -> bool:
        return bool(self.text)

    def __len__(self) -> int:
        return len(self.text)

    def slice(self, start: int, end: int) -> MappedText:
        return MappedText(self.text[start:end], self.offsets[start:end])

    def strip(self, chars: str | None = None) -> MappedText:
        stripped_left = len(self.text) - len(self.text.lstrip(chars))
        right = len(self.text.rstrip(chars))
        if right <= stripped_left:
            return MappedText("", ())
        return self.slice(stripped_left, right)

    def squashed(self) -> MappedText:
        """Collapse whitespace runs to one space, keeping each kept char's offset."""
        text: list[str] = []
        offsets: list[int] = []
        for ch, off in zip(self.text, self.offsets, strict=True):
            if ch.isspace():
                if text and text[-1] == " ":
                    continue
                ch = " "
            text.append(ch)
            offsets.append(off)
        return MappedText("".join(text), tuple(offsets)).strip()

    @property
    def start(self) -> int:
        return self.offsets[0] if self.offsets else 0

    @property
    def end(self) -> int:
        return self.offsets[-1] + 1 if self.offsets else 0

    def split(self, pattern: re.Pattern[str]) -> Iterator[MappedText]:
        """Split at each match of ``pattern``, dropping the separators."""
        pos = 0
        for match in pattern.finditer(self.text):
            yield self.slice(pos, match.start())
            pos = match.end()
        yield self.slice(pos, len(self.text))


def slugify(text: str) -> str:
    folded = fold(text)
    folded = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
