"""Strange questions get a clear, friendly message and never a traceback: API, CLI and UI.

The same list of bad questions goes through

* the library (``Engine.ask`` and ``Engine.chat``),
* the CLI (``assistant ask``: in-process with the question as argument, and as a
  real process reading raw bytes -- NUL, invalid UTF-8 -- from stdin),
* the Streamlit app (AppTest; and HTML/script in a real chromium, where nothing
  may be rendered as markup or run),

and a hypothesis test feeds 10,000 generated strings to ``Engine.ask`` and to the
parser. All of it offline: sockets are blocked while the engine loads and answers.
"""

from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from helpers import clean_env, seed_index_settings, streamlit_server
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytest_socket import disable_socket

from assistant.chat import ChatAnswer
from assistant.cli import main
from assistant.i18n import language_name, t
from assistant.language import SUPPORTED
from assistant.models import FactSheet
from assistant.notices import Notice, NoticeCode
from assistant.parse import parse_document
from assistant.recommend import Answer, Engine, load_engine
from assistant.settings import Settings
from assistant.views.notices import message_text

pytestmark = pytest.mark.heavy  # the real engine, CLI processes and a server

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
APP = ROOT / "streamlit_app.py"
CHROMIUM = Path("/usr/bin/chromium")
MAX_CHARS = Settings().max_query_chars

LONG = ("Wie gewinnen wir Ehrenamtliche für die Arbeit mit Geflüchteten? " * 1600)[:100_000]

#: name -> (question, what the user must be told). Kinds:
#:   empty: "please describe ..."; no_text: "no words I can search for"; blank: either;
#:   truncated: "I used the first N characters" and an answer; other_language: "the sheets
#:   are in EN/DE/TR ..." plus whatever the multilingual model finds; answer: results or
#:   "nothing matches" -- never silence.
BAD: dict[str, tuple[str, str]] = {
    "empty": ("", "empty"),
    "whitespace": (" \t  \u3000\u00a0 ", "empty"),
    "zero-width only": ("\u200b\u200c\u200d\ufeff\u2060", "blank"),
    "control characters and NUL only": ("\x00\x01\x02\x07\x1b\x7f", "empty"),
    "100,000 characters": (LONG, "truncated"),
    "control characters inside words": ("Ehren\x00amtliche \x1b[31mgewinnen\x07 und\x08 halten", "answer"),
    "emoji only": ("🤝🌍😀👩‍👩‍👧‍👦🇩🇪 🙏", "no_text"),
    "punctuation only": ("?!… --- ### *** ¿¡", "no_text"),
    "HTML and script": ('<b>Ehrenamtliche</b> gewinnen <img src=x onerror="alert(1)"> '
                        "<script>alert(document.cookie)</script>", "answer"),
    "SQL-looking": ("'; DROP TABLE networks; -- SELECT * FROM units WHERE '1'='1'", "answer"),
    "mixed scripts": ("Ehrenamtliche volunteers gönüllüler волонтёры 志愿者 متطوعين", "answer"),
    "Arabic": ("كيف يمكننا إشراك المتطوعين في شبكة الاندماج في مدينتنا؟", "other_language"),
    "Ukrainian": ("Як залучити волонтерів до мережі інтеграції біженців у нашому місті?", "other_language"),
    "right-to-left override": ("\u202eEhrenamtliche gewinnen\u202c", "answer"),
    "lone surrogates": ("Ehrenamt \ud800 gewinnen \udfff\udcff", "answer"),
    "format string": ("{chars} {0} %s %(x)s {{language}} Ehrenamt", "answer"),
}
OTHER_LANGUAGE = {"Arabic": "ar", "Ukrainian": "uk"}
#: Questions that cannot be a command-line argument (execve refuses NUL; argv is bytes).
NOT_ARGV = {"control characters and NUL only", "control characters inside words", "lone surrogates"}
#: A browser cannot send lone surrogates (its UTF-8 encoder replaces them), and AppTest
#: cannot serialise them: that case is proven for the library and the CLI only.
NOT_UI = {"lone surrogates"}


