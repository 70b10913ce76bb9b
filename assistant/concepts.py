"""Cross-lingual concept vocabulary of municipal migrant-integration networks.

The embedding model and BM25 are both weak across German, English and Turkish.
This module tags fact-sheet items and user questions with language-independent
concept ids ("volunteers", "language_barrier", "funding", ...), so that
"Ehrenamtliche", "volunteers" and "gönüllüler" meet on the same token.

The vocabulary is data: ``assistant/data/concepts.toml`` (one table per concept:
kind, labels, DE/EN/TR terms, broader and excluded concepts), read at import by
:func:`load_vocabulary`, which rejects a mistake with the file and line it is on.
A domain expert adds a term or a concept there without touching Python. The intent
concepts (what a question asks for: ``intent_challenges``, ``intent_contact``...) are the
``terms`` of ``assistant/data/intents.toml``, beside the chat's cues for the same intent
(:mod:`assistant.intents` reads that file; :func:`intent_concepts` makes them concepts).

Public API::

    CONCEPTS                  id -> Concept, in definition order
    load_vocabulary(path)     read and validate a vocabulary file (VocabularyError)
    intent_concepts(...)      the intents file's terms as concepts (VocabularyError)
    tag_concepts(text)        frozenset of concept ids found in text (any language)
    concept_terms(text)       ["concept_<id>", ...] tokens for BM25 documents/queries
    concept_tokens(ids)       the same tokens for concept ids already found
    concepts_of_kind(kind)    the concepts of one kind, in definition order
    explain_matches(text)     concept id -> surface strings of text that matched

Matching
--------
Text and terms go through the same folding: Turkish dotted/dotless i handled
("İletişim", "ILETIŞIM", "iletisim" all fold to "iletisim"), Unicode case-folded,
accents stripped (ş→s, ğ→g, ç→c, ö→o, ü→u, ä→a, é→e ...; ß→ss), and the German
transliterations ae/oe/ue folded to a/o/u, so "Fluechtlinge" = "Flüchtlinge".
Matching is then done on this ASCII-like form only: "gonullu" typed without a
Turkish keyboard still matches.

Term syntax (terms are written in natural spelling, then folded):

``ehrenamt``
    a stem: matches at a word start, any continuation ("Ehrenamtliche").
``aid$``
    ``$`` at the end: the word must end there ("aid", not "aids").
``language barrier``
    a space is a separator: any run of spaces, hyphens, slashes, underscores and
    apostrophes, or nothing ("language-barrier", "languagebarrier").
``know-how``
    a hyphen is an optional hyphen only ("know-how", "knowhow", not "know how").
``gemeinsam* ziel``
    ``*`` after letters: any further letters (inflection), e.g. "gemeinsamen Zielen".
``*beratung``
    leading ``*``: infix, may also start inside a word (German compounds:
    "Migrationsberatung").
``+paten$``
    leading ``+``: must start inside a word ("Integrationspaten", not "Paten").

At every word start, every term that matches and ends on a word boundary counts
("dil kursu" is a language course *and* language); a term that ends inside a word
counts only if no longer term continues it there ("başarısız" is a challenge, not
a success; "kulturelle Unterschiede" is not culture). Where two phrases branch,
the first matching path wins (letters, then wildcard phrases, then separators),
which is not always the longest one. Concepts may name ``broader`` concepts that
are tagged with them (language_courses -> language) and ``excludes``: concepts
whose overlapping matches they cancel ("without formal agreements" cancels
formal_agreement; "no coordinator" cancels coordination). Entries of kind
``exclusion`` are never tagged: they only cancel false friends ("freiwillige
Leistung" is no volunteer, "dezentrale Unterbringung" no decentralised office).

Population figures ("40.000 Einwohner", "population of 250,000", "40 bin
nüfuslu", "a city of 600,000 people") tag the size concepts by the one rule of
:mod:`assistant.population` (<50k small town, <200k mid-size, else large city).

Limits: purely lexical. Negation is only handled by the explicit ``excludes``
phrases; idioms ("an einem Strang ziehen") need their own terms; polysemous
words tag their field meaning ("Verein" also for a football club, "interface",
"issue"); section labels of the sheet template ("Success factors",
"Coordinating organisation") are tagged like any other text.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import astuple, dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Final, Literal, get_args

from assistant import stored
from assistant.datafile import DataFileError, read_toml
from assistant.intents import INTENTS_PATH, IntentTerms, intent_terms
from assistant.languages import LANGUAGES as LANGUAGE_DATA
from assistant.languages import SUPPORTED, LanguageDataError, alternation, line_of, population_words
from assistant.population import MULTIPLIERS, population_value, size_class
from assistant.regex_cache import compile_cached
from assistant.settings import configured_cache
from assistant.text import fold, match_fold, match_fold_mapped

__all__ = [
    "CONCEPTS",
    "KINDS",
    "LANGUAGES",
    "TOKEN_PREFIX",
    "VOCABULARY_SHA256",
    "Concept",
    "Kind",
    "concept_terms",
    "concept_tokens",
    "concepts_of_kind",
    "explain_matches",
    "is_concept_word",
    "tag_concepts",
]

Kind = Literal[
    "topic",
    "challenge",
    "target_group",
    "field_of_action",
    "size",
    "coordination",
    "formalisation",
    "intent",
    "domain",
    "off_topic",
    "exclusion",
]
#: The languages are the language files (assistant.languages); a concept needs an
#: English label (the fallback), other labels and any language's terms are optional.
LANGUAGES: Final[tuple[str, ...]] = SUPPORTED
#: Kind of the vocabulary entries that only cancel other concepts (false friends).
EXCLUSION: Final = "exclusion"
#: The kinds of concepts that are tagged (every kind but the exclusions).
KINDS: Final[tuple[str, ...]] = tuple(kind for kind in get_args(Kind) if kind != EXCLUSION)
#: BM25 token of a concept: ``concept_<id>``. Lower case like the word tokens, and the
#: word tokeniser splits at "_", so no word of a text can become one.
TOKEN_PREFIX: Final[str] = "concept_"

_ID_RE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")


@dataclass(frozen=True)
class Concept:
    """One concept of the field with its display labels and per-language terms."""

    id: str
    labels: dict[str, str] = field(hash=False)
    terms: dict[str, tuple[str, ...]] = field(hash=False)
    kind: Kind = "topic"
    broader: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()
    #: For an intent: the answer sections it asks for (section ids), which ranking lifts.
    sections: tuple[str, ...] = ()
    #: Folded words that ask for it when a question says nothing else ("İş?", "Arbeit?"): too
    #: common inside a sentence to be terms ("iş birliği" is cooperation).
    alone: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if not _ID_RE.fullmatch(self.id):
            raise ValueError(f"concept id must be snake_case: {self.id!r}")
        if self.kind not in (*KINDS, EXCLUSION):
            raise ValueError(f"{self.id}: unknown kind {self.kind!r}")
        if "en" not in self.labels or not set(self.labels) <= set(LANGUAGES) or not all(
            isinstance(v, str) and v.strip() for v in self.labels.values()
        ):
            raise ValueError(f"{self.id}: needs non-empty labels, English at least, only for {LANGUAGES}")
        unknown = set(self.terms) - set(LANGUAGES)
        if unknown:
            raise ValueError(f"{self.id}: terms for unknown languages {sorted(unknown)}")
        for lang, terms in self.terms.items():
            given: Iterable[object] = terms  # checked as untrusted: a bare string is a mistake
            if isinstance(given, str) or not all(isinstance(t, str) and t.strip() for t in given):
                raise ValueError(f"{self.id}/{lang}: terms must be a tuple of non-empty strings")
        object.__setattr__(self, "terms", {lang: tuple(ts) for lang, ts in self.terms.items()})
        object.__setattr__(self, "broader", tuple(self.broader))
        object.__setattr__(self, "excludes", tuple(self.excludes))
        object.__setattr__(self, "sections", tuple(self.sections))

    def label(self, lang: str) -> str:
        """Display label in ``lang`` (falls back to English)."""
        return self.labels.get(lang, self.labels["en"])

    def all_terms(self) -> tuple[str, ...]:
        return tuple(t for lang in LANGUAGES for t in self.terms.get(lang, ()))


# --------------------------------------------------------------------------
# Term compilation: one trie regex for word-start terms, one for infix terms
# --------------------------------------------------------------------------

_SEP: Final = "\x00SEP"
_WILD: Final = "\x00WILD"
_END: Final = "\x00END"
_INSIDE: Final = "\x00INSIDE"
_HYPHEN: Final = "\x00HYPHEN"
_TOKEN_RE: Final = {
    _SEP: r"[\s_/'\-]*",
    _HYPHEN: r"-?",
    _WILD: r"\w*",
    _END: r"(?!\w)",
    _INSIDE: r"(?<=\w)",
}
# Emission order of a node's children: letters first (the longer word wins), then
# wildcard phrases (usually the more specific ones: "resmi* ... olmadan"), then
# separators, and the word-end check last. A node's own term end comes after all.
_TOKEN_ORDER: Final = {_INSIDE: 0, _WILD: 2, _HYPHEN: 3, _SEP: 3, _END: 4}


# Term syntax: a space or apostrophe separates words, "-" is an optional hyphen, "*"
# any word characters; a marker never follows itself or the markers listed here.
_MARKERS: Final = {" ": _SEP, "'": _SEP, "-": _HYPHEN, "*": _WILD}
_NOT_AFTER: Final = {_SEP: (_SEP, _HYPHEN), _HYPHEN: (_SEP, _HYPHEN), _WILD: (_WILD, _SEP)}


def _tokenize(term: str) -> tuple[bool, tuple[str, ...]]:
    """Parse a term into (infix?, tokens). The term must be folded already."""
    text = term.strip()
    infix = False
    tokens: list[str] = []
    if text[:1] == "*":
        infix, text = True, text[1:]
    elif text[:1] == "+":
        infix, text = True, text[1:]
        tokens.append(_INSIDE)
    end = text.endswith("$")
    if end:
        text = text[:-1]
    for ch in text:
        marker = _MARKERS.get(ch)
        if marker is None:
            if not ch.isspace():
                tokens.append(ch)
        elif tokens and tokens[-1] not in _NOT_AFTER[marker]:
            tokens.append(marker)
    while tokens and tokens[-1] in (_SEP, _WILD, _HYPHEN):
        tokens.pop()
    if end:
        tokens.append(_END)
    if not any(len(t) == 1 for t in tokens):
        raise ValueError(f"term has no letters: {term!r}")
    return infix, tuple(tokens)


# --------------------------------------------------------------------------
# Vocabulary: the data file and its validating loader
# --------------------------------------------------------------------------

#: The packaged vocabulary; a domain expert edits this file, not the code.
VOCABULARY_PATH: Final = Path(__file__).resolve().parent / "data" / "concepts.toml"
_KEYS: Final = frozenset({"kind", "labels", "broader", "excludes", "alone", *LANGUAGES})
_HEADER_RE: Final = re.compile(r"^\s*\[\s*([^\]\s]+)\s*\]\s*(?:#.*)?$")
_KEY_RE: Final = re.compile(r"^\s*([A-Za-z_][\w-]*)\s*=")


class VocabularyError(DataFileError):
    """A mistake in a vocabulary file, with the file and line it is on."""


@dataclass(frozen=True)
class _Lines:
    """Where each table, key and term string of a TOML vocabulary file is."""

    lines: tuple[str, ...]
    tables: dict[str, int]
    keys: dict[tuple[str, str], int]

    @staticmethod
    def of(text: str) -> _Lines:
        lines = tuple(text.splitlines())
        tables: dict[str, int] = {}
        keys: dict[tuple[str, str], int] = {}
        table = ""
        for number, line in enumerate(lines, 1):
            header = _HEADER_RE.match(line)
            if header:
                table = header.group(1).strip('"')
                tables.setdefault(table, number)
                continue
            key = _KEY_RE.match(line)
            if key:
                keys.setdefault((table, key.group(1)), number)
        return _Lines(lines, tables, keys)

    def table(self, cid: str) -> int:
        return self.tables.get(cid, 1)

    def key(self, cid: str, key: str) -> int:
        return self.keys.get((cid, key), self.table(cid))

    def value(self, cid: str, key: str, value: str) -> int:
        """The line of ``value`` (a string of the list under ``key``), else the key's line."""
        start = self.key(cid, key)
        needles = (json.dumps(value, ensure_ascii=False), f"'{value}'", value)
        for number in range(start, len(self.lines) + 1):
            line = self.lines[number - 1]
            if number > start and (_HEADER_RE.match(line) or _KEY_RE.match(line)):
                break
            if any(needle in line for needle in needles):
                return number
        return start


