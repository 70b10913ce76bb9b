"""Durable writes on disk, shared by the index build and the feedback log."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


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
