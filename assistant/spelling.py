"""Typo tolerance: question words nobody writes are matched to words somebody does.

"we are a smal town and our volunters keep quiting, no cordinator" becomes
"... small ... volunteers ... quitting ... coordinator" before concepts, BM25 and
the embedding see it. Candidates are the corpus's own words (as sheets are added,
so are their words), the words of the concept vocabulary, and the everyday words
of German, English and Turkish (wordfreq). A word is left alone when it is known
in any of the three languages, is a corpus word, or already matches a concept
term ("gonullu" typed without Turkish letters): a correct word of another
language is never "corrected". Edit distance is optimal string alignment (a
swap of two letters counts once), at most 1, or 2 for words of 8+ letters.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import marshal
import re
import sys
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import OSA, Indel
from wordfreq import top_n_list

from assistant.concepts import CONCEPTS, is_concept_word
from assistant.language import SUPPORTED, own_stop_word_language
from assistant.languages import LANGUAGES
from assistant.lexicon import best_frequency
from assistant.storage import keep_newest, write_atomically
from assistant.text import fold

#: Shortest word that is ever corrected ("smal").
MIN_LENGTH = 4
#: Longer "words" are not words (pasted codes, keyboard runs): never corrected.
MAX_LENGTH = 30
#: A word this frequent (Zipf) in any supported language is a real word.
KNOWN_FREQUENCY = 2.5
#: Everyday words of each language offered as corrections (most frequent first).
LEXICON_SIZE = 30_000
_WORD = re.compile(r"[^\W\d_]+")
_TURKISH_LETTERS = frozenset("ışğİŞĞ")
_TERM_WORD = re.compile(r"[^\W\d_]{4,}")
#: Words whose verdict :meth:`Speller.corrections` keeps (a question's words recur in the next).
_RECENT_WORDS = 4096
_UNSEEN = "\0unseen"
#: Bump when what :meth:`Speller.cached` stores changes shape (its code's source is in the key too).
CACHE_FORMAT = 1
#: Stored typo correctors kept in the cache folder (one per index version and code; the oldest go).
CACHES_KEPT = 4


def max_distance(word: str) -> int:
    return 2 if len(word) >= 8 else 1


@dataclass(frozen=True)
class Correction:
    start: int
    end: int
    original: str
    replacement: str


@dataclass(frozen=True)
class Speller:
    """Folded candidate words by length, with the surface form to write and a priority."""

    #: (first letter, length) -> folded candidates: a typo rarely changes the first
    #: letter, and looking only there keeps a lookup fast at any corpus size.
    buckets: dict[tuple[str, int], tuple[str, ...]]
    surface: dict[str, str]  # folded -> the form written into the question
    priority: dict[str, float]  # folded -> higher is preferred among equally close candidates
    corpus: frozenset[str]  # folded corpus words (never corrected)
    lexicon: frozenset[str]  # folded everyday words (offered as corrections)
    turkish: frozenset[str]  # folded everyday Turkish words (stems of agglutinated forms)
    written: frozenset[str]  # everyday words as written, accents and all ("fündig", not "fundig")
    accented: dict[str, frozenset[str]]  # folded word -> languages that write it with accents ("fundig": de)

    @staticmethod
    def build(corpus_texts: Iterable[str], lexicon_size: int = LEXICON_SIZE) -> Speller:
        return Speller.from_counts(word_counts(corpus_texts), lexicon_size)

    @staticmethod
    def from_counts(counts: Mapping[str, int], lexicon_size: int = LEXICON_SIZE) -> Speller:
        """Candidates in order of preference: corpus words (the question can match
        them), words of the concept vocabulary, everyday words of each language."""
        surface: dict[str, str] = {}
        priority: dict[str, float] = {}
        corpus = _add_corpus_words(counts, surface, priority)
        _add_vocabulary_words(surface, priority)
        lexicon, turkish, written, accented = _add_lexicon_words(lexicon_size, surface, priority)
        grouped: dict[tuple[str, int], list[str]] = {}
        for key in surface:
            if len(key) >= MIN_LENGTH - 1:
                grouped.setdefault((key[0], len(key)), []).append(key)
        buckets = {bucket: tuple(keys) for bucket, keys in grouped.items()}
        return Speller(buckets, surface, priority, frozenset(corpus), frozenset(lexicon), frozenset(turkish),
                       frozenset(written), {key: frozenset(codes) for key, codes in accented.items()})

    @staticmethod
    def cached(counts: Mapping[str, int], cache_dir: Path | None, lexicon_size: int = LEXICON_SIZE) -> Speller:
        """:meth:`from_counts`, stored in ``cache_dir`` for the next start under a name holding the
        Python version and a hash of all it is built from (the counts, the concept vocabulary,
        wordfreq's version, the lexicon size, the code of this module and of ``fold``): building
        it is ~0.2 s of CPU before the app's first answer (folding ~90,000 everyday words and
        sorting every word into buckets), reading it back a quarter of that. No stored one, or a
        damaged one: built (and stored, best effort). The same Speller either way (tests)."""
        stored = cache_dir / _cache_name(counts, lexicon_size) if cache_dir is not None else None
        if stored is not None:
            with contextlib.suppress(Exception):  # missing or damaged (any error): built below
                fields = marshal.loads(stored.read_bytes())
                if isinstance(fields, tuple) and len(fields) == len(dataclasses.fields(Speller)):
                    return Speller(*fields)
        speller = Speller.from_counts(counts, lexicon_size)
        if stored is not None:
            with contextlib.suppress(OSError, ValueError):  # a read-only or full disk: built again next start
                write_atomically(stored, lambda handle: marshal.dump(speller.fields(), handle))
                _forget_older(stored)
        return speller

    def fields(self) -> tuple[Any, ...]:
        """The stored fields, in the order :class:`Speller` takes them."""
        return tuple(getattr(self, field.name) for field in dataclasses.fields(self))

    def is_known(self, word: str, language: str = "en") -> bool:
        return self._known_as_written(word) or self._turkish_stem_applies(word, language) and self._turkish_word(
            fold(word))

    def _turkish_word(self, key: str) -> bool:
        return self._turkish_stem_known(key) or self._inflected(key)

    def _inflected(self, key: str, depth: int = 3) -> bool:
        """Whether ``key`` (folded) is a Turkish verb with up to ``depth`` of the language file's
        ``verb_endings`` glued on, its infinitive a known word: "cozduler" is "coz" + "du" + "ler"
        (they solved; "cozmek" is a word), a word of its own however short its stem, never
        "cozumler" mistyped. An ending of consonants alone follows a vowel ("yaptı|m"; "finans|m|n"
        is "finansman" mistyped)."""
        if depth == 0:
            return False
        endings, infinitives = _verb_endings()
        for ending in endings:
            stem = key[: -len(ending)]
            if key.endswith(ending) and len(stem) >= MIN_LENGTH - 1 and (
                    not _FOLDED_VOWELS.isdisjoint(ending) or stem[-1] in _FOLDED_VOWELS) and (
                    any(stem + i in self.turkish for i in infinitives) or self._inflected(stem, depth - 1)):
                return True
        return False

    def _known_as_written(self, word: str) -> bool:
        key = fold(word)
        return (
            len(key) < MIN_LENGTH
            or key in self.corpus
            or word.lower() in self.written
            or key in self.turkish  # Turkish typed without its letters ("bulamiyoruz")
            or best_frequency(word.lower()) >= KNOWN_FREQUENCY
            or is_concept_word(word)
        )

    @staticmethod
    def _turkish_stem_applies(word: str, language: str) -> bool:
        return language == "tr" or bool(_TURKISH_LETTERS.intersection(word))

    def _doubled_letter(self, key: str) -> str | None:
        """The corpus or vocabulary word that ``key`` is with one doubled letter written
        once ("gönülüler" -> "gönüllüler"), if there is one."""
        for i in range(1, len(key)):
            candidate = key[:i] + key[i - 1] + key[i:]
            if key[i - 1].isalpha() and candidate in self.surface and (
                    candidate in self.corpus or is_concept_word(candidate)):
                return self.surface[candidate]
        return None

    def _turkish_stem_known(self, key: str) -> bool:
        """Turkish glues endings to its words ("mahallelere", "ulaşabilirim"): a word that
        starts with a known Turkish word making up half of it or more is a real word, where
        what follows can be an ending: one letter ("-m", "-n") or letters with a vowel (every
        longer Turkish ending has one; "finans" + "mn" is "finansman" mistyped)."""
        prefixes = (key[:n] for n in range(max(3, (len(key) + 1) // 2), len(key)))
        return any((p in self.turkish or p in self.corpus) and _can_be_ending(key[len(p):]) for p in prefixes)

    def suggest(self, word: str, language: str = "en", sentence_language: str | None = None) -> str | None:
        """The correction of one word, or None when it is known or nothing is close
        (``sentence_language``: the language the question's own stop words show, if any)."""
        if len(word) > MAX_LENGTH or self._known_as_written(word):
            return None
        if self._turkish_stem_applies(word, language) and self._turkish_word(fold(word)):
            # A known stem with endings ("gönül" + "üler") can still be a known word with a
            # doubled letter written once, the commonest slip.
            return self._doubled_letter(fold(word))
        key = fold(word)
        if key in self.lexicon:
            # A word only with accents it lacks ("fundig": German "fündig") is that word in a
            # sentence of its language ("Wo werden wir fundig?"); else it is taken for a word of
            # the corpus or the vocabulary with one letter more ("funding"), the commonest slip.
            if sentence_language in self.accented.get(key, ()):
                return None
            return self._known_word_with_a_letter_more(key)
        limit = max_distance(key)
        found = [
            (candidate, distance)
            for n in range(len(key) - limit, len(key) + limit + 1)
            for candidate, distance, _ in process.extract(
                key, self.buckets.get((key[0], n), ()), scorer=OSA.distance, score_cutoff=limit, limit=20)
        ]
        if not found:
            return None
        # Equally close: prefer a dropped, doubled or swapped letter ("quiting" -> "quitting",
        # not "quoting"; "Erfrut" is as much "Erfurt" as "erfreut"), then corpus words, then
        # frequent ones.
        best = min(found, key=lambda f: (f[1], _slip(key, f[0]), -self.priority[f[0]], f[0]))
        replacement = self.surface[best[0]]
        if best_frequency(replacement) < best_frequency(word.lower()) + 1.0 and best[0] not in self.corpus:
            return None
        return replacement

    @cached_property
    def _suggested(self) -> dict[tuple[str, str, str | None], str | None]:
        return {}

    def _known_word_with_a_letter_more(self, key: str) -> str | None:
        found = [candidate for candidate, _, _ in process.extract(
            key, self.buckets.get((key[0], len(key) + 1), ()), scorer=Indel.distance, score_cutoff=1, limit=20)
            if candidate in self.corpus or is_concept_word(candidate)]
        return self.surface[max(found, key=lambda c: (self.priority[c], c))] if found else None

    def corrections(self, text: str, language: str = "en") -> list[Correction]:
        # A word's verdict depends on the word, the language and the language the question's
        # own stop words show only, and most words of a question were in an earlier one: the
        # last few thousand verdicts are kept.
        suggested = self._suggested
        out = []
        sentence_language = own_stop_word_language(text)
        for match in _WORD.finditer(text):
            key = (match.group(), language, sentence_language)
            replacement = suggested.get(key, _UNSEEN)  # one lookup: another thread may clear it
            if replacement is _UNSEEN:
                replacement = self.suggest(*key)
                if len(suggested) >= _RECENT_WORDS:
                    suggested.clear()
                suggested[key] = replacement
            if replacement is not None:
                out.append(Correction(match.start(), match.end(), match.group(), replacement))
        return out

    def correct(self, text: str, language: str = "en") -> tuple[str, tuple[Correction, ...]]:
        """``text`` (in ``language``) with its misspelt words replaced, and the corrections made."""
        found = self.corrections(text, language)
        out = text
        for c in reversed(found):
            out = out[: c.start] + _match_case(c.original, c.replacement) + out[c.end :]
        return out, tuple(found)


@functools.cache
def _verb_endings() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The Turkish language file's ``verb_endings`` (folded, longest first) and ``infinitive_endings`` (folded)."""
    language = LANGUAGES.get("tr")
    if language is None:
        return (), ()
    endings = {fold(e) for e in language.cues.verb_endings}
    return tuple(sorted(endings, key=lambda e: (-len(e), e))), tuple(fold(e) for e in language.cues.infinitive_endings)


def _cache_name(counts: Mapping[str, int], lexicon_size: int) -> str:
    try:
        wordfreq = version("wordfreq")
    except PackageNotFoundError:  # pragma: no cover - installed with the project
        wordfreq = "?"
    import assistant.text

    code = b"".join(Path(module.__file__ or "").read_bytes() for module in (sys.modules[__name__], assistant.text))
    terms = [term for concept in CONCEPTS.values() for term in concept.all_terms()]
    digest = hashlib.sha256(marshal.dumps((dict(counts), terms, wordfreq, lexicon_size, SUPPORTED)) + code)
    return f"speller-{sys.implementation.cache_tag}-{digest.hexdigest()[:24]}-v{CACHE_FORMAT}.marshal"


def _forget_older(stored: Path) -> None:
    """Remove the stored typo correctors beyond the newest :data:`CACHES_KEPT` (each index
    version has its own)."""
    keep_newest(stored, "speller-*.marshal", CACHES_KEPT)


def _slip(word: str, candidate: str) -> int:
    """How many slips of the hand turn ``candidate`` into ``word``: letters dropped or added
    (Indel), where two neighbouring letters swapped are one slip, not two."""
    if len(word) == len(candidate):
        differ = [i for i, (a, b) in enumerate(zip(word, candidate, strict=True)) if a != b]
        if len(differ) == 2 and differ[1] == differ[0] + 1 and word[differ[0]] == candidate[differ[1]] \
                and word[differ[1]] == candidate[differ[0]]:
            return 1
    return int(Indel.distance(word, candidate))


#: Vowels of a folded word (Turkish ı, ö, ü fold to i, o, u).
_FOLDED_VOWELS = frozenset("aeiou")
#: Vowels of Turkish (with the circumflexed ones of loan words).
_TURKISH_VOWELS = frozenset("aeıioöuüâîû")


def _can_be_ending(rest: str) -> bool:
    """Whether ``rest`` can be Turkish endings glued to a stem: one letter, or any with a vowel."""
    return len(rest) <= 1 or not _TURKISH_VOWELS.isdisjoint(rest)


def _match_case(original: str, replacement: str) -> str:
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def word_counts(texts: Iterable[str]) -> Counter[str]:
    """How often each word (lower case, 2+ letters) occurs in ``texts`` (what an index stores)."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(w.lower() for w in _WORD.findall(text) if len(w) >= 2)
    return counts


def _add_corpus_words(counts: Mapping[str, int], surface: dict[str, str], priority: dict[str, float]) -> set[str]:
    corpus: set[str] = set()
    for word, count in sorted(counts.items(), key=lambda wc: -wc[1]):  # most frequent first, ties as counted
        key = fold(word)
        corpus.add(key)
        if key not in surface:
            surface[key] = word
            priority[key] = 10.0 + min(count, 100) / 100
    return corpus


def _add_vocabulary_words(surface: dict[str, str], priority: dict[str, float]) -> None:
    for concept in CONCEPTS.values():
        for term in concept.all_terms():
            for word in _TERM_WORD.findall(term.replace("*", " ")):
                key = fold(word.lower())
                if key not in surface:
                    surface[key] = word.lower()
                    priority[key] = 9.0


def _add_lexicon_words(
    lexicon_size: int, surface: dict[str, str], priority: dict[str, float]
) -> tuple[set[str], set[str], set[str], dict[str, set[str]]]:
    """Everyday words of every language (folded: offered as corrections), the Turkish ones
    apart (stems of agglutinated forms), all of them as written (never corrected), and the
    languages that write each folded word with accents."""
    lexicon: set[str] = set()
    turkish: set[str] = set()
    written: set[str] = set()
    accented: dict[str, set[str]] = {}
    for language in SUPPORTED:
        for rank, word in enumerate(top_n_list(language, lexicon_size)):
            if len(word) < MIN_LENGTH - 1 or not word.isalpha():
                continue
            key = fold(word)
            if language == "tr":
                turkish.add(key)
            if len(word) < MIN_LENGTH:
                continue
            lexicon.add(key)
            written.add(word)
            if key != word:
                accented.setdefault(key, set()).add(language)
            if key not in surface:
                surface[key] = word
                priority[key] = 8.0 - rank / lexicon_size
    return lexicon, turkish, written, accented
