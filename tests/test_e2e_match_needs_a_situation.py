"""In a real browser (Debian's chromium, a 390 px phone): "Which network suits us best?" as the first
message asks the user to describe their town, in the question's language, with no networks and no
short answer; after a language switch the notice reads in the new language, with no "given in another
language" caption (session 14 browser tester T13b)."""

from __future__ import annotations

import pytest
from test_e2e_browser import playwright_api, server  # noqa: F401
from test_e2e_language_switch import _app_page, _ask, _open_sidebar, _switch_language

from assistant.ui_text import ui

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("locale", "lang", "question", "other"), [
    ("de-DE", "de", "Welches Netzwerk passt am besten zu uns?", "tr"),
    ("en-GB", "en", "Which network should we copy?", "de"),
    ("tr-TR", "tr", "Bize en uygun ağ hangisi?", "en"),
])
def test_a_match_request_first_asks_to_describe_the_town(server: dict[str, object], locale: str, lang: str,  # noqa: F811
                                                         question: str, other: str) -> None:
    expect = playwright_api.expect
    with _app_page(server, locale, phone=True) as page:
        _ask(page, question, 2)
        answer = page.get_by_test_id("stChatMessage").nth(1)
        start = ui("situation_needed", lang).split(":")[0]
        expect(answer.get_by_test_id("stAlert")).to_contain_text(start)
        expect(answer.get_by_test_id("stAlert")).to_be_in_viewport()
        assert ui("summary_title", lang) not in answer.inner_text()
        assert ui("closest_networks", lang) not in answer.inner_text()
        _open_sidebar(page, lang)
        _switch_language(page, lang, other)
        expect(answer.get_by_test_id("stAlert")).to_contain_text(ui("situation_needed", other).split(":")[0])
        caption = ui("answer_other_language", other, language="X").split("X")[0].strip()
        assert caption not in answer.inner_text()
        assert page.get_by_test_id("stException").count() == 0