def _string_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _read_labels(fail: Callable[[int, str], VocabularyError], where: _Lines, cid: str, kind: object,
                 table: dict[str, object]) -> dict[str, str]:
    labels = table.get("labels", {} if kind == EXCLUSION else None)
    if not isinstance(labels, dict):
        raise fail(where.key(cid, "labels"), "labels must be a table { de = ..., en = ..., tr = ... }")
    if kind != EXCLUSION or labels:
        for lang in ("en", *labels):
            label = labels.get(lang)
            if not isinstance(label, str) or not label.strip():
                raise fail(where.key(cid, "labels"), f"needs a non-empty label for {lang!r}")
        unknown = set(labels) - set(LANGUAGES)
        if unknown:
            raise fail(where.key(cid, "labels"), f"labels for unknown languages {sorted(unknown)}")
    return dict(labels) if labels else {"en": cid}


def _read_terms(fail: Callable[[int, str], VocabularyError], where: _Lines, cid: str,
                table: dict[str, object]) -> dict[str, tuple[str, ...]]:
    terms: dict[str, tuple[str, ...]] = {}
    for lang in LANGUAGES:
        if lang not in table:
            continue
        values = table[lang]
        if not _string_list(values):
            raise fail(where.key(cid, lang), f"{lang} must be a list of strings")
        assert isinstance(values, list)
        seen: set[str] = set()
        for term in values:
            line = where.value(cid, lang, term)
            if not term.strip():
                raise fail(line, f"empty {lang} term")
            folded = match_fold(term)
            if folded in seen:
                raise fail(line, f"{lang} term {term!r} is listed twice")
            seen.add(folded)
            try:
                _tokenize(folded)
            except ValueError as exc:
                raise fail(line, f"{lang} term {term!r}: {exc}") from None
        terms[lang] = tuple(values)
    if not any(terms.values()):
        raise fail(where.table(cid), "has no terms in any language")
    return terms


