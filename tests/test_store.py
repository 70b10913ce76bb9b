"""The index's on-disk structures: BM25 as bm25s computes it, records read lazily, loading
that trusts unchanged files and checks changed ones, and staleness by file stats.

The real model and a real seed index (the session's ``seed_settings``), copied where a
test changes files.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import bm25s
import numpy as np
import pytest

import assistant.index as index_module
from assistant.evaluate import load_queries
from assistant.index import (
    IndexCorrupt,
    IndexStale,
    live_dir,
    load_index,
    read_manifest,
    segment_file,
)
from assistant.lexical import bm25_matrix, updated_matrix
from assistant.segments import SegmentedRows
from assistant.settings import Settings
from assistant.store import LazyRows, Postings, TokenColumns, Translations, Unit
from assistant.tokenize import tokenize
from assistant.units import unit_tokens

ROOT = Path(__file__).resolve().parent.parent


def test_bm25_matrix_is_the_one_bm25s_builds(seed_engine) -> None:
    """Our vectorised BM25 gives every unit the score bm25s gives it, for every dev question."""
    units = list(seed_engine.index.units)
    token_lists = [unit_tokens(u) for u in units]
    reference = bm25s.BM25()
    reference.index([t or [""] for t in token_lists], show_progress=False)
    ours = TokenColumns.of(token_lists)
    matrix = bm25_matrix(ours)
    data, indices, indptr = matrix.data, matrix.indices, matrix.indptr
    vocabulary = {t: i for i, t in enumerate(ours.vocabulary)}
    for query in load_queries(ROOT / "eval" / "dev_queries.jsonl"):
        tokens = [t for t in tokenize(query.query, query.language) if t in vocabulary]
        if not tokens:
            continue
        expected = reference.get_scores(tokens)
        got = np.zeros(len(units), dtype=np.float32)
        for token in tokens:
            column = vocabulary[token]
            np.add.at(got, indices[indptr[column]:indptr[column + 1]], data[indptr[column]:indptr[column + 1]])
        np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)
    # And the index answers with the saved matrix (memory-mapped through bm25s).
    some = tokenize("Ehrenamtliche Netzwerk Finanzierung", "de")
    np.testing.assert_allclose(seed_engine.index.bm25_scores(some),
                               reference.get_scores([t for t in some if t in vocabulary]), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("seed", range(6))
def test_bm25_matrix_updated_from_the_previous_is_the_one_counted(seed: int) -> None:
    """Units removed, kept (renumbered) and added, new tokens among them: the updated matrix
    is the counted one, to the bit (values, pairs, term frequencies)."""
    rng = np.random.default_rng(seed)

    def units(n: int, vocabulary: int) -> list[list[str]]:
        return [[f"t{rng.integers(0, vocabulary)}" for _ in range(rng.integers(0, 12))] for _ in range(n)]

    old = units(int(rng.integers(1, 60)), 25)
    keep = rng.random(len(old)) < 0.7
    new_units: list[list[str]] = []
    new_rows = np.full(len(old), -1, dtype=np.int64)
    for row, unit in enumerate(old):  # kept units in their order, new units between them
        new_units += units(int(rng.integers(0, 3)), 40)
        if keep[row]:
            new_rows[row] = len(new_units)
            new_units.append(unit)
    new_units += units(int(rng.integers(0, 3)), 40)
    previous_tokens = TokenColumns.of(old)
    # The new index's token ids extend the previous vocabulary (as a rebuild keeps it).
    vocabulary = {t: i for i, t in enumerate(previous_tokens.vocabulary)}
    ids = [vocabulary.setdefault(t, len(vocabulary)) for unit in new_units for t in unit or [""]]
    offsets = np.cumsum([0] + [len(unit or [""]) for unit in new_units])
    tokens = TokenColumns(np.asarray(ids, dtype=np.int32), offsets.astype(np.int64), list(vocabulary))
    updated = updated_matrix(tokens, bm25_matrix(previous_tokens), new_rows)
    assert updated is not None
    counted = bm25_matrix(tokens)
    for a, b in ((updated.data, counted.data), (updated.indices, counted.indices), (updated.indptr, counted.indptr),
                 (updated.tf, counted.tf)):
        assert a.dtype == b.dtype and np.array_equal(a, b)
    if len(new_rows[new_rows >= 0]) > 1:  # kept rows out of order: not updated (counted instead)
        assert updated_matrix(tokens, bm25_matrix(previous_tokens), new_rows[::-1].copy()) is None


def test_postings_and_translations() -> None:
    postings = Postings.of(np.array([2, 0, -1, 2, 1, 0]), 4)
    assert postings.rows_of([0, 2]).tolist() == [1, 5, 0, 3]
    assert postings.rows_of([3]).tolist() == [] and postings.rows_of([]).tolist() == []
    assert postings.rows_of(np.array([1, 0])).tolist() == [4, 1, 5]
    group = np.array([7, 7, 9, 9, 9, 4])
    translations = Translations.of(group, np.array([True, True, True, False, True, True]))
    assert translations.get(7, ()) == (0, 1) and translations.get(9, ()) == (2, 4)
    assert translations.get(4, (5,)) == (5,)  # one version only: not a translation group
    assert translations.get(12345, ()) == ()


def test_lazy_rows_read_one_line_at_a_time(seed_settings: Settings, tmp_path: Path) -> None:
    index = load_index(seed_settings)
    units = index.units
    assert isinstance(units, SegmentedRows) and len(units.parts) == 1  # the seed index: one segment
    assert units[0].id == int(index.arrays.ids[0]) and units[-1].id == int(index.arrays.ids[-1])
    assert [u.id for u in units[2:5]] == index.arrays.ids[2:5].tolist()
    with pytest.raises(IndexError):
        units[len(units)]
    # A file that is not as long as recorded is refused at once.
    copy = tmp_path / "units.jsonl"
    copy.write_bytes((live_dir(seed_settings.index) / _units_file(seed_settings)).read_bytes()[:-10])
    with pytest.raises(IndexCorrupt):
        LazyRows(copy, units.parts[0].offsets, Unit, IndexCorrupt)


def _units_file(settings: Settings) -> str:
    return segment_file(read_manifest(settings.index).segments[0], "unit")


@pytest.fixture
def copied(seed_settings: Settings, tmp_path: Path) -> Settings:
    target = tmp_path / "embeddings"
    shutil.copytree(seed_settings.index, target)  # copy2: sizes and times are kept
    return seed_settings.model_copy(update={"index": target})


def test_unchanged_files_are_trusted_changed_ones_checked(copied: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Path] = []
    real = index_module._verify_hashes

    def counting(directory: Path, manifest: index_module.Manifest) -> None:
        calls.append(directory)
        real(directory, manifest)

    monkeypatch.setattr(index_module, "_verify_hashes", counting)
    load_index(copied)
    assert calls == []  # as recorded at ingest: no file is read whole
    units = live_dir(copied.index) / _units_file(copied)
    os.utime(units, ns=(units.stat().st_atime_ns, units.stat().st_mtime_ns + 10**9))  # touched, same bytes
    index = load_index(copied)
    assert len(calls) == 1  # hashed and parsed, found sound
    assert len(list(index.units)) == index.manifest.unit_count


def test_a_rewritten_units_file_with_a_forged_hash_is_caught(copied: Settings) -> None:
    """Two units swapped, lengths kept, the manifest's hash and stats forged to match."""
    units = live_dir(copied.index) / _units_file(copied)
    lines = units.read_bytes().splitlines(keepends=True)
    pairs = [(i, j) for i in range(len(lines)) for j in range(i + 1, len(lines)) if len(lines[i]) == len(lines[j])]
    i, j = pairs[0]
    lines[i], lines[j] = lines[j], lines[i]
    units.write_bytes(b"".join(lines))
    manifest_file = live_dir(copied.index) / "manifest.json"
    manifest = json.loads(manifest_file.read_text())
    manifest["files"][units.name] = index_module._sha256_file(units)
    manifest_file.write_text(json.dumps(manifest))
    with pytest.raises(IndexCorrupt, match="disagrees"):
        load_index(copied)


