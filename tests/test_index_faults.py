"""Faults in the persisted index: detected, rebuilt with a message, never served wrong.

* A damaged index (truncated ``index.faiss``, a manifest that disagrees with the
  files, a units file with a bad line, a missing ``embeddings/`` folder, ...) makes
  :func:`load_index` raise, and :func:`ensure_index` rebuild it after telling the
  user why (``notify``; the CLI prints it on stderr). The rebuilt index holds the
  same units as a sound one, so answers are the same.
* ``assistant ingest`` killed with SIGKILL at random points (20 times) always
  leaves an index that loads and is consistent with one whole corpus state (the
  previous or the new one), or no index at all if none had been finished yet.
  Temp directories of killed builds are removed by the next build.
* Kills at the exact dangerous points of the swap (before, between and after the
  two renames) are recovered.
* A reader loading the index while a build swaps it in neither breaks the build
  nor is served a half-swapped index.
* Two ``assistant ingest`` processes at once: the second exits 1 with "another
  ingest is updating ...", the first finishes, the index is sound.

Indexes live in temporary directories only; the sound index is built once per
session and copied.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import clean_env, seed_index_settings

from assistant.cli import main
from assistant.index import (
    INDEX_FILE,
    MANIFEST,
    IndexCorrupt,
    IndexMissing,
    IndexStale,
    SearchIndex,
    build_index,
    corpus_hashes,
    ensure_index,
    live_dir,
    load_index,
    lock_path,
    segment_file,
)
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
FIXTURES = ROOT / "tests" / "fixtures"
QUESTION = "Wie gewinnen wir Ehrenamtliche für unser Netzwerk?"

pytestmark = [pytest.mark.disable_socket, pytest.mark.heavy]  # real index builds and ingest processes


# --------------------------------------------------------------------------- helpers


@pytest.fixture(scope="module")
def sound(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    return load_index(seed_index_settings(tmp_path_factory))


@pytest.fixture
def settings(sound: SearchIndex, tmp_path: Path) -> Settings:
    """A private copy of the sound index, free to break."""
    target = tmp_path / "embeddings"
    shutil.copytree(sound.directory, target)
    return Settings(corpus=CORPUS, index=target, threads=1)


def _env(**extra: str) -> dict[str, str]:
    return clean_env(KOMPASS_THREADS="1", HF_HUB_OFFLINE="1", **extra)


def _manifest(settings: Settings) -> dict:
    return json.loads((live_dir(settings.index) / MANIFEST).read_text(encoding="utf-8"))


def _write_manifest(settings: Settings, data: dict) -> None:
    (live_dir(settings.index) / MANIFEST).write_text(json.dumps(data), encoding="utf-8")


def _rehash(settings: Settings, name: str) -> None:
    """Make the manifest agree with a modified file again (a fault the hashes cannot see)."""
    import hashlib

    data = _manifest(settings)
    data["files"][name] = hashlib.sha256((live_dir(settings.index) / name).read_bytes()).hexdigest()
    _write_manifest(settings, data)


def _segment_file(settings: Settings, kind: str) -> str:
    """The name of the first segment's file of ``kind`` (the seed index has one segment)."""
    return segment_file(_manifest(settings)["segments"][0], kind)


def _units(s: Settings) -> str:
    return _segment_file(s, "unit")


def _networks(s: Settings) -> str:
    return _segment_file(s, "network")


def _replace_line(path: Path, number: int, new: bytes) -> None:
    lines = path.read_bytes().splitlines(keepends=True)
    lines[number - 1] = new
    path.write_bytes(b"".join(lines))


def _same_units(index: SearchIndex, sound: SearchIndex) -> None:
    assert [(u.id, u.text, u.source) for u in index.units] == [(u.id, u.text, u.source) for u in sound.units]
    assert [n.id for n in index.networks] == [n.id for n in sound.networks]
    assert index.faiss_index.ntotal == len(sound.units)  # type: ignore[attr-defined]