_ALONE_WORD: Final = re.compile(r"\w+")


def _read_alone(fail: Callable[[int, str], VocabularyError], where: _Lines, cid: str,
                table: dict[str, object]) -> frozenset[str]:
    """The words that ask for the concept alone, per language ({ tr = ["iş"] }), folded."""
    alone = table.get("alone", {})
    if not isinstance(alone, dict) or not all(lang in LANGUAGES and _string_list(words) and all(
            _ALONE_WORD.fullmatch(fold(w)) for w in words) for lang, words in alone.items()):
        raise fail(where.key(cid, "alone"), "alone must be a table { de = [...], ... } of lists of single words")
    return frozenset(fold(w) for words in alone.values() for w in words)


def _read_concept(path: Path, where: _Lines, cid: str, table: object) -> Concept:
    def fail(line: int, message: str) -> VocabularyError:
        return VocabularyError(path, line, f"{cid}: {message}")

    if not isinstance(table, dict):
        raise fail(where.key("", cid), "expected a table [" + cid + "] of kind, labels and terms")
    if not _ID_RE.fullmatch(cid):
        raise fail(where.table(cid), "concept id must be snake_case (lower-case letters, digits, _)")
    for key in table:
        if key not in _KEYS:
            raise fail(where.key(cid, key), f"unknown key {key!r}; expected one of {sorted(_KEYS)}")
    kind = table.get("kind")
    if kind == "intent":
        raise fail(where.key(cid, "kind"), "what a question asks for is in intents.toml: an intent's terms are "
                   "the terms.<language> of its table there (concept = ..., labels, sections)")
    if kind not in (*KINDS, EXCLUSION):
        kinds = (*(k for k in KINDS if k != "intent"), EXCLUSION)
        raise fail(where.key(cid, "kind"), f"kind must be one of {kinds}, not {kind!r}")
    labels = _read_labels(fail, where, cid, kind, table)
    terms = _read_terms(fail, where, cid, table)
    alone = _read_alone(fail, where, cid, table)
    for key in ("broader", "excludes"):
        if not _string_list(table.get(key, [])):
            raise fail(where.key(cid, key), f"{key} must be a list of concept ids")
    try:
        return Concept(id=cid, labels=labels, terms=terms, kind=kind, broader=tuple(table.get("broader", ())),
                       excludes=tuple(table.get("excludes", ())), alone=alone)
    except ValueError as exc:
        raise fail(where.table(cid), str(exc)) from None


