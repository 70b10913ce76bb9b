"""Countries and regions a question names, and the networks located there.

The names are data: ``assistant/data/places.toml`` (countries, regions and large cities, each
with its names in every supported language and the place it lies in) and
``assistant/data/towns.toml`` (towns and provinces, generated from GeoNames by
scripts/towns_from_geonames.py). A town whose name is an everyday word ("Essen", "Halle")
is named only after a place preposition ("Netzwerke in Essen?", "from Halle") or with a
case ending after an apostrophe ("Essen'deki"): "Essen und Kultur" names no place. The same names read a
network's location row ("Bergfeld / Kuzey Ren-Vestfalya / Almanya" is in DE-NW and DE)
and a question ("Gibt es Netzwerke in Nordrhein-Westfalen?", "examples from the UK"), so
a question in one language finds the networks whose sheets name the place in another.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Final

from assistant.datafile import DataFileError, line_at, line_of, read_packaged, read_toml
from assistant.languages import SUPPORTED
from assistant.languages import words as cue_words
from assistant.lexicon import EVERYDAY, best_frequency, frequency
from assistant.names import stems
from assistant.text import fold, match_fold

PLACES_FILE: Final = "places.toml"
TOWNS_FILE: Final = "towns.toml"
_WORD: Final = re.compile(r"\w+")
#: A word, and whether an apostrophe joins it to the next ("Essen'de": a name with a case ending).
_TOKEN: Final = re.compile(r"(\w+)(['’`´](?=\w))?")
#: A one-word place name this long or longer may carry an inflection ending ("Gütersloh'ta",
#: "Gütersloher"; a German one from a letter less: "Kölner", not "muss" for Muş).
MIN_INFLECTED: Final = 5
#: German endings of a place name ("Kölner", "Bayerns"): the word is no place where it is
#: this common in English ("further": Fürth; "Hamburger Netzwerke" is still Hamburg).
_GERMAN_ENDINGS: Final = frozenset("er ern ers erin erinnen s es".split())
FOREIGN_WORD: Final = 4.5
_ID: Final = re.compile(r"^[A-Z]{2}(-[A-Z0-9]{1,3})?(-[A-Z0-9]{1,8})?$")


class PlacesError(DataFileError):
    """A mistake in the places file."""


@dataclass(frozen=True)
class Places:
    """Place names -> place ids, and each place's enclosing places."""

    #: First word of a name -> (the name's words, place id), longest names first.
    by_first: dict[str, tuple[tuple[tuple[str, ...], str], ...]]
    within: dict[str, tuple[str, ...]]  # place id -> the places it lies in, innermost first
    shown: dict[str, dict[str, str]]  # place id -> language -> the name it is shown by (its first)
    #: one-word names that are everyday words: a place only after a preposition or with a case ending
    cued: frozenset[tuple[str, ...]] = frozenset()
    #: the words before a place name that make it one ("in", "aus", "from"; folded)
    prepositions: frozenset[str] = frozenset()

    def name(self, place: str, language: str) -> str:
        """What ``place`` is called in ``language`` (its first name there; the id if unknown)."""
        names = self.shown.get(place, {})
        return names.get(language) or names.get("en") or place

    def find(self, text: str, *, cued: bool = False) -> frozenset[str]:
        """Ids of the places ``text`` names ("in Bayern": DE-BY, not all of Germany).
        ``cued``: every name is a place name there (a location row: "Essen / NRW")."""
        words, joined = _tokens(text)
        found: set[str] = set()
        i = 0
        while i < len(words):
            matched = self._match_at(words, i, cued or joined[i] or self._after_preposition(words, i))
            if matched is None:
                i += 1
                continue
            length, place = matched
            found.add(place)
            i += length
        return frozenset(found)

    def without_names(self, text: str) -> str:
        """``text``'s words (folded) without those that name places: "Was gibt es in NRW?" ->
        "was gibt es in"; "Almanya'daki ağlar?" -> "daki aglar"."""
        words, joined = _tokens(text)
        kept: list[str] = []
        i = 0
        while i < len(words):
            matched = self._match_at(words, i, joined[i] or self._after_preposition(words, i))
            if matched is None:
                kept.append(words[i])
                i += 1
            else:
                i += matched[0]
        return " ".join(kept)

    def _after_preposition(self, words: Sequence[str], i: int) -> bool:
        return i > 0 and _form(words[i - 1]) in self.prepositions

    def _match_at(self, words: Sequence[str], i: int, cue: bool) -> tuple[int, str] | None:
        """The longest name starting at ``words[i]``: every word as written but the last,
        which may carry an inflection ending ("Bayerns", "Almanya'da" is two words). A name
        that is an everyday word counts only with a ``cue``, and as written. Words are compared in
        their matching form (:func:`_form`: "Muehlhofen" is "Mühlhofen")."""
        form = _form(words[i])
        for candidate in _forms(form):
            for name, place in self.by_first.get(candidate, ()):
                end = i + len(name)
                if end > len(words):
                    continue
                if candidate != form and len(name) == 1 and not _inflected(form, candidate, words[i]):
                    continue
                if name in self.cued and not (cue and candidate == form):
                    continue
                if len(name) == 1 or (tuple(_form(w) for w in words[i:end - 1]) == name[:-1]
                                      and name[-1] in stems(_form(words[end - 1]))):
                    return len(name), place
        return None

    def of_location(self, location: str) -> frozenset[str]:
        """The places of a network's location row ("Bergfeld / Kuzey Ren-Vestfalya / Almanya":
        DE-NW and DE; a region's country also where the sheet does not name it)."""
        named = self.find(location, cued=True)
        return named.union(*(self.within.get(place, ()) for place in named))


