"""Which language a text is in: German, English, Turkish, or something else.

Latin-script text is classified by lingua (``lingua-language-detector``)
restricted to the supported languages: its character n-gram models get short
questions right ("Ehrenamtliche gesucht", "Koordinasyon eksik", "Sprachbarrieren")
where a stop-word vote has nothing to count. Other scripts (Arabic, Cyrillic,
Greek, CJK...) are recognised by their Unicode blocks first, and a question clearly in
another language of the Latin script (French, Spanish, ... : ``data/other_languages.toml``)
by its words, so the assistant can say which languages it covers.
"""

from __future__ import annotations

import math
import re
import threading
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Final

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from assistant.datafile import DataFileError, line_of, read_toml
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
    if not text or max(text) < _NON_LATIN:  # Latin letters only (a question's usual case): no other script
        return None
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


#: Fewer words than this are left to lingua: a word or two can be anything ("de", "im"), and
#: of 3-word texts made of one language's words lingua judged about 1 in 4,000 otherwise.
MIN_DECIDING_WORDS = 4


@dataclass(frozen=True)
class _WordTables:
    own: dict[str, frozenset[str]]  # language -> its stop words (language files)
    only: dict[str, frozenset[str]]  # language -> its stop words that no other language has
    frequency: dict[str, dict[str, float]]  # language -> wordfreq's word -> frequency
    dotless_i: dict[str, bool]  # language -> "I" folds to "ı" (Turkish), as wordfreq folds it
    endings: dict[str, str]  # a name ending ("ta": "Erfurt'ta") -> the one language that writes it (language files)
    question: dict[str, frozenset[str]]  # language -> the words its questions open with ("wer", "was")

    def key(self, word: str, code: str) -> str:
        """``word`` as ``code``'s wordfreq list spells it (case-folded: "Größe" is "grösse")."""
        if self.dotless_i[code]:
            word = word.replace("İ", "i").replace("I", "ı")
        return word.casefold()


@lru_cache(maxsize=1)
def _word_tables() -> _WordTables | None:
    """The stop words of the languages lingua tells apart and their wordfreq lists (None where
    wordfreq has no list for one of them: then lingua decides everything)."""
    from wordfreq import get_frequency_dict
    from wordfreq.language_info import get_language_info

    own = {code: LANGUAGES[code].all_stopwords() for code in _LINGUA}
    only = {code: words.difference(*(o for c, o in own.items() if c != code)) for code, words in own.items()}
    try:
        # Positional arguments, as wordfreq's own lookups call it: the same cached dict, not a second copy.
        frequency = {code: get_frequency_dict(code, "best") for code in _LINGUA}
    except LookupError:
        return None
    dotless_i = {code: bool(get_language_info(code).get("dotless_i")) for code in _LINGUA}
    written = [(ending.casefold(), code) for code in _LINGUA for ending in LANGUAGES[code].name_endings]
    shared = {ending for ending, code in written if any(e == ending and c != code for e, c in written)}
    endings = {ending: code for ending, code in written if ending not in shared}
    question = {code: frozenset(w.lower() for w in LANGUAGES[code].question_words) for code in _LINGUA}
    return _WordTables(own, only, frequency, dotless_i, endings, question)


def stop_word_language(text: str) -> str | None:
    """The language of ``text`` when its words leave no doubt, else None (ask lingua).

    No doubt: at least :data:`MIN_DECIDING_WORDS` distinct words; stop words of exactly one language
    among those only that language has (language files); and every other word known to
    that language's everyday word list (wordfreq) and at least as common there as in any
    other. lingua's n-gram models cost more than the rest of a question's analysis; on
    such text they come to the same answer (``tests/test_fast_paths.py`` holds the two
    together on the eval questions and on generated text). A name ("Halberstadt",
    "'lokal willkommen'"), a compound or a loan word more common in another language
    leaves it to lingua, which may judge such a text differently.
    """
    # Words of two letters or more: lone letters ("A0I0P0Ê": A, I, P, Ê) are no evidence of a language
    # (lingua: tr; the stop words made it en).
    words = [w for w in _WORD.findall(text) if len(w) > 1]
    # Distinct words: a word said four times ("A A A A") is one word's evidence (lingua: tr).
    if len({w.lower() for w in words}) < MIN_DECIDING_WORDS:
        return None
    tables = _word_tables()
    if tables is None:
        return None
    lower = [w.lower() for w in words]
    found = [code for code, only in tables.only.items() if not only.isdisjoint(lower)]
    if len(found) != 1:
        return None
    code = found[0]
    own, frequency = tables.own[code], tables.frequency[code]
    others = [(c, f) for c, f in tables.frequency.items() if c != code]
    for word, low in zip(words, lower, strict=True):
        if low in own:
            continue
        mine = frequency.get(tables.key(word, code), 0.0)
        if mine <= 0.0 or any(other.get(tables.key(word, c), 0.0) > mine for c, other in others):
            return None
    return code