def intent_concepts(tagged: Iterable[IntentTerms], path: Path) -> tuple[Concept, ...]:
    """The intent concepts of the intents file at ``path`` (its tables' ``terms``, ``concept``,
    ``labels`` and ``sections``); a term that is no term names the file and its line."""
    concepts = []
    for intent in tagged:
        for (lang, term), line in intent.lines.items():
            try:
                _tokenize(match_fold(term))
            except ValueError as exc:
                raise VocabularyError(path, line, f"{intent.concept}: {lang} term {term!r}: {exc}") from None
        concepts.append(Concept(id=intent.concept, labels=dict(intent.labels), terms=dict(intent.terms),
                                kind="intent", sections=tuple(s.value for s in intent.sections)))
    return tuple(concepts)


def load_vocabulary(path: Path, intents: tuple[Concept, ...] = ()) -> tuple[Concept, ...]:
    """Read and validate a TOML vocabulary file; :class:`VocabularyError` names the
    file and line of the first mistake. ``intents`` (:func:`intent_concepts`) come after its
    concepts, before its exclusions, and may be named in its ``broader`` and ``excludes``."""
    text, data = read_toml(path, VocabularyError)
    where = _Lines.of(text)
    concepts = [_read_concept(path, where, cid, table) for cid, table in data.items()]
    ids = {c.id for c in concepts} | {c.id for c in intents}
    if twice := sorted({c.id for c in concepts} & {c.id for c in intents}):
        raise VocabularyError(path, where.table(twice[0]), f"{twice[0]}: is an intent of intents.toml too")
    for concept in concepts:
        for key, others in (("broader", concept.broader), ("excludes", concept.excludes)):
            line = where.key(concept.id, key)
            for other in others:
                if other not in ids:
                    raise VocabularyError(path, line, f"{concept.id}: unknown concept {other!r} in {key}")
                if concept.kind == EXCLUSION and key == "broader":
                    raise VocabularyError(path, line, f"{concept.id}: an exclusion has no broader concepts")
    if not concepts:
        raise VocabularyError(path, 1, "defines no concepts")
    return (*(c for c in concepts if c.kind != EXCLUSION), *intents, *(c for c in concepts if c.kind == EXCLUSION))


