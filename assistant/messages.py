"""Every user-facing string, from gettext catalogues: one lookup for the app, the CLI,
the library's answers and the handout.

The catalogues are ``assistant/data/locale/<lang>/LC_MESSAGES/messages.po``, read at
first use with Babel (no build step: a fresh clone works as it is). Message ids are
keys ("empty_question"); the English catalogue holds the English text, and a language
without a string falls back to it. A catalogue's mistakes (syntax, a placeholder the
English text does not have, an unknown grammatical form) stop the start with the file
and line (:class:`CatalogueError`).

``t(key, lang, **values)`` formats a string; ``nt(key, lang, n, **values)`` picks the
plural form for ``n`` by the catalogue's Plural-Forms ("1 Eintrag", "2 Einträge"), and
``t`` does the same for a plural entry when ``n`` is among the values. A placeholder
may ask for a Turkish case of a name: ``{city:loc}`` gives "Erfurt'ta", "Köln'de"
(locative), ``:abl`` "Erfurt'tan" (ablative), ``:dat`` "Erfurt'a" (dative), ``:gen``
"Erfurt'un" (genitive), by vowel harmony and consonant assimilation.

More catalogues come from the folders in ``KOMPASS_LANGUAGE_DIRS`` (the folders of more
language files, :mod:`assistant.languages`): ``<folder>/locale/<lang>/LC_MESSAGES/
messages.po`` adds a language's catalogue or replaces a built-in one.
"""

from __future__ import annotations

import gettext
import os
import re
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Final

from assistant.languages import EXTRA_DIRS_VARIABLE

LOCALE_DIR: Final = Path(__file__).resolve().parent / "data" / "locale"
DOMAIN: Final = "messages"
FALLBACK: Final = "en"


