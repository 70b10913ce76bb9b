"""In a real browser: the first index build (no index on disk yet) goes on whatever the page
does. It ran in the page's script run, so a question typed while the progress bar showed
(a rerun) or a closed tab stopped it, and the next run started it again from the first sheet
(s13 tester Z1: 1,472 of 2,712 texts embedded, "Talbach" typed, back to "Reading the fact
sheets" and 0 of 2,712; a tab closed and opened again: 0 again). Now the build runs on a
thread of its own and every page shows its progress; the question typed meanwhile is
answered once the index is there.
"""

from __future__ import annotations

import json
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import CORPUS, ROOT, clean_env, streamlit_server
from test_e2e_browser import CHROMIUM, CHROMIUM_ARGS, playwright_api

from assistant.index import ensure_index, manifest_path
from assistant.settings import Settings
from assistant.ui_text import ui

pytestmark = pytest.mark.browser

#: The seeds and some growth sheets: about 1,000 texts, a build of a minute or more on one
#: thread, long enough to type a question and close a tab while it embeds. (With half of them,
#: about 500 texts, a run on a busy machine had finished the build before the page reopened.)
GROWTH = ("talbach.de.txt", "ostrauen.en.txt", "sielkamp.de.txt", "sielkamp.tr.txt", "kranichmoor.en.txt",
          "kranichmoor.de.txt", "wendhusen.en.txt", "wendhusen.tr.txt", "ilvensburg.de.txt", "ilvensburg.en.txt",
          "grevenstedt.en.txt", "grevenstedt.tr.txt", "kolbenstein.de.txt", "kolbenstein.en.txt", "rastenau.tr.txt",
          "moorwende.en.txt")
EMBEDDED = re.compile(re.escape(ui("index_stage_embed", "en")).replace(r"\{done\}", r"(\d+)").replace(
    r"\{total\}", r"(\d+)"))


@pytest.fixture()
def unbuilt(tmp_path: Path) -> Iterator[dict[str, object]]:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    for name in GROWTH:
        shutil.copy(ROOT / "eval" / "growth" / "corpus" / name, corpus / name)
    env = clean_env(KOMPASS_CORPUS=str(corpus), KOMPASS_INDEX=str(tmp_path / "index"), KOMPASS_THREADS="1",
                    KOMPASS_FEEDBACK=str(tmp_path / "feedback.jsonl"))
    with streamlit_server(env, tmp_path / "streamlit.log") as url:
        yield {"url": url}


def _wait_embedding(page: Any, at_least: int, timeout: float = 240.0) -> tuple[int, int]:
    """The texts embedded so far and their total as the page shows them, once at least ``at_least``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = EMBEDDED.findall(page.inner_text("body"))
        if found and int(found[-1][0]) >= at_least:
            return int(found[-1][0]), int(found[-1][1])
        page.wait_for_timeout(100)
    raise AssertionError(f"no embedding progress >= {at_least} shown: {page.inner_text('body')[:1500]}")


def test_the_first_build_goes_on_through_a_question_and_a_closed_tab(unbuilt: dict[str, object]) -> None:
    expect = playwright_api.expect
    expect.set_options(timeout=240_000)
    reading = ui("index_stage_parse", "en")
    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            # A tab opened on the first start, closed while the texts are embedded.
            page = browser.new_page(locale="en-GB", viewport={"width": 1400, "height": 1000})
            page.goto(str(unbuilt["url"]))
            before_close, _ = _wait_embedding(page, 1)
            page.close()
            page = browser.new_page(locale="en-GB", viewport={"width": 1400, "height": 1000})
            page.goto(str(unbuilt["url"]))
            box = page.get_by_test_id("stChatInputTextArea")
            expect(box).to_be_visible()
            # The page opened again shows the same build going on, not one started again.
            shown, _ = _wait_embedding(page, 0)
            assert shown >= before_close, f"the build started again after the tab was closed: {shown} < {before_close}"
            # A question typed while it embeds: the build goes on, the question is answered once it is done.
            before_question, total = _wait_embedding(page, shown + 1)
            assert before_question < total, "the build was done before the question: nothing tested"
            box.fill("Halberstadt")
            box.press("Enter")
            messages = page.get_by_test_id("stChatMessage")
            seen: list[int] = []
            while messages.count() < 2 and page.get_by_test_id("stException").count() == 0:
                text = page.inner_text("body")
                assert reading not in text, "the build started again (reading the sheets) after the question"
                seen += [int(done) for done, _ in EMBEDDED.findall(text)]
                page.wait_for_timeout(100)
            assert page.get_by_test_id("stException").count() == 0, page.inner_text("body")[:3000]
            assert all(done >= before_question for done in seen), f"embedding went back: {before_question} -> {seen}"
            expect(messages.nth(1)).to_contain_text("Halberstadt")
            expect(messages.nth(1)).to_contain_text("halberstadt.en.txt")
        finally:
            browser.close()


def test_an_index_rebuilt_at_start_shows_its_progress(tmp_path: Path) -> None:
    """An index out of date at the server's start (another index format, assistant version or
    vocabulary: after every update) is rebuilt by the engine's load on its thread; the page said
    only "Loading the language model and the search index …" for the whole rebuild (s13 tester Z7:
    62 sheets, 70 s, no progress). It shows the build's progress now."""
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    for name in GROWTH:
        shutil.copy(ROOT / "eval" / "growth" / "corpus" / name, corpus / name)
    settings = Settings(corpus=corpus, index=tmp_path / "index", threads=1)
    ensure_index(settings)
    manifest = manifest_path(settings.index)
    raw = json.loads(manifest.read_text(encoding="utf-8"))
    raw["format_version"] -= 1  # as an index from before an update
    manifest.write_text(json.dumps(raw), encoding="utf-8")
    env = clean_env(KOMPASS_CORPUS=str(corpus), KOMPASS_INDEX=str(settings.index), KOMPASS_THREADS="1",
                    KOMPASS_FEEDBACK=str(tmp_path / "feedback.jsonl"))
    expect = playwright_api.expect
    expect.set_options(timeout=240_000)
    with streamlit_server(env, tmp_path / "streamlit.log") as url, playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(locale="en-GB", viewport={"width": 1400, "height": 1000})
            page.goto(url)
            done, total = _wait_embedding(page, 1)
            assert done <= total
            expect(page.get_by_text(ui("index_building", "en"))).to_be_visible()
            box = page.get_by_test_id("stChatInputTextArea")
            box.fill("Halberstadt")
            box.press("Enter")
            messages = page.get_by_test_id("stChatMessage")
            expect(messages.nth(1)).to_contain_text("halberstadt.en.txt")
            assert page.get_by_test_id("stException").count() == 0
        finally:
            browser.close()
