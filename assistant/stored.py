"""What a start builds from packaged files, stored in the cache folder for the next start.

Building some tables costs tenths of a second of CPU at every start, before the app's first
answer (the concept vocabulary and its matchers' patterns: the files read and checked, the term
tries turned into patterns). They are stored (``marshal``) under a name holding the Python
version and a hash of all they are built from: the data and the code of the modules that read
it. Anything unexpected (no cache folder, a missing or damaged file, a read-only disk) only
means they are built, as without this module; the result is the same either way (tests).
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assistant.storage import keep_newest, write_atomically

#: Stored files kept per kind (one per version of the data and code).
KEPT = 4


def stored_path(cache: Path | None, kind: str, data: bytes, modules: Sequence[str], version: int) -> Path | None:
    """Where ``kind`` built from ``data`` by the code of ``modules`` (imported module names) is
    stored in ``cache`` (None without a cache folder)."""
    if cache is None:
        return None
    code = b"".join(Path(sys.modules[name].__file__ or "").read_bytes() for name in modules)
    digest = hashlib.sha256(b"\0".join((sys.version.encode(), data, code))).hexdigest()
    return cache / f"{kind}-{sys.implementation.cache_tag}-{digest[:24]}-v{version}.marshal"


def read_stored(path: Path | None) -> Any:
    """What is stored at ``path``; None where nothing is, or it cannot be read."""
    if path is None:
        return None
    with contextlib.suppress(Exception):  # missing or damaged (any error): built instead
        return marshal.loads(path.read_bytes())
    return None


def store(path: Path | None, value: Any, kind: str) -> None:
    """Store ``value`` at ``path`` (best effort: a read-only or full disk only means it is built
    again next time); the stored files of ``kind`` beyond the newest :data:`KEPT` go."""
    if path is None:
        return
    with contextlib.suppress(OSError, ValueError):
        write_atomically(path, lambda handle: marshal.dump(value, handle))
        keep_newest(path, f"{kind}-*.marshal", KEPT)