def _leftovers(settings: Settings) -> dict[str, list[str]]:
    live = live_dir(settings.index)
    parent, name = live.parent, live.name
    return {
        "tmp": sorted(p.name for p in parent.glob(f".{name}.tmp-*")),
        "old": sorted(p.name for p in parent.glob(f".{name}.old-*")),
    }


# --------------------------------------------------------------------------- faults


def _truncate_faiss(s: Settings) -> None:
    path = live_dir(s.index) / INDEX_FILE
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _truncate_faiss_rehashed(s: Settings) -> None:
    _truncate_faiss(s)
    _rehash(s, INDEX_FILE)


def _empty_faiss_rehashed(s: Settings) -> None:
    (live_dir(s.index) / INDEX_FILE).write_bytes(b"")
    _rehash(s, INDEX_FILE)


def _manifest_count(s: Settings) -> None:
    data = _manifest(s)
    data["unit_count"] += 1
    _write_manifest(s, data)


def _manifest_dimension(s: Settings) -> None:
    data = _manifest(s)
    data["dimension"] = 384
    _write_manifest(s, data)


def _manifest_hash(s: Settings) -> None:
    data = _manifest(s)
    data["files"][_units(s)] = "0" * 64
    _write_manifest(s, data)


def _manifest_not_json(s: Settings) -> None:
    (live_dir(s.index) / MANIFEST).write_text('{"format_version": 1, "model_id": ', encoding="utf-8")


def _manifest_binary(s: Settings) -> None:
    (live_dir(s.index) / MANIFEST).write_bytes(b"\xff\xfe\x00garbage")


def _manifest_without_hashes(s: Settings) -> None:
    """The manifest lists no file hashes, and networks.jsonl was edited (valid, but wrong)."""
    data = _manifest(s)
    data["files"] = {}
    _write_manifest(s, data)
    path = live_dir(s.index) / _networks(s)
    path.write_text(path.read_text(encoding="utf-8").replace("Dortmund", "Nirgendwo"), encoding="utf-8")


def _manifest_missing(s: Settings) -> None:
    (live_dir(s.index) / MANIFEST).unlink()


def _other_model(s: Settings) -> None:
    data = _manifest(s)
    data["model_id"] = "some-other-model"
    _write_manifest(s, data)


def _units_bad_line(s: Settings) -> None:
    _replace_line(live_dir(s.index) / _units(s), 3, b'{"id": 1, "level": "item", "text": "not a unit"\n')


def _units_bad_line_rehashed(s: Settings) -> None:
    _units_bad_line(s)
    _rehash(s, _units(s))


def _units_not_utf8_rehashed(s: Settings) -> None:
    _replace_line(live_dir(s.index) / _units(s), 3, b"\xff\xfe\xfa not utf-8\n")
    _rehash(s, _units(s))


def _units_reordered_rehashed(s: Settings) -> None:
    path = live_dir(s.index) / _units(s)
    lines = path.read_bytes().splitlines(keepends=True)
    lines[0], lines[1] = lines[1], lines[0]
    path.write_bytes(b"".join(lines))
    _rehash(s, _units(s))


def _units_short_rehashed(s: Settings) -> None:
    path = live_dir(s.index) / _units(s)
    path.write_bytes(b"".join(path.read_bytes().splitlines(keepends=True)[:-1]))
    _rehash(s, _units(s))


def _units_is_directory(s: Settings) -> None:
    (live_dir(s.index) / _units(s)).unlink()
    (live_dir(s.index) / _units(s)).mkdir()


def _networks_missing(s: Settings) -> None:
    (live_dir(s.index) / _networks(s)).unlink()


def _networks_bad_line_rehashed(s: Settings) -> None:
    _replace_line(live_dir(s.index) / _networks(s), 1, b"[]\n")
    _rehash(s, _networks(s))


def _dir_missing(s: Settings) -> None:
    shutil.rmtree(s.index)


def _dir_empty(s: Settings) -> None:
    shutil.rmtree(s.index)
    s.index.mkdir()


