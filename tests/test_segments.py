"""A segmented index: a rebuild keeps the segments whose networks did not change (their
files hard-linked, their hashes kept) and rewrites the others; what it serves is what a
full rebuild of the same corpus serves. Real model, real index on disk."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import assistant.build
from assistant.evaluate import load_queries, run_queries, summarise
from assistant.index import (
    INDEX_FILES,
    MANIFEST,
    SearchIndex,
    all_files,
    build_index,
    live_dir,
    load_index,
    read_manifest,
)
from assistant.lexical import TF_COLUMN, bm25_matrix
from assistant.names import NetworkNames
from assistant.recommend import load_engine
from assistant.retrieve import RetrievalConfig
from assistant.segments import SegmentedVectors
from assistant.settings import Settings
from assistant.store import BM25_FILES, COLUMNS_FILE, TokenColumns, _sha256_file, segment_files
from benchmarks.synthetic import modify_sheet
from tests.test_index_and_ask import NEW_SHEET

pytestmark = pytest.mark.heavy  # real index builds and the engine

ROOT = Path(__file__).resolve().parent.parent
#: Small segments, so that the seed corpus makes several (one per network or so).
SEGMENT_UNITS = 20
QUESTIONS = ["Wie wird das Netzwerk in Erfurt finanziert?", "Finanzierung?", "Halberstadt",
             "Has anyone used beekeeping to bring refugees and older residents together?",
             "Volkshochschule Kooperation", "Integrationslotsen", "How do networks evaluate their work?"]


def _change(corpus: Path) -> None:
    """One changed document of a network spanning several (Erfurt's German free text), one new
    sheet, one removed sheet."""
    german = corpus / "erfurt.de.txt"
    text = german.read_text(encoding="utf-8")
    assert "Kooperationspartner: Stadtverwaltung Erfurt" in text
    german.write_text(text.replace("Kooperationspartner: Stadtverwaltung Erfurt",
                                   "Kooperationspartner: Stadtverwaltung Erfurt und die Volkshochschule Erfurt"),
                      encoding="utf-8")
    (corpus / "upload-0001.txt").write_text(NEW_SHEET, encoding="utf-8")
    (corpus / "dortmund.en.txt").unlink()


def _assert_same_index(incremental: SearchIndex, full: SearchIndex) -> None:
    """Everything a question reads is the same (the layout of the files may differ)."""
    assert [u.model_dump() for u in incremental.units] == [u.model_dump() for u in full.units]
    assert [n.model_dump() for n in incremental.networks] == [n.model_dump() for n in full.networks]
    assert [p.model_dump() for p in incremental.profiles] == [p.model_dump() for p in full.profiles]
    assert incremental.lookup.networks == full.lookup.networks
    assert incremental.lookup.names == full.lookup.names  # the name lookup of the changed network too
    assert incremental.lookup.words == full.lookup.words
    np.testing.assert_allclose(np.asarray(incremental.vectors), np.asarray(full.vectors), atol=1e-5)
    a, b = incremental.arrays, full.arrays
    for name in ("ids", "section", "network", "is_item", "section_row", "group", "concepts", "concept_idf",
                 "concept_section_counts"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name), err_msg=name)
    assert incremental.manifest.search == full.manifest.search
    assert incremental.manifest.corpus == full.manifest.corpus


def _assert_bm25_counted(index_dir: Path) -> None:
    """The saved BM25 matrix and term frequencies are, to the bit, a count of the saved tokens."""
    directory = live_dir(index_dir)
    with np.load(directory / COLUMNS_FILE) as columns:
        tokens, offsets, tf = columns["tokens"], columns["token_offsets"], columns[TF_COLUMN]
    vocabulary = json.loads((directory / BM25_FILES["vocab_name"]).read_text(encoding="utf-8"))
    assert list(vocabulary.values()) == list(range(len(vocabulary)))
    counted = bm25_matrix(TokenColumns(tokens, offsets, list(vocabulary)))
    for name, expected in (("data", counted.data), ("indices", counted.indices), ("indptr", counted.indptr)):
        saved = np.load(directory / BM25_FILES[f"{name}_name"])
        assert saved.dtype == expected.dtype and np.array_equal(saved, expected), name
    assert np.array_equal(tf, counted.tf)


def test_a_rebuild_keeps_unchanged_segments_and_serves_what_a_full_rebuild_serves(
        corpus_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(corpus=corpus_copy, index=tmp_path / "incremental", segment_units=SEGMENT_UNITS)
    build_index(settings)
    before = read_manifest(settings.index)
    assert len(before.segments) >= 3
    linked_before = {name: (live_dir(settings.index) / name).stat().st_ino for name in all_files(before.segments)}

    _change(corpus_copy)
    with monkeypatch.context() as patch:  # BM25's matrix is updated from the previous one, not counted again
        patch.setattr(assistant.build, "bm25_matrix", lambda tokens: pytest.fail("BM25 counted again"))
        report = build_index(settings)
    _assert_bm25_counted(settings.index)
    after = read_manifest(settings.index)
    assert report.rebuilt_networks == 2  # Erfurt (one of its three documents changed) and the new one
    kept = set(before.segments) & set(after.segments)
    assert kept and set(after.segments) - kept  # some segments kept, some written
    for name in segment_files(kept):
        # Kept segments are the same files (linked, not copied), with the hashes recorded before.
        assert (live_dir(settings.index) / name).stat().st_ino == linked_before[name]
        assert after.file_stats[name] == before.file_stats[name]
    for name in all_files(after.segments):
        assert _sha256_file(live_dir(settings.index) / name) == after.files[name]
    assert set(after.files) == set(all_files(after.segments)) and set(INDEX_FILES) < set(after.files)
    assert {p.name for p in live_dir(settings.index).iterdir()} == {*after.files, MANIFEST}

    full_settings = Settings(corpus=corpus_copy, index=tmp_path / "full", segment_units=SEGMENT_UNITS)
    build_index(full_settings)
    incremental, full = load_engine(settings), load_engine(full_settings)
    _assert_same_index(incremental.index, full.index)
    for question in QUESTIONS:
        got, expected = incremental.ask(question, top_k=10), full.ask(question, top_k=10)
        assert [(r.network_id, r.text) for r in got.results] == [(r.network_id, r.text) for r in expected.results]
        assert [r.score for r in got.results] == pytest.approx([r.score for r in expected.results], abs=1e-5)
    queries = load_queries(ROOT / "eval" / "dev_queries.jsonl")
    summaries = [summarise(run_queries(e.index, e.encoder, queries, RetrievalConfig()))
                 for e in (incremental, full)]
    for language, row in summaries[1].items():
        assert summaries[0][language] == pytest.approx(row, abs=1e-9), language
    # One segment or many: the same index (a full build into one segment).
    single = Settings(corpus=corpus_copy, index=tmp_path / "single")
    build_index(single)
    assert len(read_manifest(single.index).segments) == 1
    _assert_same_index(load_index(single), full.index)


def test_a_changed_sheet_that_names_nothing_new_keeps_the_name_lookup(
        corpus_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One success factor added to a sheet (as the benchmark changes one): the networks, their
    name keys and their texts' roots within the names' vocabulary are unchanged, so the name
    lookup is the previous index's, not built again; and it is the one a full build makes."""
    settings = Settings(corpus=corpus_copy, index=tmp_path / "incremental", segment_units=SEGMENT_UNITS)
    build_index(settings)
    assert modify_sheet(corpus_copy / "halberstadt.en.txt")
    with monkeypatch.context() as patch:
        patch.setattr(NetworkNames, "from_parts", staticmethod(lambda *a: pytest.fail("name lookup built again")))
        report = build_index(settings)
    assert report.rebuilt_networks == 1
    full = Settings(corpus=corpus_copy, index=tmp_path / "full", segment_units=SEGMENT_UNITS)
    build_index(full)
    incremental, expected = load_index(settings), load_index(full)
    assert incremental.lookup == expected.lookup
    assert any("Monthly review" in u.text for u in incremental.units)


def test_a_kept_segment_survives_a_rebuild_killed_after_linking_it(corpus_copy: Path, tmp_path: Path) -> None:
    """SIGKILL the rebuild right after it linked a kept segment's file, and right after the
    swap deleted the old folder: the index left is whole (every file as recorded) and answers."""
    settings = Settings(corpus=corpus_copy, index=tmp_path / "embeddings", segment_units=SEGMENT_UNITS)
    build_index(settings)
    before = read_manifest(settings.index)
    _change(corpus_copy)
    env = {**os.environ, "KOMPASS_CORPUS": str(corpus_copy), "KOMPASS_INDEX": str(settings.index),
           "KOMPASS_SEGMENT_UNITS": str(SEGMENT_UNITS), "PYTHONPATH": str(ROOT)}
    killer = (
        "import os, signal, sys\n"
        "import assistant.build as b\n"
        "real = os.link\n"
        "def link(src, dst):\n"
        "    real(src, dst)\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        "b.os.link = link\n"
        "from assistant.cli import main\n"
        "sys.exit(main(['ingest']))\n"
    )
    proc = subprocess.run([sys.executable, "-c", killer], env=env, cwd=ROOT, capture_output=True, timeout=600)
    assert proc.returncode == -signal.SIGKILL
    survivor = load_index(settings, check_corpus=False)  # the previous index, whole
    assert survivor.manifest.segments == before.segments
    for name in all_files(before.segments):
        assert _sha256_file(live_dir(settings.index) / name) == before.files[name]
    assert survivor.units[0].id == survivor.arrays.ids[0]

    killer = killer.replace("b.os.link = link", "import shutil\nreal_rmtree = shutil.rmtree\n"
                            "def rmtree(path, *a, **k):\n    real_rmtree(path, *a, **k)\n"
                            "    if '.old-' in str(path):\n        os.kill(os.getpid(), signal.SIGKILL)\n"
                            "import assistant.index as ix\nix.shutil.rmtree = rmtree")
    proc = subprocess.run([sys.executable, "-c", killer], env=env, cwd=ROOT, capture_output=True, timeout=600)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()[-2000:]
    rebuilt = load_index(settings)  # the new index, up to date, its kept files still there after the old went
    assert set(rebuilt.manifest.segments) & set(before.segments)
    assert "upload-0001.txt" in rebuilt.manifest.corpus and "dortmund.en.txt" not in rebuilt.manifest.corpus
    assert any(u.network_id == "kleinwaldau" for u in rebuilt.units)
    assert rebuilt.manifest.unit_count == len(rebuilt.units)


def _ivf_entries(index: SearchIndex) -> list[list[tuple[int, bytes]]]:
    """Every inverted list of an IVF index as sorted (id, code) pairs."""
    import faiss

    ivf, lists = index.faiss_index, index.faiss_index.invlists
    out = []
    for list_no in range(ivf.nlist):
        size = lists.list_size(list_no)
        ids = faiss.rev_swig_ptr(lists.get_ids(list_no), size).tolist() if size else []
        codes = faiss.rev_swig_ptr(lists.get_codes(list_no), size * ivf.code_size).tobytes() if size else b""
        out.append(sorted((i, codes[k * ivf.code_size:(k + 1) * ivf.code_size]) for k, i in enumerate(ids)))
    return out


def test_an_ivf_rebuild_from_the_previous_lists_equals_adding_every_vector_again(
        corpus_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rebuild of an IVF index starts from the previous one (rows that went removed, the others
    renumbered, only new rows' vectors added): the same lists and codes as adding them all."""
    import assistant.vectors as vectors

    settings = Settings(corpus=corpus_copy, index=tmp_path / "kept", segment_units=SEGMENT_UNITS, ivf_min_units=1)
    build_index(settings)
    assert read_manifest(settings.index).search.kind == "ivf"
    again = settings.model_copy(update={"index": tmp_path / "again"})
    shutil.copytree(settings.index, again.index)  # copy2: sizes and times kept, the copy is as recorded
    _change(corpus_copy)
    started: list[object] = []
    real = vectors._previous_ivf
    monkeypatch.setattr(vectors, "_previous_ivf", lambda *args: started.append(real(*args)) or started[-1])
    build_index(settings)
    assert started and started[0] is not None  # it did start from the previous lists
    monkeypatch.setattr(vectors, "_previous_ivf", lambda *args: None)
    build_index(again)
    kept, added = load_index(settings), load_index(again)
    assert kept.manifest.search == added.manifest.search and kept.manifest.search.kind == "ivf"
    assert kept.manifest.reused == added.manifest.reused > 0
    assert _ivf_entries(kept) == _ivf_entries(added)
    np.testing.assert_array_equal(kept.arrays.ids, added.arrays.ids)
    with np.load(live_dir(settings.index) / "columns.npz") as a, np.load(live_dir(again.index) / "columns.npz") as b:
        np.testing.assert_array_equal(a["ivf_list"], b["ivf_list"])
    # Served from several memory-mapped segments: the same answers.
    assert isinstance(kept.vectors, SegmentedVectors)
    np.testing.assert_array_equal(np.asarray(kept.vectors), np.asarray(added.vectors))
    engines = load_engine(settings), load_engine(again)
    for question in QUESTIONS:
        got, expected = (e.ask(question, top_k=10) for e in engines)
        assert [(r.network_id, r.text, r.score) for r in got.results] == [
            (r.network_id, r.text, r.score) for r in expected.results]