def with_language_terms(vocabulary: tuple[Concept, ...]) -> tuple[Concept, ...]:
    """The vocabulary plus the labels and terms that language files bring for its
    concepts (``[concepts.<id>]`` in ``<code>.toml``: a language added by its file alone)."""
    by_id = {c.id: c for c in vocabulary}
    for language in LANGUAGE_DATA.values():
        path = language.path or Path(f"{language.code}.toml")
        for cid, extra in language.concepts.items():
            line = line_of(language, "concepts", cid)
            concept = by_id.get(cid)
            if concept is None:
                raise LanguageDataError(path, line, f"concepts.{cid}: no such concept in the vocabulary")
            for term in extra.terms:
                try:
                    _tokenize(match_fold(term))
                except ValueError as exc:
                    raise LanguageDataError(path, line, f"concepts.{cid}: term {term!r}: {exc}") from None
            labels = {**concept.labels, language.code: extra.label} if extra.label else concept.labels
            terms = {**concept.terms, language.code: (*concept.terms.get(language.code, ()), *extra.terms)}
            by_id[cid] = replace(concept, labels=labels, terms=terms)
    return tuple(by_id[c.id] for c in vocabulary)


#: Fingerprint of what tags a text: the packaged vocabulary, the intents file (its terms) and
#: the language files (their terms and population words). An index tagged with another one is stale.
VOCABULARY_SHA256: Final = hashlib.sha256(
    VOCABULARY_PATH.read_bytes()
    + INTENTS_PATH.read_bytes()
    + b"".join(lang.path.read_bytes() for lang in LANGUAGE_DATA.values() if lang.path is not None)
).hexdigest()
#: The vocabulary and the matchers' patterns, stored (:mod:`assistant.stored`) by the files above and the
#: code that reads them: read in milliseconds, built in ~0.4 s of CPU (before every first answer).
_STORED_PATH: Final = stored.stored_path(configured_cache(), "concepts", VOCABULARY_SHA256.encode(), (
    "assistant.concepts", "assistant.intents", "assistant.languages", "assistant.text", "assistant.datafile",
    "assistant.models"), 1)
_Parts = tuple[str, str, tuple[frozenset[str], ...]]  # a matcher's scan and resolve patterns, its groups


def _read_stored(path: Path | None) -> tuple[tuple[Concept, ...], tuple[_Parts, ...]] | None:
    try:
        records, parts = stored.read_stored(path)
        vocabulary = tuple(Concept(*record) for record in records)
        matchers = tuple((str(scan), str(resolve), tuple(map(frozenset, groups))) for scan, resolve, groups in parts)
    except Exception:  # noqa: BLE001 - none, damaged, another layout: built instead
        return None
    return (vocabulary, matchers) if vocabulary and len(matchers) == 2 else None


