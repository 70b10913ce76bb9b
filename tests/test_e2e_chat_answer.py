"""In a real browser at phone width (390 px), in German, English and Turkish: what the chat
answer shows for the tester findings of session 3 (T3, T5, T7, T8, T11). Screenshots go to
test-artifacts/e2e-answer-*.png.
"""

from __future__ import annotations

import pytest
from test_e2e_browser import ARTIFACTS, playwright_api, server  # noqa: F401
from test_e2e_language_switch import _app_page, _ask

from assistant.ui_text import ui

pytestmark = pytest.mark.browser

NO_OVERFLOW = ("() => { const m = document.querySelector('[data-testid=stMain]') || document.querySelector('main');"
               " return m.scrollWidth <= m.clientWidth + 1; }")


def _answer(page, n: int) -> str:  # noqa: ANN001
    """The text of the ``n``-th chat message (0-based)."""
    return page.get_by_test_id("stChatMessage").nth(n).inner_text()


def _quotes(page, n: int) -> list[str]:  # noqa: ANN001
    """The quoted passages of the ``n``-th chat message."""
    return [q.strip() for q in page.get_by_test_id("stChatMessage").nth(n).locator("blockquote").all_text_contents()]


def _summary(page, n: int, lang: str) -> str:  # noqa: ANN001
    """The short answer of the ``n``-th chat message, after its "In short:" label."""
    text = _answer(page, n)
    label = f"{ui('summary_title', lang)}:"
    assert label in text, text[:500]
    return text.split(label, 1)[1].strip()


def test_german_planner_at_phone_width(server: dict[str, object]) -> None:  # noqa: F811
    with _app_page(server, "de-DE", phone=True) as page:
        # T7: "what can we do" about a town without money opens with the closest network.
        _ask(page, "Wir sind eine kleine Stadt, keiner kordiniert, die Vereine arbeiten nebeneinanderher, "
                   "Geld gibts auch kaum. Was kölnnen wir machen?", 2)
        assert _summary(page, 1, "de").startswith("Am ähnlichsten ist Ihrer Situation: Halberstadt")
        assert "Cooperation" not in _quotes(page, 1)  # T5: no bare entry as what worked
        # T7: Erfurt's funding is the coordinator the city pays for.
        _ask(page, "Finanzierung?", 4)
        money = _answer(page, 3)
        assert "One network coordinator financed by the City of Erfurt" in money
        # Who pays comes before Erfurt's other resources line (since the word translations of
        # session 7 "Special expenses in coordination with the ZIM" may follow it).
        assert ("Special expenses" not in money
                or money.index("One network coordinator") < money.index("Special expenses"))
        # T8: Halberstadt's funding, and no meetings or projects as "Außerdem passend".
        _ask(page, "Wie wird das Netzwerk in Halberstadt finanziert?", 6)
        halberstadt = _answer(page, 5)
        assert "Network meetings" not in halberstadt and "Implementation of ideas" not in halberstadt
        # T11: an address in a quote is the address (copyable), and no link the sheet did not make.
        _ask(page, "Dortmund Facebook", 8)
        message = page.get_by_test_id("stChatMessage").nth(7)
        assert "https://www.facebook.com/lokalwillkommen/" in message.inner_text()
        assert "\u2060" not in message.inner_text()
        codes = message.locator("blockquote code").all_text_contents()
        assert "https://www.facebook.com/lokalwillkommen/" in codes, codes
        assert message.locator("blockquote a").count() == 0
        assert page.evaluate(NO_OVERFLOW), "the page runs wider than the phone"
        message.locator("blockquote code").first.scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        page.screenshot(path=str(ARTIFACTS / "e2e-answer-de-phone.png"))


def test_the_sidebar_says_what_the_user_typed(server: dict[str, object]) -> None:  # noqa: F811
    """T11: "Erkannt an" quotes "kordiniert" as typed, and each phrase once."""
    with _app_page(server, "de-DE") as page:
        _ask(page, "Wir sind eine kleine Stadt, keiner kordiniert, die Vereine arbeiten nebeneinanderher.", 2)
        evidence = page.get_by_test_id("stSidebar").get_by_text(ui("profile_evidence", "de", words="").strip())
        playwright_api.expect(evidence).to_be_visible()
        text = evidence.inner_text()
        assert "„keiner kordiniert“" in text and "koordiniert" not in text, text
        assert text.count("nebeneinanderher") == 1, text
        page.screenshot(path=str(ARTIFACTS / "e2e-answer-de-sidebar.png"))


def test_english_ngo_at_phone_width(server: dict[str, object]) -> None:  # noqa: F811
    with _app_page(server, "en-US", phone=True) as page:
        # T3: a role is no town: no "Closest to your situation".
        _ask(page, "I work for an NGO supporting refugee councils. Which network models have proven transferable "
                   "to other municipalities?", 2)
        summary = _summary(page, 1, "en")
        assert summary.startswith("What the sheets say about transfer to other towns") and "Closest" not in summary
        _ask(page, "We are a small town, nobody coordinates and there is hardly any money. What can we do?", 4)
        assert _summary(page, 3, "en").startswith("Closest to your situation: Halberstadt")
        assert page.evaluate(NO_OVERFLOW), "the page runs wider than the phone"
        page.screenshot(path=str(ARTIFACTS / "e2e-answer-en-phone.png"))
        # X16 (s7 tester): one's own rent is no funding question of the town: offices and counselling, no quotes.
        _ask(page, "I have no money for the rent", 6)
        need = _answer(page, 5)
        assert "Jobcenter" in need and "MBE" in need and "Closest" not in need, need[:500]
        assert not _quotes(page, 5)
        page.screenshot(path=str(ARTIFACTS / "e2e-answer-en-phone-own-need.png"))


def test_turkish_volunteers_at_phone_width(server: dict[str, object]) -> None:  # noqa: F811
    """T5: "what is done for volunteers in Dortmund?" is not answered by a lone "Volunteers"."""
    with _app_page(server, "tr-TR", phone=True) as page:
        _ask(page, "Dortmund'da gönüllüler için ne yapılıyor?", 2)
        quotes = _quotes(page, 1)
        assert quotes and "Volunteers" not in quotes, quotes
        assert ui("summary_title", "tr") in _answer(page, 1)
        assert page.evaluate(NO_OVERFLOW), "the page runs wider than the phone"
        page.screenshot(path=str(ARTIFACTS / "e2e-answer-tr-phone.png"))
