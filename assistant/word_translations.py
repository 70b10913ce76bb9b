"""Cross-language words for BM25: a German question also matches English and Turkish sheets.

BM25 matches words of the question's own language only; the concept vocabulary bridges
the languages for the field's concepts, the dense model for meaning. Words outside the
vocabulary ("Feuerwehr", "Hospiz", "seafarers") found nothing in a sheet of another
language by their words. The table (``assistant/data/word_translations.tsv``) gives each common
word of a supported language its nearest words in the others, found with the packaged
sentence encoder (``scripts/build_word_translations.py``); a question's BM25 tokens get the stems of
its words' translations, each in the stemmer of its own language. No model runs per
question: the table is read once.

File format: one translation per line, four tab-separated fields — the word's language,
the word (lower case, as written), the other language and the translation; ``#`` starts a
comment line. A translator removes a wrong line or adds a missing one by hand; the loader
names the file and line of any mistake.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import re
import sys
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Final

from assistant.compounds import compound_parts
from assistant.datafile import DataFileError, read_packaged
from assistant.languages import SUPPORTED
from assistant.settings import configured_cache
from assistant.storage import write_atomically
from assistant.tokenize import lower, stopwords, tokenize

WORD_TRANSLATIONS_FILE: Final = "word_translations.tsv"
#: Question words shorter than this are not looked up (the table has none: "ne", "wo", "of").
MIN_LETTERS: Final = 4
#: Words whose translations' tokens are kept (a bound: the cache is cleared when full).
STEMS_KEPT: Final = 65_536
#: Raised to 2 when what the cache folder holds of the table changes.
CACHE_FORMAT: Final = 1
#: A word: letters only ("Almanya'daki" is two).
WORD: Final = re.compile(r"[^\W\d_]+", re.UNICODE)


class WordTranslationsError(DataFileError):
    """A mistake in the word translations file."""


@dataclass(frozen=True)
class Translation:
    source_language: str
    word: str
    target_language: str
    translation: str


@dataclass(frozen=True)
class WordTranslations:
    """(language, word) -> its translations as (language, word), in the file's order."""

    entries: dict[tuple[str, str], tuple[tuple[str, str], ...]]
    #: (language, word) -> the BM25 tokens of its translations, kept as they are first asked
    #: for (a question's words recur; stemming each translation again cost 0.1 ms a question).
    _stems: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict, compare=False, repr=False)

    def translations(self, word: str, language: str) -> tuple[tuple[str, str], ...]:
        return self.entries.get((language, word), ())

    def stems(self, word: str, language: str) -> tuple[str, ...]:
        """The BM25 tokens of ``word``'s translations, each stemmed in its own language."""
        key = (language, word)
        found = self._stems.get(key)
        if found is None:
            found = tuple(token for target, translation in self.entries.get(key, ())
                          for token in tokenize(translation, target))
            if len(self._stems) >= STEMS_KEPT:
                self._stems.clear()
            self._stems[key] = found
        return found


def format_word_translations(translations: Iterable[Translation], settings: str) -> str:
    """The file text of ``translations`` (sorted), with a header saying how it was made."""
    header = [
        "# Cross-language words for BM25 (assistant/word_translations.py):"
        " language, word, other language, translation.",
        "# Made by scripts/build_word_translations.py: " + settings + ".",
        "# Remove a wrong line or add a missing one by hand; one translation per line, tab-separated.",
    ]
    rows = sorted({(t.source_language, t.word, t.target_language, t.translation) for t in translations},
                  key=lambda row: (row[0], row[1], row[2]))
    return "\n".join(header + ["\t".join(row) for row in rows]) + "\n"