#: Fewest words a question needs before its words can show it is clearly in a language.
MIN_CLEAR_WORDS = 3
#: Or: this many of one language's own words (:func:`own_words_language`), none of another's nor of
#: two, and lingua agrees: "Gönüllülerle nasıl çalışıyorlar?" ("gönüllülerle" is in no list),
#: "Erfurt'ta kim koordine ediyor?" (the name masked) have one Turkish stop word or none.
MIN_CLEAR_OWN_WORDS = 2
#: Fewest stop words of one language only (and none of another's only) that make it clear.
MIN_CLEAR_STOP_WORDS = 2
#: Or: this many words and lingua this sure (its relative confidence among the supported
#: languages). "Gönüllülerimiz sürekli bırakıyor, ne yapmalıyız?" has one Turkish stop
#: word but is Turkish at 1.000; "Erfurt vs Halberstadt" is German at 0.963, "Finanzman?"
#: at 0.980, "Wer koordinirt in Erfurt?" at 0.580.
MIN_CONFIDENT_WORDS = 4
MIN_CLEAR_CONFIDENCE = 0.99


def clear_language(text: str, *, names: int = 0, endings: Collection[str] = ()) -> str | None:
    """The language ``text`` is clearly written in, else None: what may switch the interface
    language or the language of an answer away from the one the user chose.

    ``text`` is a question without its names (the caller masked them: no evidence of a language);
    ``names``: how many words they were, which count towards its length ("Wer finanziert
    Halberstadt?" is three words); ``endings``: the endings written after an apostrophe on them
    ("ta" of "Erfurt'ta": :func:`name_ending_language`).

    Clearly: :func:`stop_word_language` decides; or at least :data:`MIN_CLEAR_WORDS` words
    with at least :data:`MIN_CLEAR_STOP_WORDS` stop words that only one language has, none
    that only another has, and lingua agrees; or at least :data:`MIN_CLEAR_WORDS` words with
    at least :data:`MIN_CLEAR_OWN_WORDS` of one language's own and none of another's, a word
    two languages' stop words share ("in", "was") being nobody's (:func:`own_words_language` with
    ``shared``), and lingua agreeing; or at least :data:`MIN_CONFIDENT_WORDS` words,
    no stop words of two languages, and lingua at least :data:`MIN_CLEAR_CONFIDENCE` sure.
    A word or two ("Fundng?", "Finanzman?"), "vs" between two names or a typo in a short
    question ("Wer koordinirt in Erfurt?": one word of German's own) carry no language.
    """
    if _script_language(text):
        return None  # another script: not one of the languages to switch to
    if decided := stop_word_language(text):
        return decided
    words = [w.lower() for w in _WORD.findall(text)]
    tables = _word_tables()
    if len(words) + names < MIN_CLEAR_WORDS or tables is None:
        return None
    counts = {code: sum(w in only for w in words) for code, only in tables.only.items()}
    found = [code for code, n in counts.items() if n]
    if len(found) == 1 and counts[found[0]] >= MIN_CLEAR_STOP_WORDS:
        return found[0] if detect_language(text, default="") == found[0] else None
    own = own_words_language(text, endings=endings, shared=True)
    if own is not None and own[1] >= MIN_CLEAR_OWN_WORDS:
        return own[0] if detect_language(text, default="") == own[0] else None
    if len(found) > 1 or len(words) < MIN_CONFIDENT_WORDS:
        return None
    return _confident_language(text)


def own_stop_word_language(text: str) -> str | None:
    """The one language whose own stop words (those no other language has) ``text`` uses,
    if it uses none of another's: "Wo werden wir fundig?" is German, "fundig for volunteers"
    English, "fundig" none."""
    tables = _word_tables()
    if tables is None:
        return None
    words = {w.lower() for w in _WORD.findall(text)}
    found = [code for code, only in tables.only.items() if words & only]
    return found[0] if len(found) == 1 else None


