"""Large regular expressions compiled once per installation instead of at every start.

The concept matchers are alternations of every term of the vocabulary, tens of thousands
of characters long; Python's ``re`` parses and compiles them in pure Python, most of a
second of CPU at every start (the import of :mod:`assistant.concepts`). What that makes
is a list of integers (the SRE code) and the group count and names: they are stored in
the cache folder (``KOMPASS_CACHE``) under a name holding the Python version and the
pattern's hash, and the pattern is built from them directly with ``_sre.compile``, the
call ``re.compile`` itself ends in (it checks the code it is given). Anything unexpected
(not CPython, another version, a missing or damaged file, no cache folder) compiles with
``re.compile``; the pattern is the same either way (tests).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import json
import re
import sys
from pathlib import Path
from typing import Any, Final

import numpy as np

from assistant.storage import write_atomically

#: Raised to 2 when what is stored changes.
FORMAT: Final = 1


def _digest(pattern: str, flags: int) -> str:
    return hashlib.sha256(f"{flags}\0{pattern}".encode("utf-8", "surrogatepass")).hexdigest()


def cache_file(cache_dir: Path, pattern: str, flags: int) -> Path:
    python = f"{sys.implementation.cache_tag}-{sys.hexversion:x}"
    return cache_dir / f"re-{python}-{_digest(pattern, flags)[:24]}-v{FORMAT}.npz"


def compile_cached(pattern: str, cache_dir: Path | None, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, its compilation read from ``cache_dir`` when stored
    there by this Python, otherwise done (and stored there, best effort)."""
    if cache_dir is None or sys.implementation.name != "cpython":
        return re.compile(pattern, flags)
    path = cache_file(cache_dir, pattern, flags)
    with contextlib.suppress(Exception):  # missing, damaged, another Python: compiled below
        return _read(path, pattern, flags)
    with contextlib.suppress(Exception):  # re's internals not as expected: nothing stored
        compiled, parts = _compile(pattern, flags)
        with contextlib.suppress(OSError, ValueError):  # a read-only or full disk: compiled again next time
            write_atomically(path, lambda handle: np.savez(handle, **parts))
        return compiled
    return re.compile(pattern, flags)


def _compile(pattern: str, flags: int) -> tuple[re.Pattern[str], dict[str, Any]]:
    """What ``re._compiler.compile`` does, keeping the parts it hands to ``_sre.compile``."""
    sre: Any = importlib.import_module("_sre")
    compiler: Any = importlib.import_module("re._compiler")
    parser: Any = importlib.import_module("re._parser")

    parsed = parser.parse(pattern, flags)
    code: list[int] = compiler._code(parsed, flags)
    groups = parsed.state.groups
    groupindex = dict(parsed.state.groupdict)
    final_flags = flags | parsed.state.flags
    compiled = _build(pattern, final_flags, code, groups, groupindex)
    if compiled.pattern != pattern or compiled.groups != groups - 1:  # pragma: no cover - another re
        raise ValueError("unexpected compilation")
    meta = json.dumps({"pattern": _digest(pattern, flags), "flags": final_flags, "groups": groups,
                       "groupindex": groupindex})
    parts: dict[str, Any] = {"code": np.asarray(code, dtype=np.uint32),
             "meta": np.frombuffer(meta.encode("utf-8"), dtype=np.uint8)}
    if sre.CODESIZE != 4 or parts["code"].tolist() != code:  # pragma: no cover - code words not 32-bit
        raise ValueError("code does not fit")
    return compiled, parts


def _build(pattern: str, flags: int, code: list[int], groups: int, groupindex: dict[str, int]) -> re.Pattern[str]:
    sre: Any = importlib.import_module("_sre")
    indexgroup: list[str | None] = [None] * groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    compiled: re.Pattern[str] = sre.compile(pattern, flags, code, groups - 1, groupindex, tuple(indexgroup))
    return compiled


def _read(path: Path, pattern: str, flags: int) -> re.Pattern[str]:
    with np.load(path, allow_pickle=False) as stored:
        code = stored["code"].tolist()
        meta = json.loads(stored["meta"].tobytes().decode("utf-8"))
    if meta["pattern"] != _digest(pattern, flags):
        raise ValueError(f"{path}: the compilation of another pattern")
    groupindex = {str(k): int(v) for k, v in meta["groupindex"].items()}
    return _build(pattern, int(meta["flags"]), code, int(meta["groups"]), groupindex)
