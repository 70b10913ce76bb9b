"""What a chat question asks for: intents, a named network's overview, the asker's own situation.

The cue words are data (``assistant/data/intents.toml``), loaded and validated once;
a mistake names the file and line. Matching works on folded text, so "Gründungsjahr",
"grundungsjahr" and "GRÜNDUNGSJAHR" are the same cue.

The same file holds the intents' ``terms`` (:class:`IntentTerms`): words in the concept
vocabulary's syntax that tag a question, and every sheet passage, with an intent concept
(``intent_challenges``...), which the ranking lifts sections for, BM25 matches and the scope
reads. :mod:`assistant.concepts` compiles them with the rest of the vocabulary (and checks
their syntax, naming this file and line); one file says what a question can ask for.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import import_module, resources
from pathlib import Path
from typing import Any, TypeVar

from assistant.datafile import line_at, line_of
from assistant.languages import SUPPORTED
from assistant.models import FactField, SectionKind
from assistant.sentences import asked_part, clauses, only_tells
from assistant.text import fold, match_fold

INTENTS_FILE = "intents.toml"
#: The packaged intents file (its bytes are part of the concept vocabulary's fingerprint:
#: its ``terms`` tag the sheets).
INTENTS_PATH = Path(__file__).resolve().parent / "data" / INTENTS_FILE
#: How the loader names the packaged file in its messages.
INTENTS_NAME = str(Path("assistant/data") / INTENTS_FILE)


class IntentDataError(ValueError):
    """A mistake in the intent data file, with the file and line it is on."""


@dataclass(frozen=True)
class Intent:
    id: str
    sections: tuple[SectionKind, ...]
    facts: tuple[FactField, ...]
    cues: tuple[re.Pattern[str], ...]
    strict: bool = False
    prefer: tuple[re.Pattern[str], ...] = ()
    situation: bool = False  # answered like a described situation ("which networks fit us?")
    pick: tuple[re.Pattern[str], ...] = ()  # which passage of a network's section says it best
    unless: tuple[re.Pattern[str], ...] = ()  # cues that make another intent of it ("measure success")
    #: Words that ask this beside a network's name and nothing else ("Kontakt Erfurt", "Erfurt
    #: iletişim"): alone, "contact" is too common a word to be a cue ("in contact with refugees").
    with_name: frozenset[str] = frozenset()
    #: Words that ask this when the question says nothing else, with or without a network's
    #: name ("Probleme?", "Members?", "Kontakt?"): a section or field every sheet has.
    alone: frozenset[str] = frozenset()

    def asked_by_words(self, rest: Sequence[str], named: bool) -> bool:
        """Whether ``rest`` (the question's words but names and overview words) is only this
        intent's words."""
        if not rest:
            return False
        return self.alone.issuperset(rest) or (named and (self.with_name | self.alone).issuperset(rest))

    def matches(self, folded: str) -> bool:
        return any_found(self.cue_checks, folded) and not any_found(self.unless_checks, folded)

    @cached_property
    def cue_checks(self) -> CueChecks:
        return cue_checks(self.cues)

    @cached_property
    def unless_checks(self) -> CueChecks:
        return cue_checks(self.unless)


@dataclass(frozen=True)
class IntentTerms:
    """The ``terms`` of one table of the intents file: words in the concept vocabulary's
    syntax (concepts.toml) that tag a question and every sheet passage with the intent
    concept ``concept``. The ranking lifts its ``sections`` for a question tagged so, BM25
    matches the tag, the scope reads it (:mod:`assistant.concepts` compiles the terms)."""

    table: str  # the table they are in: "intent.lessons", "counting"
    concept: str
    labels: Mapping[str, str] = field(hash=False)
    terms: Mapping[str, tuple[str, ...]] = field(hash=False)
    sections: tuple[SectionKind, ...]
    #: (language, term) -> its line in the file: the term syntax is checked where it is compiled.
    lines: Mapping[tuple[str, str], int] = field(hash=False, compare=False)


@dataclass(frozen=True)
class IntentData:
    intents: tuple[Intent, ...]
    overview_words: frozenset[str]
    situation_cues: tuple[re.Pattern[str], ...]
    hedge_cues: tuple[re.Pattern[str], ...] = ()
    problem_cues: tuple[re.Pattern[str], ...] = ()
    practice_cues: tuple[re.Pattern[str], ...] = ()
    personal_cues: tuple[re.Pattern[str], ...] = ()  # one person's own things ("my permit", "mein Antrag")
    group_cues: tuple[re.Pattern[str], ...] = ()
    office_concepts: frozenset[str] = frozenset()  # one's own matter an office decides (residence, asylum)
    #: one person's own need told in the first person ("Ich habe kein Geld für die Miete")
    need_cues: tuple[re.Pattern[str], ...] = ()
    #: concepts of a network's work that a person's money question is tagged with too ("Geld": funding)
    household_concepts: frozenset[str] = frozenset()
    ellipsis_cues: tuple[re.Pattern[str], ...] = ()  # "Und Halberstadt?": the same question about another network
    counting_cues: tuple[re.Pattern[str], ...] = ()  # "Wie viele …?": it asks for a figure
    more_words: frozenset[str] = frozenset()  # "mehr dazu", "more on that": the last question, further
    #: "could you", "for us", "mısınız": a comparison asked with these asks for nothing else
    request_words: frozenset[str] = frozenset()
    tagged: tuple[IntentTerms, ...] = ()  # the tables' ``terms``, in file order (parse_intent_terms)
    refer_cues: tuple[re.Pattern[str], ...] = ()  # "Wer koordiniert dort?": about the networks just shown
    subject_cues: tuple[re.Pattern[str], ...] = ()  # the asker as the subject ("ich", "I", "ben")
    #: per group (concept id), the asker as one of it ("ich bin Geflüchtete", "as a volunteer", "mülteciyim")
    member_cues: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...] = ()
    #: the groups the networks work for: acted on by the asker, a planner's question ("Wie gewinne ich Ehrenamtliche?")
    served_concepts: frozenset[str] = frozenset()
    #: per language that drops the pronoun: endings that say "it" ("Ne zaman kuruldu?")
    dropped_cues: Mapping[str, tuple[re.Pattern[str], ...]] = field(default_factory=dict)
    #: "And how do networks fund themselves?": an ellipsis that asks in general, not of the networks just shown
    general_cues: tuple[re.Pattern[str], ...] = ()
    #: "no", "kein", "yok": a "have" facet is not taken from the clause they are in (hedge_cues reach further)
    negation_cues: tuple[re.Pattern[str], ...] = ()
    #: "that one", "dieses Netzwerk", "onu": a pointer to one network (after a situation, the closest)
    one_cues: tuple[re.Pattern[str], ...] = ()
    passive_cues: tuple[re.Pattern[str], ...] = ()  # "aşıldı": a passive verb, whose subject the question may name
    #: "vs" between two names: words of no language ("Dortmund vs Erfurt" is asked in none)
    neutral_words: frozenset[str] = frozenset()
    #: "Welche Netzwerke …?", "Which networks …?", "Hangi ağlar …?": it asks which networks meet what it states
    which_cues: tuple[re.Pattern[str], ...] = ()
    #: "Which networks have a coordinator?": a coordinator as such, of any kind
    coordinator_cues: tuple[re.Pattern[str], ...] = ()
    #: what a question for the networks that meet conditions may say besides them ("arbeiten", "field")
    which_words: frozenset[str] = frozenset()
    #: "Wie haben die das gelöst?": how something was solved (a problem without a solution is no answer)
    solved_cues: tuple[re.Pattern[str], ...] = ()
    #: "Welches der beiden hat mehr Mitglieder?": which of the networks has more (a larger count)
    larger_cues: tuple[re.Pattern[str], ...] = ()
    #: "Welches ist älter?": which of the networks is older (the earlier founding year)
    older_cues: tuple[re.Pattern[str], ...] = ()
    #: "Welches ist jünger?": which of the networks is younger (the later founding year)
    younger_cues: tuple[re.Pattern[str], ...] = ()

    @cached_property
    def checks(self) -> dict[str, CueChecks]:
        """The cue lists that :func:`analyse_intent` reads, as :func:`cue_checks`."""
        return {"situation": cue_checks(self.situation_cues), "personal": cue_checks(self.personal_cues),
                "practice": cue_checks((*self.practice_cues, *self.problem_cues)),
                "group": cue_checks(self.group_cues), "counting": cue_checks(self.counting_cues),
                "need": cue_checks(self.need_cues), "subject": cue_checks(self.subject_cues),
                "solved": cue_checks(self.solved_cues), "larger": cue_checks(self.larger_cues),
                "older": cue_checks(self.older_cues), "younger": cue_checks(self.younger_cues),
                **{f"member:{group}": cue_checks(cues) for group, cues in self.member_cues}}

    @cached_property
    def cue_index(self) -> CueIndex:
        """Every cue list :func:`analyse_intent` reads, numbered: intent ``i``'s cues are list
        ``2 * i``, its ``unless`` cues ``2 * i + 1``, then the lists of :attr:`checks` in order."""
        lists = [cues for intent in self.intents for cues in (intent.cues, intent.unless)]
        return CueIndex.of([*lists, *(tuple(cue for _, cue in checks) for checks in self.checks.values())])

    @cached_property
    def asked_lists(self) -> frozenset[int]:
        """The lists of :attr:`cue_index` read in the asked part of a question (strict intents, facts)."""
        return frozenset(n for i, intent in enumerate(self.intents) if intent.strict or intent.facts
                         for n in (2 * i, 2 * i + 1))

    def check_number(self, name: str) -> int:
        """The number of the :attr:`checks` list ``name`` in :attr:`cue_index`."""
        return 2 * len(self.intents) + list(self.checks).index(name)


