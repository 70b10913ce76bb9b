"""In a real browser (Debian's chromium, 1400 px and a 390 px phone; German, English and Turkish
interfaces): a saved conversation opened while another is open (session 14 browser tester T14: the open
one was replaced and lost without a word). The page says the open one is kept, its button in the
chat brings it back, the sidebar's brings the opened one back again, and a reload keeps the way back.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from helpers import ROOT
from test_e2e_browser import playwright_api, server  # noqa: F401
from test_e2e_language_switch import _app_page, _ask, _switch_language, _wait_messages
from test_e2e_sidebar import _collapsed, _open_sidebar

from assistant.open_conversations import conversation_title
from assistant.saved_conversations import load_conversation
from assistant.ui_text import nt, ui

pytestmark = pytest.mark.browser

#: A conversation saved by an earlier version (three German questions): the file opened.
SAVED = ROOT / "tests" / "fixtures" / "saved_conversation_format1.json"
QUESTIONS = {"de": "Finanzierung?", "en": "How are the networks funded?", "tr": "Finansman?"}


def _back(page: Any, where: str, lang: str, question: str) -> Any:
    """The button that goes back to the conversation whose first question is ``question``."""
    name = ui("conversation_back", lang, title=conversation_title(question))
    return page.get_by_test_id(where).get_by_role("button", name=name)


@pytest.mark.parametrize("width", [1400, 390])
@pytest.mark.parametrize(("locale", "lang"), [("de-DE", "de"), ("en-GB", "en"), ("tr-TR", "tr")])
def test_opening_a_saved_conversation_keeps_the_open_one(server: dict[str, object], locale: str,  # noqa: F811
                                                         lang: str, width: int) -> None:
    expect = playwright_api.expect
    opened = load_conversation(SAVED.read_bytes()).turns
    first = opened[0].query
    mine = QUESTIONS[lang]
    with _app_page(server, locale, phone=width < 600, width=width) as page:
        messages = page.get_by_test_id("stChatMessage")
        _ask(page, mine, 2)
        expect(page).to_have_url(re.compile(r"[?&]c=[0-9a-f]{32}"))
        own = re.search(r"[?&]c=([0-9a-f]{32})", page.url)
        assert own is not None

        _open_sidebar(page)
        page.get_by_test_id("stSidebar").locator("input[type=file]").set_input_files(str(SAVED))
        _wait_messages(page, 2 * len(opened))
        expect(messages.first).to_contain_text(first)
        # said in the interface's language, with the way back in the chat (the phone's sidebar closed)
        expect(page.get_by_text(nt("conversation_set_aside", lang, 1))).to_be_visible()
        if width < 600:
            page.wait_for_function("() => document.querySelector('[data-testid=stSidebar]')"
                                   "?.getAttribute('data-collapsed') === 'true'")
        # in view without scrolling: the opened conversation is shown at its end, where the notice is (a view
        # still held at the first question asked before had kept the page at the opened one's top: CI)
        back = _back(page, "stMainBlockContainer", lang, mine)
        expect(back).to_be_in_viewport()
        expect(page).to_have_url(re.compile(rf"[?&]p={own.group(1)}"))

        back.click()
        expect(messages).to_have_count(2)
        expect(messages.first).to_contain_text(mine)
        expect(page).to_have_url(re.compile(rf"[?&]c={own.group(1)}"))
        assert page.get_by_test_id("stException").count() == 0

        # the opened conversation is kept in turn: the sidebar brings it back, also after a reload
        page.reload()
        expect(messages).to_have_count(2)
        expect(messages.first).to_contain_text(mine)
        _open_sidebar(page)
        _back(page, "stSidebar", lang, first).click()
        expect(messages).to_have_count(2 * len(opened))
        expect(messages.first).to_contain_text(first)
        if width < 600:  # a choice in the sidebar closes it on a phone, as the others do
            page.wait_for_timeout(1500)
            assert _collapsed(page)
        assert page.get_by_test_id("stException").count() == 0


#: The language switched to after the file was opened, from each interface language.
SWITCHED = {"de": "en", "en": "tr", "tr": "de"}
NEXT = {"de": "Who coordinates in Dortmund?", "en": "Dortmund'da kim koordine ediyor?",
        "tr": "Wer koordiniert in Dortmund?"}


@pytest.mark.parametrize(("locale", "lang"), [("de-DE", "de"), ("en-GB", "en"), ("tr-TR", "tr")])
def test_the_set_aside_notice_stays_after_a_language_switch(server: dict[str, object], locale: str,  # noqa: F811
                                                            lang: str) -> None:
    """Session 19 browser tester F10: a language switch right after the file was opened took the chat's
    notice of the conversation set aside away (the sidebar's way back alone stayed). It stays, relabelled,
    until a new question."""
    expect = playwright_api.expect
    opened = load_conversation(SAVED.read_bytes()).turns
    mine, other = QUESTIONS[lang], SWITCHED[lang]
    with _app_page(server, locale) as page:
        _ask(page, mine, 2)
        _open_sidebar(page)
        page.get_by_test_id("stSidebar").locator("input[type=file]").set_input_files(str(SAVED))
        _wait_messages(page, 2 * len(opened))
        expect(page.get_by_text(nt("conversation_set_aside", lang, 1))).to_be_visible()

        _switch_language(page, lang, other)
        notice = page.get_by_text(nt("conversation_set_aside", other, 1))
        expect(notice).to_be_visible()
        expect(_back(page, "stMainBlockContainer", other, mine)).to_be_visible()
        assert page.get_by_test_id("stException").count() == 0

        _ask(page, NEXT[lang], 2 * len(opened) + 2)  # a new question: the chat's offer is done
        expect(notice).to_have_count(0)
        expect(_back(page, "stSidebar", other, mine)).to_be_attached()  # the sidebar's stays
        assert page.get_by_test_id("stException").count() == 0
