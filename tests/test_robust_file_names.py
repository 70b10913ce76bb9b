"""Any file name: a corpus file never stops ingestion or serving because of its name.

A sheet whose name is not UTF-8 (a Latin-1 ``Köln.en.txt`` copied from an old
Windows share) used to stop ``ingest``, every ``ask`` and the app with
``UnicodeEncodeError: surrogates not allowed``. Names are now stored as valid
UTF-8, the undecodable bytes shown as ``\\xNN`` escapes (``K\\xf6ln.en.txt``),
and every path operation on a corpus file runs inside its per-file error
handling. Through the real CLI and the app, and as a property over any bytes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.corpus import load_corpus, read_source_text, relative_source, source_path
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
FIXTURES = ROOT / "tests" / "fixtures"
LATIN1_NAME = b"K\xf6ln.en.txt"  # "Köln.en.txt" in Latin-1: not UTF-8
SHOWN = "K\\xf6ln.en.txt"

pytestmark = pytest.mark.disable_socket


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KOMPASS_")}
    env.update(PYTHONIOENCODING="utf-8", KOMPASS_THREADS="1", HF_HUB_OFFLINE="1", **extra)
    return env


def _assistant(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "assistant", *args], check=False, cwd=cwd, env=_env(),
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The seeds plus a new network's sheet under a Latin-1 file name."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target, copy_function=shutil.copyfile)
    shutil.copyfile(FIXTURES / "new_sheet_en.txt", os.fsdecode(os.fsencode(target) + b"/" + LATIN1_NAME))
    return target


@pytest.mark.heavy  # real ingest and asks
def test_a_latin1_file_name_is_ingested_asked_and_shown_escaped(corpus: Path, tmp_path: Path) -> None:
    index = tmp_path / "embeddings"
    ingest = _assistant("ingest", "--quiet", "--corpus", str(corpus), "--index", str(index), cwd=tmp_path)
    assert ingest.returncode == 0 and "Traceback" not in ingest.stderr, ingest.stderr
    assert "Indexed 4 networks" in ingest.stdout
    # Stored as valid UTF-8 (the index files decode strictly), the name escaped.
    raw = b"".join(path.read_bytes() for path in sorted((index / "current").glob("seg-*.units.jsonl")))
    units = [json.loads(line) for line in raw.decode("utf-8").splitlines()]
    assert SHOWN in {u["source"] for u in units}
    networks = _assistant("networks", "--json", "--corpus", str(corpus), cwd=tmp_path)
    [new] = [n for n in json.loads(networks.stdout) if n["id"] == "lindenbruck"]
    assert [d["source"] for d in new["documents"]] == [SHOWN]
    # Answers cite it by its shown name, and the quote is found in the file again.
    ask = _assistant("ask", "--json", "--top-k", "10", "Lindenbruck Ehrenamtliche", "--corpus", str(corpus),
                     "--index", str(index), cwd=tmp_path)
    assert ask.returncode == 0 and ask.stderr == "", ask.stderr
    cited = [r for r in json.loads(ask.stdout)["results"] if r["source"] == SHOWN]
    assert cited
    words = " ".join(read_source_text(corpus, SHOWN).split())
    assert all(" ".join(r["text"].split()) in words for r in cited)
    text_mode = _assistant("ask", "Lindenbruck Ehrenamtliche", "--corpus", str(corpus), "--index", str(index),
                           cwd=tmp_path)
    assert text_mode.returncode == 0 and SHOWN in text_mode.stdout


@pytest.mark.heavy  # AppTest over a real index
def test_the_app_serves_a_corpus_with_a_latin1_file_name(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from streamlit.testing.v1 import AppTest

    from assistant.index import build_index

    index = tmp_path / "embeddings"
    build_index(Settings(corpus=corpus, index=index, threads=1))
    monkeypatch.setenv("KOMPASS_INDEX", str(index))
    monkeypatch.setenv("KOMPASS_CORPUS", str(corpus))
    monkeypatch.setenv("KOMPASS_FEEDBACK", str(tmp_path / "feedback.jsonl"))
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    at.run()
    assert not at.exception and not at.error
    assert at.chat_input  # the chat is there


def test_two_names_that_show_the_same_are_both_named_and_one_skipped(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    root.mkdir()
    sheet = (FIXTURES / "new_sheet_en.txt").read_bytes()
    (root / SHOWN).write_bytes(sheet)  # a name with a literal backslash
    Path(os.fsdecode(os.fsencode(root) + b"/" + LATIN1_NAME)).write_bytes(sheet)
    load = load_corpus(root)
    assert [s.source for s in load.sheets] == [SHOWN]
    assert [str(w) for w in load.warnings] == [f"{SHOWN}: skipped: another file's name shows the same"]


_NAME_BYTES = st.binary(min_size=1, max_size=30).map(
    lambda b: b.replace(b"/", b"_").replace(b"\x00", b"_").lstrip(b".") or b"x")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(_NAME_BYTES, min_size=1, max_size=4, unique=True))
def test_any_file_name_loads_as_valid_utf8_and_maps_back(
    names: list[bytes], tmp_path_factory: pytest.TempPathFactory,
) -> None:
    root = tmp_path_factory.mktemp("names")
    sheet = (FIXTURES / "new_sheet_en.txt").read_bytes()
    for name in names:
        Path(os.fsdecode(os.fsencode(root) + b"/" + name + b".txt")).write_bytes(sheet)
    load = load_corpus(root)  # never raises
    sources = [s.source for s in load.sheets] + [w.source for w in load.warnings]
    assert len(sources) >= len(names)
    for source in sources:
        source.encode("utf-8")  # valid UTF-8: no lone surrogates
        assert source_path(root, source).is_file()
    for sheet_ in load.sheets:
        json.dumps(sheet_.model_dump(mode="json"), ensure_ascii=False).encode("utf-8")


_NAME_PART = st.binary(min_size=1, max_size=12).map(lambda b: b.replace(b"/", b"_").replace(b"\0", b"_")).filter(
    lambda b: b not in (b".", b".."))


@settings(max_examples=300, deadline=None)
@given(root=st.sampled_from(["/", ".", "corpus", "/tmp/corpus", "/tmp/corpus/sub"]),
       parts=st.lists(_NAME_PART, min_size=1, max_size=4))
def test_a_source_name_is_the_path_relative_to_the_corpus(root: str, parts: list[bytes]) -> None:
    """relative_source's shortcut (the path's text after the root's) names every file as
    pathlib's relative_to does, non-UTF-8 bytes shown as \\xNN."""
    path = Path(root).joinpath(*(os.fsdecode(p) for p in parts))
    expected = os.fsencode(path.relative_to(Path(root)).as_posix()).decode("utf-8", "backslashreplace")
    assert relative_source(path, Path(root)) == expected