_NOT_AFTER_WORD = r"(?<!\w)"
_UPPER_ESCAPE = re.compile(r"\\[A-Z]")
_SPECIAL = frozenset(".^$*+?{}[]\\|()")


@cache
def _required_start(cue: re.Pattern[str]) -> str:
    """Letters every match of ``cue`` starts with ("financ" of "financ(e|ing)"): its leading
    plain characters, less one that a quantifier may leave out; "" when the cue has a
    top-level alternative or starts otherwise."""
    pattern = cue.pattern.removeprefix(_NOT_AFTER_WORD)
    depth, escaped, in_class = 0, False, False
    for ch in pattern:  # a "|" outside any group: the letters are not required
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch in "()":
            depth += 1 if ch == "(" else -1
        elif ch == "|" and depth == 0:
            return ""
    plain = len(pattern)
    for at, ch in enumerate(pattern):
        if ch in _SPECIAL:
            plain = at
            break
    if plain < len(pattern) and pattern[plain] in "?*{+":
        plain -= 1
    return pattern[: max(plain, 0)]


def found(cue: re.Pattern[str], folded: str) -> bool:
    """``cue.search(folded)``, skipped when the letters every match starts with are not in the
    text (a substring test: a question is checked against some 360 cues)."""
    return _required_start(cue) in folded and cue.search(folded) is not None