def _ui_lang(answer: Answer | ChatAnswer | SimpleNamespace) -> str:
    return answer.language if answer.language in SUPPORTED else "en"


def message_of(answer: Answer | ChatAnswer | SimpleNamespace) -> str | None:
    """The message the user reads: the CLI's JSON ``message``, or an answer's notices as
    the CLI renders them (a chat answer in its language, an ``ask`` answer in the question's)."""
    if isinstance(answer, SimpleNamespace):
        return answer.message  # type: ignore[no-any-return]
    lang = answer.ui_language if isinstance(answer, ChatAnswer) else _ui_lang(answer)
    return message_text(answer.notices, lang)


def check_told(name: str, answer: Answer | ChatAnswer | SimpleNamespace) -> None:
    """The user gets the message their question deserves, and never an empty reply."""
    _, kind = BAD[name]
    lang = _ui_lang(answer)
    results = answer.answer if isinstance(answer, ChatAnswer) else answer.results
    message = message_of(answer)
    assert results or message, "neither an answer nor a message"
    if kind == "empty":
        assert message == t("empty_question", lang) and not results
    elif kind == "blank":  # invisible characters only: either message says what to do
        assert message in (t("empty_question", lang), t("no_text", lang)) and not results
    elif kind == "no_text":
        assert message == t("no_text", lang) and not results
    elif kind == "truncated":
        assert message and t("truncated", lang, chars=MAX_CHARS) in message
        assert answer.matched and results
    elif kind == "other_language":
        assert answer.language == OTHER_LANGUAGE[name]
        expected = t("other_language", "en", language=language_name(answer.language, "en"))
        assert message and expected in message
        if not answer.matched:
            assert t("out_of_scope", "en") in message
    else:
        assert answer.matched or (message and (t("out_of_scope", lang) in message
                                               or t("personal_matter", lang) in message))


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
def index_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    with _offline():
        return seed_index_settings(tmp_path_factory)


@pytest.fixture(scope="module")
def engine(index_settings: Settings) -> Engine:
    with _offline():
        return load_engine(index_settings)


@pytest.fixture
def offline() -> None:
    """Block the network for this test (pytest-socket lifts it again at teardown)."""
    disable_socket(allow_unix_socket=True)


# --------------------------------------------------------------------------- library (API)


@pytest.mark.parametrize("name", list(BAD))
def test_api_ask(engine: Engine, name: str, offline: None) -> None:
    answer = engine.ask(BAD[name][0])
    assert isinstance(answer, Answer)
    check_told(name, answer)


@pytest.mark.parametrize("name", list(BAD))
def test_api_chat(engine: Engine, name: str, offline: None) -> None:
    answer = engine.chat(BAD[name][0])
    assert isinstance(answer, ChatAnswer)
    check_told(name, answer)
    if answer.matched:
        assert answer.answer and answer.summary and answer.follow_ups


def test_api_long_question_is_cut_not_ignored(engine: Engine, offline: None) -> None:
    """The truncated question still finds what its first 2,000 characters ask for."""
    short = engine.ask(LONG[:MAX_CHARS])
    long = engine.ask(LONG)
    assert [r.text for r in long.results] == [r.text for r in short.results]
    assert short.notices == [] and long.notices == [Notice(code=NoticeCode.TRUNCATED, params={"chars": MAX_CHARS})]
    assert message_of(long) == t("truncated", "de", chars=MAX_CHARS)


def test_sql_looking_text_changes_nothing(engine: Engine, index_settings: Settings, offline: None) -> None:
    def files() -> dict[str, bytes]:
        return {str(p.relative_to(index_settings.index)): p.read_bytes()
                for p in sorted(index_settings.index.rglob("*")) if p.is_file()}

    before = files()
    engine.ask(BAD["SQL-looking"][0])
    engine.chat(BAD["SQL-looking"][0])
    assert files() == before
    assert len(engine.ask("Ehrenamtliche gewinnen").results) == 5  # still answers normally


