"""Which language a text is in: German, English, Turkish, or something else.

Latin-script text is classified by lingua (``lingua-language-detector``)
restricted to the supported languages: its character n-gram models get short
questions right ("Ehrenamtliche gesucht", "Koordinasyon eksik", "Sprachbarrieren")
where a stop-word vote has nothing to count. Other scripts (Arabic, Cyrillic,
Greek, CJK...) are recognised by their Unicode blocks first, so the assistant
can say which languages it covers.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Final

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from assistant.languages import LANGUAGES
from assistant.languages import SUPPORTED as _SUPPORTED

#: Characters of a text that lingua looks at.
MAX_SAMPLE = 3000

# The supported languages are the language files (assistant/data/languages/).
SUPPORTED: Final = _SUPPORTED
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
#: lingua's Language of each supported language that lingua knows.
_LINGUA: Final[dict[str, Language]] = {
    code: getattr(Language, data.lingua) for code, data in LANGUAGES.items() if data.lingua
}

_SCRIPTS: tuple[tuple[str, str], ...] = (
    ("ARABIC", "ar"),
    ("HEBREW", "he"),
    ("GREEK", "el"),
    ("CJK", "zh"),
    ("HIRAGANA", "ja"),
    ("KATAKANA", "ja"),
    ("HANGUL", "ko"),
    ("DEVANAGARI", "hi"),
    ("THAI", "th"),
)


#: The first character after the Latin blocks (Basic Latin to Latin Extended-B): a question's
#: letters below it need no Unicode name looked up.
_NON_LATIN = "\u0250"


def _script_language(text: str) -> str | None:
    counts: dict[str, int] = {}
    letters = 0
    for ch in text:
        if not ch.isalpha():
            continue
        letters += 1
        if ch < _NON_LATIN:  # Latin (with its accents, ß, ğ, ı): none of the scripts below
            continue
        name = unicodedata.name(ch, "")
        if name.startswith("CYRILLIC"):
            code = "uk" if ch in "іїєґІЇЄҐ" else "ru"
            counts[code] = counts.get(code, 0) + 1
            counts["cyrillic"] = counts.get("cyrillic", 0) + 1
            continue
        for prefix, code in _SCRIPTS:
            if name.startswith(prefix):
                counts[code] = counts.get(code, 0) + 1
                break
    if not letters:
        return None
    cyrillic = counts.pop("cyrillic", 0)
    if cyrillic * 2 > letters:
        return "uk" if counts.get("uk") else "ru"
    counts.pop("uk", None)
    counts.pop("ru", None)
    if counts:
        code, n = max(counts.items(), key=lambda kv: kv[1])
        if n * 2 > letters:
            return code
    return None


@lru_cache(maxsize=1)
def _detector() -> LanguageDetector:
    """lingua over the supported languages only; its models load on first use
    (a cached resource, shared by threads: the detector is read-only)."""
    return LanguageDetectorBuilder.from_languages(*_LINGUA.values()).build()


def detect_language(text: str, default: str = "en") -> str:
    """ISO code of ``text``'s language: 'de', 'en', 'tr', another code, or ``default``.

    ``default`` is returned when the text gives no signal (empty, emoji, numbers).
    """
    other = _script_language(text)
    if other:
        return other
    if not _WORD.search(text):
        return default
    # lingua needs valid UTF-8: lone surrogates (from undecodable input) become U+FFFD.
    # A sample is enough to tell three languages apart, and keeps huge inputs linear.
    sample = text[:MAX_SAMPLE].encode("utf-8", "replace").decode("utf-8")
    found = _detector().detect_language_of(sample)
    if found is None:
        return default
    return next(code for code, language in _LINGUA.items() if language == found)
