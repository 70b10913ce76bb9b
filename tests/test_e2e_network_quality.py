"""In a real browser (Debian's chromium, a 390 px phone; English and Turkish; session 16 browser
tester V14): the Networks tab shows a network's key facts under its name, and the reader's
data-quality notes ("Success factors: fragment repeats the end of the previous entry (PDF
extraction) – dropped …") collapsed below them. Such a note was a yellow box right under the
name, filling the phone's first screen, though a workshop cannot act on it."""

from __future__ import annotations

import re

import pytest
from test_e2e_browser import playwright_api, server  # noqa: F401
from test_e2e_language_switch import _app_page, _ask

from assistant.ui_text import ui

pytestmark = pytest.mark.browser

QUESTIONS = {"en": "How are the networks funded?", "tr": "Finansman?"}


@pytest.mark.parametrize(("locale", "lang"), [("en-GB", "en"), ("tr-TR", "tr")])
def test_data_quality_notes_are_collapsed_below_the_facts(server: dict[str, object],  # noqa: F811
                                                          locale: str, lang: str) -> None:
    expect = playwright_api.expect
    with _app_page(server, locale, phone=True) as page:
        _ask(page, QUESTIONS[lang], 2)
        page.get_by_role("tab").nth(1).click()
        picker = page.get_by_role("combobox", name=ui("networks_pick", lang))
        expect(picker).to_be_visible()
        option = page.get_by_role("option").filter(has_text="Dortmund").first
        for _ in range(5):  # under load the tab's first run may close the list again
            picker.click()
            try:
                option.click(timeout=5_000)
                break
            except playwright_api.TimeoutError:
                page.keyboard.press("Escape")
        expect(picker).to_have_value(re.compile("Dortmund"))
        main = page.get_by_test_id("stMainBlockContainer")
        expect(main.get_by_test_id("stHeading").filter(has_text="Dortmund").first).to_be_visible()
        facts = main.get_by_text(ui("facts_title", lang), exact=True)
        expect(facts).to_be_visible()
        facts.scroll_into_view_if_needed()
        # The notes: one collapsed expander below the facts, its warnings hidden until opened.
        label = re.escape(ui("data_quality_count", lang, n=0)).replace("0", r"\d+")
        notes = main.get_by_test_id("stExpander").filter(has_text=re.compile(label))
        expect(notes).to_have_count(1)
        warning = notes.get_by_test_id("stAlert")
        expect(warning.first).to_be_hidden()
        assert notes.bounding_box()["y"] > facts.bounding_box()["y"]
        # Nothing of the notes between the name and the facts (a phone's first screen).
        alerts = [box for box in main.get_by_test_id("stAlert").evaluate_all(
            "els => els.filter(e => e.offsetParent !== null).map(e => e.getBoundingClientRect().y)")]
        assert all(y > facts.bounding_box()["y"] for y in alerts), alerts
        notes.locator("summary").click()
        expect(warning.first).to_be_visible()
        assert page.get_by_test_id("stException").count() == 0
