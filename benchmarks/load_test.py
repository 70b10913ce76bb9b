"""Load test: N concurrent browser sessions against one real Streamlit server.

    .venv/bin/python benchmarks/load_test.py                  # 20 sessions x 3 questions
    .venv/bin/python benchmarks/load_test.py --sessions 5 --questions 2 --out -   # quick look, to stdout

What it does, on this machine only (loopback; nothing else is contacted):

1. builds the index of the seed corpus into a temporary directory (not timed);
2. starts ``streamlit run app.py`` (the launcher serving streamlit_app.py) on 127.0.0.1 and a
   free port, as shipped
   (the project's .streamlit/config.toml; no extra settings unless --threads is given);
3. opens one Debian chromium (/usr/bin/chromium, driven by Playwright's async API)
   with N browser contexts -- N independent users with their own Streamlit session --
   that all start at once and each ask Q questions one after the other (DE, EN or TR,
   as a facilitator's workshop would);
4. times each question from pressing Enter to the answer being on screen, and counts
   errors: a question not answered within --timeout, an exception shown by the app,
   a traceback in the server log;
5. writes a Markdown report (default docs/load-test.md) with p50/p95/max and the raw
   numbers; exits 1 if there was any error.

Bounded: N contexts, Q questions each, a per-question timeout and an overall deadline;
the server is stopped by its process group at the end. Browser and server share the
machine's cores, so the times include the browser's own rendering work: they are an
upper bound for a server that only serves.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.index import ensure_index  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.ui_text import ui  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

#: Each session asks in one language; its questions are taken in turn from that list.
QUESTIONS: dict[str, list[str]] = {
    "de": [
        "Wir sind eine Kleinstadt mit 30.000 Einwohnern, drei Vereine arbeiten ohne Koordination nebeneinander her.",
        "Wie gewinnen und halten wir Ehrenamtliche für die Arbeit mit Geflüchteten?",
        "Wie finanzieren andere Netzwerke eine Koordinationsstelle?",
        "Was hilft gegen Sprachbarrieren in der Beratung?",
    ],
    "en": [
        "We are a city of 500,000; the municipality coordinates, but information gets lost between partners.",
        "Our volunteers keep dropping out. What helped other networks?",
        "How do migrant organisations take part in the network?",
        "How did other networks evaluate their impact?",
    ],
    "tr": [
        "Küçük bir belediyeyiz, koordinasyon yok ve gönüllülerimiz bırakıyor.",
        "Diğer ağlar göçmen derneklerini nasıl dahil ediyor?",
        "Bir koordinatörü nasıl finanse ederiz?",
        "Dil engelleri nasıl aşıldı?",
    ],
}


@dataclass
class Question:
    session: int
    number: int
    language: str
    seconds: float | None = None  # Enter -> answer on screen
    server_seconds: float | None = None  # the app's own "Answered in ... s"
    error: str | None = None


@dataclass
class Session:
    number: int
    language: str
    ready_seconds: float | None = None  # page opened -> chat box usable
    questions: list[Question] = field(default_factory=list)
    error: str | None = None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, process: subprocess.Popen, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise TimeoutError("streamlit did not become healthy")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a running process, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def answer_time_pattern(lang: str) -> re.Pattern[str]:
    before, after = ui("answer_time", lang, seconds="\x00").split("\x00")
    return re.compile(re.escape(before) + r"([0-9]+(?:\.[0-9]+)?)" + re.escape(after))


async def run_session(browser: object, url: str, session: Session, questions: int, timeout: float,
                      start: asyncio.Event) -> None:
    pattern = answer_time_pattern(session.language)
    context = await browser.new_context(viewport={"width": 1280, "height": 900},  # type: ignore[attr-defined]
                                        locale={"de": "de-DE", "en": "en-GB", "tr": "tr-TR"}[session.language])
    try:
        page = await context.new_page()
        page.set_default_timeout(timeout * 1000)
        await start.wait()
        opened = time.perf_counter()
        await page.goto(url)
        box = page.get_by_test_id("stChatInputTextArea")
        await box.wait_for(state="visible")
        session.ready_seconds = time.perf_counter() - opened
        messages = page.get_by_test_id("stChatMessage")
        pool = QUESTIONS[session.language]
        for k in range(questions):
            q = Question(session.number, k + 1, session.language)
            session.questions.append(q)
            text = pool[(session.number + k) % len(pool)]
            try:
                await box.fill(text)
                asked = time.perf_counter()
                await box.press("Enter")
                answer = messages.nth(2 * k + 1)
                deadline = asked + timeout
                while True:  # the answer is complete when its "Answered in ... s" caption is there
                    if await answer.count():
                        match = pattern.search(await answer.inner_text())
                        if match:
                            q.seconds = time.perf_counter() - asked
                            q.server_seconds = float(match.group(1))
                            break
                    if await page.get_by_test_id("stException").count():
                        raise RuntimeError("the app shows an exception")
                    if time.perf_counter() > deadline:
                        raise TimeoutError(f"no answer within {timeout:.0f} s")
                    await asyncio.sleep(0.05)
                await box.wait_for(state="visible")
            except Exception as exc:  # noqa: BLE001 - every failure is counted and reported
                q.error = f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
                try:  # what the user saw: was the question sent, is anything still running?
                    shown = await messages.count()
                    last = (await messages.nth(shown - 1).inner_text())[-160:] if shown else ""
                    left = await box.input_value()
                    running = await page.get_by_test_id("stStatusWidget").count()
                    q.error += (f" [{shown} chat messages on screen (expected {2 * k + 2}); "
                                f"chat box holds {left[:40]!r}; running indicator: {bool(running)}; "
                                f"last message ends {last!r}]")
                except Exception:  # noqa: BLE001 - diagnostics only
                    pass
                break
    except Exception as exc:  # noqa: BLE001
        session.error = f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
    finally:
        await context.close()


async def drive(url: str, sessions: list[Session], questions: int, timeout: float) -> float:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            start = asyncio.Event()
            tasks = [asyncio.create_task(run_session(browser, url, s, questions, timeout, start)) for s in sessions]
            await asyncio.sleep(1.0)  # let every context open its page first
            began = time.perf_counter()
            start.set()
            await asyncio.gather(*tasks)
            return time.perf_counter() - began
        finally:
            await browser.close()


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))  # ceil
    return ordered[int(rank) - 1]


def report(args: argparse.Namespace, sessions: list[Session], wall: float, server_log: str, env_note: str,
           load_before: tuple[float, float, float], cpu: dict[str, float]) -> tuple[str, int]:
    load_after = os.getloadavg()
    asked = [q for s in sessions for q in s.questions]
    answered = [q for q in asked if q.seconds is not None]
    times = [q.seconds for q in answered if q.seconds is not None]
    server = [q.server_seconds for q in answered if q.server_seconds is not None]
    ready = [s.ready_seconds for s in sessions if s.ready_seconds is not None]
    tracebacks = server_log.count("Traceback (most recent call last)")
    errors = [f"session {q.session} question {q.number}: {q.error}" for q in asked if q.error]
    errors += [f"session {s.number}: {s.error}" for s in sessions if s.error]
    missing = args.sessions * args.questions - len(answered)
    if tracebacks:
        errors.append(f"{tracebacks} traceback(s) in the server log")
    n_errors = len(errors) + max(0, missing - len([q for q in asked if q.error]))

    def row(name: str, values: list[float]) -> str:
        if not values:
            return f"| {name} | – | – | – | – | 0 |"
        return (f"| {name} | {statistics.median(values):.2f} | {percentile(values, 95):.2f} | "
                f"{max(values):.2f} | {statistics.mean(values):.2f} | {len(values)} |")

    lines = [
        "# Load test: concurrent browser sessions against one app server",
        "",
        f"Run on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} with `{' '.join(args.command)}`",
        "(script: `benchmarks/load_test.py`).",
        "",
        f"- **{args.sessions} sessions × {args.questions} questions**, all sessions starting at once, "
        f"one Streamlit server, one headless chromium with {args.sessions} browser contexts, loopback only.",
        f"- **Errors: {n_errors}** (goal: 0); answered {len(answered)} of {args.sessions * args.questions} "
        "questions.",
        f"- **p95 answer time: {percentile(times, 95):.2f} s** from pressing Enter to the whole answer on screen"
        if times else "- p95 answer time: – (no answers)",
        f"- Wall time of the whole run: {wall:.1f} s. CPU time spent meanwhile: app server "
        f"{cpu['server']:.0f} s, browser (chromium and its driver) {cpu['browser']:.0f} s, of "
        f"{wall * (os.cpu_count() or 1):.0f} core-seconds available "
        f"({(cpu['server'] + cpu['browser']) / max(wall * (os.cpu_count() or 1), 1e-9):.0%}; the rest went to "
        "other processes on the machine, see the load average below).",
        "",
        "| seconds | p50 | p95 | max | mean | n |",
        "| --- | --- | --- | --- | --- | --- |",
        row("answer on screen (Enter → answer)", times),
        row("server compute (the app's \"Answered in … s\")", server),
        row("page ready (open → chat box)", ready),
        "",
        "## Conditions",
        "",
        f"- Machine: {os.cpu_count()} cores, {platform.machine()}, Linux {platform.release()}; "
        f"load average (1/5/15 min) before the run {load_before[0]:.1f} / {load_before[1]:.1f} / "
        f"{load_before[2]:.1f}, after it {load_after[0]:.1f} / {load_after[1]:.1f} / {load_after[2]:.1f}: "
        "other work on the machine shared its cores.",
        f"- Server: {env_note}.",
        f"- streamlit {version('streamlit')}, playwright {version('playwright')}, "
        f"chromium `{CHROMIUM}`; browser and server run on the same cores.",
        "- All sessions are served by one Python process: the shared encoder runs one text at a time "
        "(a lock) and the rest shares the GIL, so questions asked at the same moment wait for each other; "
        "the difference between the two first rows is Streamlit's rerun, the websocket and the browser.",
        "",
    ]
    if errors:
        lines += ["## Errors", "", *[f"- {e}" for e in errors], ""]
    lines += [
        "## Raw numbers",
        "",
        "```json",
        json.dumps({"sessions": [asdict(s) for s in sessions], "wall_seconds": round(wall, 2)}, indent=1),
        "```",
        "",
    ]
    return "\n".join(lines), n_errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=20, help="concurrent browser sessions (default 20)")
    parser.add_argument("--questions", type=int, default=3, help="questions per session (default 3)")
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds allowed per answer (default 180)")
    parser.add_argument("--deadline", type=float, default=1200.0, help="seconds allowed for the whole run")
    parser.add_argument("--threads", type=int, default=None,
                        help="KOMPASS_THREADS for the server (default: unset, the app as shipped)")
    parser.add_argument("--out", default=str(ROOT / "docs" / "load-test.md"), help="report file, or - for stdout")
    args = parser.parse_args()
    args.command = ["python", "benchmarks/load_test.py", *sys.argv[1:]]
    if not Path(CHROMIUM).exists():
        print(f"needs chromium at {CHROMIUM}", file=sys.stderr)
        return 2
    if not 1 <= args.sessions <= 50 or not 1 <= args.questions <= 10:
        print("keep it bounded: 1-50 sessions, 1-10 questions", file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory(prefix="kompass-load-") as work_dir:
        work = Path(work_dir)
        index = work / "embeddings"
        ensure_index(Settings(index=index, corpus=ROOT / "corpus"))  # not part of the timing
        env = {k: v for k, v in os.environ.items() if not k.startswith("KOMPASS_")}
        env.update(KOMPASS_INDEX=str(index), KOMPASS_CORPUS=str(ROOT / "corpus"),
                   KOMPASS_FEEDBACK=str(work / "feedback.jsonl"))
        env_note = "KOMPASS_THREADS unset (the app as shipped: embedder threads = cores)"
        if args.threads is not None:
            env["KOMPASS_THREADS"] = str(args.threads)
            env_note = f"KOMPASS_THREADS={args.threads}"
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        log_path = work / "streamlit.log"
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
                 "--server.headless", "true", "--browser.gatherUsageStats", "false",
                 "--server.fileWatcherType", "none", "--server.address", "127.0.0.1", "--server.port", str(port)],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )
            try:
                wait_healthy(url, process)
                languages = list(QUESTIONS)
                sessions = [Session(i + 1, languages[i % len(languages)]) for i in range(args.sessions)]
                load_before = os.getloadavg()
                server_before = cpu_seconds(process.pid)
                children_before = sum(os.times()[2:4])
                wall = asyncio.run(asyncio.wait_for(drive(url, sessions, args.questions, args.timeout),
                                                    args.deadline))
                cpu = {"server": cpu_seconds(process.pid) - server_before,
                       "browser": sum(os.times()[2:4]) - children_before}  # the driver, waited for, with chromium
            finally:
                if process.poll() is None:
                    os.killpg(process.pid, signal.SIGTERM)
                    try:
                        process.wait(timeout=15)
                    except subprocess.TimeoutExpired:
                        os.killpg(process.pid, signal.SIGKILL)
                        process.wait(timeout=15)
        text, n_errors = report(args, sessions, wall, log_path.read_text(errors="replace"), env_note, load_before,
                                cpu)
    if args.out == "-":
        print(text)
    else:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(text, encoding="utf-8")
        print(text.split("## Conditions")[0])
        print(f"report written to {args.out}")
    return 1 if n_errors else 0


if __name__ == "__main__":
    sys.exit(main())