#: A word is one language's own where that language's everyday word list (wordfreq) has it at
#: least this many times as often as any other supported language's: "funding" (129 times as
#: often in English as in German), "Finanzierung", "finansman" (in one list only), "kim" (14);
#: "team" (2.8), "integration" (2.1), "details" (2.3), "vs" (1.2) are no language's.
MIN_OWN_WORD_RATIO = 10.0


#: What :func:`_owner` says of a stop word of two languages ("in", "was")...
_SHARED: Final = ""
#: ... and of another word as much another language's ("team", "vs", "man").
_COMMON: Final = "*"


def _owner(tables: _WordTables, word: str) -> str | None:
    """The language whose own word ``word`` is (a stop word only it has, or :data:`MIN_OWN_WORD_RATIO`
    times as common in its everyday word list as in any other's); :data:`_SHARED` where it is a stop word
    of two ("in", "was"), :data:`_COMMON` where another word as much another's ("team", "vs"); None where
    no list has it (a name, a typo)."""
    low = word.lower()
    codes = [code for code, words in tables.own.items() if low in words]
    if codes:
        return codes[0] if len(codes) == 1 else _SHARED
    frequencies = sorted(((table.get(tables.key(word, code), 0.0), code)
                          for code, table in tables.frequency.items()), reverse=True)
    (first, code), second = frequencies[0], frequencies[1][0] if len(frequencies) > 1 else 0.0
    if first <= 0.0:
        return None
    return code if first >= MIN_OWN_WORD_RATIO * second else _COMMON


def name_ending_language(ending: str) -> str | None:
    """The one supported language that writes ``ending`` after an apostrophe on a name (its language
    file's ``name_endings``): "ta" ("Erfurt'ta") is Turkish; "s" ("Erfurt's") none."""
    tables = _word_tables()
    return tables.endings.get(ending.casefold()) if tables is not None else None


def own_words_language(text: str, *, endings: Collection[str] = (), shared: bool = False) -> tuple[str, int] | None:
    """The one language whose own words ``text``'s known words are, with how many distinct ones it
    has: "Finansman?" ("tr", 1), "Funding?" ("en", 1), "İletişim bilgileri?" ("tr", 2).

    A word is a language's own where it is a stop word only that language has, or
    :data:`MIN_OWN_WORD_RATIO` times as common in that language's everyday word list as in any
    other's; so is an ending in ``endings`` (written after an apostrophe on a name the caller masked,
    "ta" of "Erfurt'ta") that one language writes (:func:`name_ending_language`). A word no list has
    is no evidence (a name, a typo, a form the lists lack: "Fundng", "gönüllülerle"); None where the
    words are of two languages, where no word is any language's own, or where a word is as much another
    language's ("team", "vs", "man"; "Erfurt vs Halberstadt": the names are German's words), and, unless
    ``shared``, where a word is a stop word of two ("in", "was"). With ``shared`` such a stop word is no
    evidence either ("Wer koordiniert in": two words of German's own), unless it is one of a
    language's question words (its file's ``question_words``) and the word after it that language's own
    ("Was macht": two words of German's own; "Was founded": one of English's).
    A word or two of a language's own is evidence enough to offer it (the answer stays in the
    user's language), not to switch to it: :func:`clear_language` asks for more.
    """
    tables = _word_tables()
    if tables is None:
        return None
    own: dict[str, set[str]] = {}
    for ending in endings:
        if code := tables.endings.get(ending.casefold()):
            own.setdefault(code, set()).add("'" + ending.casefold())
    tokens = [w for w in _WORD.findall(text[:MAX_SAMPLE]) if len(w) > 1]
    owners = [_owner(tables, word) for word in tokens]
    if _COMMON in owners or (not shared and _SHARED in owners):
        return None
    for i, (word, owner) in enumerate(zip(tokens, owners, strict=True)):
        following = owners[i + 1] if i + 1 < len(owners) else None
        if owner == _SHARED and following and word.lower() in tables.question[following]:
            owner = following  # "Was macht": a question word of the language of the word after it
        if owner:
            own.setdefault(owner, set()).add(word.lower())
    if len(own) != 1:
        return None
    [(code, words)] = own.items()
    return code, len(words)