FAULTS: dict[str, tuple[Callable[[Settings], None], type[Exception], str]] = {
    # name: (break it, what load_index raises, what the user is told)
    "truncated index.faiss": (_truncate_faiss, IndexCorrupt, "damaged"),
    "truncated index.faiss, manifest rehashed": (_truncate_faiss_rehashed, IndexCorrupt, "damaged"),
    "empty index.faiss, manifest rehashed": (_empty_faiss_rehashed, IndexCorrupt, "damaged"),
    "manifest unit count disagrees": (_manifest_count, IndexCorrupt, "damaged"),
    "manifest dimension disagrees": (_manifest_dimension, IndexCorrupt, "damaged"),
    "manifest hash disagrees": (_manifest_hash, IndexCorrupt, "damaged"),
    "manifest is cut-off JSON": (_manifest_not_json, IndexCorrupt, "damaged"),
    "manifest is binary": (_manifest_binary, IndexCorrupt, "damaged"),
    "manifest lists no file hashes": (_manifest_without_hashes, IndexCorrupt, "damaged"),
    "manifest deleted": (_manifest_missing, IndexMissing, "No index"),
    "manifest names another model": (_other_model, IndexStale, "out of date"),
    "units file with a bad line": (_units_bad_line, IndexCorrupt, "damaged"),
    "units file with a bad line, manifest rehashed": (_units_bad_line_rehashed, IndexCorrupt, "damaged"),
    "units file not UTF-8, manifest rehashed": (_units_not_utf8_rehashed, IndexCorrupt, "damaged"),
    "units file reordered, manifest rehashed": (_units_reordered_rehashed, IndexCorrupt, "damaged"),
    "units file one line short, manifest rehashed": (_units_short_rehashed, IndexCorrupt, "damaged"),
    "units file is a directory": (_units_is_directory, IndexCorrupt, "damaged"),
    "networks file deleted": (_networks_missing, IndexCorrupt, "damaged"),
    "networks file with a bad line, manifest rehashed": (_networks_bad_line_rehashed, IndexCorrupt, "damaged"),
    "embeddings/ directory missing": (_dir_missing, IndexMissing, "No index"),
    "embeddings/ directory empty": (_dir_empty, IndexMissing, "No index"),
}


@pytest.mark.parametrize("fault", list(FAULTS))
def test_fault_is_detected_and_rebuilt_with_a_message(fault: str, settings: Settings, sound: SearchIndex) -> None:
    breaks, raised, told = FAULTS[fault]
    breaks(settings)
    with pytest.raises(raised):
        load_index(settings)
    messages: list[str] = []
    index = ensure_index(settings, notify=messages.append)
    assert len(messages) == 1 and told in messages[0], messages
    _same_units(index, sound)
    again: list[str] = []
    _same_units(ensure_index(settings, notify=again.append), sound)
    assert again == []  # the rebuilt index is sound: nothing more to say
    assert _leftovers(settings) == {"tmp": [], "old": []}


@pytest.mark.parametrize(
    "fault", ["truncated index.faiss", "units file with a bad line", "embeddings/ directory missing"])
