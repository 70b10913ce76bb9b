"""The index folder is the assistant's alone: a wrong ``--index`` never loses a file.

End to end through the CLI (``assistant ingest`` / ``ask`` as real processes, and
``main`` in-process), always on copies in temporary folders:

* ``--index`` (or ``KOMPASS_INDEX``) naming the corpus, a folder inside it or holding
  it (``--index .``, ``--index "$PWD"``), a user's non-empty folder, or a regular file
  is refused with a message naming the path and what was found; nothing is created,
  moved or deleted (byte-for-byte and entry-for-entry the same afterwards).
* A folder that is missing, empty, holds only git's ``.gitkeep``, or carries the
  marker is used; the tracked ``.gitkeep`` and anything else of the user's in it
  survive every ingest, and the lock lives inside the folder, not beside it.
* An index of the old flat layout is moved into ``current/`` without re-embedding.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.index import (
    MANIFEST,
    MARKER,
    IndexRefused,
    SearchIndex,
    all_files,
    claim_index_dir,
    ensure_index,
    live_dir,
    load_index,
    lock_path,
)
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
QUESTION = "Wie gewinnen wir Ehrenamtliche?"

pytestmark = [pytest.mark.disable_socket, pytest.mark.heavy]  # real index builds


def _shared_index(factory: pytest.TempPathFactory) -> Settings:
    """The seed corpus indexed once per test session (shared with other modules)."""
    settings = Settings(corpus=CORPUS, index=factory.getbasetemp() / "kompass-index", threads=1)
    ensure_index(settings)
    return settings


@pytest.fixture(scope="module")
def seed_index(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    return load_index(_shared_index(tmp_path_factory))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of a project folder: corpus, a tracked-looking embeddings/.gitkeep, a user's file."""
    root = tmp_path / "project"
    shutil.copytree(CORPUS, root / "corpus", copy_function=shutil.copyfile)
    (root / "embeddings").mkdir()
    (root / "embeddings" / ".gitkeep").write_bytes(b"")
    (root / "README.md").write_text("my project\n", encoding="utf-8")
    (root / "notes.txt").write_text("a user's file that must survive\n", encoding="utf-8")
    return root


def _snapshot(folder: Path) -> dict[str, bytes | str | None]:
    """Every entry under ``folder`` (hidden ones too) with its bytes (None for folders)."""
    out: dict[str, bytes | str | None] = {}
    for path in sorted(folder.rglob("*")):
        key = str(path.relative_to(folder))
        if path.is_symlink():
            out[key] = f"-> {os.readlink(path)}"
        else:
            out[key] = None if path.is_dir() else path.read_bytes()
    return out


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KOMPASS_")}
    env.update(PYTHONIOENCODING="utf-8", KOMPASS_THREADS="1", HF_HUB_OFFLINE="1", **extra)
    return env


def _run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "assistant", *args], check=False, cwd=cwd,
                          env=_env(**env), capture_output=True, text=True, timeout=300)


# --------------------------------------------------------------------------- refused, nothing changed


@pytest.mark.parametrize("command", ["ingest", "ask", "chat"])
def test_index_flag_naming_the_corpus_is_refused_and_the_sheets_stay(command: str, project: Path) -> None:
    """``assistant ask --index corpus``: two flags mixed up must not wipe the fact sheets."""
    before = _snapshot(project)
    args = ["ingest", "--quiet"] if command == "ingest" else [command, QUESTION]
    result = _run([*args, "--index", "corpus", "--corpus", "corpus"], cwd=project)
    assert result.returncode == 1, result.stderr
    assert "refusing to use corpus as the index folder: it is the corpus folder" in result.stderr
    assert "Nothing was changed" in result.stderr and "Traceback" not in result.stderr
    assert "building it" not in result.stderr  # refused before announcing a build
    assert _snapshot(project) == before


def test_index_flag_naming_a_sheet_folder_that_is_not_the_corpus_is_refused(project: Path) -> None:
    """The corpus copy named as index while the corpus flag points elsewhere: not empty, no index."""
    before = _snapshot(project)
    code = main(["ingest", "--quiet", "--index", str(project / "corpus"), "--corpus", str(CORPUS)])
    assert code == 1
    assert _snapshot(project) == before