def test_html_is_returned_as_plain_data(engine: Engine, offline: None) -> None:
    """The API never turns the question into markup: quotes are verbatim sheet text."""
    answer = engine.ask(BAD["HTML and script"][0])
    assert answer.query == BAD["HTML and script"][0]
    assert all("<script" not in r.text and "onerror" not in r.text for r in answer.results)


# --------------------------------------------------------------------------- CLI


def _cli(capsys: pytest.CaptureFixture[str], settings: Settings, *argv: str) -> tuple[int, str, str]:
    code = main(["ask", *argv, "--index", str(settings.index), "--corpus", str(settings.corpus)])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("name", [n for n in BAD if n not in NOT_ARGV])
def test_cli_ask_argument(
    name: str, engine: Engine, index_settings: Settings, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch, offline: None,
) -> None:
    monkeypatch.setenv("KOMPASS_THREADS", "1")
    question = BAD[name][0]
    code, out, err = _cli(capsys, index_settings, question, "--json")
    assert code == 0 and "Traceback" not in err
    answer = SimpleNamespace(**json.loads(out))  # the JSON contract: no spans, so no Answer model
    check_told(name, answer)
    code, text, err = _cli(capsys, index_settings, question)
    assert code == 0 and "Traceback" not in err
    if answer.message:
        assert text.startswith(answer.message)
    if answer.results:  # the labels around the quotes are in the question's language
        assert t("cli_source", answer.language if answer.language in SUPPORTED else "en", source="") in text


def _cli_process(settings: Settings, tmp_path: Path, *argv: bytes | str, stdin: bytes = b"") -> tuple[list[dict], str]:
    """``python -m assistant ask --json ...`` as a real process, in a UTF-8 locale's strict stdio
    (PYTHONIOENCODING=utf-8 behaves like de_DE.UTF-8; only the C locale is lenient)."""
    env = clean_env(KOMPASS_THREADS="1")
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "ask", *argv, "--json", "--top-k", "2",
         "--index", str(settings.index), "--corpus", str(settings.corpus)],
        input=stdin, capture_output=True, env=env, timeout=300, cwd=tmp_path,
    )
    stderr = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 0 and "Traceback" not in stderr, stderr
    answers = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]
    for answer in answers:
        assert answer["results"] or answer["message"]
    return answers, stderr


def test_cli_ask_stdin(index_settings: Settings, tmp_path: Path) -> None:
    """A real ``assistant ask`` process reads every bad question from stdin, one per line:
    NUL, control characters, 100,000 characters and all."""
    names = [n for n in BAD if n != "lone surrogates"]
    lines = [BAD[n][0].encode("utf-8") for n in names]
    assert all(b"\n" not in line for line in lines)
    answers, _ = _cli_process(index_settings, tmp_path, stdin=b"\n".join(lines) + b"\n")
    assert len(answers) == len(lines)
    for name, answer in zip(names, answers, strict=True):
        check_told(name, SimpleNamespace(**answer))


def test_cli_ask_stdin_not_utf8(index_settings: Settings, tmp_path: Path) -> None:
    stdin = b"\xff\xfe Ehrenamt \xc3\x28 gewinnen\n\xed\xa0\x80\xed\xbf\xbf\nEhrenamt\n"
    answers, _ = _cli_process(index_settings, tmp_path, stdin=stdin)
    assert len(answers) == 3


def test_cli_ask_argument_not_utf8(index_settings: Settings, tmp_path: Path) -> None:
    answers, _ = _cli_process(index_settings, tmp_path, b"\xff\xfe Ehrenamt gewinnen")
    assert len(answers) == 1 and answers[0]["matched"]


# --------------------------------------------------------------------------- UI (AppTest)