class CatalogueError(ValueError):
    """A mistake in a catalogue, with the file and line it is on."""

    def __init__(self, path: Path, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message


# --------------------------------------------------------------------------- Turkish cases

_BACK: Final = frozenset("aıou")
_FRONT: Final = frozenset("eiöüäé")
_VOICELESS: Final = frozenset("fstkçşhp")  # "fıstıkçı şahap": d -> t after these


def _last_vowel(word: str) -> str:
    for ch in reversed(word.lower().replace("I", "ı")):
        if ch in _BACK or ch in _FRONT:
            return ch
    return "e"


def _ends_in_vowel(word: str) -> bool:
    last = word.rstrip()[-1:].lower()
    return last in _BACK or last in _FRONT


def turkish_case(name: str, case: str) -> str:
    """``name`` with a Turkish case ending after an apostrophe, as Turkish writes proper
    names: locative ``loc`` (Erfurt'ta, Dortmund'da, Köln'de), ablative ``abl``
    (Erfurt'tan), dative ``dat`` (Erfurt'a, Halle'ye), genitive ``gen`` (Erfurt'un,
    Berlin'in, Halle'nin). The spelling decides: a German name is read as written."""
    name = name.strip()
    if not name:
        return name
    vowel = _last_vowel(name)
    back = vowel in _BACK
    last = name[-1].lower()
    if case in ("loc", "abl"):
        consonant = "t" if last in _VOICELESS else "d"
        ending = consonant + ("a" if back else "e") + ("n" if case == "abl" else "")
    elif case == "dat":
        ending = ("y" if _ends_in_vowel(name) else "") + ("a" if back else "e")
    elif case == "gen":
        four = {"a": "ı", "ı": "ı", "o": "u", "u": "u", "e": "i", "i": "i", "é": "i", "ö": "ü", "ü": "ü", "ä": "i"}
        ending = ("n" if _ends_in_vowel(name) else "") + four[vowel] + "n"
    else:
        raise ValueError(f"unknown Turkish case {case!r}")
    return f"{name}'{ending}"


def _case(case: str) -> Callable[[str], str]:
    def form(value: str) -> str:
        return turkish_case(value, case)

    return form


#: Format specs a placeholder may carry: grammatical forms of the value.
FORMS: Final[Mapping[str, Callable[[str], str]]] = {case: _case(case) for case in ("loc", "abl", "dat", "gen")}


class _Formatter(string.Formatter):
    def format_field(self, value: object, format_spec: str) -> str:
        form = FORMS.get(format_spec)
        if form is not None:
            return form(str(value))
        return str(super().format_field(value, format_spec))


_FORMATTER: Final = _Formatter()


def _fields(text: str) -> dict[str, str]:
    """Placeholder name -> format spec of a template."""
    return {name: spec or "" for _, name, spec, _ in _FORMATTER.parse(text) if name is not None}


# --------------------------------------------------------------------------- catalogues


@dataclass(frozen=True)
class Catalogue:
    """One language's messages: key -> text, or the plural forms of a plural entry."""

    language: str
    path: Path
    messages: Mapping[str, str | tuple[str, ...]]
    lines: Mapping[str, int]
    plural: Callable[[int], int]


def read_catalogue(path: Path) -> Catalogue:
    """Read and validate one ``messages.po``; :class:`CatalogueError` names file and line."""
    from babel.messages.pofile import PoFileError, read_po

    try:
        with path.open("rb") as handle:
            catalog = read_po(handle, abort_invalid=True)
    except PoFileError as exc:
        found = re.search(r"(?:line|on) (\d+)", str(exc))
        raise CatalogueError(path, int(found.group(1)) if found else 0, f"not a valid .po file: {exc}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogueError(path, 0, f"cannot be read ({exc})") from exc
    try:
        plural = gettext.c2py(catalog.plural_expr)
    except (ValueError, SyntaxError) as exc:
        raise CatalogueError(path, 1, f"bad Plural-Forms header: {catalog.plural_expr!r}") from exc
    messages: dict[str, str | tuple[str, ...]] = {}
    lines: dict[str, int] = {}
    for message in catalog:
        if not message.id:
            continue  # the header
        line = message.lineno or 0
        raw: object = message.string
        if isinstance(message.id, tuple):
            key = str(message.id[0])
            forms = tuple(str(s or "") for s in raw) if isinstance(raw, (tuple, list)) else (str(raw or ""),)
            if len(forms) != catalog.num_plurals:
                raise CatalogueError(path, line, f"{key}: {len(forms)} plural forms, the header says "
                                                 f"{catalog.num_plurals}")
            value: str | tuple[str, ...] = forms
            texts: tuple[str, ...] = forms
        else:
            key = str(message.id)
            value = str(raw or "")
            texts = (value,)
        for text in texts:
            try:
                fields = _fields(text)
            except ValueError as exc:
                raise CatalogueError(path, line, f"{key}: {exc}") from None
            unknown = sorted(spec for spec in fields.values() if spec and spec not in FORMS)
            if unknown:
                raise CatalogueError(path, line, f"{key}: unknown form {unknown[0]!r} (known: {', '.join(FORMS)})")
        if any(texts):
            messages[key] = value
            lines[key] = line
    return Catalogue(path.parent.parent.name, path, messages, lines, plural)


def catalogue_files() -> dict[str, Path]:
    """Language -> its catalogue file: the package's, then those of ``KOMPASS_LANGUAGE_DIRS``."""
    roots = [LOCALE_DIR] + [Path(folder) / "locale"
                            for folder in filter(None, os.environ.get(EXTRA_DIRS_VARIABLE, "").split(os.pathsep))]
    return {path.parent.parent.name: path for root in roots for path in sorted(root.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))}


@lru_cache(maxsize=1)
def catalogues() -> Mapping[str, Catalogue]:
    """Every language's catalogue, read once (a cached resource), checked against English:
    a translation may only use placeholders the English text has."""
    found = {lang: read_catalogue(path) for lang, path in catalogue_files().items()}
    if FALLBACK not in found:
        missing = LOCALE_DIR / FALLBACK / "LC_MESSAGES" / f"{DOMAIN}.po"
        raise CatalogueError(missing, 0, "the English catalogue is missing")
    english = found[FALLBACK]
    for catalogue in found.values():
        for key, value in catalogue.messages.items():
            reference = english.messages.get(key)
            if reference is None:
                raise CatalogueError(catalogue.path, catalogue.lines[key], f"{key}: not in the English catalogue")
            allowed = {n for text in _texts(reference) for n in _fields(text)}
            extra = sorted({n for text in _texts(value) for n in _fields(text)} - allowed)
            if extra:
                raise CatalogueError(catalogue.path, catalogue.lines[key],
                                     f"{key}: placeholder {{{extra[0]}}} is not in the English text")
            if isinstance(value, tuple) != isinstance(reference, tuple):
                raise CatalogueError(catalogue.path, catalogue.lines[key],
                                     f"{key}: plural in one catalogue, singular in the other")
    return found


def _texts(value: str | tuple[str, ...]) -> tuple[str, ...]:
    return value if isinstance(value, tuple) else (value,)


def _entry(key: str, lang: str) -> tuple[str | tuple[str, ...], Catalogue]:
    found = catalogues()
    catalogue = found.get(lang)
    if catalogue is not None and key in catalogue.messages:
        return catalogue.messages[key], catalogue
    english = found[FALLBACK]
    return english.messages[key], english  # KeyError: no such message (a programming error)


def _format(text: str, values: Mapping[str, object]) -> str:
    return _FORMATTER.vformat(text, (), values) if values else text


def nt(key: str, lang: str, n: int, **values: object) -> str:
    """The plural entry ``key`` in ``lang`` for the count ``n`` (``{n}`` is filled in)."""
    value, catalogue = _entry(key, lang)
    if isinstance(value, tuple):
        index = catalogue.plural(n)
        text = value[min(index, len(value) - 1)]
    else:
        text = value
    return _format(text, {"n": n, **values})


def t(key: str, lang: str, **values: object) -> str:
    """The string ``key`` in ``lang`` (English where it has none), formatted with
    ``values``; a plural entry takes its form from ``values["n"]``."""
    value, catalogue = _entry(key, lang)
    if isinstance(value, tuple):
        count = values.get("n", 1)
        return nt(key, lang, count if isinstance(count, int) else 1, **{k: v for k, v in values.items() if k != "n"})
    return _format(value, values)


def has(key: str) -> bool:
    """Is ``key`` a message (in the English catalogue)?"""
    return key in catalogues()[FALLBACK].messages


def keys() -> tuple[str, ...]:
    return tuple(catalogues()[FALLBACK].messages)


def languages() -> tuple[str, ...]:
    """The languages with a catalogue."""
    return tuple(sorted(catalogues()))


def missing_translations(langs: tuple[str, ...]) -> list[tuple[str, str]]:
    """(key, language) pairs of ``langs`` that fall back to English."""
    found = catalogues()
    return [(key, lang) for key in keys() for lang in langs
            if lang not in found or key not in found[lang].messages]


def table(key: str) -> dict[str, str]:
    """``key`` in every language with a catalogue (singular form), for callers that
    look at all translations at once."""
    out: dict[str, str] = {}
    for lang, catalogue in catalogues().items():
        value = catalogue.messages.get(key)
        if value is not None:
            out[lang] = value[-1] if isinstance(value, tuple) else value
    return out
