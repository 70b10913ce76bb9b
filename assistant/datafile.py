"""Data files the domain experts and translators edit: read one TOML file, or say which
file and line is wrong.

The loaders of the concept vocabulary (:mod:`assistant.concepts`), the language files
(:mod:`assistant.languages`), the example questions (:mod:`assistant.section_examples`)
and the places (:mod:`assistant.places`) share this first step; each then validates its
own structure and raises its own subclass of :class:`DataFileError`.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any, Final, TypeVar

_T = TypeVar("_T")

_TOML_LINE_RE: Final = re.compile(r"line (\d+)")


class DataFileError(ValueError):
    """A mistake in a data file, with the file and line it is on (0: the file itself)."""

    def __init__(self, path: Path, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message


def read_toml(path: Path, error: type[DataFileError]) -> tuple[str, dict[str, Any]]:
    """The text of ``path`` and its TOML tables; an unreadable file, one that is not
    UTF-8 or not TOML raises ``error`` with the line of the mistake."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise error(path, 0, f"cannot be read ({exc.strerror or exc})") from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error(path, raw[: exc.start].count(b"\n") + 1, "is not UTF-8") from exc
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_LINE_RE.search(str(exc))
        raise error(path, int(found.group(1)) if found else 1, f"TOML syntax: {exc}") from exc


def line_at(text: str, position: int) -> int:
    """1-based line of ``position`` in ``text`` (0 for a negative position: the file as a whole)."""
    return text.count("\n", 0, position) + 1 if position >= 0 else 0


def line_of(text: str, needle: str) -> int:
    """1-based line of the first ``needle`` in ``text`` (0 if it is not there)."""
    return line_at(text, text.find(needle))


def read_packaged(name: str, read: Callable[[Path], _T]) -> _T:
    """``read`` applied to the data file ``name`` shipped in ``assistant/data/``."""
    with resources.as_file(resources.files("assistant.data") / name) as path:
        return read(path)