_STORED: Final = _read_stored(_STORED_PATH)
_VOCABULARY: Final = _STORED[0] if _STORED else with_language_terms(
    load_vocabulary(VOCABULARY_PATH, intent_concepts(intent_terms(), INTENTS_PATH)))
#: Taggable concepts, in file order.
CONCEPTS: Final[Mapping[str, Concept]] = MappingProxyType({c.id: c for c in _VOCABULARY if c.kind != EXCLUSION})
#: Every concept of the file, exclusions included (what the matcher compiles).
_ALL: Final[Mapping[str, Concept]] = MappingProxyType({c.id: c for c in _VOCABULARY})


_EXCLUSION_IDS: Final = frozenset(c.id for c in _VOCABULARY if c.kind == EXCLUSION)


def concepts_of_kind(kind: str) -> list[Concept]:
    """All concepts of ``kind`` in definition order; ``ValueError`` for unknown kinds."""
    if kind not in KINDS:
        raise ValueError(f"unknown concept kind {kind!r}; expected one of {KINDS}")
    return [c for c in CONCEPTS.values() if c.kind == kind]



class _Node:
    __slots__ = ("children", "ends")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.ends: set[str] = set()


def _child_key(token: str) -> tuple[int, str]:
    return (_TOKEN_ORDER.get(token, 1), token)


def _closure(ids: set[str]) -> frozenset[str]:
    out: set[str] = set()
    stack = list(ids)
    while stack:
        cid = stack.pop()
        if cid not in out:
            out.add(cid)
            stack.extend(_ALL[cid].broader)
    return frozenset(out)


def _emit(root: _Node, groups: list[frozenset[str]] | None) -> str:
    """Regex for the trie.

    With ``groups``, every term end is an empty capturing group ``()`` and
    ``groups[i]`` receives the concept ids of group ``i + 1``: the term's own
    concepts, those of shorter terms on the same path that end on a word
    boundary (they match at the same place too), and their broader concepts.
    Without ``groups`` the same regex is built without any group (for scanning).
    """

    def emit(node: _Node, inherited: frozenset[str]) -> str:
        word_ends = set(node.ends)
        end_child = node.children.get(_END)
        if end_child is not None:
            word_ends |= end_child.ends
        alts: list[str] = []
        for token in sorted(node.children, key=_child_key):
            child = node.children[token]
            if token in (_SEP, _HYPHEN):
                passed = inherited | word_ends
            elif token == _END:
                passed = inherited | node.ends
            else:
                passed = inherited
            pattern = _TOKEN_RE.get(token) or re.escape(token)
            alts.append(pattern + emit(child, frozenset(passed)))
        if node.ends:
            if groups is not None:
                groups.append(_closure(set(node.ends) | inherited))
                alts.append("()")
            else:
                alts.append("")
        if len(alts) == 1:
            return alts[0]
        return "(?:" + "|".join(alts) + ")"

    return emit(root, frozenset())


def _is_word(ch: str) -> bool:
    """Python's ``\\w`` for one character."""
    return ch.isalnum() or ch == "_"


class _TrieMatcher:
    """All matches of one trie in folded text.

    A group-free regex finds, at every candidate start, the stretch the first
    matching path consumes; which terms (hence concepts) that path ends in is
    resolved by the same regex with one empty group per term end, run once per
    distinct (word char before?, stretch, word char after?) and cached: which
    path is taken depends only on those three (terms contain no ``_``, so a
    path cannot look further than one character past the stretch).
    """

    _CACHE_LIMIT: Final = 100_000

    def __init__(self, scan: str, resolve: str, groups: tuple[frozenset[str], ...], cache: Path | None) -> None:
        # Compiled once per installation (regex_cache): most of a second at every start otherwise.
        self.scan = compile_cached(scan, cache)
        self.resolve = compile_cached(resolve, cache)
        self.groups = groups
        self.cache: dict[str, frozenset[str]] = {}

    @classmethod
    def of(cls, root: _Node, anchor: str, cache: Path | None = None) -> _TrieMatcher:
        groups: list[frozenset[str]] = []  # filled by the second _emit, before tuple(groups)
        return cls(anchor + "(?=(" + _emit(root, None) + "))", anchor + _emit(root, groups), tuple(groups), cache)

    def finditer(self, folded: str) -> Iterator[tuple[int, int, frozenset[str]]]:
        cache = self.cache
        n = len(folded)
        for m in self.scan.finditer(folded):
            start, end = m.span(1)
            before = "_" if start > 0 and _is_word(folded[start - 1]) else " "
            after = "_" if end < n and _is_word(folded[end]) else " "
            key = before + m.group(1) + after
            ids = cache.get(key)
            if ids is None:
                ids = self._resolve(folded, start, end)
                if len(cache) >= self._CACHE_LIMIT:
                    cache.clear()
                cache[key] = ids
            if ids:
                yield start, end, ids

    def _resolve(self, folded: str, start: int, end: int) -> frozenset[str]:
        m = self.resolve.match(folded, start)
        if m is None or m.lastindex is None or m.end() != end:  # pragma: no cover
            return frozenset()
        return self.groups[m.lastindex - 1]