#: Cues with the letters every match of each starts with (:func:`_required_start`).
CueChecks = tuple[tuple[str, re.Pattern[str]], ...]


def cue_checks(cues: tuple[re.Pattern[str], ...]) -> CueChecks:
    return tuple((_required_start(cue), cue) for cue in cues)


def any_found(checks: CueChecks, folded: str) -> bool:
    """``any(found(cue, folded) for cue in cues)`` of the ``checks`` of ``cues``, in one loop
    (a call and a cache lookup per cue were half of what a question's 360 cues cost)."""
    for start, cue in checks:  # noqa: SIM110 - a loop: any() over a generator costs a frame switch per cue
        if start in folded and cue.search(folded) is not None:
            return True
    return False


_WORD_START = re.compile(r"(?<!\w)\w")
_WORD_CHAR = re.compile(r"\w")
# The regular expression parser of the standard library (``re._parser``; no public name).
_parser: Any = import_module("re._parser")
_constants: Any = import_module("re._constants")
#: At most this many alternatives make up a cue's required text (:func:`_required_texts`).
_MOST_ALTERNATIVES = 16


def _required_texts(cue: re.Pattern[str]) -> tuple[str, ...]:
    """Texts one of which every match of ``cue`` contains ("kostet" of ``(das|es) (ge)?kostet``;
    "member", "partner" of ``(more|most) (member|partner)``): the most telling of the plain
    letters it requires outside any option, or the alternatives of a required group; () when
    nothing can be said (a cue with flags, only optional or class letters)."""
    if cue.flags & ~re.UNICODE:
        return ()
    candidates = _required_in(list(_parser.parse(cue.pattern, cue.flags)))
    candidates = [c for c in candidates if c and all(c) and len(c) <= _MOST_ALTERNATIVES]
    if not candidates:
        return ()
    return max(candidates, key=lambda c: (min(map(len, c)), -len(c)))


def _required_in(sequence: list[Any]) -> list[tuple[str, ...]]:
    """Every required text (as alternatives) of a parsed sequence (see :func:`_required_texts`)."""
    found: list[tuple[str, ...]] = []
    run: list[str] = []
    for op, arg in sequence:
        if op is _constants.LITERAL:
            run.append(chr(arg))
            continue
        if run:
            found.append(("".join(run),))
            run = []
        if op is _constants.SUBPATTERN and not arg[1] and not arg[2]:  # a group, no flags of its own
            found += _required_in(list(arg[3]))
        elif op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT) and arg[0] >= 1:
            found += _required_in(list(arg[2]))
        elif op is _constants.BRANCH:
            best = []
            for branch in arg[1]:
                inner = [c for c in _required_in(list(branch)) if c and all(c)]
                if not inner:
                    break
                best.append(max(inner, key=lambda c: (min(map(len, c)), -len(c))))
            else:
                found.append(tuple(dict.fromkeys(text for alternatives in best for text in alternatives)))
    if run:
        found.append(("".join(run),))
    return found


