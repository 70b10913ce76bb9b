"""Countries and regions a question names, and the networks located there.

The names are data (``assistant/data/places.toml``): each place with its names in every
supported language and, for a region, the country it lies in. The same names read a
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
from assistant.names import stems
from assistant.text import fold

PLACES_FILE: Final = "places.toml"
_WORD: Final = re.compile(r"\w+")
_ID: Final = re.compile(r"^[A-Z]{2}(-[A-Z0-9]{1,3}){0,2}$")


class PlacesError(DataFileError):
    """A mistake in the places file."""


@dataclass(frozen=True)
class Places:
    """Place names -> place ids, and each place's enclosing places."""

    #: First word of a name -> (the name's words, place id), longest names first.
    by_first: dict[str, tuple[tuple[tuple[str, ...], str], ...]]
    within: dict[str, tuple[str, ...]]  # place id -> the places it lies in, innermost first
    shown: dict[str, dict[str, str]]  # place id -> language -> the name it is shown by (its first)

    def name(self, place: str, language: str) -> str:
        """What ``place`` is called in ``language`` (its first name there; the id if unknown)."""
        names = self.shown.get(place, {})
        return names.get(language) or names.get("en") or place

    def find(self, text: str) -> frozenset[str]:
        """Ids of the places ``text`` names ("in Bayern": DE-BY, not all of Germany)."""
        words = _WORD.findall(fold(text))
        found: set[str] = set()
        i = 0
        while i < len(words):
            matched = self._match_at(words, i)
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
        words = _WORD.findall(fold(text))
        kept: list[str] = []
        i = 0
        while i < len(words):
            matched = self._match_at(words, i)
            if matched is None:
                kept.append(words[i])
                i += 1
            else:
                i += matched[0]
        return " ".join(kept)

    def _match_at(self, words: Sequence[str], i: int) -> tuple[int, str] | None:
        """The longest name starting at ``words[i]``: every word as written but the last,
        which may carry an inflection ending ("Bayerns", "Almanya'da" is two words)."""
        for candidate in _forms(words[i]):
            for name, place in self.by_first.get(candidate, ()):
                end = i + len(name)
                if end > len(words):
                    continue
                if len(name) == 1 or (tuple(words[i:end - 1]) == name[:-1] and name[-1] in stems(words[end - 1])):
                    return len(name), place
        return None

    def of_location(self, location: str) -> frozenset[str]:
        """The places of a network's location row ("Bergfeld / Kuzey Ren-Vestfalya / Almanya":
        DE-NW and DE; a region's country also where the sheet does not name it)."""
        named = self.find(location)
        return named.union(*(self.within.get(place, ()) for place in named))


@lru_cache(maxsize=1 << 14)
def _forms(word: str) -> tuple[str, ...]:
    """The word and what it is without one inflection ending (a question's words recur)."""
    return tuple(dict.fromkeys((word, *stems(word))))


def parse_places(text: str, data: dict[str, object], path: Path) -> Places:
    """Validate the tables of the places file; a mistake raises :class:`PlacesError` with its line."""
    names: dict[tuple[str, ...], str] = {}
    parents: dict[str, str] = {}
    shown: dict[str, dict[str, str]] = {}
    for place, table in data.items():
        line = line_of(text, f"[{place}]")
        if not _ID.match(place):
            raise PlacesError(path, line, f"[{place}]: a place id is an ISO 3166 code such as DE or DE-BY "
                                          "(a city: DE-BY-MUC)")
        if not isinstance(table, dict):
            raise PlacesError(path, line_of(text, place), f"{place} must be a table")
        for key, value in table.items():
            if key == "within":
                if not isinstance(value, str):
                    raise PlacesError(path, line, f"[{place}] within must be a place id")
                parents[place] = value
                continue
            shown.setdefault(place, {})[key] = _add_names(names, place, key, value, (text, path, line))
    for place, parent in parents.items():
        if parent not in data:
            raise PlacesError(path, line_of(text, f"[{place}]"), f"[{place}] within {parent!r}: no such place")
    if not names:
        raise PlacesError(path, 0, "names no places")
    return Places(_by_first(names), {place: _enclosing(place, parents) for place in data}, shown)


def _add_names(names: dict[tuple[str, ...], str], place: str, language: str, value: object,
               where: tuple[str, Path, int]) -> str:
    """Add the list ``value`` of ``place``'s names in ``language`` to ``names`` (words -> place);
    the first name, which the place is shown by in that language."""
    text, path, line = where
    if language not in SUPPORTED:
        raise PlacesError(path, line, f"[{place}] {language}: unknown key (within, or a language: "
                                      f"{', '.join(SUPPORTED)})")
    if not isinstance(value, list) or not value:
        raise PlacesError(path, line, f"[{place}] {language} must be a non-empty list of names")
    for name in value:
        words = tuple(_WORD.findall(fold(name))) if isinstance(name, str) else ()
        if not words:
            raise PlacesError(path, line, f"[{place}] {language}: a name must have letters")
        if names.get(words, place) != place:
            at = text.find(f'"{name}"', text.find(f"[{place}]"))  # in this place's table
            raise PlacesError(path, line_at(text, at) if at >= 0 else line,
                              f"{name!r} names both [{names[words]}] and [{place}]")
        names[words] = place
    return str(value[0])


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


def read_places(path: Path) -> Places:
    text, data = read_toml(path, PlacesError)
    return parse_places(text, data, path)


@cache
def places() -> Places:
    """The packaged places, read and validated once."""
    return read_packaged(PLACES_FILE, read_places)


def networks_in(located: Iterable[tuple[str, frozenset[str]]], named: frozenset[str]) -> frozenset[str]:
    """Ids of the networks (``(id, places)`` pairs) located in any of the ``named`` places."""
    return frozenset(network_id for network_id, at in located if at & named)
