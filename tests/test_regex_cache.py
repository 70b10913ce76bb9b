"""A pattern rebuilt from its stored compilation is the pattern re.compile makes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant import concepts
from assistant.regex_cache import cache_file, compile_cached

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SAMPLES = [r"(?<!\w)(?P<word>[a-zäöüß]+)(\s+\1)?", r"(?i)ehrenamt\w*|volunt(?:eer|ary)|gönüllü", "(a)(b)?()|c"]


def _same(a: re.Pattern[str], b: re.Pattern[str], texts: list[str]) -> None:
    assert (a.pattern, a.flags, a.groups, a.groupindex) == (b.pattern, b.flags, b.groups, b.groupindex)
    for text in texts:
        assert [(m.span(), m.lastindex, m.groups()) for m in a.finditer(text)] == \
               [(m.span(), m.lastindex, m.groups()) for m in b.finditer(text)]


@pytest.mark.parametrize("pattern", SAMPLES)
def test_stored_and_read_back_is_re_compile(pattern: str, tmp_path: Path) -> None:
    texts = ["Ehrenamt ehrenamt Volunteers gönüllü c ab a", "das das Wort wort", ""]
    first = compile_cached(pattern, tmp_path)  # compiled and stored
    assert cache_file(tmp_path, pattern, 0).is_file()
    again = compile_cached(pattern, tmp_path)  # read back
    _same(first, re.compile(pattern), texts)
    _same(again, re.compile(pattern), texts)


def test_the_concept_matchers_from_the_cache_match_as_compiled(tmp_path: Path) -> None:
    texts = [p.read_text(encoding="utf-8").lower() for p in sorted(CORPUS.glob("*.txt"))]
    for matcher in (concepts._PREFIX_MATCHER, concepts._INFIX_MATCHER):
        for pattern in (matcher.scan, matcher.resolve):
            compile_cached(pattern.pattern, tmp_path)
            _same(compile_cached(pattern.pattern, tmp_path), re.compile(pattern.pattern), texts)


def test_a_damaged_or_foreign_file_is_compiled_again(tmp_path: Path) -> None:
    pattern = SAMPLES[0]
    path = cache_file(tmp_path, pattern, 0)
    path.write_bytes(b"not an npz")
    _same(compile_cached(pattern, tmp_path), re.compile(pattern), ["wort wort"])
    compile_cached(pattern, tmp_path)
    other = cache_file(tmp_path, "(x)", 0)  # another pattern's compilation under this one's name
    other.write_bytes(path.read_bytes())
    _same(compile_cached("(x)", tmp_path), re.compile("(x)"), ["x y x"])


def test_an_unwritable_cache_folder_only_costs_the_compilation(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    _same(compile_cached(SAMPLES[1], blocked / "cache"), re.compile(SAMPLES[1]), ["Ehrenamt"])
