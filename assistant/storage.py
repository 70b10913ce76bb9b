"""Durable writes on disk, shared by the index build and the feedback log."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def fsync_dir(path: Path) -> None:
    """Flush a directory entry (a rename or a new file in it) to disk.

    Best effort: a file system that cannot open or sync a directory loses nothing
    more than durability across a power cut, so an error here is not one for the user.
    """
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_atomically(path: Path, write: Callable[[BinaryIO], None]) -> None:
    """``write`` into a temporary file beside ``path``, then rename it to ``path``: a reader
    sees the old file or the whole new one, also with two writers at once. Readable by
    everyone (like the index files); raises OSError where the folder cannot be written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)


def keep_newest(kept: Path, pattern: str, count: int) -> None:
    """Remove the files of ``kept``'s folder matching ``pattern`` beyond the newest ``count``
    (by modification time), never ``kept`` itself; a file that vanishes or cannot go is left."""
    found = []
    for other in kept.parent.glob(pattern):
        with contextlib.suppress(OSError):
            found.append((other.stat().st_mtime, other))
    for _, other in sorted(found, reverse=True)[count:]:
        if other != kept:
            with contextlib.suppress(OSError):
                other.unlink()
