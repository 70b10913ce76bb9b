"""Which language a text is in: German, English, Turkish, or something else.

A stop-word vote is enough for our three languages and needs no model; other
scripts (Arabic, Cyrillic, Greek, CJK...) are recognised by their Unicode
blocks so the assistant can say what it covers.
"""

from __future__ import annotations

import re
import unicodedata

from assistant.text import fold

SUPPORTED = ("de", "en", "tr")

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
_FOLDED_STOPWORDS = {lang: frozenset(fold(w) for w in words) for lang, words in _STOPWORDS.items()}

# Letters only Turkish (or only German) uses: a strong hint on short texts.
_TURKISH_LETTERS = set("ışğİŞĞ")
_GERMAN_LETTERS = set("äßÄ")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

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


def detect_language(text: str, default: str = "en") -> str:
    """ISO code of ``text``'s language: 'de', 'en', 'tr', another code, or ``default``.

    ``default`` is returned when the text gives no signal (empty, emoji, numbers).
    """
    other = _script_language(text)
    if other:
        return other
    words = [fold(w) for w in _WORD.findall(text)]
    if not words:
        return default
    scores = {lang: sum(w in stop for w in words) for lang, stop in _FOLDED_STOPWORDS.items()}
    letters = set(text)
    if letters & _TURKISH_LETTERS:
        scores["tr"] += 2
    if letters & _GERMAN_LETTERS:
        scores["de"] += 2
    if set("öü") & letters and not letters & _TURKISH_LETTERS and "ç" not in letters:
        scores["de"] += 1
    if "ç" in letters:
        scores["tr"] += 1
    best = max(scores.values())
    if best == 0:
        return default
    ranked = sorted(scores, key=lambda lang: (-scores[lang], SUPPORTED.index(lang)))
    return ranked[0]
