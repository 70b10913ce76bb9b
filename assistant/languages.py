"""The languages the assistant reads, searches and answers in: one data file each.

``assistant/data/languages/<code>.toml`` holds everything language-specific: the
template's row labels, display names of sections and fields, stop words and the
Snowball stemmer, the parser's cue words (founding dates, member counts, contact
blocks, "solution:" markers), population words and multipliers, the words network
names ignore, and the app's example situation in the language. The supported
languages are the files present; nothing in the code lists them. :func:`load_language`
validates a file and names the file and line of a mistake (:class:`LanguageDataError`).

More language files can come from the directories in ``KOMPASS_LANGUAGE_DIRS``
(separated by ``os.pathsep``), read once at import: a file there adds a language or
replaces a built-in one with the same code.

Word lists are written in natural spelling. In the parser's and the population's
words, a space stands for any run of white space, a trailing ``*`` for any further
letters ("ansprechpartner*") and a trailing ``$`` for the end of the word ("ew$");
everything else is literal.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import re
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType, ModuleType
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from assistant.datafile import DataFileError, read_toml
from assistant.models import FactField, LabelKey, SectionKind

LANGUAGES_DIR: Final = Path(__file__).resolve().parent / "data" / "languages"
EXTRA_DIRS_VARIABLE: Final = "KOMPASS_LANGUAGE_DIRS"

_CODE_RE: Final = re.compile(r"[a-z]{2,3}")


class LanguageDataError(DataFileError):
    """A mistake in a language file, with the file and line it is on."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Cues(_Strict):
    """Words the parser and the answer composer look for in this language."""

    and_words: tuple[str, ...] = Field(default=(), alias="and")
    since: tuple[str, ...] = ()  # "since 1999": words before a founding year
    since_fillers: tuple[str, ...] = ()  # optional words between ("seit dem Jahr 1999")
    since_after: tuple[str, ...] = ()  # words after the year ("1999 yılından beri")
    date_prepositions: tuple[str, ...] = ()  # "on 01.10.1999 ... founded"
    founded: tuple[str, ...] = ()
    named: tuple[str, ...] = ()  # "… gaben dem Vorhaben den Namen „Offene Tore"": naming it founds it
    year_suffixes: tuple[str, ...] = ()  # a year's case ending before the founding verb ("2017'de kuruldu")
    months: tuple[str, ...] = ()  # month names of a written date ("20. November 2016")
    date_anaphora: tuple[str, ...] = ()  # a sentence starting so refers to the date before it
    exists_since: tuple[str, ...] = ()  # "2018 …; seitdem gibt es die Sprachkursrunde": it began then
    care_of: tuple[str, ...] = ()  # "c/o ...": a contact line that is part of the address
    legal_forms: tuple[str, ...] = ()  # "… Wendhusen eG": a contact line ending so names an organisation
    placeholder_values: tuple[str, ...] = ()  # a general row holding only one of these ("n/a") has no value
    social_media: tuple[str, ...] = ()  # platforms whose page a websites row may name alone ("Facebook: <name>")
    page_words: tuple[str, ...] = ()  # "Page 3 of 5": a line alone at a page break is a page number
    network_words: tuple[str, ...] = ()
    one_network_words: tuple[str, ...] = ()  # "das Netzwerk in Gruenwald": a question about one network says one
    member_approx: tuple[str, ...] = ()  # "more than 60 actors"
    member_approx_patterns: tuple[str, ...] = ()  # the same as regular expressions ("60'tan fazla")
    member_nouns: tuple[str, ...] = ()  # "60 members"
    member_words: tuple[str, ...] = ()  # a sentence about members mentions one of these
    #: a count written as a word ("three NGOs"): a figure, as "3" is; with the least count it stands for
    #: ("hundreds": 100), so that two networks' member counts compare ("Three NGOs" against "Circa 80")
    number_words: dict[str, int] = Field(default_factory=dict)
    #: number words that are pronouns too ("one of the", "no one has"): a count only right before a word
    #: that is no stop word ("one municipal employee"); each one of ``number_words``
    pronoun_number_words: tuple[str, ...] = ()
    contact_headings: tuple[str, ...] = ()
    phone_labels: tuple[str, ...] = ()
    street_words: tuple[str, ...] = ()  # "...straße 5": a street address before a number
    solution_markers: tuple[str, ...] = ()  # "solution: ..." inside a lesson learnt
    #: words that join a solution marker to its solution without a colon ("solution through patience")
    solution_links: tuple[str, ...] = ()
    continuation_starts: tuple[str, ...] = ()  # an entry starting so goes on from the one before
    #: a line ending in a word broken at its hyphen, the next starting with one of these: a suspended
    #: hyphen ("Sprach-" / "und Kulturmittler"), hyphen and blank kept (assistant.line_breaks)
    hyphen_conjunctions: tuple[str, ...] = ()
    run_on_stopwords: tuple[str, ...] = ()  # no item split after these (run-on lines)
    run_on_determiners: tuple[str, ...] = ()  # nor two words after these ("the local" / "Jobcenter")
    run_on_place_words: tuple[str, ...] = ()  # "City of Dortmund": a whole name, a split may follow it
    proper_adjectives: tuple[str, ...] = ()  # capitalised inside a sentence ("German"): no item starts there
    open_ended_words: tuple[str, ...] = ()  # an entry cannot end with these (German column layouts)
    adjective_endings: tuple[str, ...] = ()  # an entry ending in an inflected adjective goes on
    never_last_words: tuple[str, ...] = ()  # nor with these, even when its line stops short ("at most")
    entry_openers: tuple[str, ...] = ()  # capitalised after a verb particle, these open an entry
    verb_particles: tuple[str, ...] = ()  # "laden … ein": a separable verb's particle closing its sentence
    amount_units: tuple[str, ...] = ()  # "rund 1,2 Millionen Euro" / "Forderungen …": an amount open for its noun
    amount_multipliers: tuple[str, ...] = ()  # between the number and the unit ("Millionen")
    name_stopwords: tuple[str, ...] = ()  # words of network names that name nothing
    place_prepositions: tuple[str, ...] = ()  # "in Essen": a town whose name is a word is a place after these
    #: a hedge ("no", "kein") reaches no further than these: "The city coordinates, but we have no money"
    contrast_words: tuple[str, ...] = ()
    #: a clause these open goes with the one before ("Wir überlegen, ob die Stadt koordiniert")
    subordinating_words: tuple[str, ...] = ()
    #: endings a verb may carry: "çöz|dü|ler" (they solved) is a word, never a typo, where the verb's
    #: infinitive (its stem and one of ``infinitive_endings``: "çözmek") is a known word
    verb_endings: tuple[str, ...] = ()
    infinitive_endings: tuple[str, ...] = ()

    @field_validator("number_words")
    @classmethod
    def _counts(cls, value: dict[str, int]) -> dict[str, int]:
        if bad := next((word for word, count in value.items() if count < 1), None):
            raise ValueError(f"number_words: {bad!r} must stand for a count of 1 or more")
        return value

    @field_validator("pronoun_number_words")
    @classmethod
    def _pronouns_counted(cls, value: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        if missing := [w for w in value if w not in info.data.get("number_words", {})]:
            raise ValueError(f"pronoun_number_words: {missing[0]!r} is not in number_words (what it counts)")
        return value


class Population(_Strict):
    """How a text states a town's population in this language."""

    nouns: tuple[str, ...] = ()  # "population 40,000"
    links: tuple[str, ...] = ()  # "population of 40,000"
    after_number: tuple[str, ...] = ()  # "40,000 inhabitants"
    town_words: tuple[str, ...] = ()  # "town of 40,000"
    town_links: tuple[str, ...] = ()
    qualifiers: tuple[str, ...] = ()  # "about 40,000"
    not_units: tuple[str, ...] = ()  # "a city of 40 km²" is no population
    people: tuple[str, ...] = ()  # the user's "40,000 people"
    context: tuple[str, ...] = ()  # words near a figure that make it a population
    multipliers: dict[str, float] = Field(default_factory=dict)  # "40 Tsd.", "1,2 Mio"


class ConceptTerms(_Strict):
    """A language's label and terms for a concept of the vocabulary (a language that
    brings its own words for a concept; the built-in ones are in concepts.toml)."""

    label: str = ""
    terms: tuple[str, ...] = ()


_KEY_NAME_RE: Final = re.compile(r"[a-z][a-z0-9_]*")


class Example(_Strict):
    """The app's one-click example situation in this language."""

    title: str  # catalogue key of its title, shown in the interface's language
    text: str  # the situation, asked as it is

    @field_validator("title")
    @classmethod
    def _title(cls, value: str) -> str:
        if not _KEY_NAME_RE.fullmatch(value):
            raise ValueError("must be a catalogue key such as 'example_de_title'")
        return value

    @field_validator("text")
    @classmethod
    def _text(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value.strip()


class LanguageData(_Strict):
    """One language file, validated."""

    code: str
    name: str  # the language's own name
    priority: int  # order of a network's sheets (lower first) and of label ties
    stemmer: str = ""  # PyStemmer algorithm; "" for none
    lingua: str = ""  # lingua-language-detector Language name; "" if lingua lacks it
    decimal_separator: str  # how the UI writes 0.60: "." (en) or "," (de, tr)
    bm25s_stopwords: str = ""  # a list of bm25s.stopwords (e.g. "STOPWORDS_GERMAN")
    stopwords: tuple[str, ...] = ()  # more stop words (questions' filler words)
    #: Letters that may join the parts of a compound ("Integration-s-netzwerk"); none: the
    #: language's words are not split into parts (assistant.compounds).
    compound_links: tuple[str, ...] = ()
    #: A line ending in a word broken at its hyphen before a lower-case letter ("Integrations-" /
    #: "beauftragte"): "drop" joins the parts without the hyphen (compounds are written as one word),
    #: "keep" keeps it ("non-" / "state": "non-state"); assistant.line_breaks.
    line_end_hyphen: Literal["drop", "keep"] = "keep"
    #: Endings this language writes after an apostrophe on a name ("Erfurt'ta", "Dortmund'un"): such an
    #: ending is one of the language's own words in a question whose name is masked (assistant.language).
    name_endings: tuple[str, ...] = ()
    #: Words a question opens with ("wer", "was", "wie"): one that another language writes too ("was") is this
    #: language's own in a question where the word after it is (assistant.language: "Was macht Erfurt?").
    question_words: tuple[str, ...] = ()
    labels: dict[str, tuple[str, ...]]
    section_names: dict[SectionKind, str]
    field_names: dict[FactField, str]
    cues: Cues = Cues()
    population: Population = Population()
    concepts: dict[str, ConceptTerms] = Field(default_factory=dict)
    example: Example | None = None  # the app's example situation in this language
    path: Path | None = None  # the file it was read from (set by the loader)

    @field_validator("code")
    @classmethod
    def _code(cls, value: str) -> str:
        if not _CODE_RE.fullmatch(value):
            raise ValueError("must be a lower-case ISO 639 code such as 'de'")
        return value

    @field_validator("decimal_separator")
    @classmethod
    def _decimal_separator(cls, value: str) -> str:
        if len(value) != 1 or value.isalnum() or value.isspace():
            raise ValueError("must be one character that is neither a letter, a digit nor a space (\".\" or \",\")")
        return value

    @field_validator("stemmer")
    @classmethod
    def _stemmer(cls, value: str) -> str:
        if value:
            import Stemmer

            if value not in Stemmer.algorithms():
                raise ValueError(f"unknown stemmer {value!r}; PyStemmer has {', '.join(Stemmer.algorithms())}")
        return value

    @field_validator("compound_links")
    @classmethod
    def _compound_links(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if any(not link.isalpha() or link != link.lower() for link in value):
            raise ValueError("joining letters must be lower-case letters, such as \"s\" or \"en\"")
        return value

    @field_validator("lingua")
    @classmethod
    def _lingua(cls, value: str) -> str:
        if value:
            from lingua import Language

            if not hasattr(Language, value):
                raise ValueError(f"lingua has no language {value!r} (write it as in lingua.Language, e.g. GERMAN)")
        return value

    @field_validator("bm25s_stopwords")
    @classmethod
    def _bm25s(cls, value: str) -> str:
        if value and not isinstance(getattr(bm25s_stopwords(), value, None), (list, tuple, set, frozenset)):
            raise ValueError(f"bm25s.stopwords has no list {value!r}")
        return value

    @field_validator("labels")
    @classmethod
    def _labels(cls, value: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        unknown = sorted(set(value) - {k.value for k in LabelKey})
        if unknown:
            raise ValueError(f"unknown label keys {unknown}; known: {', '.join(k.value for k in LabelKey)}")
        for key, labels in value.items():
            if not labels or not all(label.strip() for label in labels):
                raise ValueError(f"{key}: needs at least one non-empty label")
        return value

    def all_stopwords(self) -> frozenset[str]:
        """Own stop words plus the bm25s list named in the file, lower-cased."""
        words = set(self.stopwords)
        if self.bm25s_stopwords:
            words.update(getattr(bm25s_stopwords(), self.bm25s_stopwords))
        return frozenset(w.lower() for w in words)


def bm25s_stopwords() -> ModuleType:
    """bm25s's stop word lists (its module ``bm25s.stopwords``: lists only), read from their file
    without importing bm25s itself, which pulls scipy.sparse in (~0.2 s of CPU at every start, for
    lists the language files name); bm25s's own module where it is imported already, or where the
    file cannot be read so."""
    return sys.modules.get("bm25s.stopwords") or _stopwords_file()


@functools.cache
def _stopwords_file() -> ModuleType:
    try:
        package = importlib.util.find_spec("bm25s")  # found, not imported
        assert package is not None and package.origin is not None
        spec = importlib.util.spec_from_file_location("assistant._bm25s_stopwords",
                                                      Path(package.origin).parent / "stopwords.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    except Exception:  # noqa: BLE001 - another layout of bm25s: its module, imported
        import bm25s.stopwords

        imported: ModuleType = bm25s.stopwords
        return imported
    return module


# --------------------------------------------------------------------------- loading


_HEADER_RE: Final = re.compile(r"^\s*\[\s*([^\]]+?)\s*\]")
_KEY_RE: Final = re.compile(r"^\s*([A-Za-z0-9_\"'-]+)\s*=")


def _line_of(text: str, location: Iterable[object]) -> int:
    """The line of the key at ``location`` (table path, then key), else of its table."""
    path = [str(p) for p in location]
    best = 1
    table = ""
    for number, line in enumerate(text.splitlines(), 1):
        header = _HEADER_RE.match(line)
        if header:
            table = header.group(1).strip()
            if path and table == ".".join(path[: table.count(".") + 1]):
                best = number
            continue
        key = _KEY_RE.match(line)
        if key is None:
            continue
        depth = table.count(".") + 1 if table else 0
        in_table = path[:depth] == (table.split(".") if table else []) and len(path) > depth
        if in_table and key.group(1).strip("\"'") == path[depth]:
            return number
    return best


def load_language(path: Path) -> LanguageData:
    """Read and validate one language file; :class:`LanguageDataError` names the file and
    line of the first mistake. The file's name must be its code (``de.toml``)."""
    text, data = read_toml(path, LanguageDataError)
    try:
        language = LanguageData.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"])
        raise LanguageDataError(path, _line_of(text, error["loc"]), f"{where}: {error['msg']}") from exc
    if language.code != path.stem:
        raise LanguageDataError(path, _line_of(text, ("code",)), f"code {language.code!r} differs from the file name")
    if "path" in data:
        raise LanguageDataError(path, _line_of(text, ("path",)), "path: is set by the loader, not in the file")
    return language.model_copy(update={"path": path})


def line_of(language: LanguageData, *location: str) -> int:
    """The line of a key in the file ``language`` was read from (for errors found later)."""
    if language.path is None:
        return 0
    try:
        return _line_of(language.path.read_text(encoding="utf-8"), location)
    except OSError:
        return 0


def _language_files() -> dict[str, Path]:
    files = {p.stem: p for p in sorted(LANGUAGES_DIR.glob("*.toml"))}
    for folder in filter(None, os.environ.get(EXTRA_DIRS_VARIABLE, "").split(os.pathsep)):
        files.update({p.stem: p for p in sorted(Path(folder).glob("*.toml"))})
    return files


def _load_all() -> Mapping[str, LanguageData]:
    loaded = [load_language(path) for path in _language_files().values()]
    if not loaded:
        raise LanguageDataError(LANGUAGES_DIR, 0, "no language files")
    loaded.sort(key=lambda lang: (lang.priority, lang.code))
    return MappingProxyType({lang.code: lang for lang in loaded})


#: Every language, by code, in priority order (English, German, Turkish, then others).
LANGUAGES: Final[Mapping[str, LanguageData]] = _load_all()
#: The supported language codes, alphabetical.
SUPPORTED: Final[tuple[str, ...]] = tuple(sorted(LANGUAGES))
#: The same codes in priority order.
BY_PRIORITY: Final[tuple[str, ...]] = tuple(LANGUAGES)


def words(kind: str) -> tuple[str, ...]:
    """The union over all languages of one cue-word list (``Cues`` field), in order."""
    out: dict[str, None] = {}
    for language in LANGUAGES.values():
        out.update(dict.fromkeys(getattr(language.cues, kind)))
    return tuple(out)


def population_words(kind: str) -> tuple[str, ...]:
    """The union over all languages of one population-word list (``Population`` field)."""
    out: dict[str, None] = {}
    for language in LANGUAGES.values():
        out.update(dict.fromkeys(getattr(language.population, kind)))
    return tuple(out)


def word_pattern(word: str) -> str:
    """A cue word as a regex: a space is any white space, a trailing ``*`` any further
    letters, a trailing ``$`` the end of the word ("ew$": not "ewig")."""
    tail = {"*": r"\w*", "$": r"(?!\w)"}.get(word[-1:], "")
    stem = word[:-1] if tail else word
    return r"\s+".join(re.escape(part) for part in stem.split()) + tail


def alternation(word_list: Iterable[str]) -> str:
    """``(?:a|b|c)`` of the words' patterns, longest first (so "tel." wins over "tel")."""
    patterns = sorted({word_pattern(w) for w in word_list}, key=lambda p: (-len(p), p))
    return "(?:" + "|".join(patterns) + ")" if patterns else "(?!)"
