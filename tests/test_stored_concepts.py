"""The concept vocabulary and matchers read back from the cache folder are the ones built from
the files (assistant.concepts with assistant.stored)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import astuple
from pathlib import Path

import pytest

from assistant import concepts as C
from assistant import stored
from assistant.intents import INTENTS_PATH, intent_terms

_CODE = ("assistant.concepts", "assistant.intents", "assistant.languages", "assistant.text", "assistant.datafile",
         "assistant.models")
PROJECT_ROOT = Path(__file__).resolve().parent.parent
CORPUS = PROJECT_ROOT / "corpus"
TEXTS = [
    "Wir sind eine Kleinstadt ohne Koordination, die Ehrenamtlichen springen ab.",
    "How do other cities pay for a network coordinator? Volunteers, funding, language courses.",
    "Gönüllülerimiz sürekli bırakıyor, dil kursları ve finansman?",
    "freiwillige Leistung, dezentrale Unterbringung, without formal agreements, 40.000 Einwohner",
]


def _built_vocabulary() -> tuple[C.Concept, ...]:
    return C.with_language_terms(C.load_vocabulary(C.VOCABULARY_PATH, C.intent_concepts(intent_terms(), INTENTS_PATH)))


def _parts(matcher: C._TrieMatcher) -> tuple[str, str, tuple[frozenset[str], ...]]:
    return matcher.scan.pattern, matcher.resolve.pattern, matcher.groups


def _store(path: Path, vocabulary: tuple[C.Concept, ...], matchers: tuple[C._TrieMatcher, ...]) -> None:
    """What assistant.concepts stores after building them."""
    stored.store(path, (tuple(map(astuple, vocabulary)), tuple(map(_parts, matchers))), "concepts")


def _found(matcher: C._TrieMatcher, texts: list[str]) -> list[list[tuple[int, int, frozenset[str]]]]:
    return [list(matcher.finditer(C.match_fold(text))) for text in texts]


def test_the_loaded_vocabulary_and_matchers_are_the_built_ones() -> None:
    # Whichever way this process got them (read back or built), they are what the files make.
    assert _built_vocabulary() == C._VOCABULARY
    built = C._build_matchers()
    assert [_parts(m) for m in built] == [_parts(C._PREFIX_MATCHER), _parts(C._INFIX_MATCHER)]


def test_stored_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "concepts-test.marshal"
    built = C._build_matchers()
    _store(path, C._VOCABULARY, built)
    read = C._read_stored(path)
    assert read is not None
    vocabulary, stored = read
    assert vocabulary == _built_vocabulary()
    assert [tuple(c.labels) for c in vocabulary] == [tuple(c.labels) for c in _built_vocabulary()]  # same order
    assert list(stored) == [_parts(m) for m in built]
    texts = [*TEXTS, *(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt")))]
    for matcher, parts in zip(built, stored, strict=True):
        again = C._TrieMatcher(*parts, tmp_path)
        assert _found(again, texts) == _found(matcher, texts)


def test_a_damaged_missing_or_foreign_file_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "concepts-test.marshal"
    assert C._read_stored(path) is None
    assert C._read_stored(None) is None
    for junk in (b"", b"not marshal", b"\x00" * 64):
        path.write_bytes(junk)
        assert C._read_stored(path) is None
    import marshal

    path.write_bytes(marshal.dumps(((("NotAnId", {}, {}),), ())))  # a concept that does not validate
    assert C._read_stored(path) is None
    path.write_bytes(marshal.dumps(((), ())))  # nothing in it
    assert C._read_stored(path) is None


def test_an_unwritable_cache_folder_is_no_error(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    _store(blocked / "concepts-x.marshal", C._VOCABULARY, C._build_matchers())  # does not raise
    assert not (blocked / "concepts-x.marshal").exists()


def _name(cache: Path | None, data: str = C.VOCABULARY_SHA256, code: tuple[str, ...] = _CODE) -> Path | None:
    return stored.stored_path(cache, "concepts", data.encode(), code, 1)


def test_the_name_changes_with_the_data_the_code_and_the_python(monkeypatch: pytest.MonkeyPatch,
                                                                 tmp_path: Path) -> None:
    name = _name(tmp_path)
    assert name is not None and name.parent == tmp_path and name.name.startswith("concepts-")
    assert C._STORED_PATH is not None and C._STORED_PATH.name == name.name  # what the module uses
    assert _name(None) is None
    assert _name(tmp_path, "0" * 64) != name  # another vocabulary, intents or language file
    assert _name(tmp_path, code=(*_CODE, "assistant.stored")) != name  # other code
    monkeypatch.setattr(sys, "version", sys.version + " (another build)")
    assert _name(tmp_path) != name


def test_only_the_newest_are_kept(tmp_path: Path) -> None:
    built = C._build_matchers()
    for i in range(stored.KEPT + 3):
        path = tmp_path / f"concepts-{i}.marshal"
        _store(path, C._VOCABULARY, built)
        os.utime(path, (1_000_000 + i, 1_000_000 + i))
    _store(tmp_path / "concepts-new.marshal", C._VOCABULARY, built)
    assert len(list(tmp_path.glob("concepts-*.marshal"))) == stored.KEPT
    assert (tmp_path / "concepts-new.marshal").exists()


_CHILD = """
import json, sys
from assistant import concepts as C
from assistant import stored
print(json.dumps({"stored": C._STORED is not None,
                  "tags": [sorted(C.tag_concepts(t)) for t in json.loads(sys.argv[1])],
                  "spans": [[[s, e, sorted(ids)] for s, e, ids in C.concept_spans(t)] for t in json.loads(sys.argv[1])],
                  "concepts": list(C.CONCEPTS)}))
"""


def test_a_fresh_start_stores_them_and_the_next_reads_them_back(tmp_path: Path) -> None:
    env = {**os.environ, "KOMPASS_CACHE": str(tmp_path)}
    texts = [*TEXTS, (CORPUS / "erfurt.de.txt").read_text(encoding="utf-8")[:3000]]

    def run() -> dict[str, object]:
        out = subprocess.run([sys.executable, "-c", _CHILD, json.dumps(texts)], env=env, cwd=PROJECT_ROOT,
                             capture_output=True, text=True, check=True, timeout=300)
        result: dict[str, object] = json.loads(out.stdout)
        return result

    first = run()
    assert not first["stored"]
    assert len(list(tmp_path.glob("concepts-*.marshal"))) == 1
    second = run()
    assert second["stored"]
    assert {k: v for k, v in first.items() if k != "stored"} == {k: v for k, v in second.items() if k != "stored"}
    assert first["tags"] == [sorted(C.tag_concepts(t)) for t in texts]