@dataclass(frozen=True)
class CueIndex:
    """Which of several cue lists have a cue found in a text, trying each cue only where it
    can match. A cue begins with "not after a word character"; one whose required letters
    (:func:`_required_start`) begin with a word character can only match at the start of a
    word that begins with them, so it is tried there alone (``match`` at that place), and
    only when the text has such a word: the words' first two letters find the candidates.
    The other cues are searched as a whole, each only where the text has one of the texts every
    match of it contains (:func:`_required_texts`: most questions have none of a given cue's).
    The same verdicts as :func:`any_found` of each list, without a loop over some 400 cues per
    question."""

    by_pair: dict[str, tuple[str, ...]]  # first two letters -> required letters (2 or more) starting so
    by_letter: frozenset[str]  # required letters of one letter
    anchored: dict[str, tuple[tuple[int, re.Pattern[str]], ...]]  # required letters -> (list, cue)
    searched: tuple[tuple[int, re.Pattern[str], tuple[str, ...]], ...]  # (list, cue, required texts)

    @staticmethod
    def of(lists: list[tuple[re.Pattern[str], ...]]) -> CueIndex:
        anchored: dict[str, list[tuple[int, re.Pattern[str]]]] = {}
        searched: list[tuple[int, re.Pattern[str], tuple[str, ...]]] = []
        for number, cues in enumerate(lists):
            for cue in cues:
                start = _required_start(cue)
                if cue.pattern.startswith(_NOT_AFTER_WORD) and start and _WORD_CHAR.match(start):
                    anchored.setdefault(start, []).append((number, cue))
                else:
                    searched.append((number, cue, _required_texts(cue)))
        by_pair: dict[str, list[str]] = {}
        for start in anchored:
            if len(start) > 1:
                by_pair.setdefault(start[:2], []).append(start)
        return CueIndex({pair: tuple(starts) for pair, starts in by_pair.items()},
                        frozenset(start for start in anchored if len(start) == 1),
                        {start: tuple(cues) for start, cues in anchored.items()}, tuple(searched))

    def found(self, folded: str, wanted: frozenset[int] | None = None) -> set[int]:
        """Numbers of the lists (of ``wanted``, default all) with a cue found in ``folded``."""
        places: dict[str, list[int]] = {}  # required letters -> the word starts that have them
        for word in _WORD_START.finditer(folded):
            at = word.start()
            for start in self.by_pair.get(folded[at:at + 2], ()):
                if folded.startswith(start, at):
                    places.setdefault(start, []).append(at)
            if folded[at] in self.by_letter:
                places.setdefault(folded[at], []).append(at)
        hit: set[int] = set()
        contains = folded.__contains__
        for number, cue, required in self.searched:
            if number not in hit and (wanted is None or number in wanted) and (
                    not required or any(map(contains, required))) and cue.search(folded):
                hit.add(number)
        for start, positions in places.items():
            for number, cue in self.anchored[start]:
                if number not in hit and (wanted is None or number in wanted) and any(
                        cue.match(folded, position) for position in positions):
                    hit.add(number)
        return hit


def _compile(pattern: object, where: str, text: str, path: str) -> re.Pattern[str]:
    if not isinstance(pattern, str) or not pattern.strip():
        raise IntentDataError(f"{path}:{line_of(text, where)}: {where}: a cue must be a non-empty string")
    if escape := _UPPER_ESCAPE.search(pattern):
        # cues are matched on folded text and folded themselves: \W would become \w
        line = line_of(text, pattern.replace("\\", "\\\\")) or line_of(text, where)
        raise IntentDataError(f"{path}:{line}: {where}: {pattern!r}: write cues folded, without {escape.group()} "
                              "(use a character class of lower-case letters)")
    try:
        return re.compile(_NOT_AFTER_WORD + fold(pattern))
    except re.error as exc:
        line = line_of(text, pattern.replace("\\", "\\\\")) or line_of(text, where)
        raise IntentDataError(f"{path}:{line}: {where}: bad pattern {pattern!r}: {exc}") from exc


def _words(table: object, where: str, text: str, path: str) -> frozenset[str]:
    """A ``{language: [word, ...]}`` table as one set of folded words."""
    if not isinstance(table, dict) or not all(
            isinstance(ws, list) and all(isinstance(w, str) and w.strip() for w in ws) for ws in table.values()):
        raise IntentDataError(f"{path}:{line_of(text, where.rsplit('.', 1)[-1]) or line_of(text, where)}: "
                              f"{where}: needs lists of words per language")
    words = frozenset(fold(w) for ws in table.values() for w in ws)
    if bad := sorted(w for w in words if not _WORD.fullmatch(w)):
        raise IntentDataError(f"{path}:{line_of(text, where.rsplit('.', 1)[-1]) or line_of(text, where)}: "
                              f"{where}: one word each, not {bad[0]!r}")
    return words


def _cues(table: object, where: str, text: str, path: str) -> tuple[re.Pattern[str], ...]:
    if not isinstance(table, dict) or not table:
        raise IntentDataError(f"{path}:{line_of(text, where)}: {where}: needs cues.<language> lists")
    patterns: list[re.Pattern[str]] = []
    for lang, cues in table.items():
        if not isinstance(cues, list):
            raise IntentDataError(f"{path}:{line_of(text, f'cues.{lang}')}: {where}.cues.{lang} must be a list")
        patterns += [_compile(cue, f"{where}.cues.{lang}", text, path) for cue in cues]
    return tuple(patterns)


_Member = TypeVar("_Member", SectionKind, FactField)


def _member(kind: type[_Member], value: object, where: str, text: str, path: str) -> _Member:
    try:
        return kind(value)  # type: ignore[arg-type]
    except ValueError:
        known = ", ".join(m.value for m in kind)
        line = line_of(text, f'"{value}"')
        raise IntentDataError(f"{path}:{line}: [{where}]: unknown {kind.__name__} {value!r} (known: {known})") from None


_CONCEPT_ID = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")


def _header_at(text: str, name: str) -> int:
    """Where the table ``[name]`` starts (its header at a line start, not a comment naming
    it), 0 if it is not there."""
    header = re.search(rf"^\[{re.escape(name)}\]", text, re.MULTILINE)
    return header.start() if header else 0