def _confident_language(text: str) -> str | None:
    """The language lingua is at least :data:`MIN_CLEAR_CONFIDENCE` sure of, else None."""
    sample = text[:MAX_SAMPLE].encode("utf-8", "replace").decode("utf-8")
    values = _detector().compute_language_confidence_values(sample)
    if not values or values[0].value < MIN_CLEAR_CONFIDENCE:
        return None
    return next((code for code, language in _LINGUA.items() if language == values[0].language), None)


# --------------------------------------------------------------------------- other Latin-script languages

#: The Latin-script languages a question may be written in besides the supported ones.
OTHER_LANGUAGES_FILE: Final = Path(__file__).resolve().parent / "data" / "other_languages.toml"
#: Fewest distinct words (of two letters or more, not capitalised inside a sentence) of a
#: question clearly in another language.
MIN_OTHER_WORDS = 3
#: Least share of those words more common in one of the other languages than in any supported
#: one. On the 1,173 eval questions (names masked or not, lower-cased) the most is 0.5
#: ("Dortmund'da ne yapılıyor?": "da", "ne"); "¿Cómo se financia la red?" is 0.8 ("red" is
#: English too), "Jak finansować sieć integracyjną?" 0.75.
MIN_OTHER_SHARE = 0.75
#: A question in another language has one of its everyday words (of the some 300 most common:
#: "un", "la", "jak", "het", "comment" 0.00055), a list of its places none ("roma paris madrid
#: lisboa": "madrid" 0.00023 in Spanish; "den haag amsterdam rotterdam": "amsterdam" 0.00028).
MIN_OTHER_COMMON = 0.0005
#: Frequency of a word a list does not have, when the lists vote for the language (log10: -9).
_UNLISTED = 1e-9


class OtherLanguagesError(DataFileError):
    """A mistake in ``other_languages.toml``, with its line."""


def load_other_languages(path: Path = OTHER_LANGUAGES_FILE) -> tuple[str, ...]:
    """The other languages' codes, validated: no supported language's, each with a wordfreq list."""
    from wordfreq import available_languages

    text, data = read_toml(path, OtherLanguagesError)
    codes = data.get("languages")
    if not isinstance(codes, list) or not all(isinstance(code, str) for code in codes):
        raise OtherLanguagesError(path, line_of(text, "languages") or 1,
                                  'languages = ["fr", ...]: a list of ISO 639-1 codes')
    lists = available_languages("small")
    for code in codes:
        line = line_of(text, f'"{code}"')
        if code in SUPPORTED:
            raise OtherLanguagesError(path, line, f"{code!r} is a supported language (a file in languages/)")
        if code not in lists:
            raise OtherLanguagesError(path, line, f"{code!r}: wordfreq has no word list for it")
    return tuple(dict.fromkeys(codes))


@lru_cache(maxsize=1)
def other_languages() -> tuple[str, ...]:
    """The packaged other languages (:func:`load_other_languages`), read on first use."""
    return load_other_languages()


@lru_cache(maxsize=1)
def _other_frequencies() -> dict[str, dict[str, float]]:
    """wordfreq's small word list of each other language (some 30,000 words, 4 MB each), read at
    the first question of three words or more that the stop words leave open."""
    from wordfreq import get_frequency_dict

    return {code: get_frequency_dict(code, "small") for code in other_languages()}


#: A word, its parts joined by apostrophes ("don't", "d'intégration"), or what ends a sentence.
_WORD_OR_STOP = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|[.!?;:\n]")


def _uncapitalised_words(text: str) -> list[str]:
    """The words of ``text`` but those capitalised inside a sentence: names of places and people
    ("den Haag Amsterdam Rotterdam", "de la Cruz"), and every German noun, are no evidence of
    another language. Apostrophes are written "'" ("don’t" is "don't")."""
    words: list[str] = []
    starts = True  # the next word opens a sentence
    for match in _WORD_OR_STOP.finditer(text):
        token = match.group()
        if not token[0].isalpha():
            starts = True
            continue
        if starts or not token[0].isupper():
            words.append(token.replace("’", "'"))
        starts = False
    return words


