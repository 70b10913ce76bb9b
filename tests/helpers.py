"""Helpers shared by the test modules (imported as ``helpers``; pytest puts ``tests/``
on the path): the seed index built once per session, clean environments for
subprocesses, ``streamlit run`` on the loopback until it answers its health check, and
a conversation's last answer with what its quotes and templates say.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from assistant.index import ensure_index
from assistant.settings import Settings

if TYPE_CHECKING:  # imported where an app is run: the fast tier does not load streamlit
    from streamlit.testing.v1 import AppTest

    from assistant.answer import ChatAnswer, Quote

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
APP = ROOT / "streamlit_app.py"
#: What `bash scripts/app.sh` runs: the page above, served by the launcher that starts the
#: engine's load with the server.
LAUNCHER = ROOT / "app.py"


def seed_index_settings(factory: pytest.TempPathFactory) -> Settings:
    """Settings of the seed corpus's index, built on first use and shared by every module
    of the session (one build, with the real packaged model; copy it before breaking it)."""
    settings = Settings(corpus=CORPUS, index=factory.getbasetemp() / "kompass-index", threads=1)
    ensure_index(settings)
    return settings


def clean_env(*drop: str, **extra: str) -> dict[str, str]:
    """This process's environment without the assistant's settings (``KOMPASS_*``) and
    any other variable starting with one of ``drop``; ``extra`` is added on top."""
    prefixes = ("KOMPASS_", *drop)
    env = {k: v for k, v in os.environ.items() if not k.startswith(prefixes)}
    env["PYTHONIOENCODING"] = "utf-8"
    env.update(extra)
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_healthy(url: str, process: subprocess.Popen[bytes], log: Path | None = None,
                 timeout: float = 60.0) -> None:
    """Poll Streamlit's health endpoint until it answers 200; fail with the server log
    when the process exits or ``timeout`` seconds pass."""
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            text = log.read_text(errors="replace") if log else ""
            raise RuntimeError(f"streamlit exited with {process.returncode}\n{text}")
        with contextlib.suppress(OSError), urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            if response.status == 200:
                return
        if time.monotonic() > deadline:
            raise TimeoutError("streamlit did not become healthy")
        time.sleep(0.2)


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM the process group (the server and its children), SIGKILL if it lingers."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


@contextlib.contextmanager
def streamlit_server(env: Mapping[str, str], log: Path, *, flags: Iterable[str] = (
        "--browser.gatherUsageStats", "false"), timeout: float = 60.0, app: Path = LAUNCHER) -> Iterator[str]:
    """``streamlit run`` of ``app`` (default the launcher app.py, as the README starts it) on a free loopback port with
    ``env``; yields the base URL once healthy, and stops the server (its whole process
    group) afterwards. ``flags`` go to ``streamlit run`` after the fixed headless ones.
    Open conversations go next to ``log`` unless ``env`` says where (never the repository)."""
    port = free_port()
    env = {"KOMPASS_SESSIONS": str(log.parent / "sessions"), **env}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(app), "--server.headless", "true",
             "--server.fileWatcherType", "none", "--server.address", "127.0.0.1", "--server.port", str(port),
             *flags],
            cwd=ROOT, env=dict(env), stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            wait_healthy(url, process, log, timeout)
            yield url
        finally:
            stop(process)


def run_app(app: str, query_params: dict[str, str] | None = None, language: str | None = None,
            locale: str | None = None) -> AppTest:
    """The Streamlit app through AppTest (a page address's ``query_params``), run once, no exception;
    with ``language``, its interface switched to that language (chosen: a first question no longer
    switches it); with ``locale``, opened by a browser of that language ("de-DE")."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(app, default_timeout=60)
    if locale is not None:
        at.context["locale"] = locale
    for key, value in (query_params or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    if language is not None:
        at.selectbox(key="ui_lang").set_value(language).run()
        assert not at.exception
    return at


def ask_app(at: AppTest, text: str) -> AppTest:
    """Type ``text`` into the app's chat box; no exception."""
    at.chat_input[0].set_value(text).run()
    assert not at.exception
    return at


def last_answer(engine, turns: Iterable[str], lang: str) -> ChatAnswer:  # noqa: ANN001 - the real engine
    """The answer to the last of ``turns``, asked one after another in one conversation."""
    from assistant.answer import Conversation

    conversation = Conversation()
    for text in turns:
        conversation.turns.append(engine.chat(text, conversation=conversation, ui_language=lang))
    return conversation.turns[-1]


def template_lead(key: str, lang: str, **params: str) -> str:
    """A template's words before its first parameter left open."""
    from assistant.i18n import t

    return t(key, lang, claims="\x00", refs="\x00", networks="\x00", **params).split("\x00")[0]


def in_its_sheet(quote: Quote) -> bool:
    """The quote stands in its sheet word for word (white space aside: a row wrapped over lines)."""
    return "".join(quote.text.split()) in "".join((CORPUS / quote.source).read_text(encoding="utf-8").split())


def fact_quote(number: int, network_id: str, text: str, fact: str) -> Quote:
    """A fact quote of ``fact`` stating ``text``, numbered ``number``, of a made-up network's English sheet."""
    from assistant.answer import Part, Quote

    return Quote(number=number, part=Part.FACTS, network_id=network_id, network=network_id.title(),
                 location=network_id.title(), section="general", text=text, source=f"{network_id}.en.txt",
                 language="en", start=0, end=len(text), fact=fact, value=text)