def _table_terms(name: str, table: dict[str, object], sections: tuple[SectionKind, ...], text: str,
                 path: str) -> IntentTerms | None:
    """The ``concept``, ``labels`` and ``terms.<language>`` of the table ``[name]``, if it has terms."""
    if not any(key in table for key in ("concept", "labels", "terms")):
        return None
    start = _header_at(text, name)

    def line(needle: str, after: int = start) -> int:
        at = text.find(needle, after)
        return line_at(text, at if at >= 0 else start)

    concept = table.get("concept")
    if not isinstance(concept, str) or not _CONCEPT_ID.fullmatch(concept):
        raise IntentDataError(f"{path}:{line('concept')}: [{name}]: its terms need concept = \"intent_...\" "
                              "(snake_case): the concept id they tag")
    labels = _term_labels(table.get("labels"), f"{path}:{line('labels')}: [{name}]")
    terms = table.get("terms")
    if not isinstance(terms, dict) or not terms:
        raise IntentDataError(f"{path}:{line('terms')}: [{name}]: needs terms.<language> lists")
    lines: dict[tuple[str, str], int] = {}
    for lang, values in terms.items():
        key = text.find(f"terms.{lang}", start)
        if lang not in SUPPORTED:
            raise IntentDataError(f"{path}:{line(f'terms.{lang}')}: [{name}]: terms for an unknown language "
                                  f"{lang!r} (known: {', '.join(SUPPORTED)})")
        if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
            raise IntentDataError(f"{path}:{line(f'terms.{lang}')}: [{name}]: terms.{lang} must be a list of "
                                  "non-empty strings")
        seen: set[str] = set()
        for term in values:
            at = line(json.dumps(term, ensure_ascii=False), max(key, start))
            if (folded := match_fold(term)) in seen:
                raise IntentDataError(f"{path}:{at}: [{name}]: {lang} term {term!r} is listed twice")
            seen.add(folded)
            lines[(lang, term)] = at
    if not lines:
        raise IntentDataError(f"{path}:{line('terms')}: [{name}]: has no terms in any language")
    return IntentTerms(name, concept, labels, {lang: tuple(v) for lang, v in terms.items()}, sections, lines)


def _term_labels(labels: object, where: str) -> dict[str, str]:
    """The display names of a table's intent concept (``where``: file, line and table, for a mistake)."""
    if not isinstance(labels, dict) or "en" not in labels or not all(
            isinstance(v, str) and v.strip() for v in labels.values()):
        raise IntentDataError(f'{where}: labels = {{ de = "...", en = "...", tr = "..." }}: display names, '
                              "English at least")
    if unknown := sorted(set(labels) - set(SUPPORTED)):
        raise IntentDataError(f"{where}: labels for unknown languages {unknown}")
    return dict(labels)


def _all_terms(data: dict[str, Any], text: str, path: str) -> tuple[IntentTerms, ...]:
    """The ``terms`` of every table, in file order; one concept id per table."""
    found: list[IntentTerms] = []
    tables: list[tuple[str, object]] = []
    for name, table in data.items():
        if name == "intent" and isinstance(table, dict):
            tables += [(f"intent.{intent_id}", sub) for intent_id, sub in table.items()]
        else:
            tables.append((name, table))
    for name, table in tables:
        if not isinstance(table, dict):
            continue
        sections = tuple(_member(SectionKind, v, name, text, path) for v in table.get("sections", []))
        tagged = _table_terms(name, table, sections, text, path)
        if tagged is None:
            continue
        if tagged.concept in {t.concept for t in found}:
            raise IntentDataError(f"{path}:{line_at(text, _header_at(text, name))}: [{name}]: concept "
                                  f"{tagged.concept!r} is another table's too")
        found.append(tagged)
    return tuple(found)


