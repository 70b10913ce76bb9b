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

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

SUPPORTED = ("de", "en", "tr")
#: Characters of a text that lingua looks at.
MAX_SAMPLE = 3000

_STOPWORDS: dict[str, frozenset[str]] = {
    "de": frozenset(
        """der die das und ist nicht ein eine einen einem wir ihr sie es mit von zu den dem
        des für auf im in auch wie was wer wo warum haben hat sind wird werden kann können
        unsere unser unseren keine kein gibt es bei durch nach über uns sich oder aber als
        noch nur so dass mehr viele sehr stadt wenig zwischen andere anderen welche
        welches sollten könnte wäre gemeinde""".split()
    ),
    "en": frozenset(
        """the and is are not a an we you they it with of to for on in at by from what how
        who where why which have has our us their there this that these those can could
        would should do does did no any more many very than other about into or but as
        be been was were town city""".split()
    ),
    "tr": frozenset(
        """ve bir bu da de ile için mi mı mu mü ne nasıl neden hangi var yok biz bizim
        siz onlar çok daha gibi olarak olan ama veya ya ki en her şey bize bizde ise
        değil kadar sonra önce şehir şehrimizde şehrimiz nasil icin degil belediye""".split()
    ),
}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_LINGUA: dict[str, Language] = {"de": Language.GERMAN, "en": Language.ENGLISH, "tr": Language.TURKISH}

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


def _script_language(text: str) -> str | None:
    counts: dict[str, int] = {}
    letters = 0
    for ch in text:
        if not ch.isalpha():
            continue
        letters += 1
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
    return LanguageDetectorBuilder.from_languages(*(_LINGUA[code] for code in SUPPORTED)).build()


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