def _build_matchers() -> tuple[_TrieMatcher, _TrieMatcher]:
    prefix_root, infix_root = _Node(), _Node()
    for concept in _ALL.values():
        for term in concept.all_terms():
            infix, tokens = _tokenize(match_fold(term))
            node = infix_root if infix else prefix_root
            for token in tokens:
                node = node.children.setdefault(token, _Node())
            node.ends.add(concept.id)
    cache = configured_cache()
    return _TrieMatcher.of(prefix_root, r"(?<!\w)", cache), _TrieMatcher.of(infix_root, "", cache)


if _STORED:
    _PREFIX_MATCHER, _INFIX_MATCHER = (_TrieMatcher(*parts, configured_cache()) for parts in _STORED[1])
else:
    _PREFIX_MATCHER, _INFIX_MATCHER = _build_matchers()
    stored.store(_STORED_PATH, (tuple(map(astuple, _VOCABULARY)), tuple(
        (m.scan.pattern, m.resolve.pattern, m.groups) for m in (_PREFIX_MATCHER, _INFIX_MATCHER))), "concepts")

# Population figures -> size of town (the rule is in assistant.population).
_NUM = r"(?<![\w.,])(\d{1,3}(?:[.,' ]\d{3})+|\d+(?:[.,]\d+)?)"
_MULT = r"(?:\s*(" + "|".join(sorted(MULTIPLIERS, key=len, reverse=True)) + r")(?!\w)\.?)?"


def _folded(kind: str) -> str:
    """The population words of every language file (folded, as the matched text is)."""
    return alternation(match_fold(w) for w in population_words(kind))


_QUAL = rf"(?:{_folded('qualifiers')}\.?\s*)?"
_POPULATION_RE: Final = re.compile(
    rf"{_folded('nouns')}\s*(?:{_folded('links')})?\s*" + _QUAL + _NUM + _MULT
    + r"|" + _NUM + _MULT + rf"\s*{_folded('after_number')}"
    + rf"|{_folded('town_words')}\s+{_folded('town_links')}\s+"
    + _QUAL + _NUM + _MULT + rf"(?!\s*{_folded('not_units')}(?!\w))"
)
_DIGIT_RE: Final = re.compile(r"\d")
# Cheap pre-check before the regex: a text states a population only if it has one of
# these (short words with a space before, so "ew" is no part of "new").
_POPULATION_KEYS: Final = tuple(
    {
        *(stem if len(stem) > 3 else " " + stem
          for w in (*population_words("nouns"), *population_words("after_number"))
          if (stem := match_fold(w).rstrip("*$"))),
        *(f"{match_fold(town)} {match_fold(link)}"
          for town in population_words("town_words") for link in population_words("town_links")),
    }
)
def _population_size(match: re.Match[str]) -> str | None:
    number = mult = None
    for num_group in (1, 3, 5):
        if match.group(num_group):
            number, mult = match.group(num_group), match.group(num_group + 1)
            break
    if number is None:
        return None
    value = population_value(number, mult)
    return None if value is None else size_class(value)


# --------------------------------------------------------------------------
# Matching
# --------------------------------------------------------------------------


_EXCLUDED_BY: dict[frozenset[str], frozenset[str]] = {}


def _excluded_by(ids: frozenset[str]) -> frozenset[str]:
    out = _EXCLUDED_BY.get(ids)
    if out is None:
        # A concept's excludes spare concepts matched at the same place; an exclusion
        # entry cancels its targets even there ("freiwillig$" beside "freiwillig").
        out = frozenset(x for cid in ids - _EXCLUSION_IDS for x in _ALL[cid].excludes) - ids
        out |= _closure({x for cid in ids & _EXCLUSION_IDS for x in _ALL[cid].excludes})
        _EXCLUDED_BY[ids] = out
    return out