def other_latin_language(text: str) -> str | None:
    """The other Latin-script language (``data/other_languages.toml``) ``text`` is clearly written
    in, else None: "Comment financer un réseau d'intégration ?" is French, "¿Cómo se financia la
    red?" Spanish.

    Clearly: at least :data:`MIN_OTHER_WORDS` distinct words (a word capitalised inside a sentence,
    a name, does not count; "d'intégration" is its longest part, unless a supported language has
    it: "don't"), at least :data:`MIN_OTHER_SHARE` of them no supported language's stop word and
    more common in one of the other languages' everyday word lists (wordfreq) than in any
    supported language's, one of them among that language's everyday words
    (:data:`MIN_OTHER_COMMON`). Which: the language whose list gives the words the highest product
    of frequencies. A word or two, a typo, a name or a loan word ("Finanzierung?", "volunters",
    "Café International", "Integrationsnetzwerk Erfurt") never make a question another language's.
    Of 56,395 runs of three to six words of the eval questions, lower-cased or not, none is taken
    for another language ("don't want a male doctor" was, "don't" read as "don", before it was one word)."""
    sample = text[:MAX_SAMPLE].encode("utf-8", "replace").decode("utf-8")
    if _script_language(sample):
        return None
    tables = _word_tables()
    if tables is None or not other_languages():
        return None

    def ours(word: str) -> float:
        return max(table.get(tables.key(word, code), 0.0) for code, table in tables.frequency.items())

    words = [w if "'" not in w or ours(w) else max(w.split("'"), key=len) for w in _uncapitalised_words(sample)]
    words = list({w.casefold(): w for w in words if len(w) > 1}.values())
    if len(words) < MIN_OTHER_WORDS:
        return None
    others = _other_frequencies()
    folded = [word.casefold() for word in words]
    # A supported language's stop word is its own ("we", "do", "in" are Dutch, Polish, Italian too)
    foreign = [low for word, low in zip(words, folded, strict=True)
               if not any(low in own for own in tables.own.values())
               and max(table.get(low, 0.0) for table in others.values()) > ours(word)]
    if len(foreign) < MIN_OTHER_SHARE * len(words):
        return None
    scores = {code: sum(math.log10(table.get(low, _UNLISTED)) for low in folded) for code, table in others.items()}
    best = max(scores, key=scores.__getitem__)
    # Written in it: one of its everyday words ("un", "la", "jak", "het"), not only names ("roma paris madrid")
    return best if max(others[best].get(low, 0.0) for low in foreign) >= MIN_OTHER_COMMON else None


_DETECTOR: list[LanguageDetector] = []
_DETECTOR_LOCK: Final = threading.Lock()


def _detector() -> LanguageDetector:
    """lingua over the supported languages only, built on first use (a cached resource, shared
    by threads: the detector is read-only). Building it loads its models while holding the
    GIL, about 0.7 s of CPU during which no other thread of the process runs: a start whose
    first questions the stop words decide (:func:`stop_word_language`) does not wait for it.
    Built once, whichever threads ask at the same time."""
    if _DETECTOR:
        return _DETECTOR[0]
    with _DETECTOR_LOCK:
        if not _DETECTOR:
            _DETECTOR.append(LanguageDetectorBuilder.from_languages(*_LINGUA.values()).build())
        return _DETECTOR[0]


def preload_detector() -> None:
    """Build lingua's detector now (see :func:`_detector`), for a caller that knows no
    question is waiting: the next question that needs lingua then does not pay for it."""
    _detector()


def detect_language(text: str, default: str = "en", *, by_words: bool = False, others: bool = False) -> str:
    """ISO code of ``text``'s language: 'de', 'en', 'tr', another code, or ``default``.

    ``default`` is returned when the text gives no signal (empty, emoji, numbers).
    ``by_words``: where :func:`stop_word_language` decides, lingua is not asked (questions).
    ``others``: a text clearly in another Latin-script language is named so
    (:func:`other_latin_language`; questions), not read as the closest supported one.
    """
    other = _script_language(text)
    if other:
        return other
    if not _WORD.search(text):
        return default
    # lingua needs valid UTF-8: lone surrogates (from undecodable input) become U+FFFD.
    # A sample is enough to tell three languages apart, and keeps huge inputs linear.
    sample = text[:MAX_SAMPLE].encode("utf-8", "replace").decode("utf-8")
    if by_words and (decided := stop_word_language(sample)):
        return decided
    if others and (other := other_latin_language(sample)):
        return other
    found = _detector().detect_language_of(sample)
    if found is None:
        return default
    return next(code for code, language in _LINGUA.items() if language == found)