@pytest.fixture
def app_env(index_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not APP.exists():
        pytest.skip("streamlit_app.py is not there yet")
    monkeypatch.setenv("KOMPASS_INDEX", str(index_settings.index))
    monkeypatch.setenv("KOMPASS_CORPUS", str(index_settings.corpus))
    monkeypatch.setenv("KOMPASS_THREADS", "1")
    monkeypatch.setenv("KOMPASS_FEEDBACK", str(tmp_path / "feedback.jsonl"))
    disable_socket(allow_unix_socket=True)


def _app_texts(at: object) -> list[str]:
    return [e.value for kind in ("info", "warning", "error", "markdown", "caption")
            for e in getattr(at, kind)]


@pytest.mark.parametrize("name", [n for n in BAD if n not in NOT_UI])
def test_ui_chat(name: str, app_env: None) -> None:
    from streamlit.testing.v1 import AppTest

    from assistant.views.markdown import escape_markdown

    question = BAD[name][0]
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    assert not at.exception
    at.chat_input[0].set_value(question).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error
    texts = _app_texts(at)
    turns = at.session_state["turns"]
    if not turns:  # nothing to search for: a notice instead of an answer
        assert BAD[name][1] == "empty"
        assert escape_markdown(t("empty_question", at.session_state["ui_lang"])) in texts
        return
    advice = turns[-1].answer
    check_told(name, advice)
    message = message_text(advice.notices, at.session_state["ui_lang"])
    if message:
        assert escape_markdown(message) in [i.value for i in at.info]
    # The user's own text is shown escaped: as text, never as markup.
    # The chat input takes at most MAX_INPUT_CHARS (longer text is cut before anything else).
    assert at.chat_message[0].markdown[0].value == escape_markdown(question[:4000])


def test_ui_uploads_only_saved_conversations() -> None:
    """The app cannot add sheets: the one upload is read as a saved conversation (JSON or
    Markdown) by ``load_conversation``, parsed as data, never rendered as it is; any other
    file gets a message in the interface's language (a fact sheet: where it goes)."""
    if not APP.exists():
        pytest.skip("streamlit_app.py is not there yet")
    source = APP.read_text(encoding="utf-8")
    assert source.count("file_uploader(") == 1 and source.count(".getvalue()") == 1
    assert "load_conversation(upload.getvalue(), upload.name)" in source
    assert "accept_file" not in source
    # No raw Markdown HTML; st.html only for the app's own CSS (the page's, the drop zone's words
    # from the catalogues), the app's own scroll scripts (to the top of a view, to a new
    # answer, to a quote, to the end of a conversation opened or brought back), its script
    # that puts the catalogues' words in place of Streamlit's
    # English ones (assistant.views.streamlit_words), its script that closes the sidebar on a
    # phone after a choice made in it (assistant.views.sidebar, X14), the escaped document view and
    # the same words script on that view (s14 tester T11: its "Skip to main content" was English).
    assert "unsafe_allow_html" not in source and "components" not in source
    assert source.count("st.html(") == 11


# --------------------------------------------------------------------------- hypothesis: 10,000 strings


_FRAGMENTS = [
    "Ehrenamtliche", "volunteers", "gönüllüler", "Netzwerk", "Koordination", "<script>", "</b>", "<img src=x>",
    "'; DROP TABLE units; --", "1=1", "\x00", "\x1b[2J", "\ud800", "\udfff", "🤝", "👩‍👩‍👧", "\u202e", "\u200b",
    "İstanbul", "ıİ", "ß", "ẞ", "\r\n", "\t", "  ", "كيف", "волонтери", "志愿者", "{chars}", "%s", "\\", "`", "*",
    "#", ">", "[x](javascript:alert(1))", "\ufeff", "\U0010ffff", "\u0301", "ﬁ", "Ⅻ", "٣", "…", "„“",
]
QUESTIONS = st.one_of(
    st.text(st.characters(exclude_categories=()), max_size=120),  # anything, surrogates included
    st.lists(st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=8)), max_size=25).map(" ".join),
    st.lists(st.sampled_from(_FRAGMENTS), max_size=40).map("".join),
    st.builds(lambda piece, n: piece * n, st.sampled_from(_FRAGMENTS + ["Ehrenamt gewinnen "]),
              st.integers(0, 400)),
)


