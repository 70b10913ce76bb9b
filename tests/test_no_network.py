"""It never phones home: ingest, ask and the app work with the network blocked, and try
no connection at all.

* In-process, with pytest-socket blocking every socket: ingest and ask.
* ``assistant ingest`` / ``assistant ask`` as real processes with a socket guard
  (a ``sitecustomize`` that makes connect/sendto/DNS raise and logs each attempt):
  they answer, and the log stays empty: no model hub, no telemetry.
* The same CLI in a fresh network namespace with no network at all (``unshare -n``).
* The Streamlit app: AppTest with sockets blocked; and the real server under the
  socket guard, driven by chromium, with every request of the page to a host other
  than the loopback recorded (none may happen).
* Streamlit's usage statistics are off in the project's config, and in the config
  Streamlit actually reads.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tomllib
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import clean_env, seed_index_settings, streamlit_server
from pytest_socket import SocketBlockedError, disable_socket

from assistant.i18n import t
from assistant.index import build_index, load_index
from assistant.settings import Settings

pytestmark = pytest.mark.heavy  # real processes, index builds and a server

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
APP = ROOT / "streamlit_app.py"
CHROMIUM = Path("/usr/bin/chromium")
QUESTION = "Wie gewinnen wir Ehrenamtliche für unser Netzwerk?"
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}

GUARD = r'''
"""Test guard: any attempt to reach the network is logged and refused."""
import json, os, socket, traceback

_LOG = os.environ["KOMPASS_GUARD_LOG"]


def _refuse(what):
    def guard(*args, **kwargs):
        target = args[1] if what.startswith("socket.") and len(args) > 1 else (args[0] if args else None)
        with open(_LOG, "a", encoding="utf-8") as log:
            log.write(json.dumps({"call": what, "target": repr(target), "pid": os.getpid(),
                                  "stack": traceback.format_stack(limit=8)}) + "\n")
        raise OSError(f"network access blocked by the test guard: {what}({target!r})")
    return guard


for _name in ("connect", "connect_ex", "sendto", "sendmsg"):
    setattr(socket.socket, _name, _refuse(f"socket.{_name}"))
for _name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr"):
    setattr(socket, _name, _refuse(_name))
'''


@contextlib.contextmanager
def _offline(allow_unix_socket: bool = True) -> Iterator[None]:
    """Sockets blocked for a block of code (e.g. a module fixture), then put back as they were."""
    saved = socket.socket, socket.socket.connect, socket.getaddrinfo, socket.gethostbyname
    disable_socket(allow_unix_socket=allow_unix_socket)
    try:
        yield
    finally:
        socket.socket, socket.getaddrinfo, socket.gethostbyname = saved[0], saved[2], saved[3]
        socket.socket.connect = saved[1]  # type: ignore[method-assign]


@pytest.fixture(scope="module")
def seed_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    with _offline():
        return seed_index_settings(tmp_path_factory)


@pytest.fixture
def guard(tmp_path: Path) -> dict[str, str]:
    """Environment for a subprocess whose every network attempt is logged and refused."""
    folder = tmp_path / "guard"
    folder.mkdir()
    (folder / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
    log = tmp_path / "network-attempts.jsonl"
    env = clean_env("HF_", "TRANSFORMERS_")
    env.update(PYTHONPATH=str(folder), KOMPASS_GUARD_LOG=str(log), KOMPASS_THREADS="1", PYTHONIOENCODING="utf-8")
    # No proxy either: a client that found one would at least try it.
    for key in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "no_proxy", "NO_PROXY"):
        env.pop(key, None)
    return env


def _attempts(env: dict[str, str]) -> list[dict]:
    log = Path(env["KOMPASS_GUARD_LOG"])
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


def _assistant() -> str:
    script = Path(sys.executable).parent / "assistant"
    return str(script) if script.exists() else ""


def _run(env: dict[str, str], *argv: str, cwd: Path, prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    command = [_assistant()] if _assistant() else [sys.executable, "-m", "assistant"]
    return subprocess.run([*prefix, *command, *argv], capture_output=True, text=True, env=env, cwd=cwd, timeout=300)


# --------------------------------------------------------------------------- in process, sockets blocked


def test_ingest_and_ask_in_process_with_every_socket_blocked(tmp_path: Path) -> None:
    from assistant.embedding import load_encoder
    from assistant.recommend import Engine

    disable_socket()  # not even Unix sockets
    with pytest.warns(UserWarning, match="socket"), pytest.raises(SocketBlockedError):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    settings = Settings(corpus=CORPUS, index=tmp_path / "embeddings", threads=1)
    report = build_index(settings)
    assert report.networks == 3 and report.embedded == report.units > 0
    engine = Engine(settings=settings, index=load_index(settings), encoder=load_encoder(settings))
    assert engine.ask(QUESTION).results
    assert engine.chat(QUESTION).answer


# --------------------------------------------------------------------------- real processes, guarded


def test_the_guard_catches_a_connection(guard: dict[str, str], tmp_path: Path) -> None:
    """The guard itself works: a connection attempt is refused and logged."""
    probe = ("import socket\ntry:\n    socket.create_connection(('127.0.0.1', 9), timeout=1)\n"
             "except OSError as e:\n    print(e)")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=guard, cwd=tmp_path,
                            timeout=60)
    assert "blocked by the test guard" in result.stdout
    assert [a["call"] for a in _attempts(guard)] == ["create_connection"]


def test_assistant_ingest_tries_no_connection(guard: dict[str, str], tmp_path: Path) -> None:
    result = _run(guard, "ingest", "--quiet", "--corpus", str(CORPUS), "--index", str(tmp_path / "embeddings"),
                  cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Indexed 3 networks" in result.stdout
    assert _attempts(guard) == []


def test_assistant_ask_tries_no_connection(guard: dict[str, str], seed_settings: Settings, tmp_path: Path) -> None:
    index = tmp_path / "embeddings"
    shutil.copytree(seed_settings.index, index)
    result = _run(guard, "ask", QUESTION, "--json", "--corpus", str(CORPUS), "--index", str(index), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["matched"] and answer["results"]
    assert _attempts(guard) == []


def test_assistant_ask_without_an_index_builds_it_offline(guard: dict[str, str], tmp_path: Path) -> None:
    result = _run(guard, "ask", QUESTION, "--corpus", str(CORPUS), "--index", str(tmp_path / "embeddings"),
                  cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    cited = t("cli_source", "de", source="")  # the question is German: so are the labels
    assert "No index" in result.stderr and cited in result.stdout
    assert _attempts(guard) == []


def test_assistant_ask_in_a_namespace_without_network(seed_settings: Settings, tmp_path: Path) -> None:
    """No network device at all (a fresh network namespace): the CLI answers the same."""
    if shutil.which("unshare") is None:
        pytest.skip("unshare is not installed")
    if subprocess.run(["unshare", "-n", "true"], capture_output=True, timeout=30).returncode != 0:
        pytest.skip("not allowed to create a network namespace here")
    index = tmp_path / "embeddings"
    shutil.copytree(seed_settings.index, index)
    env = clean_env(KOMPASS_THREADS="1")
    result = _run(env, "ask", QUESTION, "--json", "--corpus", str(CORPUS), "--index", str(index), cwd=tmp_path,
                  prefix=("unshare", "-n"))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["results"]


def test_importing_the_library_sets_the_offline_switches(tmp_path: Path) -> None:
    env = clean_env("HF_", "TRANSFORMERS_")
    probe = ("import os, assistant.settings\n"
             "print(os.environ['HF_HUB_OFFLINE'], os.environ['TRANSFORMERS_OFFLINE'], "
             "os.environ['HF_HUB_DISABLE_TELEMETRY'])")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, cwd=tmp_path,
                            timeout=60)
    assert result.stdout.split() == ["1", "1", "1"], result.stderr


# --------------------------------------------------------------------------- Streamlit


def test_streamlit_usage_stats_are_off_in_the_project_config() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["browser"]["gatherUsageStats"] is False
    assert config["server"]["headless"] is True


def test_streamlit_reads_usage_stats_off(tmp_path: Path) -> None:
    """What Streamlit itself makes of the project's config (run from the repository root)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
    env["HOME"] = str(tmp_path)  # no user-level ~/.streamlit/config.toml in the way
    probe = ("from streamlit import config\nconfig.get_config_options(force_reparse=True)\n"
             "print(config.get_option('browser.gatherUsageStats'), config.get_option('server.headless'))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, cwd=ROOT,
                            timeout=120)
    assert result.stdout.split()[-2:] == ["False", "True"], result.stderr


