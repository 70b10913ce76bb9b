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

# One character in, one character out: offsets computed on folded text are
# valid on the original. Turkish dotted/dotless i and German ß are folded so
# that "İletişim", "iletisim" and "ILETISIM" compare equal.
_FOLD_TABLE = str.maketrans(
    {
        "İ": "i", "I": "i", "ı": "i", "Ş": "s", "ş": "s", "Ğ": "g", "ğ": "g",
        "Ç": "c", "ç": "c", "Ö": "o", "ö": "o", "Ü": "u", "ü": "u", "Ä": "a",
        "ä": "a", "ß": "s", "é": "e", "É": "e", "è": "e", "à": "a", "â": "a",
        "î": "i", "û": "u", "ô": "o", "ê": "e", "\u00a0": " ",
    }
)


def fold(text: str) -> str:
    """Lower-case and strip the accents of DE/EN/TR text, keeping its length."""
    folded = text.translate(_FOLD_TABLE)
    out = []
    for ch in folded:
        low = ch.lower()
        out.append(low if len(low) == 1 else ch)
    return "".join(out)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u2028\u2029\ufeff]")
_SPACES = re.compile(r"\s+")


def squash_spaces(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def clean_user_text(text: str) -> str:
    """Control characters out, Unicode composed, whitespace collapsed."""
    text = unicodedata.normalize("NFC", text)
    return squash_spaces(_CONTROL.sub(" ", text))


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