@pytest.mark.parametrize("index", [".", "$PWD"])
def test_index_flag_naming_the_project_folder_is_refused(index: str, project: Path) -> None:
    before = _snapshot(project)
    target = str(project) if index == "$PWD" else "."
    result = _run(["ingest", "--quiet", "--index", target], cwd=project, KOMPASS_CORPUS=str(project / "corpus"))
    assert result.returncode == 1
    assert "as the index folder: it holds the corpus folder" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert _snapshot(project) == before  # no `..lock`, no marker, nothing moved
    assert not list(project.parent.glob(".*lock"))


def test_a_users_folder_is_refused_naming_what_was_found(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "Documents"
    folder.mkdir()
    (folder / "budget.ods").write_bytes(b"PK\x03\x04 numbers")
    (folder / "manifest.json").write_text('{"name": "some other tool"}', encoding="utf-8")
    before = _snapshot(tmp_path)
    code = main(["ask", QUESTION, "--index", str(folder), "--corpus", str(CORPUS)])
    err = capsys.readouterr().err
    assert code == 1
    assert f"refusing to use {folder} as the index folder: it is not empty and holds no netzwerk-kompass index" in err
    assert "found 2 entries: budget.ods, manifest.json" in err
    assert _snapshot(tmp_path) == before


def test_kompass_index_naming_the_corpus_is_refused(project: Path) -> None:
    before = _snapshot(project)
    result = _run(["ask", QUESTION], cwd=project, KOMPASS_INDEX=str(project / "corpus"),
                  KOMPASS_CORPUS=str(project / "corpus"))
    assert result.returncode == 1 and "it is the corpus folder" in result.stderr
    assert _snapshot(project) == before


def test_a_folder_inside_the_corpus_is_refused(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _snapshot(project)
    code = main(["ingest", "--quiet", "--index", str(project / "corpus" / "idx"), "--corpus", str(project / "corpus")])
    assert code == 1 and "lies inside the corpus folder" in capsys.readouterr().err
    assert _snapshot(project) == before  # not even the folder was created


def test_a_symlink_to_the_corpus_is_refused(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "idx").symlink_to(project / "corpus")
    before = _snapshot(project)
    code = main(["ingest", "--quiet", "--index", str(project / "idx"), "--corpus", str(project / "corpus")])
    assert code == 1 and "it is the corpus folder" in capsys.readouterr().err
    assert _snapshot(project) == before


@pytest.mark.parametrize("command", ["ingest", "ask"])
def test_a_regular_file_as_index_is_refused_and_not_renamed(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "thesis.txt"
    path.write_text("three years of work\n", encoding="utf-8")
    args = ["ingest", "--quiet"] if command == "ingest" else ["ask", QUESTION]
    code = main([*args, "--index", str(path), "--corpus", str(CORPUS)])
    assert code == 1
    assert "it is a file, not a folder" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thesis.txt"]  # no hidden .thesis.txt.old-*
    assert path.read_text(encoding="utf-8") == "three years of work\n"


def test_eval_with_a_wrong_index_is_a_message(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _snapshot(project)
    code = main(["eval", "--index", str(project), "--corpus", str(project / "corpus")])
    assert code == 1 and "holds the corpus folder" in capsys.readouterr().err
    assert _snapshot(project) == before


# --------------------------------------------------------------------------- used, and only its own entries touched


def test_default_embeddings_keeps_its_gitkeep_and_the_lock_stays_inside(project: Path, seed_index: SearchIndex) -> None:
    """Like the repository's embeddings/: a tracked .gitkeep, ingested into twice."""
    index = project / "embeddings"
    gitkeep = index / ".gitkeep"
    inode = gitkeep.stat().st_ino
    outside = sorted(p.name for p in project.iterdir())
    for _ in range(2):
        result = _run(["ingest", "--quiet", "--index", "embeddings", "--corpus", "corpus"], cwd=project)
        assert result.returncode == 0, result.stderr
        assert gitkeep.stat().st_ino == inode and gitkeep.read_bytes() == b""
    assert sorted(p.name for p in project.iterdir()) == outside  # no .embeddings.lock in the project folder
    assert lock_path(index).parent == index and lock_path(index).exists()
    assert (index / MARKER).is_file()
    assert sorted(p.name for p in index.iterdir()) == sorted([".gitkeep", MARKER, lock_path(index).name, "current"])
    loaded = load_index(Settings(corpus=project / "corpus", index=index))
    assert [u.id for u in loaded.units] == [u.id for u in seed_index.units]


def test_a_users_file_in_a_marked_index_folder_survives(project: Path, seed_index: SearchIndex) -> None:
    index = project / "embeddings"
    shutil.rmtree(index)
    shutil.copytree(seed_index.directory, index)
    (index / "my-notes.txt").write_text("kept\n", encoding="utf-8")
    assert main(["ingest", "--quiet", "--index", str(index), "--corpus", str(project / "corpus")]) == 0
    (project / "corpus" / "erfurt.de.txt").unlink()  # a change, so the index is really swapped
    assert main(["ingest", "--quiet", "--index", str(index), "--corpus", str(project / "corpus")]) == 0
    assert (index / "my-notes.txt").read_text(encoding="utf-8") == "kept\n"


def test_a_missing_folder_is_created_and_answered_from(tmp_path: Path, seed_index: SearchIndex,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    index = tmp_path / "new" / "index"
    code = main(["ask", QUESTION, "--json", "--index", str(index), "--corpus", str(CORPUS)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "No index in" in captured.err and '"matched": true' in captured.out
    assert (live_dir(index) / MANIFEST).is_file() and (index / MARKER).is_file()


def test_an_index_of_the_old_flat_layout_is_moved_in_without_re_embedding(
    tmp_path: Path, seed_index: SearchIndex, capsys: pytest.CaptureFixture[str],
) -> None:
    index = tmp_path / "embeddings"
    index.mkdir()
    (index / ".gitkeep").write_bytes(b"")
    for name in (MANIFEST, *all_files(seed_index.manifest.segments)):  # older versions: at the top of the folder
        shutil.copyfile(live_dir(seed_index.directory) / name, index / name)
    code = main(["ask", QUESTION, "--json", "--index", str(index), "--corpus", str(CORPUS)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert captured.err == ""  # loaded, not rebuilt
    assert sorted(p.name for p in index.iterdir()) == sorted([".gitkeep", MARKER, lock_path(index).name, "current"])
    assert [u.id for u in load_index(Settings(corpus=CORPUS, index=index)).units] == [u.id for u in seed_index.units]


def test_the_app_with_a_wrong_index_shows_a_message(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("KOMPASS_INDEX", str(project / "corpus"))
    monkeypatch.setenv("KOMPASS_CORPUS", str(project / "corpus"))
    monkeypatch.setenv("KOMPASS_FEEDBACK", str(project / "feedback.jsonl"))
    before = _snapshot(project)
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.run()
    assert not at.exception
    assert any("it is the corpus folder" in e.value for e in at.error), [e.value for e in at.error]
    assert _snapshot(project) == before


def test_a_folder_claimed_by_another_process_meanwhile_is_ours(tmp_path: Path, monkeypatch) -> None:
    """Two first starts at once: between this process's marker check and its listing, the
    other one writes the marker, its lock and its build folder. That folder is ours, not a
    user's: no refusal (it refused under load in test_concurrent_ensure_index_builds_once)."""
    index_dir = tmp_path / "embeddings"
    index_dir.mkdir()
    real_iterdir = Path.iterdir

    def other_process_claims_first(self: Path):  # noqa: ANN202 - a generator like Path.iterdir
        if self == index_dir and not (index_dir / MARKER).exists():
            (index_dir / MARKER).write_text("claimed", encoding="utf-8")
            (index_dir / ".current.lock").write_text("", encoding="utf-8")
            (index_dir / ".current.tmp-1-1").mkdir()
        return real_iterdir(self)

    monkeypatch.setattr(Path, "iterdir", other_process_claims_first)
    claim_index_dir(index_dir, tmp_path / "corpus")  # no IndexRefused
    # A user's folder with files and no marker is still refused.
    users = tmp_path / "users"
    users.mkdir()
    (users / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(IndexRefused):
        claim_index_dir(users, tmp_path / "corpus")