def _toml(text: str, path: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise IntentDataError(f"{path}: {exc}") from exc


def parse_intent_terms(text: str, path: str = INTENTS_FILE) -> tuple[IntentTerms, ...]:
    """Only the ``terms`` of the intent data (what the concept vocabulary needs; no cue is compiled)."""
    return _all_terms(_toml(text, path), text, path)


def parse_intent_data(text: str, path: str = INTENTS_FILE) -> IntentData:
    """Validate and compile the intent data; raises :class:`IntentDataError` naming file and line."""
    return _intent_data(_toml(text, path), text, path)


def _intent_data(data: dict[str, Any], text: str, path: str) -> IntentData:
    tagged = _all_terms(data, text, path)
    intents = []
    for intent_id, table in (data.get("intent") or {}).items():
        where = f"intent.{intent_id}"
        line = line_at(text, _header_at(text, where))
        if not isinstance(table, dict):
            raise IntentDataError(f"{path}:{line}: [{where}] must be a table")
        sections = tuple(_member(SectionKind, v, where, text, path) for v in table.get("sections", []))
        facts = tuple(_member(FactField, v, where, text, path) for v in table.get("facts", []))
        strict = table.get("strict", False)
        if not isinstance(strict, bool):
            raise IntentDataError(f"{path}:{line}: [{where}]: strict must be true or false")
        prefer = tuple(_compile(cue, f"{where}.prefer", text, path) for cue in table.get("prefer", []))
        situation = table.get("situation", False)
        if not isinstance(situation, bool):
            raise IntentDataError(f"{path}:{line}: [{where}]: situation must be true or false")
        pick = tuple(_compile(cue, f"{where}.pick", text, path) for cue in table.get("pick", []))
        unless = _cues(table["unless"], f"{where}.unless", text, path) if "unless" in table else ()
        with_name = _words(table.get("with_name", {}), f"{where}.with_name", text, path)
        alone = _words(table.get("alone", {}), f"{where}.alone", text, path)
        # An intent of the ranking alone ([intent.facts]) has terms and no cues.
        cues = _cues(table.get("cues"), where, text, path) if "cues" in table or "terms" not in table else ()
        intents.append(Intent(intent_id, sections, facts, cues, strict, prefer, situation, pick, unless, with_name,
                              alone))
    if not intents:
        raise IntentDataError(f"{path}:1: no [intent.*] tables")
    words = (data.get("overview") or {}).get("words") or {}
    overview = frozenset(fold(w) for ws in words.values() for w in ws if isinstance(w, str))
    def cues_of(table: str, key: str = "cues", *, optional: bool = False) -> tuple[re.Pattern[str], ...]:
        """The cue lists ``key`` of the top-level ``table``: required once the table is there,
        unless ``optional``."""
        values = data.get(table) or {}
        if table not in data or optional and key not in values:
            return ()
        return _cues(values.get(key), table, text, path)

    situation = cues_of("situation")
    hedge = cues_of("hedge")
    negation = cues_of("hedge", "negation", optional=True)
    problem = cues_of("problem")
    practice = cues_of("practice")
    personal = cues_of("personal")
    group = cues_of("personal", "unless")
    subject = cues_of("personal", "subject", optional=True)
    member = _member_cues((data.get("personal") or {}).get("member", {}), text, path)
    offices = _concept_ids(data, "offices", text, path)
    needs = cues_of("personal", "needs", optional=True)
    household = _concept_ids(data, "household", text, path)
    served = _concept_ids(data, "served", text, path)
    ellipsis = cues_of("ellipsis")
    general = cues_of("ellipsis", "general", optional=True)
    counting = cues_of("counting")
    refer = cues_of("refer")
    one = cues_of("refer", "one", optional=True)
    dropped = {lang: _cues({lang: cues}, "refer.dropped", text, path)
               for lang, cues in ((data.get("refer") or {}).get("dropped") or {}).items()}
    if unknown := sorted(set(dropped) - set(SUPPORTED)):
        raise IntentDataError(f"{path}:{line_of(text, 'dropped.')}: refer.dropped.{unknown[0]}: not a language file")
    more = frozenset(fold(w) for ws in ((data.get("more") or {}).get("words") or {}).values() for w in ws
                     if isinstance(w, str))
    request = frozenset(fold(w) for ws in ((data.get("request") or {}).get("words") or {}).values() for w in ws
                        if isinstance(w, str))
    return IntentData(tuple(intents), overview, situation, hedge, problem, practice, personal, group,
                      offices, needs, household, ellipsis, counting, more, request, tagged, refer, subject, member,
                      served, dropped, general, negation_cues=negation, one_cues=one,
                      neutral_words=_table_words((data.get("neutral") or {}).get("words"), "neutral", text, path),
                      which_cues=cues_of("which"), coordinator_cues=cues_of("which", "coordinator", optional=True),
                      which_words=frozenset(fold(w) for ws in ((data.get("which") or {}).get("words") or {}).values()
                                            for w in ws if isinstance(w, str)),
                      solved_cues=cues_of("solved"), larger_cues=cues_of("larger"), older_cues=cues_of("older"),
                      younger_cues=cues_of("younger"), passive_cues=cues_of("refer", "passive", optional=True))


def _table_words(values: object, table: str, text: str, path: str) -> frozenset[str]:
    """A top-level table's ``words``, one list of any language (folded)."""
    if values is None:
        return frozenset()
    if not isinstance(values, list) or not all(isinstance(w, str) for w in values):
        raise IntentDataError(f"{path}:{line_of(text, f'[{table}]')}: [{table}] words must be a list of words")
    return frozenset(fold(w) for w in values)


def _member_cues(table: object, text: str, path: str) -> tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]:
    """The [personal] ``member`` cues: per group (a concept id), cues per language."""
    if not isinstance(table, dict):
        raise IntentDataError(f"{path}:{line_of(text, 'member')}: [personal] member.<concept>.<language> = [cues]")
    return tuple((group, _cues(cues, f"personal.member.{group}", text, path)) for group, cues in table.items())


def _concept_ids(data: dict[str, Any], key: str, text: str, path: str) -> frozenset[str]:
    """A list of concept ids of the [personal] table (``offices``, ``household``, ``served``)."""
    ids = (data.get("personal") or {}).get(key, [])
    if not isinstance(ids, list) or not all(isinstance(o, str) for o in ids):
        line = next((n for n, row in enumerate(text.splitlines(), 1) if row.lstrip().startswith(key)), 1)
        raise IntentDataError(f"{path}:{line}: [personal] {key} must be a list of concept ids")
    return frozenset(ids)


@cache
def _packaged() -> tuple[dict[str, Any], str]:
    """The packaged file's tables and text, parsed once (for its terms at import, for the rest
    at the first question)."""
    text = (resources.files("assistant") / "data" / INTENTS_FILE).read_text(encoding="utf-8")
    return _toml(text, INTENTS_NAME), text


