"""A huge question costs what a short one does: cut first, in bytes, then characters.

Before, the 2,000-character cut came after the whole text had been cleaned and its
language detected: a 20 MB question took 79 s and 250 MB in ``Engine.ask`` and 114 s /
750 MB through ``assistant ask``, which also echoed all 20 MB back as JSON
(benchmarks/huge_questions.py has the figures before and after). Now every entry
point reads at most ``4 x KOMPASS_MAX_QUERY_CHARS`` characters (the CLI at most 4
bytes for each of them, dropping the rest of a line unread), and the user is told.
Memory is measured (tracemalloc in-process, the peak RSS of the CLI process), never
time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from assistant.chat import Conversation
from assistant.i18n import t
from assistant.index import ensure_index
from assistant.notices import Notice, NoticeCode
from assistant.recommend import Engine, load_engine
from assistant.settings import Settings
from assistant.text import bound_question, question_byte_limit, question_read_at_all, raw_question_limit
from assistant.views.notices import message_text

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
MAX_CHARS = Settings().max_query_chars
SENTENCE = "Wie gewinnen wir Ehrenamtliche für die Arbeit mit Geflüchteten in unserer Stadt? "
HUGE = (SENTENCE * (20_000_000 // len(SENTENCE) + 1))[:20_000_000]  # 20 MB

pytestmark = pytest.mark.disable_socket


def _shared_index(factory: pytest.TempPathFactory) -> Settings:
    settings = Settings(corpus=CORPUS, index=factory.getbasetemp() / "kompass-index", threads=1)
    ensure_index(settings)
    return settings


@pytest.fixture(scope="module")
def index_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return _shared_index(tmp_path_factory)


@pytest.fixture(scope="module")
def engine(index_settings: Settings) -> Engine:
    return load_engine(index_settings)


def _peak_bytes_of(call: object) -> int:
    tracemalloc.start()
    try:
        call()  # type: ignore[operator]
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_bound_question_cuts_characters_and_says_so() -> None:
    limit = raw_question_limit(MAX_CHARS)
    assert bound_question("kurz", MAX_CHARS) == ("kurz", False)
    assert bound_question("x" * limit, MAX_CHARS) == ("x" * limit, False)
    assert bound_question("x" * (limit + 1), MAX_CHARS) == ("x" * limit, True)
    assert question_byte_limit(MAX_CHARS) > 4 * limit  # a line cut in bytes is always seen as cut
    # what a chat turn's follow-up rules look at: still seen as cut further on
    assert question_read_at_all("kurz", MAX_CHARS) == "kurz"
    assert bound_question(question_read_at_all("x" * (limit + 5), MAX_CHARS), MAX_CHARS) == ("x" * limit, True)


@pytest.mark.heavy
@pytest.mark.parametrize("entry", ["ask", "chat"])
def test_a_20_mb_question_costs_what_a_short_one_does(engine: Engine, entry: str) -> None:
    ask = engine.ask if entry == "ask" else engine.chat
    ask("Finanzierung der Koordination?")  # warm the model; each question below is new (not cached)
    short = ("Neue Frage: " + SENTENCE * (MAX_CHARS // len(SENTENCE)))[:MAX_CHARS]
    small = _peak_bytes_of(lambda: ask(short))
    answers = []
    huge = _peak_bytes_of(lambda: answers.append(ask(HUGE)))
    # Before: the whole text was normalised (a copy per step): hundreds of MB.
    assert huge < small + 2_000_000, (small, huge)
    [answer] = answers
    assert len(answer.query) == raw_question_limit(MAX_CHARS)  # not 20 MB kept, echoed or stored
    message = message_text(answer.notices, answer.ui_language if entry == "chat" else "de") or ""
    assert t("truncated", answer.ui_language if entry == "chat" else "de", chars=MAX_CHARS) in message
    assert answer.matched


@pytest.mark.heavy
def test_a_20_mb_follow_up_costs_what_a_short_one_does(engine: Engine) -> None:
    """After a described situation the follow-up rules read the new question with it (the CI run on
    004c311: a 20 MB chat question cost 246 MB, the follow-up rules copying and scanning it whole)."""
    situation = engine.chat("Wir sind eine Kleinstadt, drei Vereine, keine Koordination")
    conversation = Conversation(turns=[situation])
    short = ("Und " + SENTENCE * (MAX_CHARS // len(SENTENCE)))[:MAX_CHARS]
    small = _peak_bytes_of(lambda: engine.chat(short, conversation=conversation))
    answers = []
    follow_up = "Und " + HUGE
    huge = _peak_bytes_of(lambda: answers.append(engine.chat(follow_up, conversation=conversation)))
    assert huge < small + 2_000_000, (small, huge)
    assert NoticeCode.TRUNCATED in {n.code for n in answers[0].notices}


@pytest.mark.heavy
def test_a_question_cut_only_before_cleaning_is_still_reported_as_cut(engine: Engine) -> None:
    """Spaces beyond what is read at all: cleaning leaves fewer than 2,000 characters,
    but text was dropped, so the user is told."""
    text = SENTENCE + " " * (raw_question_limit(MAX_CHARS) + 10) + "Finanzierung?"
    answer = engine.ask(text)
    assert Notice(code=NoticeCode.TRUNCATED, params={"chars": MAX_CHARS}) in answer.notices


def _cli_peak(tmp_path: Path, settings: Settings, question: bytes, name: str) -> tuple[int, dict[str, object]]:
    path = tmp_path / name
    path.write_bytes(question + b"\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("KOMPASS_")}
    env.update(PYTHONIOENCODING="utf-8", KOMPASS_THREADS="1", HF_HUB_OFFLINE="1")
    out = tmp_path / f"{name}.out"
    with path.open("rb") as stdin, out.open("wb") as stdout:
        proc = subprocess.Popen([sys.executable, "-m", "assistant", "ask", "--json", "--index", str(settings.index),
                                 "--corpus", str(settings.corpus)], stdin=stdin, stdout=stdout,
                                stderr=subprocess.DEVNULL, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    return usage.ru_maxrss * 1024, json.loads(out.read_bytes())


@pytest.mark.slow
def test_the_cli_reads_a_50_mb_line_without_holding_it(index_settings: Settings, tmp_path: Path) -> None:
    line = (SENTENCE.encode("utf-8") * (50_000_000 // len(SENTENCE) + 1))[:50_000_000]
    short = SENTENCE.encode("utf-8") * 10
    small_peak, _ = _cli_peak(tmp_path, index_settings, short, "short")
    big_peak, answer = _cli_peak(tmp_path, index_settings, line, "huge")
    again, _ = _cli_peak(tmp_path, index_settings, short, "short-again")
    # Before: the 50 MB line, its decoded copy and every cleaned copy (GBs). Cold
    # processes vary by some tens of MB, hence the margin.
    assert big_peak < max(small_peak, again) + 150_000_000, (small_peak, again, big_peak)
    assert len(str(answer["query"])) == raw_question_limit(MAX_CHARS)
    assert t("truncated", "de", chars=MAX_CHARS) in str(answer["message"])


@pytest.mark.heavy
def test_the_cli_cuts_a_line_of_four_byte_characters_and_says_so(
    index_settings: Settings, tmp_path: Path,
) -> None:
    """Emoji are 4 bytes each: the byte cut keeps one character more than is read, so the
    cut is seen; a character cut in half is dropped, not shown as U+FFFD."""
    line = "Ehrenamt 🙂".encode() + "🙂".encode() * (question_byte_limit(MAX_CHARS))
    _, answer = _cli_peak(tmp_path, index_settings, line, "emoji")
    assert len(str(answer["query"])) == raw_question_limit(MAX_CHARS)
    assert "\ufffd" not in str(answer["query"])
    assert t("truncated", "de", chars=MAX_CHARS) in str(answer["message"])
