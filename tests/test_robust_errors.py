"""Every error a message, no traceback; and nothing read that should not be.

* Bad settings are refused naming the variable and its value (``KOMPASS_THREADS=abc``,
  ``KOMPASS_MAX_FILE_BYTES=-1`` which used to skip every sheet and rebuild an empty
  index, ``KOMPASS_MAX_QUERY_CHARS=-5``), in the CLI (exit 2) and the app.
* ``KOMPASS_MODEL=/nonexistent``: one clear line, no traceback, in ``ask`` and ``ingest``.
* The disk filling up while FAISS writes (a real failed write: the file-size limit
  of the process, so ``fwrite`` fails inside FAISS and it raises ``RuntimeError``):
  ``ingest`` and ``ask`` exit 1 with a message, the previous index stays whole.
* ``eval --feedback``: a line with a timestamp without zone is read (as UTC), a
  deeply nested line, bad JSON and bad UTF-8 are skipped with warnings naming the
  line; a folder or a named pipe as the file is a message, and never blocks.
* A symbolic link in the corpus to a file outside it (a private file) is not read,
  with a warning, unless ``KOMPASS_FOLLOW_LINKS=true``; links inside the corpus are followed.
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.feedback import FeedbackRecord, append_feedback, read_feedback
from assistant.index import SearchIndex, corpus_hashes, ensure_index, live_dir, load_index
from assistant.network import load_networks
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
FIXTURES = ROOT / "tests" / "fixtures"

pytestmark = pytest.mark.disable_socket


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KOMPASS_")}
    env.update(PYTHONIOENCODING="utf-8", KOMPASS_THREADS="1", HF_HUB_OFFLINE="1", **extra)
    return env


def _assistant(*args: str, cwd: Path, env: dict[str, str] | None = None,
               limit_file_bytes: int | None = None) -> subprocess.CompletedProcess[str]:
    def limit() -> None:  # a failed write, as on a full disk: fwrite returns short, EFBIG
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_file_bytes, limit_file_bytes))

    return subprocess.run([sys.executable, "-m", "assistant", *args], check=False, cwd=cwd, env=env or _env(),
                          capture_output=True, text=True, timeout=300,
                          preexec_fn=limit if limit_file_bytes else None)


@pytest.fixture(scope="module")
def sound(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    settings = Settings(corpus=CORPUS, index=tmp_path_factory.getbasetemp() / "kompass-index", threads=1)
    return ensure_index(settings)


# --------------------------------------------------------------------------- settings


@pytest.mark.parametrize(("variable", "value"), [
    ("KOMPASS_THREADS", "abc"), ("KOMPASS_THREADS", "0"), ("KOMPASS_MAX_FILE_BYTES", "-1"),
    ("KOMPASS_MAX_QUERY_CHARS", "-5"), ("KOMPASS_FOLLOW_LINKS", "perhaps"),
])
@pytest.mark.parametrize("command", [["networks"], ["ingest", "--quiet"], ["ask", "Ehrenamt"]])
def test_a_bad_setting_is_a_message_naming_the_variable(
    variable: str, value: str, command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(variable, value)
    index = tmp_path / "embeddings"
    args = [*command, "--corpus", str(CORPUS)] + (["--index", str(index)] if command[0] != "networks" else [])
    code = main(args)
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith(f"error: {variable}={value!r}: expected "), err
    assert not index.exists()  # refused before anything was done


def test_the_app_names_a_bad_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("KOMPASS_THREADS", "abc")
    monkeypatch.setenv("KOMPASS_INDEX", str(tmp_path / "embeddings"))
    monkeypatch.setenv("KOMPASS_FEEDBACK", str(tmp_path / "feedback.jsonl"))
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.run()
    assert not at.exception
    assert any("KOMPASS\\_THREADS='abc'" in e.value or "KOMPASS_THREADS='abc'" in e.value for e in at.error), \
        [e.value for e in at.error]


@pytest.mark.heavy  # CLI processes loading the model
@pytest.mark.parametrize("command", [["ask", "Ehrenamt"], ["ingest", "--quiet"]])
def test_a_missing_model_folder_is_one_line(command: list[str], tmp_path: Path) -> None:
    done = _assistant(*command, "--corpus", str(CORPUS), "--index", str(tmp_path / "embeddings"), cwd=tmp_path,
                      env=_env(KOMPASS_MODEL="/nonexistent"))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    [error] = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert "'/nonexistent'" in error and "KOMPASS_MODEL" in error


# --------------------------------------------------------------------------- disk full


@pytest.mark.parametrize("command", ["ingest", "ask"])
def test_a_failed_faiss_write_is_a_message_and_the_old_index_stays(
    command: str, sound: SearchIndex, tmp_path: Path,
) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus, copy_function=shutil.copyfile)
    index = tmp_path / "embeddings"
    shutil.copytree(sound.directory, index)
    shutil.copyfile(FIXTURES / "new_sheet_en.txt", corpus / "lindenbruck.en.txt")  # something to rebuild
    args = ["ingest", "--quiet"] if command == "ingest" else ["ask", "Ehrenamt"]
    faiss_bytes = (live_dir(index) / "index.faiss").stat().st_size
    done = _assistant(*args, "--corpus", str(corpus), "--index", str(index), cwd=tmp_path,
                      limit_file_bytes=faiss_bytes // 2)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    # The first index file over the limit is named (the FAISS file, or the vectors written beside it).
    assert "error: cannot" in done.stderr and re.search(r"(index\.faiss|vectors\.npy) could not be written",
                                                        done.stderr), done.stderr
    old = load_index(Settings(corpus=corpus, index=index, threads=1), check_corpus=False)
    assert [u.id for u in old.units] == [u.id for u in sound.units]  # the previous index, whole
    assert [p.name for p in index.iterdir() if ".tmp-" in p.name] == []


# --------------------------------------------------------------------------- feedback


def _record(**extra: object) -> dict[str, object]:
    fields: dict[str, object] = {"question": "Ehrenamt?", "language": "de", "rating": "up", **extra}
    return json.loads(FeedbackRecord.model_validate(fields).model_dump_json())


def test_eval_feedback_reads_naive_timestamps_and_skips_bad_lines_by_number(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    naive = _record(turn_id="b")
    naive["timestamp"] = "2026-01-05T10:00:00"  # no zone
    lines = [json.dumps(_record(turn_id="a")).encode(), json.dumps(naive).encode(),
             b"[" * 100_000, b"{not json", b"\xff\xfe broken utf-8", json.dumps(_record(rating="down")).encode()]
    path = tmp_path / "feedback.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    code = main(["eval", "--feedback", str(path), "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Traceback" not in err
    report = json.loads(out)
    assert (report["votes"], report["up"], report["down"]) == (3, 2, 1)
    warned = [line for line in err.splitlines() if line.startswith("warning:")]
    assert [w.split(f"{path}:")[1].split(":")[0] for w in warned] == ["3", "4", "5"], warned


@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_eval_feedback_on_a_folder_or_pipe_is_a_message(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "feedback.jsonl"
    if kind == "folder":
        path.mkdir()
    else:
        os.mkfifo(path)
    result: list[int] = []
    thread = threading.Thread(target=lambda: result.append(main(["eval", "--feedback", str(path)])), daemon=True)
    thread.start()
    thread.join(30)
    assert result == [1], "eval --feedback blocked or failed"
    err = capsys.readouterr().err
    assert err.startswith(f"error: cannot read the feedback file {path}: "), err


@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_a_vote_never_blocks_on_a_pipe_or_folder(kind: str, tmp_path: Path) -> None:
    path = tmp_path / "feedback.jsonl"
    if kind == "folder":
        path.mkdir()
    else:
        os.mkfifo(path)
    outcome: list[BaseException | None] = []

    def vote() -> None:
        try:
            append_feedback(path, FeedbackRecord(question="x", language="de", rating="up"))
            outcome.append(None)
        except OSError as exc:
            outcome.append(exc)

    thread = threading.Thread(target=vote, daemon=True)
    thread.start()
    thread.join(30)
    assert len(outcome) == 1, "append_feedback blocked (one server thread per click, forever)"
    assert isinstance(outcome[0], OSError)
    with pytest.raises(OSError):
        read_feedback(path)


# --------------------------------------------------------------------------- symlinks


@pytest.fixture
def linked(tmp_path: Path) -> Path:
    """The seeds plus: a link to a private file outside the corpus, and a link to a sheet
    kept in a hidden folder inside it."""
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus, copy_function=shutil.copyfile)
    private = tmp_path / "home" / "private-notes.en.txt"
    private.parent.mkdir()
    shutil.copyfile(FIXTURES / "new_sheet_en.txt", private)  # Lindenbrück, never to be indexed
    (corpus / "notes.en.txt").symlink_to(private)
    (corpus / ".archive").mkdir()
    shutil.copyfile(FIXTURES / "new_sheet_de.txt", corpus / ".archive" / "rosenfelde.de.txt")
    (corpus / "rosenfelde.de.txt").symlink_to(Path(".archive") / "rosenfelde.de.txt")
    return corpus


def test_a_link_out_of_the_corpus_is_not_read(linked: Path) -> None:
    loaded = load_networks(linked)
    ids = {n.id for n in loaded.networks}
    assert "lindenbruck" not in ids and "rosenfelde" in ids  # inside: followed
    assert [str(w) for w in loaded.warnings] == [
        "notes.en.txt: skipped: symbolic link to a file outside the corpus (KOMPASS_FOLLOW_LINKS=true follows it)"]
    assert "notes.en.txt" not in corpus_hashes(linked)  # not even hashed
    followed = load_networks(linked, follow_links=True)
    assert "lindenbruck" in {n.id for n in followed.networks} and followed.warnings == []


@pytest.mark.heavy  # CLI processes loading the model
def test_ingest_skips_a_link_out_unless_the_setting_allows_it(linked: Path, sound: SearchIndex,
                                                               tmp_path: Path) -> None:
    index = tmp_path / "embeddings"
    shutil.copytree(sound.directory, index)
    done = _assistant("ingest", "--quiet", "--corpus", str(linked), "--index", str(index), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "warning: notes.en.txt: skipped: symbolic link to a file outside the corpus" in done.stderr
    units = _units_text(index)
    assert "Lindenbr" not in units and "notes.en.txt" not in units
    allowed = _assistant("ingest", "--quiet", "--corpus", str(linked), "--index", str(index), cwd=tmp_path,
                         env=_env(KOMPASS_FOLLOW_LINKS="true"))
    assert allowed.returncode == 0 and "notes.en.txt" not in allowed.stderr
    assert "notes.en.txt" in _units_text(index)


def _units_text(index: Path) -> str:
    """The units of every segment of the index, as stored."""
    return "".join(p.read_text(encoding="utf-8") for p in sorted(live_dir(index).glob("seg-*.units.jsonl")))
