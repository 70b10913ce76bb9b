"""In a real browser at phone width (390 px), in German, English and Turkish: the closest networks' card marks
a challenge Halberstadt's sheet names as a target group with ≈ and where it is named (session 20 browser
tester: it read "Volunteers ✗"), and that longer badge wraps inside its card and the page (Streamlit's badge
cut it off with an ellipsis). Screenshots go to
test-artifacts/e2e-card-marks-*.png.
"""

from __future__ import annotations

import pytest
from test_card_marks import VOLUNTEERS
from test_e2e_browser import ARTIFACTS, playwright_api, server  # noqa: F401
from test_e2e_chat_answer import NO_OVERFLOW
from test_e2e_language_switch import _app_page, _ask

from assistant.ui_text import ui

pytestmark = pytest.mark.browser

#: The closest bordered box around an element wider than it: its card.
CARD = """(el) => {
  const box = el.getBoundingClientRect();
  let card = el.parentElement;
  while (card && !(getComputedStyle(card).borderTopStyle !== 'none'
                   && parseFloat(getComputedStyle(card).borderTopWidth) > 0
                   && card.getBoundingClientRect().width > box.width + 1)) card = card.parentElement;
  return card;
}"""
#: Whether an element's box lies within its card and within the viewport.
INSIDE = """(el) => {
  const box = el.getBoundingClientRect();
  const card = (""" + CARD + """)(el);
  const outer = card ? card.getBoundingClientRect() : {left: 0, right: window.innerWidth};
  return {left: box.left, right: box.right, cardLeft: outer.left, cardRight: outer.right,
          cut: el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1,
          viewport: window.innerWidth, lines: Math.round(box.height / parseFloat(getComputedStyle(el).lineHeight))};
}"""


@pytest.mark.parametrize(("lang", "locale"), [("de", "de-DE"), ("en", "en-US"), ("tr", "tr-TR")])
def test_the_card_marks_at_phone_width(server: dict[str, object], lang: str, locale: str) -> None:  # noqa: F811
    expect = playwright_api.expect
    with _app_page(server, locale, phone=True) as page:
        _ask(page, VOLUNTEERS[lang], 2)
        message = page.get_by_test_id("stChatMessage").nth(1)
        chip = f"{ui('challenge_volunteers', lang)} ≈ ({ui('named_as_target_groups', lang)})"
        badge = message.get_by_text(chip, exact=True).last  # the badge's text (its box holds it too)
        badge.scroll_into_view_if_needed()
        expect(badge).to_be_visible()
        assert f"{ui('challenge_volunteers', lang)} ✗" not in message.inner_text()
        box = badge.evaluate(INSIDE)
        assert box["cardLeft"] - 1 <= box["left"] and box["right"] <= box["cardRight"] + 1, box
        assert box["right"] <= box["viewport"], box
        assert not box["cut"], box  # wrapped, not cut off with an ellipsis
        assert page.evaluate(NO_OVERFLOW), "the page runs wider than the phone"
        # Streamlit scrolls inside stMain: the whole page in one tall viewport of the phone's width
        height = page.evaluate(
            "() => Math.max(...Array.from(document.querySelectorAll('*')).map(e => e.scrollHeight))")
        page.set_viewport_size({"width": 390, "height": min(int(height) + 120, 16000)})
        page.wait_for_timeout(500)
        card = badge.evaluate_handle(CARD).as_element()
        assert card is not None
        card.screenshot(path=str(ARTIFACTS / f"e2e-card-marks-{lang}-phone.png"))