def test_staleness_reads_only_changed_documents(tmp_path: Path, seed_settings: Settings,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(seed_settings.corpus, corpus, copy_function=shutil.copy2)
    target = tmp_path / "embeddings"
    shutil.copytree(seed_settings.index, target)
    manifest_file = live_dir(target) / "manifest.json"
    manifest = json.loads(manifest_file.read_text())
    # The copy has the seeds' times: record them as the ingest's (as if built from this copy).
    manifest["corpus_stats"] = {p.name: [p.stat().st_size, p.stat().st_mtime_ns] for p in corpus.iterdir()}
    manifest_file.write_text(json.dumps(manifest))
    settings = seed_settings.model_copy(update={"corpus": corpus, "index": target})
    hashed: list[Path] = []
    real = index_module._sha256_file
    import assistant.store as store_module

    monkeypatch.setattr(store_module, "_sha256_file", lambda path: hashed.append(path) or real(path))
    load_index(settings)
    assert not [p for p in hashed if p.parent == corpus]
    sheet = corpus / "dortmund.en.txt"
    os.utime(sheet, ns=(sheet.stat().st_atime_ns, sheet.stat().st_mtime_ns + 10**9))
    load_index(settings)  # touched, same content: hashed once, not stale
    assert [p for p in hashed if p.parent == corpus] == [sheet]
    sheet.write_text(sheet.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with pytest.raises(IndexStale):
        load_index(settings)


def test_another_code_version_makes_the_index_stale(copied: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_module, "code_fingerprint", lambda: "0" * 16)
    with pytest.raises(IndexStale, match="another version"):
        load_index(copied)


def test_previous_vectors_are_found_by_key_as_by_a_dictionary() -> None:
    """find_vectors (keys sorted by their first 8 bytes, whole keys compared) finds for each key
    the first row that has it, as a dictionary of first rows does: duplicates, keys sharing
    their first 8 bytes, unknown keys."""
    from assistant.previous import Previous

    rng = np.random.default_rng(3)
    keys = [f"{rng.integers(0, 4):08x}{rng.integers(0, 6):032x}" for _ in range(300)]  # many shared prefixes
    previous = object.__new__(Previous)
    previous.keys = np.asarray(keys, dtype="S40")
    first: dict[str, int] = {}
    for row, key in enumerate(keys):
        first.setdefault(key, row)
    wanted = [*keys[::7], f"{1:08x}{99:032x}", f"{9:08x}{0:032x}", keys[0]]
    found, rows = previous.find_vectors(wanted)
    assert found.tolist() == [i for i, k in enumerate(wanted) if k in first]
    assert rows.tolist() == [first[wanted[i]] for i in found]
    assert previous.find_vectors([])[0].tolist() == []


def test_a_build_pauses_the_collector_except_while_embedding_at_length() -> None:
    import gc

    from assistant.build import cyclic_gc_paused, cyclic_gc_resumed

    assert gc.isenabled()
    with cyclic_gc_paused():
        assert not gc.isenabled()
        with cyclic_gc_resumed():
            assert gc.isenabled()
        assert not gc.isenabled()
        with cyclic_gc_paused():  # nested (ensure_index inside a build's process): still paused after
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