def _inflected(word: str, name: str, written: str) -> bool:
    """May ``word`` (a matching form, :func:`_form`; ``written``: folded as written) be the
    one-word place ``name`` with an inflection ending? Not for a short
    name ("gerade" is no Gera, "karşı" no Kars, "musun" no Muş), nor where the word is an
    everyday word in its own right: with a Turkish ending in any language ("kilise", church,
    is no Kilis), with a German one ("Berliner", "Kölner") in English or Turkish ("further"
    is no Fürth)."""
    if word[len(name):] in _GERMAN_ENDINGS:
        return (len(name) >= MIN_INFLECTED - 1 and frequency(written, "en") < FOREIGN_WORD
                and frequency(written, "tr") < EVERYDAY)
    return len(name) >= MIN_INFLECTED and best_frequency(written) < EVERYDAY


@lru_cache(maxsize=1 << 14)
def _form(word: str) -> str:
    """The form a folded word is matched in, a place name's and a question's alike: transliterated
    umlauts read as the umlauts ("muehlhofen" -> "muhlhofen"), by the one digraph rule of
    :func:`assistant.text.match_fold`."""
    return match_fold(word)


def _tokens(text: str) -> tuple[list[str], list[bool]]:
    """The folded words of ``text``, and for each whether an apostrophe joins it to the next."""
    pairs = [(m.group(1), m.group(2) is not None) for m in _TOKEN.finditer(fold(text))]
    return [w for w, _ in pairs], [j for _, j in pairs]


@lru_cache(maxsize=1 << 14)
def _forms(word: str) -> tuple[str, ...]:
    """The word and what it is without one inflection ending (a question's words recur)."""
    return tuple(dict.fromkeys((word, *stems(word))))


@dataclass(frozen=True)
class _Source:
    """One places file: its text (for line numbers), its tables and its path."""

    text: str
    data: dict[str, object]
    path: Path


def parse_places(text: str, data: dict[str, object], path: Path, *more: _Source) -> Places:
    """Validate the tables of the places file (and of ``more`` files, whose places may lie in
    its places); a mistake raises :class:`PlacesError` with its file and line."""
    names: dict[tuple[str, ...], str] = {}
    parents: dict[str, tuple[str, _Source]] = {}
    shown: dict[str, dict[str, str]] = {}
    cued: set[tuple[str, ...]] = set()
    known: dict[str, _Source] = {}
    for source in (_Source(text, data, path), *more):
        for place, table in source.data.items():
            if not _ID.match(place):
                raise _error(source, place, f"[{place}]: a place id is an ISO 3166 code such as DE or "
                                                     "DE-BY (a city: DE-BY-MUC, a town: DE-NW-2928810)")
            if not isinstance(table, dict):
                raise PlacesError(source.path, line_of(source.text, place), f"{place} must be a table")
            if place in known:
                raise _error(source, place, f"[{place}] is in {known[place].path.name} already")
            known[place] = source
            parents.update(_read_place(names, shown, cued, place, table, source))
    for place, (parent, source) in parents.items():
        if parent not in known:
            raise _error(source, place, f"[{place}] within {parent!r}: no such place")
    if not names:
        raise PlacesError(path, 0, "names no places")
    by_parent = {place: parent for place, (parent, _) in parents.items()}
    return Places(_by_first(names), {place: _enclosing(place, by_parent) for place in known}, shown,
                  frozenset(cued), frozenset(_form(fold(w)) for w in cue_words("place_prepositions")))


