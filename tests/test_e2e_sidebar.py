"""In a real browser: a choice in the sidebar that changes the chat (an example situation,
"re-answer the last question", "new conversation", "restore", a saved conversation opened)
closes the sidebar on a phone, where it covers the page, and leaves it open on a laptop,
where it stands beside the chat (s11 tester X14: on a 390 px screen the answer to an
example arrived behind the open sidebar, 300 of 390 px, and nothing seemed to have happened).
"""

from __future__ import annotations

from typing import Any

import pytest
from test_e2e_browser import playwright_api, server  # noqa: F401
from test_e2e_language_switch import _app_page, _wait_messages

from assistant.ui_text import examples, ui

pytestmark = pytest.mark.browser

COLLAPSED = "() => document.querySelector('[data-testid=stSidebar]')?.getAttribute('data-collapsed')"


def _collapsed(page: Any) -> bool:
    return bool(page.evaluate(COLLAPSED) == "true")


def _open_sidebar(page: Any) -> None:
    # The chat box is drawn before the engine loads, the sidebar after it: wait for its first widget.
    page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").first.wait_for(state="attached")
    if _collapsed(page):
        page.get_by_test_id("stExpandSidebarButton").click()
    page.wait_for_function(f"() => ({COLLAPSED})() === 'false'")


def _choose_example(page: Any) -> None:
    sidebar = page.get_by_test_id("stSidebar")
    expander = sidebar.get_by_test_id("stExpander").filter(has_text=ui("examples_title", "de"))
    expander.locator("summary").click()
    example = examples()[0]
    expander.get_by_role("button", name=f"{ui(example.title, 'de')} · {example.language.upper()}").click()


def _sidebar_button(page: Any, key: str) -> Any:
    return page.get_by_test_id("stSidebar").get_by_role("button", name=ui(key, "de"))


def _settled_collapsed(page: Any) -> bool:
    """The sidebar's state once the answer is drawn and the app's scripts have run."""
    page.wait_for_timeout(1500)
    return _collapsed(page)


def test_a_sidebar_choice_closes_the_sidebar_on_a_phone(server: dict[str, object]) -> None:  # noqa: F811
    expect = playwright_api.expect
    with _app_page(server, "de-DE", phone=True) as page:
        messages = page.get_by_test_id("stChatMessage")
        _open_sidebar(page)
        _choose_example(page)
        _wait_messages(page, 2)
        expect(messages.nth(1)).to_contain_text(ui("summary_title", "de"))
        assert _settled_collapsed(page), "the sidebar stayed open over the answer to the example"

        _open_sidebar(page)
        _sidebar_button(page, "rerun_last").click()
        _wait_messages(page, 2)
        assert _settled_collapsed(page), "the sidebar stayed open over the answer asked again"

        _open_sidebar(page)
        _sidebar_button(page, "new_conversation").click()
        expect(page.get_by_text(ui("conversation_cleared", "de"))).to_be_visible()
        assert _settled_collapsed(page), "the sidebar stayed open over the new conversation"
        # The page says where the previous conversation is restored: the sidebar, still there.
        _open_sidebar(page)
        _sidebar_button(page, "conversation_restore").click()
        _wait_messages(page, 2)
        assert _settled_collapsed(page), "the sidebar stayed open over the restored conversation"

        # A saved conversation opened from the sidebar: the loaded conversation is in view.
        _open_sidebar(page)
        with page.expect_download() as download:
            _sidebar_button(page, "export_json").click()
        saved = download.value.path()
        _sidebar_button(page, "new_conversation").click()
        expect(messages).to_have_count(0)
        _open_sidebar(page)
        page.get_by_test_id("stSidebar").locator("input[type=file]").set_input_files(saved)
        _wait_messages(page, 2)
        assert _settled_collapsed(page), "the sidebar stayed open over the opened conversation"
        assert page.get_by_test_id("stException").count() == 0


def test_a_sidebar_choice_leaves_the_sidebar_open_on_a_laptop(server: dict[str, object]) -> None:  # noqa: F811
    with _app_page(server, "de-DE", width=1280, height=800) as page:
        page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").first.wait_for()
        assert not _collapsed(page)
        _choose_example(page)
        _wait_messages(page, 2)
        assert not _settled_collapsed(page)
        _sidebar_button(page, "rerun_last").click()
        _wait_messages(page, 2)
        assert not _settled_collapsed(page)
        assert page.get_by_test_id("stException").count() == 0