@pytest.fixture
def single_threaded_faiss() -> Iterator[None]:
    """FAISS searches 218 vectors in ~0.06 ms on one thread but 5-10 ms with OpenMP on two
    busy cores: one thread keeps 10,000 questions inside the time budget."""
    import faiss

    before = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    yield
    faiss.omp_set_num_threads(before)


@pytest.mark.slow
def test_ask_and_parser_survive_10000_generated_strings(
    engine: Engine, offline: None, single_threaded_faiss: None,
) -> None:
    seen = {"n": 0, "answered": 0, "sheets": 0}
    started = time.perf_counter()

    @settings(max_examples=10_000, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
    @given(QUESTIONS)
    def check(question: str) -> None:
        seen["n"] += 1
        answer = engine.ask(question)
        # The API keeps (and echoes) only what it read: the whole question, or its cut start, and says so.
        assert isinstance(answer, Answer) and question.startswith(answer.query)
        assert answer.query == question or answer.notices
        assert answer.results or answer.notices
        seen["answered"] += bool(answer.results)
        sheet = parse_document(question, "generated.txt")
        assert sheet is None or isinstance(sheet, FactSheet)
        seen["sheets"] += sheet is not None

    check()
    elapsed = time.perf_counter() - started
    print(f"\n{seen['n']} generated strings in {elapsed:.0f} s: {seen['answered']} answered with quotes, "
          f"{seen['sheets']} parsed as documents")
    assert seen["n"] >= 10_000


def test_chat_survives_generated_strings(engine: Engine, offline: None, single_threaded_faiss: None) -> None:
    """The chat answer (one analysis, one scoring pass, several slices) on 300 generated strings."""

    @settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
    @given(QUESTIONS)
    def check(question: str) -> None:
        answer = engine.chat(question)
        assert isinstance(answer, ChatAnswer)
        assert answer.answer or answer.notices

    check()


# --------------------------------------------------------------------------- UI in a real browser


@pytest.fixture(scope="module")
def app_server(index_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not APP.exists():
        pytest.skip("streamlit_app.py is not there yet")
    work = tmp_path_factory.mktemp("robust-ui")
    env = clean_env(KOMPASS_INDEX=str(index_settings.index), KOMPASS_CORPUS=str(index_settings.corpus),
                    KOMPASS_FEEDBACK=str(work / "feedback.jsonl"))
    with streamlit_server(env, work / "streamlit.log") as url:
        yield url


@pytest.mark.browser
@pytest.mark.allow_hosts(["127.0.0.1", "::1", "localhost"])
def test_browser_shows_markup_as_text_and_runs_no_script(app_server: str) -> None:
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium")
    playwright = pytest.importorskip("playwright.sync_api")
    question = '<b id="injected">fett</b> <img src=x onerror="window.pwned=1"> <script>window.pwned=2</script> Ehrenamt'
    dialogs: list[str] = []
    with playwright.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        try:
            page = browser.new_page()
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(app_server)
            box = page.get_by_test_id("stChatInputTextArea")
            box.wait_for(timeout=60_000)
            box.fill(question)
            box.press("Enter")
            messages = page.get_by_test_id("stChatMessage")
            messages.nth(1).wait_for(timeout=120_000)
            user = messages.nth(0)
            assert "fett" in user.inner_text() and "<b" in user.inner_text()  # shown literally
            assert page.locator("#injected").count() == 0
            assert user.locator("img, script, b").count() == 0
            page.wait_for_timeout(500)
            assert page.evaluate("window.pwned === undefined")
        finally:
            browser.close()
    assert dialogs == []