def test_cli_ask_reports_the_rebuild_on_stderr_and_answers(
    fault: str, settings: Settings, sound: SearchIndex, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KOMPASS_THREADS", "1")
    FAULTS[fault][0](settings)
    code = main(["ask", QUESTION, "--json", "--index", str(settings.index), "--corpus", str(CORPUS)])
    out, err = capsys.readouterr()
    assert code == 0
    assert FAULTS[fault][2] in err and "Traceback" not in err
    answer = json.loads(out)
    assert answer["matched"] and answer["results"]
    _same_units(load_index(settings), sound)


def test_cli_ingest_over_a_damaged_index_rebuilds_it(
    settings: Settings, sound: SearchIndex, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KOMPASS_THREADS", "1")
    _truncate_faiss(settings)
    code = main(["ingest", "--quiet", "--index", str(settings.index), "--corpus", str(CORPUS)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert f"{len(sound.units)} units" in out and f"{len(sound.units)} embedded" in out  # nothing reused from it
    _same_units(load_index(settings), sound)


def test_answers_after_a_rebuild_are_those_of_a_sound_index(settings: Settings, sound: SearchIndex) -> None:
    from assistant.embedding import load_encoder
    from assistant.recommend import Engine

    def results(index: SearchIndex) -> list[tuple[str, int, int]]:
        engine = Engine(settings=settings, index=index, encoder=load_encoder(settings))
        return [(r.source, r.start, r.end) for r in engine.ask(QUESTION).results]

    expected = results(sound)
    _units_bad_line(settings)
    assert results(ensure_index(settings)) == expected


def test_a_changed_corpus_makes_the_index_stale(settings: Settings, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus, copy_function=shutil.copyfile)
    moved = settings.model_copy(update={"corpus": corpus})
    load_index(moved)
    shutil.copyfile(FIXTURES / "new_sheet_en.txt", corpus / "new.txt")
    with pytest.raises(IndexStale):
        load_index(moved)
    messages: list[str] = []
    index = ensure_index(moved, notify=messages.append)
    assert "out of date" in messages[0]
    assert "lindenbruck" in {n.id for n in index.networks}


def test_unwritable_index_location_is_an_error_message(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KOMPASS_THREADS", "1")
    code = main(["ingest", "--quiet", "--index", "/proc/kompass-no-such/index", "--corpus", str(CORPUS)])
    _, err = capsys.readouterr()
    assert code == 1 and "error:" in err


# --------------------------------------------------------------------------- kills


def _ingest_cmd(settings: Settings) -> list[str]:
    return [sys.executable, "-m", "assistant", "ingest", "--quiet",
            "--index", str(settings.index), "--corpus", str(settings.corpus)]


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)


class _Corpus:
    """A corpus that switches between two states: the seeds, and the seeds plus one sheet."""

    def __init__(self, root: Path) -> None:
        self.root = root
        shutil.copytree(CORPUS, root, copy_function=shutil.copyfile)
        self.extra = root / "lindenbruck.en.txt"
        self.hashes = {False: corpus_hashes(root)}
        self.set(True)
        self.hashes[True] = corpus_hashes(root)
        self.set(False)

    def set(self, with_extra: bool) -> None:
        if with_extra:
            shutil.copyfile(FIXTURES / "new_sheet_en.txt", self.extra)
        else:
            self.extra.unlink(missing_ok=True)

    def state_of(self, index: SearchIndex) -> bool:
        for state, hashes in self.hashes.items():
            if index.manifest.corpus == hashes:
                return state
        raise AssertionError(f"index matches neither corpus state: {sorted(index.manifest.corpus)}")


def _check_consistent(settings: Settings, corpus: _Corpus, unit_ids: dict[bool, list[int]]) -> SearchIndex:
    index = load_index(settings, check_corpus=False)
    state = corpus.state_of(index)
    assert [u.id for u in index.units] == unit_ids[state]
    return index


@pytest.mark.slow
def test_ingest_killed_at_random_points_leaves_a_loadable_index(tmp_path: Path) -> None:
    """SIGKILL ``assistant ingest`` after a random delay, 20 times (+1 before any index exists)."""
    seed = int(os.environ.get("KOMPASS_KILL_SEED", random.randrange(1 << 30)))
    rng = random.Random(seed)
    corpus = _Corpus(tmp_path / "corpus")
    settings = Settings(corpus=corpus.root, index=tmp_path / "embeddings", threads=1)

    # Kill a first build early: no index has been finished, nothing may be half there.
    proc = subprocess.Popen(_ingest_cmd(settings), env=_env(), start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.3)
    _kill_group(proc)
    with pytest.raises(IndexMissing):
        load_index(settings)
    messages: list[str] = []
    ensure_index(settings, notify=messages.append)  # the app's path: rebuilds, says so
    assert "No index" in messages[0]

    # Unit ids of each corpus state, and how long a (reusing) build takes: the shorter of two,
    # since the first pays for cold caches and the delays below must cut most builds short.
    unit_ids = {False: [u.id for u in load_index(settings).units]}
    durations = []
    for state in (True, False):
        corpus.set(state)
        started = time.perf_counter()
        subprocess.run(_ingest_cmd(settings), env=_env(), check=True, capture_output=True, timeout=300)
        durations.append(time.perf_counter() - started)
        unit_ids[state] = [u.id for u in load_index(settings).units]
    duration = min(durations)
    assert len(unit_ids[True]) > len(unit_ids[False])

    outcomes = {"killed": 0, "finished": 0}
    for attempt in range(20):
        corpus.set(attempt % 2 == 0)  # every run has something new to write
        delay = rng.uniform(0.0, duration * 1.1)
        proc = subprocess.Popen(_ingest_cmd(settings), env=_env(), start_new_session=True,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        outcomes["finished" if proc.poll() is not None else "killed"] += 1
        _kill_group(proc)
        where = f"seed {seed}, attempt {attempt}, delay {delay:.2f}s of ~{duration:.2f}s"
        try:
            _check_consistent(settings, corpus, unit_ids)
        except Exception as exc:  # noqa: BLE001 - say which kill broke it
            raise AssertionError(f"index unusable after kill ({where}): {exc!r}") from exc
        left = _leftovers(settings)
        assert len(left["tmp"]) <= 1 and len(left["old"]) <= 1, (where, left)

    # A build that runs to the end cleans up whatever the killed ones left behind.
    corpus.set(True)
    subprocess.run(_ingest_cmd(settings), env=_env(), check=True, capture_output=True, timeout=300)
    assert corpus.state_of(load_index(settings)) is True  # check_corpus=True: up to date
    assert _leftovers(settings) == {"tmp": [], "old": []}
    assert outcomes["killed"] >= 10, outcomes  # the delays really cut builds short


# Kill the build at the dangerous points of the swap, deterministically: a wrapper
# runs the real CLI with os.rename / _swap_in instrumented to SIGKILL the process.
_KILL_AT = r"""
import os, signal, sys
import assistant.index as ix
point = sys.argv[1]
real_rename, real_swap = os.rename, ix._swap_in
renames = []
def die():
    os.kill(os.getpid(), signal.SIGKILL)
def rename(src, dst):
    real_rename(src, dst)
    renames.append(dst)
    if point == "between-renames" and len(renames) == 1:
        die()
    if point == "after-renames" and len(renames) == 2:
        die()
def swap(new, directory):
    if point == "before-swap":
        die()
    real_swap(new, directory)
os.rename = rename
ix._swap_in = swap
from assistant.cli import main
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.parametrize("point", ["before-swap", "between-renames", "after-renames"])
def test_kill_inside_the_swap_is_recovered(point: str, settings: Settings, sound: SearchIndex, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus, copy_function=shutil.copyfile)
    settings = settings.model_copy(update={"corpus": corpus})
    shutil.copyfile(FIXTURES / "new_sheet_en.txt", corpus / "lindenbruck.en.txt")
    result = subprocess.run(
        [sys.executable, "-c", _KILL_AT, point, "ingest", "--quiet", "--index", str(settings.index),
         "--corpus", str(corpus)], env=_env(), capture_output=True, timeout=300,
    )
    assert result.returncode == -signal.SIGKILL, result.stderr.decode()
    index = load_index(settings, check_corpus=False)  # recovers an interrupted swap
    new = "lindenbruck" in {n.id for n in index.networks}
    assert new is (point == "after-renames")  # the old index until the new one is fully in
    if not new:
        _same_units(index, sound)
    # The next build finishes the job and removes the killed build's leftovers.
    assert main(["ingest", "--quiet", "--index", str(settings.index), "--corpus", str(corpus)]) == 0
    assert "lindenbruck" in {n.id for n in load_index(settings).networks}
    assert _leftovers(settings) == {"tmp": [], "old": []}


def test_stale_temp_dirs_of_killed_builds_are_removed(settings: Settings) -> None:
    live = live_dir(settings.index)
    parent, name = live.parent, live.name
    for n in range(3):  # what three builds killed while writing would leave
        junk = parent / f".{name}.tmp-{4242 + n}-{1700000000000 + n}"
        junk.mkdir()
        (junk / INDEX_FILE).write_bytes(b"half written")
    assert len(_leftovers(settings)["tmp"]) == 3
    build_index(settings)
    assert _leftovers(settings) == {"tmp": [], "old": []}


# --------------------------------------------------------------------------- concurrency


def test_reader_during_the_swap_neither_breaks_the_build_nor_gets_a_half_index(
    settings: Settings, sound: SearchIndex, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A reader (the app) calls load_index exactly between the two renames of a swap."""
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus, copy_function=shutil.copyfile)
    shutil.copyfile(FIXTURES / "new_sheet_en.txt", corpus / "lindenbruck.en.txt")
    settings = settings.model_copy(update={"corpus": corpus})

    swapped, read = threading.Event(), threading.Event()
    real_rename = os.rename

    def rename(src: object, dst: object) -> None:
        real_rename(src, dst)  # type: ignore[arg-type]
        if ".old-" in str(dst) and not swapped.is_set():
            swapped.set()
            read.wait(30)  # hold the build between its two renames until the reader has looked

    seen: list[object] = []

    def reader() -> None:
        swapped.wait(120)
        try:
            seen.append(load_index(settings, check_corpus=False))
        except Exception as exc:  # noqa: BLE001 - recorded and checked below
            seen.append(exc)
        read.set()

    monkeypatch.setattr(os, "rename", rename)
    thread = threading.Thread(target=reader)
    thread.start()
    try:
        report = build_index(settings)
    finally:
        read.set()
        thread.join(60)
    assert report.networks == 4
    [outcome] = seen
    # Either a whole index (old or new) or "no index right now" -- never a mixture or a crash.
    if isinstance(outcome, SearchIndex):
        assert len(outcome.units) in (len(sound.units), report.units)
    else:
        assert isinstance(outcome, IndexMissing), repr(outcome)
    index = load_index(settings)
    assert "lindenbruck" in {n.id for n in index.networks}
    assert _leftovers(settings) == {"tmp": [], "old": []}


def _lock_held(lock_path: Path) -> bool:
    """Whether some process holds a flock on ``lock_path`` (read from /proc/locks, without locking)."""
    try:
        inode = lock_path.stat().st_ino
    except FileNotFoundError:
        return False
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if "FLOCK" in fields and any(f.endswith(f":{inode}") for f in fields):
            return True
    return False


@pytest.mark.slow
def test_two_ingests_at_once(tmp_path: Path) -> None:
    settings = Settings(corpus=CORPUS, index=tmp_path / "embeddings", threads=1)
    lock = lock_path(settings.index)
    first = subprocess.Popen(_ingest_cmd(settings), env=_env(), start_new_session=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while not _lock_held(lock):
            assert first.poll() is None, first.communicate()
            assert time.monotonic() < deadline, "the first ingest never took the lock"
            time.sleep(0.02)
        second = subprocess.run(_ingest_cmd(settings), env=_env(), capture_output=True, text=True, timeout=120)
        assert first.poll() is None, "the first ingest ended before the second one tried"
        out, err = first.communicate(timeout=300)
    finally:
        _kill_group(first)
    assert second.returncode == 1
    assert "another ingest is updating" in second.stderr and "Traceback" not in second.stderr
    assert first.returncode == 0, err.decode()
    assert b"Indexed 3 networks" in out
    index = load_index(settings)
    assert len(index.units) == index.manifest.unit_count > 0
    assert _leftovers(settings) == {"tmp": [], "old": []}


def test_concurrent_ensure_index_builds_once(tmp_path: Path) -> None:
    """Several sessions starting at once with no index: one builds, the others wait and load it."""
    settings = Settings(corpus=CORPUS, index=tmp_path / "embeddings", threads=1)
    results: list[object] = []
    notes: list[str] = []

    def start() -> None:
        try:
            results.append(ensure_index(settings, notify=notes.append))
        except Exception as exc:  # noqa: BLE001 - checked below
            results.append(exc)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    assert all(isinstance(r, SearchIndex) for r in results), results
    assert len({r.manifest.built_at for r in results}) == 1  # type: ignore[union-attr]