def _read_place(names: dict[tuple[str, ...], str], shown: dict[str, dict[str, str]], cued: set[tuple[str, ...]],
                place: str, table: dict[str, object], source: _Source) -> dict[str, tuple[str, _Source]]:
    """Add one place's table to ``names``, ``shown`` and ``cued``; its parent, if it names one."""
    parent: dict[str, tuple[str, _Source]] = {}
    own: list[tuple[str, ...]] = []
    for key, value in table.items():
        if key == "within":
            if not isinstance(value, str):
                raise _error(source, place, f"[{place}] within must be a place id")
            parent[place] = (value, source)
        elif key == "word":
            if not isinstance(value, bool):
                raise _error(source, place, f"[{place}] word must be true or false")
        elif key == "names":  # the same in every language; a language's own list comes first
            first = _add_names(names, place, key, value, source, own)
            for language in SUPPORTED:
                shown.setdefault(place, {}).setdefault(language, first)
        else:
            shown.setdefault(place, {})[key] = _add_names(names, place, key, value, source, own)
    if table.get("word") is True:
        cued.update(words for words in own if len(words) == 1)
    return parent


def _add_names(names: dict[tuple[str, ...], str], place: str, language: str, value: object,
               source: _Source, own: list[tuple[str, ...]]) -> str:
    """Add the list ``value`` of ``place``'s names in ``language`` (or all, ``names``) to
    ``names`` (words -> place) and ``own``; the first name, which the place is shown by."""
    if language not in (*SUPPORTED, "names"):
        raise _error(source, place, f"[{place}] {language}: unknown key (within, word, names, or a "
                                      f"language: {', '.join(SUPPORTED)})")
    if not isinstance(value, list) or not value:
        raise _error(source, place, f"[{place}] {language} must be a non-empty list of names")
    for name in value:
        words = tuple(_form(w) for w in _WORD.findall(fold(name))) if isinstance(name, str) else ()
        if not words:
            raise _error(source, place, f"[{place}] {language}: a name must have letters")
        if names.get(words, place) != place:
            at = source.text.find(f'"{name}"', source.text.find(f"[{place}]"))  # in this place's table
            raise PlacesError(source.path, line_at(source.text, at) if at >= 0 else line_of(source.text, f"[{place}]"),
                              f"{name!r} names both [{names[words]}] and [{place}]")
        names[words] = place
        own.append(words)
        if "ß" in name:  # "Gießen" written "Giessen" (fold writes ß as s), unless that names another place
            sharp = tuple(_form(w) for w in _WORD.findall(fold(name.replace("ß", "ss"))))
            if names.setdefault(sharp, place) == place:
                own.append(sharp)
    return str(value[0])


def _error(source: _Source, place: str, message: str) -> PlacesError:
    """A mistake in ``place``'s table, at its line (found only when there is a mistake)."""
    return PlacesError(source.path, line_of(source.text, f"[{place}]"), message)


def _by_first(names: dict[tuple[str, ...], str]) -> dict[str, tuple[tuple[tuple[str, ...], str], ...]]:
    grouped: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for words, place in names.items():
        grouped.setdefault(words[0], []).append((words, place))
    return {first: tuple(sorted(entries, key=lambda e: -len(e[0]))) for first, entries in grouped.items()}


def _enclosing(place: str, parents: dict[str, str]) -> tuple[str, ...]:
    chain: list[str] = []
    while place in parents and parents[place] not in chain and len(chain) < len(parents):
        place = parents[place]
        chain.append(place)
    return tuple(chain)


def read_places(path: Path, *more: Path) -> Places:
    """The places of ``path`` and of the ``more`` files (towns lying in its places)."""
    text, data = read_toml(path, PlacesError)
    return parse_places(text, data, path, *(_Source(*read_toml(p, PlacesError), p) for p in more))


@cache
def places() -> Places:
    """The packaged places and towns, read and validated once."""
    return read_packaged(PLACES_FILE, lambda path: read_packaged(TOWNS_FILE, lambda towns: read_places(path, towns)))


def networks_in(located: Iterable[tuple[str, frozenset[str]]], named: frozenset[str]) -> frozenset[str]:
    """Ids of the networks (``(id, places)`` pairs) located in any of the ``named`` places."""
    return frozenset(network_id for network_id, at in located if at & named)