@cache
def intent_data() -> IntentData:
    data, text = _packaged()
    return _intent_data(data, text, INTENTS_NAME)


@cache
def intent_terms() -> tuple[IntentTerms, ...]:
    """The packaged file's ``terms`` (:func:`parse_intent_terms`), read without compiling its cues."""
    data, text = _packaged()
    return _all_terms(data, text, INTENTS_NAME)


_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


@dataclass(frozen=True)
class QuestionIntent:
    """What one question asks for."""

    intents: tuple[str, ...]
    sections: tuple[SectionKind, ...]  # the sections of its strict intents: shown first
    soft_sections: tuple[SectionKind, ...]  # the other intents' sections: first when a network is named
    prefer: tuple[re.Pattern[str], ...]  # passages within those sections that say it
    facts: tuple[FactField, ...]  # general facts to state with all their sources
    overview: bool  # it names a network and only asks to be told about it
    situation: bool  # it describes the asker's own situation (first person)
    practice: bool = False  # it asks how to do something or names a problem: bare values answer nothing
    pick: tuple[re.Pattern[str], ...] = ()  # of a network's section, the passage to show first
    personal: bool = False  # one person's own matter ("my residence permit"), not a group's or a town's
    speaker: bool = False  # a situation told by one person alone ("I work for …"), not "we" or "our town"
    #: it is nothing but the words of a part every sheet has ("Probleme?", "Members?", "Kontakt Erfurt")
    only_sheet_words: bool = False
    counting: bool = False  # it asks for a figure ("Wie viele Ehrenamtliche hat Dortmund?")
    #: the asker tells their own need ("Ich habe kein Geld für die Miete"), not a group's or a town's
    own_need: bool = False
    #: one person's own things are named ("my permit", "mein Antrag", "iznim"), not only the asker as subject
    own_things: bool = False
    #: the groups (concept ids) the asker says they are one of ("ich bin Geflüchteter", "as a volunteer",
    #: "mülteciyim"): such a group the question names is the asker, not people a network works for
    member: frozenset[str] = frozenset()
    #: it asks how something was solved ("Wie haben die das mit den Sprachbarrieren gelöst?")
    solved: bool = False
    #: it asks which of the networks has more ("Welches der beiden hat mehr Mitglieder?")
    larger: bool = False
    #: it asks which of the networks is older ("Welches ist älter?")
    older: bool = False
    #: it asks which of the networks is younger ("Welches ist jünger?")
    younger: bool = False


def analyse_intent(text: str, masked: str) -> QuestionIntent:
    """Intents of ``text``; ``masked`` is the text without the words naming networks. An
    intent that restricts the answer (a strict one, a fact) counts only where it is asked:
    in the question of a text that also describes something ("kein Geld … Was können wir
    machen?" asks for advice, not for funding)."""
    data = intent_data()
    folded = fold(text)
    asked = fold(asked_part(text))
    rest = rest_words(masked)
    named = masked != text
    by_words = [intent for intent in data.intents if intent.asked_by_words(rest, named)]
    index = data.cue_index
    found = index.found(folded)  # the numbers of the cue lists with a cue found (IntentData.cue_index)
    found_asked = found if asked == folded else index.found(asked, data.asked_lists)
    # a situation told in sentences with no question asks for no fact (only_tells)
    facts_asked: set[int] = set() if data.check_number("situation") in found and only_tells(text) else found_asked
    # an intent's `unless` cues hold for its words too ("İletişim nasıl?": communication, not contact)
    matched = [intent for i, intent in enumerate(data.intents)
               if intent in by_words and 2 * i + 1 not in found
               or (2 * i in (in_text := facts_asked if intent.facts else found_asked if intent.strict else found)
                   and 2 * i + 1 not in in_text)]
    sections = tuple(dict.fromkeys(s for intent in matched if intent.strict for s in intent.sections))
    soft = tuple(dict.fromkeys(s for intent in matched if not intent.strict for s in intent.sections))
    prefer = tuple(p for intent in matched for p in intent.prefer)
    facts = tuple(dict.fromkeys(f for intent in matched for f in intent.facts))
    overview = named and (not rest or any(i.id == "compare" for i in matched) and only_compares(masked))
    ours = data.check_number("situation") in found or any(i.situation for i in matched)
    own_things = data.check_number("personal") in found
    told = own_things or data.check_number("subject") in found
    speaker = not ours and told
    situation = ours or speaker
    practice = data.check_number("practice") in found
    pick = tuple(p for intent in matched if intent.strict for p in intent.pick)
    group = data.check_number("group") in found
    # "Als Geflüchteter …", "as a volunteer", "Mülteci olarak …": the asker too, as one of a group
    member = frozenset(g for g, _ in data.member_cues if data.check_number(f"member:{g}") in found)
    personal = (told or bool(member)) and not group
    # "Wer koordiniert?", "Seit wann?", "Was lief schief?", "What went wrong?": the cues of intents with
    # answer parts of their own (a section, a fact) and nothing else ask for a part every sheet has too
    # ("Ev bulamıyorum", "I can't find a flat": the asker's own need in a cue's words is no part of the sheets)
    own_need = data.check_number("need") in found and not group
    parts = [i for i in matched if i.sections or i.facts]
    sheet_words = bool(by_words) or bool(parts) and not own_need and asks_only(masked, parts)
    return QuestionIntent(tuple(i.id for i in matched), sections, soft, prefer, facts, overview, situation, practice,
                          pick, personal, speaker, sheet_words, data.check_number("counting") in found,
                          own_need, own_things and not group, member, data.check_number("solved") in found,
                          data.check_number("larger") in found, data.check_number("older") in found,
                          data.check_number("younger") in found)