def read_word_translations(path: Path, cache_dir: Path | None = None) -> WordTranslations:
    """The word translations in ``path``; a mistake raises :class:`WordTranslationsError` with its line.

    ``cache_dir``: where the checked table is stored for the next start, under a name holding
    the Python version and the file's hash (reading and checking its ~150,000 lines is about
    0.3 s of CPU before the app's first answer; reading the stored table back, a quarter of
    that). No stored table, or a damaged one: the file is read and checked (and the table
    stored, best effort). The table is the same either way (tests)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise WordTranslationsError(path, 0, f"cannot be read ({exc.strerror or exc})") from exc
    stored = cache_file(cache_dir, raw) if cache_dir is not None else None
    if stored is not None:
        with contextlib.suppress(Exception):  # missing or damaged (any error): read and checked below
            entries = marshal.loads(stored.read_bytes())
            if isinstance(entries, dict):
                return WordTranslations(entries)
    table = _checked(path, raw)
    if stored is not None:
        with contextlib.suppress(OSError, ValueError):  # a read-only or full disk: checked again next start
            write_atomically(stored, lambda handle: marshal.dump(table.entries, handle))
    return table


def cache_file(cache_dir: Path, raw: bytes) -> Path:
    """Where the table read from a file of bytes ``raw`` is stored in ``cache_dir``."""
    digest = hashlib.sha256(raw).hexdigest()[:24]
    return cache_dir / f"word-translations-{sys.implementation.cache_tag}-{digest}-v{CACHE_FORMAT}.marshal"


def _checked(path: Path, raw: bytes) -> WordTranslations:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise WordTranslationsError(path, 0, "is not UTF-8") from exc
    entries: dict[tuple[str, str], list[tuple[str, str]]] = {}
    known = frozenset(SUPPORTED)
    # str methods, not a regular expression per field: the packaged table has ~10^5 lines.
    for number, line in enumerate(text.splitlines(), start=1):
        if not line or line.startswith("#") or line.isspace():
            continue
        fields = line.split("\t")
        if len(fields) != 4:
            raise WordTranslationsError(path, number, f"expected 4 tab-separated fields, found {len(fields)}")
        source, word, target, translation = fields
        if source not in known or target not in known:
            unknown = source if source not in known else target
            raise WordTranslationsError(
                path, number, f"unknown language {unknown!r} (known: {', '.join(SUPPORTED)})")
        if source == target:
            raise WordTranslationsError(path, number, "a translation into the word's own language")
        if not (word.isalpha() and translation.isalpha()):
            bad = word if not word.isalpha() else translation
            raise WordTranslationsError(path, number, f"{bad!r} is not one word of letters")
        if not word.islower():
            raise WordTranslationsError(
                path, number, f"{word!r} is not in lower case (questions are looked up lower-cased)")
        found = entries.setdefault((source, word), [])
        if (target, translation) not in found:
            found.append((target, translation))
    return WordTranslations({key: tuple(value) for key, value in entries.items()})


_READING: Final = threading.Lock()


def word_translations() -> WordTranslations:
    """The packaged word translations, read and validated once (a second thread asking while
    the first reads waits for it: the engine's preload thread reads them at start)."""
    with _READING:
        return _packaged()


@cache
def _packaged() -> WordTranslations:
    return read_packaged(WORD_TRANSLATIONS_FILE, lambda path: read_word_translations(path, configured_cache()))


def translated_tokens(text: str, language: str, known: Iterable[str] = (),
                      table: WordTranslations | None = None) -> list[str]:
    """BM25 tokens of the translations of ``text``'s words (written in ``language``), each
    stemmed in its own language, without those in ``known`` (the question's own tokens)."""
    table = table if table is not None else word_translations()
    stop = stopwords(language)
    seen = set(known)
    found: list[str] = []
    words = WORD.findall(lower(text, language))
    # A compound's parts are translated too: "Elternlotsen" -> "parents", "guides".
    for word in words + [part for whole in words for part in compound_parts(whole, language)]:
        if len(word) < MIN_LETTERS or word in stop:
            continue
        for token in table.stems(word, language):
            if token not in seen:
                seen.add(token)
                found.append(token)
    return found