def test_app_answers_with_sockets_blocked(
    seed_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not APP.exists():
        pytest.skip("streamlit_app.py is not there yet")
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("KOMPASS_INDEX", str(seed_settings.index))
    monkeypatch.setenv("KOMPASS_CORPUS", str(CORPUS))
    monkeypatch.setenv("KOMPASS_THREADS", "1")
    monkeypatch.setenv("KOMPASS_FEEDBACK", str(tmp_path / "feedback.jsonl"))
    disable_socket(allow_unix_socket=True)
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    at.chat_input[0].set_value(QUESTION).run()
    assert not at.exception
    assert at.session_state["turns"][-1].answer.answer


@pytest.fixture
def guarded_server(guard: dict[str, str], seed_settings: Settings, tmp_path: Path) -> Iterator[str]:
    """``streamlit run`` on the loopback, with the socket guard in the server process."""
    if not APP.exists():
        pytest.skip("streamlit_app.py is not there yet")
    env = {**guard, "KOMPASS_INDEX": str(seed_settings.index), "KOMPASS_CORPUS": str(CORPUS),
           "KOMPASS_FEEDBACK": str(tmp_path / "feedback.jsonl")}
    env.pop("KOMPASS_THREADS")  # the app as shipped
    # No --browser.gatherUsageStats flag: the project's config must be enough.
    with streamlit_server(env, tmp_path / "streamlit.log", flags=()) as url:
        yield url


@pytest.mark.browser
@pytest.mark.allow_hosts(["127.0.0.1", "::1", "localhost"])
def test_app_in_a_browser_phones_nowhere(guarded_server: str, guard: dict[str, str]) -> None:
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium")
    playwright = pytest.importorskip("playwright.sync_api")
    outside: list[str] = []

    def route(r: object) -> None:
        request_url = r.request.url  # type: ignore[attr-defined]
        host = urllib.parse.urlsplit(request_url).hostname or ""
        if request_url.startswith(("data:", "blob:")) or host in LOOPBACK:
            r.continue_()  # type: ignore[attr-defined]
        else:
            outside.append(request_url)
            r.abort()  # type: ignore[attr-defined]

    with playwright.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        try:
            page = browser.new_page()
            page.route("**/*", route)
            page.goto(guarded_server)
            box = page.get_by_test_id("stChatInputTextArea")
            try:
                box.wait_for(timeout=120_000)
            except playwright.Error as exc:
                raise AssertionError(f"no chat box; the page says: {page.inner_text('body')[:2000]}") from exc
            box.fill(QUESTION)
            box.press("Enter")
            messages = page.get_by_test_id("stChatMessage")
            messages.nth(1).wait_for(timeout=120_000)
            page.wait_for_timeout(2_000)  # give late beacons (telemetry) the time to show up
            assert ".txt" in messages.nth(1).inner_text()  # a cited answer
        finally:
            browser.close()
    assert outside == []
    assert _attempts(guard) == []