def _matches(folded: str) -> list[tuple[int, int, frozenset[str]]]:
    """(start, end, concept ids) of every match in folded text, after exclusions."""
    found = list(_PREFIX_MATCHER.finditer(folded))
    found.extend(_INFIX_MATCHER.finditer(folded))
    if _DIGIT_RE.search(folded) and any(k in folded for k in _POPULATION_KEYS):
        for m in _POPULATION_RE.finditer(folded):
            size = _population_size(m)
            if size is not None:
                found.append((m.start(), m.end(), frozenset((size,))))
    excluders = [(s, e, x) for s, e, ids in found if (x := _excluded_by(ids))]
    if not excluders:
        return found
    kept: list[tuple[int, int, frozenset[str]]] = []
    for s, e, ids in found:
        drop = frozenset().union(*(x for s2, e2, x in excluders if s2 < e and s < e2))
        if drop:
            ids = ids - drop
        ids -= _EXCLUSION_IDS  # false-friend phrases only cancel, they are no concepts
        if ids:
            kept.append((s, e, ids))
    return kept


def alone_concepts(words: Sequence[str]) -> frozenset[str]:
    """The concepts a question of nothing but ``words`` (folded; no overview words) asks for:
    "İş?" labour market."""
    return frozenset(c.id for c in _ALL.values() if words and c.alone.issuperset(words))


def tag_concepts(text: str) -> frozenset[str]:
    """Concept ids found in ``text`` by the terms of all languages."""
    if not text:
        return frozenset()
    found: set[str] = set()
    for _start, _end, ids in _matches(match_fold(text)):
        found |= ids
    return frozenset(found)


def concept_spans(text: str) -> list[tuple[int, int, frozenset[str]]]:
    """(start, end, concept ids) of each concept term in ``text``, as positions of ``text``
    itself (not of its folded form), in the order they stand."""
    folded, origin = match_fold_mapped(text)
    if not origin:
        return []
    spans = []
    for start, end, ids in sorted(_matches(folded), key=lambda s: (s[0], -s[1])):
        last = origin[max(min(end, len(origin)) - 1, 0)]
        spans.append((origin[min(start, len(origin) - 1)], last + 1 if end > start else last, ids))
    return spans


def is_concept_word(word: str) -> bool:
    """Does a concept term match ``word`` whole ("gonullu", "Ehrenamtliche"), not just
    its beginning ("Sprachbarieren" starts like "sprach" but is no term's word)?"""
    folded = match_fold(word)
    return any(start == 0 and end == len(folded) for start, end, _ in _matches(folded))


def concept_tokens(ids: Iterable[str]) -> list[str]:
    """Concept ids as BM25 tokens, in the given order: ``["concept_volunteers"]``."""
    return [TOKEN_PREFIX + cid for cid in ids]


def concept_terms(text: str) -> list[str]:
    """The concepts of ``text`` as sorted BM25 tokens, e.g. ``["concept_volunteers"]``."""
    return concept_tokens(sorted(tag_concepts(text)))


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_" or unicodedata.category(ch) in ("Mn", "Mc")


def explain_matches(text: str) -> dict[str, list[str]]:
    """Concept id -> the distinct surface strings of ``text`` that matched it.

    A surface string is the matched stretch widened to whole words of the
    original text ("Sprachbarrieren", "language barriers"). Keys are the same
    as ``tag_concepts(text)``, ordered by first occurrence.
    """
    if not text:
        return {}
    folded, origin = match_fold_mapped(text)
    spans: list[tuple[int, int, frozenset[str]]] = sorted(
        _matches(folded), key=lambda s: (s[0], -s[1])
    )
    result: dict[str, list[str]] = {}
    n = len(text)
    for start, end, ids in spans:
        if not origin:
            continue
        a = origin[min(start, len(origin) - 1)]
        b = origin[max(min(end, len(origin)) - 1, 0)] + 1 if end > start else a
        while a > 0 and _is_word_char(text[a - 1]):
            a -= 1
        while b < n and _is_word_char(text[b]):
            b += 1
        surface = " ".join(text[a:b].split())
        for cid in sorted(ids):
            seen = result.setdefault(cid, [])
            if surface not in seen:
                seen.append(surface)
    return result
