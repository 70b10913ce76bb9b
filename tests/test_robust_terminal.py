"""Text mode is terminal-safe, JSON mode is line-safe.

A sheet (or its file name, or a question) can carry what a terminal acts on instead of
showing: ``ESC[2J`` clears the screen, ``ESC]0;… BEL`` retitles the window, OSC 8
makes a hidden hyperlink, U+009B is a one-byte CSI, a newline in a file name splits a
record over two lines, U+202E turns text around. Through the real CLI (``ingest``,
``networks``, ``show``, ``ask``, ``chat``) every such character comes out as a visible
escape (``\\x1b[2J``), one line per record; in JSON mode U+2028, U+2029 and U+0085 are
written as ``\\u`` escapes, so readers that split on Unicode line breaks see one
answer per line.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.i18n import t
from assistant.languages import SUPPORTED
from assistant.text import terminal_safe

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
FIXTURES = ROOT / "tests" / "fixtures"
EVIL = ("\x1b[2J\x1b]0;pwned\x07 \x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\ "
        "\x9b31mred \u202eevil")
EVIL_NAME = "evil\nname\x1b[31m.en.txt"
#: Raw in output, any of these would be acted on by a terminal or split a line.
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")

pytestmark = pytest.mark.disable_socket


@pytest.fixture(scope="module")
def evil(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A corpus with a sheet whose name, text and file name carry escape sequences; indexed."""
    root = tmp_path_factory.mktemp("terminal")
    corpus = root / "corpus"
    shutil.copytree(CORPUS, corpus, copy_function=shutil.copyfile)
    sheet = (FIXTURES / "new_sheet_en.txt").read_text(encoding="utf-8")
    sheet = (sheet.replace("Name of the network\tWillkommensnetz Lindenbrück",
                           f"Name of the network\tWillkommensnetz Lindenbrück {EVIL}")
             .replace("Since 2017, the network", f"Since 2017 {EVIL}, the network"))
    assert sheet.count(EVIL) == 2
    (corpus / EVIL_NAME).write_text(sheet, encoding="utf-8")
    index = root / "embeddings"
    done = _assistant("ingest", "--quiet", "--corpus", str(corpus), "--index", str(index), cwd=root)
    assert done.returncode == 0, done.stderr
    return corpus, index


def _assistant(*args: str, cwd: Path, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KOMPASS_")}
    env.update(PYTHONIOENCODING="utf-8", KOMPASS_THREADS="1", HF_HUB_OFFLINE="1")
    return subprocess.run([sys.executable, "-m", "assistant", *args], check=False, cwd=cwd, env=env,
                          input=stdin, capture_output=True, timeout=300)


def _safe(output: bytes) -> str:
    text = output.decode("utf-8")
    found = sorted({f"U+{ord(c):04X}" for c in UNSAFE.findall(text)})
    assert not found, f"raw control characters reached the terminal: {found}"
    return text


@pytest.mark.heavy  # a real ingest
@pytest.mark.parametrize("command", ["networks", "show", "ask", "chat"])
def test_text_mode_shows_escape_sequences_as_text(command: str, evil: tuple[Path, Path]) -> None:
    corpus, index = evil
    args = {
        "networks": ["networks", "--corpus", str(corpus)],
        "show": ["show", "lindenbruck", "--corpus", str(corpus)],
        "ask": ["ask", "Willkommensnetz Lindenbrück Sprachunterstützung", "--corpus", str(corpus),
                "--index", str(index)],
        "chat": ["chat", "Lindenbrück: wie organisiert das Netzwerk Sprachunterstützung? \x1b]0;x\x07",
                 "--corpus", str(corpus), "--index", str(index)],
    }[command]
    done = _assistant(*args, cwd=corpus.parent)
    assert done.returncode == 0, done.stderr
    out, err = _safe(done.stdout), _safe(done.stderr)
    assert "Traceback" not in err
    shown_name = "evil\\x0aname\\x1b[31m.en.txt"
    assert shown_name in out  # the file name on one line, its newline and ESC visible
    if command in ("networks", "show"):
        assert "\\x1b[2J\\x1b]0;pwned\\x07" in out and "\\x9b31mred" in out and "\\u202eevil" in out
    if command == "ask":  # one record: rank line, quote line, source line
        lines = out.splitlines()
        cited = tuple(t("cli_source", lang, source="") for lang in SUPPORTED)  # in the question's language
        sources = [line for line in lines if line.lstrip().startswith(cited)]
        assert len(sources) == len([line for line in lines if re.match(r"\d+\. ", line)]) > 0
    if command == "chat":
        assert "\\x1b]0;x\\x07" in out  # the question, echoed, is shown as text too


@pytest.mark.heavy  # a real ingest
def test_ingest_warnings_name_files_on_one_line(evil: tuple[Path, Path], tmp_path: Path) -> None:
    corpus, _ = evil
    (corpus / "broken\n\x1b[2Jname.txt").write_bytes(b"\x00\x01binary")
    try:
        done = _assistant("ingest", "--quiet", "--corpus", str(corpus), "--index", str(tmp_path / "idx"),
                          cwd=tmp_path)
    finally:
        (corpus / "broken\n\x1b[2Jname.txt").unlink()
    assert done.returncode == 0
    err = _safe(done.stderr)
    [line] = [w for w in err.splitlines() if "broken" in w]
    assert line.startswith("warning: broken\\x0a\\x1b[2Jname.txt: skipped")


@pytest.mark.heavy  # a real ingest
def test_json_lines_survive_unicode_line_breaks(evil: tuple[Path, Path]) -> None:
    corpus, index = evil
    questions = ["Ehrenamt\u2028gewinnen", "Finanzierung\x85Koordination", "Sprache\u2029Kurse"]
    stdin = "\n".join(questions).encode("utf-8") + b"\n"
    done = _assistant("ask", "--json", "--corpus", str(corpus), "--index", str(index), cwd=corpus.parent,
                      stdin=stdin)
    assert done.returncode == 0, done.stderr
    text = done.stdout.decode("utf-8")
    assert not re.search("[\u2028\u2029\x85]", text)
    lines = text.splitlines()  # splits at U+2028/U+2029/U+0085 too: must still be one answer per line
    assert [json.loads(line)["query"] for line in lines] == questions


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_terminal_safe_is_one_line_with_nothing_a_terminal_acts_on(text: str) -> None:
    shown = terminal_safe(text)
    assert not UNSAFE.search(shown.replace("\n", "\x00"))  # a newline counts too
    assert len(shown.splitlines()) <= 1
    assert terminal_safe(shown) == shown  # nothing left to escape