_WORD_REST = re.compile(r"\w*")


def asks_only(masked: str, intents: Sequence[Intent]) -> bool:
    """Whether ``masked`` (a question without the words naming networks) says nothing but what
    the cues of ``intents`` say and [overview] words: "Wer koordiniert?", "Who is the
    coordinator?", "Seit wann?" (each word a cue starts counts whole: "wie viele mitglied…")."""
    folded = fold(masked)
    left = list(folded)
    for cue in (cue for intent in intents for cue in intent.cues):
        for match in cue.finditer(folded):
            end = _WORD_REST.match(folded, match.end())  # always matches: \w* may be empty
            stop = end.end() if end else match.end()
            left[match.start():stop] = " " * (stop - match.start())
    return not rest_words("".join(left))


def only_compares(masked: str) -> bool:
    """Whether a sentence of ``masked`` (a question without the words naming networks) asks for
    a comparison and nothing else ("Could you compare Dortmund and Halberstadt for us?"), also
    after a sentence about the asker ("We are an NGO. Compare Dortmund and Halberstadt.")."""
    data = intent_data()
    cues = [cue for intent in data.intents if intent.id == "compare" for cue in intent.cues]
    return any(any(found(cue, fold(clause)) for cue in cues)
               and data.request_words.issuperset(rest_words(clause)) for clause in clauses(masked))


def restates(masked: str, words: frozenset[str]) -> bool:
    """Whether ``masked`` (a question without the words naming networks) says nothing but
    overview words and ``words`` (the named networks' own name words, in any language):
    "Neukolln saglik agi" is Neukölln's name, partly in its Turkish form."""
    rest = rest_words(masked)
    return bool(rest) and all(w in words for w in rest)


def rest_words(masked: str, *, overview: bool = False) -> list[str]:
    """The folded words of ``masked`` (a question without the words naming networks) but its
    overview words ("und", "peki", "what about"; with ``overview``, all): what it asks about."""
    return [w for w in _WORD.findall(fold(masked)) if overview or w not in intent_data().overview_words]


def tells_a_personal_matter(text: str) -> bool:
    """Whether ``text`` tells one person's own matter besides asking what to do: "Meine Frau
    ist im Krankenhaus, was soll ich tun?", "Oğlum okula gidemiyor, ne yapmalıyım?" (casework,
    never the town's situation), while "Was soll ich tun?" alone asks for advice about it.
    The [personal] cues outside the words of the requests for advice ("what should I do"),
    and no [personal] `unless` cue ("my town", "unsere Stadt") anywhere."""
    data = intent_data()
    folded = fold(text)
    told = folded
    for intent in data.intents:
        if intent.situation:  # "was soll ich tun", "which networks fit me": the request, not the matter
            for cue in intent.cues:
                told = cue.sub(" ", told)
    checks = data.checks
    return ((any_found(checks["personal"], told) or any_found(checks["subject"], told))
            and not any_found(checks["group"], folded))


def asks_for_more(text: str) -> bool:
    """Whether ``text`` only asks for more on what was asked before ("mehr dazu", "more on
    that", "daha fazla"): nothing but [more] words."""
    words = _WORD.findall(fold(text))
    return bool(words) and intent_data().more_words.issuperset(words)


def refers_back(text: str) -> bool:
    """Whether ``text`` points back to what was just answered ("Wer koordiniert dort?", "How
    are they funded?", "Onu kim koordine ediyor?"): a [refer] cue anywhere in it."""
    folded = fold(text)
    return any(cue.search(folded) for cue in intent_data().refer_cues)


def refers_to_one(text: str) -> bool:
    """Whether ``text`` points back to one network ("How is that one funded?", "Wie wird dieses
    Netzwerk finanziert?", "Onu kim koordine ediyor?"): a [refer] ``one`` cue anywhere in it."""
    folded = fold(text)
    return any(cue.search(folded) for cue in intent_data().one_cues)


def drops_the_pronoun(text: str, language: str) -> bool:
    """Whether ``text``, a question in ``language``, says "it" by an ending alone (Turkish "Ne
    zaman kuruldu?", "Ne kadara mal oldu?"): a [refer] ``dropped`` cue of that language."""
    folded = fold(text)
    return any(cue.search(folded) for cue in intent_data().dropped_cues.get(language, ()))


def starts_an_ellipsis(text: str) -> bool:
    """Whether ``text`` opens like an elliptical follow-up ("Und Halberstadt?", "What about
    Dortmund?", "Peki Erfurt?"): an [ellipsis] cue at its start."""
    folded = fold(text).lstrip(" \t\n\"'„“(-–")
    return any(cue.match(folded) for cue in intent_data().ellipsis_cues)
