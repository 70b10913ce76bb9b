"""In a real browser: ask, switch the UI language in the sidebar, ask again, in all six
directions; and the phone-width layout. AppTest sends widget values differently from the
browser (see ../shared/notes/ui-testing.md), so these run in Debian's chromium.

Screenshots of the desktop and phone layouts go to test-artifacts/.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Iterator
from typing import Any

import pytest
from test_e2e_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, playwright_api, server  # noqa: F401

from assistant.saved_conversations import MAX_SAVED_MB
from assistant.ui_text import examples, ui

pytestmark = pytest.mark.browser

QUESTIONS = {example.language: example.text for example in examples()}
#: Questions answered with quoted passages (a founding-year question is answered with its
#: facts and their sources only, no quoted passage).
FOLLOW_UP = {
    "de": "Wie wird das Netzwerk in Halberstadt finanziert?",
    "en": "How is the network in Halberstadt financed?",
    "tr": "Halberstadt'taki ağ nasıl finanse ediliyor?",
}
NO_ERROR = ("n => document.querySelectorAll('[data-testid=stChatMessage]').length >= n"
            " || document.querySelector('[data-testid=stException]')")


def _wait_messages(page, n: int) -> None:
    page.wait_for_function(NO_ERROR, arg=n, timeout=90_000)
    assert page.get_by_test_id("stException").count() == 0, page.inner_text("body")[:3000]


def _switch_language(page, current: str, target: str) -> None:
    page.get_by_role("combobox", name=ui("language_label", current)).click()
    page.get_by_role("option", name={"de": "Deutsch", "en": "English", "tr": "Türkçe"}[target]).click()
    playwright_api.expect(page.get_by_role("combobox", name=ui("language_label", target))).to_be_visible()


#: A phone: 390 x 844 CSS pixels, touch, twice the pixel density.
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


@contextlib.contextmanager
def _app_page(app: dict[str, object], locale: str, *, phone: bool = False,
              width: int = 1400, height: int = 1000) -> Iterator[Any]:
    """A fresh chromium page on the app in a browser set to ``locale``, the chat box shown."""
    expect = playwright_api.expect
    expect.set_options(timeout=90_000)
    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            options = PHONE if phone else {"viewport": {"width": width, "height": height}}
            page = browser.new_page(locale=locale, **options)
            page.goto(str(app["url"]))
            expect(page.get_by_test_id("stChatInputTextArea")).to_be_visible()
            yield page
        finally:
            browser.close()


def _ask(page, question: str, messages: int) -> None:
    """Type ``question`` into the chat box and wait until ``messages`` chat messages show."""
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill(question)
    box.press("Enter")
    _wait_messages(page, messages)


@pytest.mark.parametrize(("first", "second"), list(itertools.permutations(("de", "en", "tr"), 2)))
def test_language_switch_keeps_the_conversation(
    server: dict[str, object], first: str, second: str,  # noqa: F811 - the shared browser fixture
) -> None:
    expect = playwright_api.expect
    with _app_page(server, f"{first}-XX") as page:
        _ask(page, QUESTIONS[first], 2)
        messages = page.get_by_test_id("stChatMessage")
        expect(messages.nth(1)).to_contain_text(ui("summary_title", first))

        _switch_language(page, first, second)
        assert page.get_by_test_id("stException").count() == 0
        # The conversation is kept and the page is relabelled.
        expect(messages).to_have_count(2)
        expect(page.get_by_text(ui("profile_title", second)).first).to_be_visible()

        _ask(page, FOLLOW_UP[second], 4)
        expect(messages).to_have_count(4)
        expect(messages.nth(3)).to_contain_text(ui("summary_title", second))

        # And once more with a profile widget edited in the new language.
        expect(page.get_by_test_id("stException")).to_have_count(0)


@pytest.mark.parametrize("phone", [False, True], ids=["laptop", "phone"])
def test_a_question_in_another_language_offers_to_continue_in_it(
    server: dict[str, object], phone: bool,  # noqa: F811
) -> None:
    """A Turkish question in the German interface is answered in German (only a first question
    switches); the answer offers, in Turkish, to go on in Turkish, which relabels the page and
    says the answer again in Turkish (s10 tester's W14)."""
    expect = playwright_api.expect
    with _app_page(server, "de-DE", phone=phone) as page:
        _ask(page, QUESTIONS["de"], 2)
        _ask(page, "Gönüllüler neden ayrılıyor ve ne yapabiliriz?", 4)
        messages = page.get_by_test_id("stChatMessage")
        expect(messages.nth(3)).to_contain_text(ui("summary_title", "de"))
        button = messages.nth(3).get_by_role("button", name=ui("continue_in_language", "tr"))
        expect(button).to_have_count(1)
        if phone:
            ARTIFACTS.mkdir(exist_ok=True)
            button.scroll_into_view_if_needed()
            page.screenshot(path=str(ARTIFACTS / "e2e-phone-continue-in-language.png"))
        button.click()
        expect(page.get_by_text(ui("profile_title", "tr")).first).to_be_attached()
        expect(messages.nth(3)).to_contain_text(ui("summary_title", "tr"))
        expect(messages).to_have_count(4)
        expect(messages.get_by_role("button", name=ui("continue_in_language", "tr"))).to_have_count(0)
        assert page.get_by_test_id("stException").count() == 0


def test_phone_width_answer_first(server: dict[str, object]) -> None:  # noqa: F811
    """At 390 px the sidebar starts collapsed, the short answer comes before any card, and
    the follow-up buttons wrap inside the screen."""
    expect = playwright_api.expect
    ARTIFACTS.mkdir(exist_ok=True)
    with _app_page(server, "de-DE", phone=True) as page:
        sidebar = page.get_by_test_id("stSidebar")
        assert sidebar.count() == 0 or sidebar.get_attribute("aria-expanded") != "true"
        _ask(page, QUESTIONS["de"], 2)
        answer = page.get_by_test_id("stChatMessage").nth(1)
        summary = answer.get_by_text(ui("summary_title", "de")).first
        expect(summary).to_be_visible()
        cards = answer.get_by_text(ui("closest_networks", "de")).first
        # Both positions in one script call: two bounding_box() calls can straddle the
        # chat's auto-scroll and compare positions from two different scroll offsets.
        assert summary.evaluate("(a, b) => a.getBoundingClientRect().top < b.getBoundingClientRect().top",
                                cards.element_handle())
        for button in answer.get_by_role("button").filter(has_text="?").all():
            box_ = button.bounding_box()
            assert box_ is None or box_["x"] + box_["width"] <= 390 + 1, "a follow-up button runs off the screen"
        page.wait_for_timeout(500)
        page.screenshot(path=str(ARTIFACTS / "e2e-phone.png"))


#: What the drop zone shows: its button and its limit line, with the ::after content that replaces them.
DROP_ZONE_WORDS = """zone => {
  const after = sel => getComputedStyle(zone.querySelector(sel), '::after').content;
  return [after('button [data-testid=stMarkdownContainer]'),
          after('[data-testid=stFileUploaderDropzoneInstructions] > div'), zone.innerText];
}"""


def test_streamlit_own_words_follow_the_interface_language(server: dict[str, object]) -> None:  # noqa: F811
    """Streamlit's own words in the file drop zone ("Upload", "5MB per file") are shown in
    the interface language, and no multiselect offers Streamlit's English "Select all"."""
    expect = playwright_api.expect
    with _app_page(server, "de-DE") as page:
        for lang in ("de", "tr"):
            if lang == "tr":
                _switch_language(page, "de", "tr")
            zone = page.get_by_test_id("stFileUploaderDropzone")
            expect(zone).to_be_visible()
            button, limit, text = zone.evaluate(DROP_ZONE_WORDS)
            assert button == f'"{ui("upload_button", lang)}"'
            assert limit == f'"{ui("upload_limit", lang, mb=MAX_SAVED_MB, types="JSON, MD")}"'
            assert "Upload" not in text and "per file" not in text, text
        page.locator("[data-testid=stExpander] summary", has_text=ui("filters_title", "tr")).click()
        options = page.get_by_role("option")
        texts: list[str] = []
        for _ in range(8):  # a rerun after the switch can close the list again: open it until it stays
            page.get_by_role("combobox", name=ui("filter_types", "tr")).click()
            with contextlib.suppress(playwright_api.Error):
                options.first.wait_for(timeout=2_000)
                # read every option in one step: the list may close between two reads
                texts = page.evaluate("() => [...document.querySelectorAll('[role=option]')].map(o => o.innerText)")
                if texts:
                    break
        assert texts
        assert "Select all" not in texts
        assert page.get_by_test_id("stException").count() == 0


def test_open_profile_starts_at_its_top_and_a_switch_keeps_the_tab(server: dict[str, object]) -> None:  # noqa: F811
    """"Open the profile" from a long answer shows the network picker (not the end of the
    profile, where the chat was scrolled), and a language switch stays on the open tab."""
    expect = playwright_api.expect
    with _app_page(server, "de-DE", height=900) as page:
        _ask(page, QUESTIONS["de"], 2)
        answer = page.get_by_test_id("stChatMessage").nth(1)
        answer.locator("[data-testid=stExpander] summary").filter(
            has_text=ui("why_network", "de", city="Halberstadt")).click()
        page.locator("main").evaluate("main => { main.scrollTop = main.scrollHeight; }")  # read to the end
        answer.get_by_role("button", name=ui("open_profile", "de")).first.click()  # scrolled up to it
        picker = page.get_by_role("combobox", name=ui("networks_pick", "de"))
        expect(picker).to_be_in_viewport(timeout=10_000)
        page.wait_for_timeout(1_500)  # the chat's stick-to-bottom must not pull it down again
        expect(picker).to_be_in_viewport(timeout=5_000)
        _switch_language(page, "de", "en")
        selected = page.get_by_role("tab", selected=True)
        expect(selected).to_have_count(1)
        expect(selected).to_contain_text(ui("tab_networks", "en").split(" ", 1)[1])
        expect(page.get_by_role("combobox", name=ui("networks_pick", "en"))).to_be_visible()
        assert page.get_by_test_id("stException").count() == 0


def test_advice_after_the_situation_at_phone_width(server: dict[str, object]) -> None:  # noqa: F811
    """A planner describes her town, then asks "Was können wir tun?" on her phone: the
    answer is about her town (said in the notice) with the closest networks, no error."""
    expect = playwright_api.expect
    with _app_page(server, "de-DE", phone=True) as page:
        _ask(page, QUESTIONS["de"], 2)
        _ask(page, "Was können wir tun?", 4)
        advice = page.get_by_test_id("stChatMessage").nth(3)
        notice = advice.get_by_text(ui("in_context", "de", situation="").split("„")[0].strip()).first
        expect(notice).to_be_visible()
        expect(advice).to_contain_text(ui("closest_networks", "de"))
        expect(advice).not_to_contain_text(ui("out_of_scope", "de")[:40])
        notice.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "e2e-phone-advice.png"))


def test_an_earlier_notice_follows_a_language_switch(server: dict[str, object]) -> None:  # noqa: F811
    """Notices are codes rendered when shown: after a switch to Turkish, the German
    "nothing found" notice of the earlier turn reads in Turkish."""
    expect = playwright_api.expect
    with _app_page(server, "de-DE") as page:
        _ask(page, "Wie koche ich eine Lasagne mit Spinat?", 2)
        answer = page.get_by_test_id("stChatMessage").nth(1)
        german, turkish = (ui("out_of_scope", lang).split(":")[0] for lang in ("de", "tr"))
        expect(answer.get_by_test_id("stAlert")).to_contain_text(german)
        _switch_language(page, "de", "tr")
        expect(answer.get_by_test_id("stAlert")).to_contain_text(turkish)
        assert german not in answer.inner_text()
        assert page.get_by_test_id("stException").count() == 0


def _open_sidebar(page, lang: str) -> None:
    """At phone width the sidebar starts collapsed: open it (the language picker is in it)."""
    sidebar = page.get_by_test_id("stSidebar")
    if sidebar.get_attribute("data-collapsed") == "true":
        page.get_by_test_id("stExpandSidebarButton").click()
    playwright_api.expect(sidebar).to_have_attribute("data-collapsed", "false")
    playwright_api.expect(page.get_by_role("combobox", name=ui("language_label", lang))).to_be_in_viewport()
    page.wait_for_timeout(500)  # the sidebar slides in: a click during the slide can miss the picker


@pytest.mark.parametrize(("first", "second"), [("de", "en"), ("en", "tr"), ("tr", "de")])
def test_an_earlier_answer_follows_a_language_switch_at_phone_width(
    server: dict[str, object], seed_engine, first: str, second: str,  # noqa: ANN001, F811
) -> None:
    """The short answer of an earlier turn is said again in the new interface language (its
    quotes stay verbatim), with no "ask again" caption; on a phone, in all three languages."""
    expect = playwright_api.expect
    question = FOLLOW_UP[first]
    before, after = (seed_engine.chat(question, ui_language=lang).summary for lang in (first, second))
    assert before and after and before != after
    with _app_page(server, f"{first}-XX", phone=True) as page:
        _ask(page, question, 2)
        answer = page.get_by_test_id("stChatMessage").nth(1)
        summary = answer.get_by_test_id("stAlert").filter(has_text=ui("summary_title", first))
        expect(summary).to_contain_text(before.split("[")[0].strip())
        expect(answer).to_contain_text(ui("quote_original", first))  # drawn after the quotes
        quotes = answer.locator("blockquote").all_inner_texts()
        assert quotes
        _open_sidebar(page, first)
        _switch_language(page, first, second)
        summary = answer.get_by_test_id("stAlert").filter(has_text=ui("summary_title", second))
        expect(summary).to_contain_text(after.split("[")[0].strip())
        assert before.split("[")[0].strip() not in answer.inner_text()
        expect(answer).to_contain_text(ui("quote_original", second))
        for _ in range(40):  # the rerun redraws the quotes one by one
            if answer.locator("blockquote").all_inner_texts() == quotes:
                break
            page.wait_for_timeout(250)
        assert answer.locator("blockquote").all_inner_texts() == quotes  # verbatim, as they were
        other = ui("answer_other_language", second, language="X").split("X")[0].strip()
        assert other not in answer.inner_text()
        box = page.locator("main").bounding_box()
        assert box is None or box["width"] <= 390 + 1
        assert page.get_by_test_id("stException").count() == 0
        # the language change closed the sidebar on the phone (T4, s14 tester)
        expect(page.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "true")
        summary.scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        page.screenshot(path=str(ARTIFACTS / f"e2e-phone-switch-{first}-{second}.png"))


LESSONS = {"de": "Was hat Halberstadt gelernt?", "en": "What did Halberstadt learn?",
           "tr": "Halberstadt neler öğrendi?"}


@pytest.mark.parametrize("lang", ["de", "en", "tr"])
def test_quotes_in_number_order_and_whole_at_phone_width(server: dict[str, object], lang: str) -> None:  # noqa: F811
    """On a phone: a network's overview shows its quotes in number order (the description [1]
    before the facts), and an entry that goes on from the one before is quoted with it."""
    expect = playwright_api.expect
    with _app_page(server, f"{lang}-XX", phone=True) as page:
        _ask(page, "Halberstadt", 2)
        answer = page.get_by_test_id("stChatMessage").nth(1)
        expect(answer).to_contain_text(ui("quote_original", lang))
        numbers = [int(text.strip("[]")) for text in answer.locator("strong").all_inner_texts()
                   if text.startswith("[") and text.endswith("]") and text[1:-1].isdigit()]
        assert numbers and numbers == sorted(numbers) and numbers[0] == 1, numbers
        _ask(page, LESSONS[lang], 4)
        lessons = page.get_by_test_id("stChatMessage").nth(3)
        expect(lessons).to_contain_text(ui("quote_original", lang))
        quotes = lessons.locator("blockquote").all_inner_texts()
        assert any(q.startswith("Reaching the target group is sometimes difficult. This can often") for q in quotes)
        assert not any(q.startswith("This can often") for q in quotes), quotes
        box = page.locator("main").bounding_box()
        assert box is None or box["width"] <= 390 + 1
        assert page.get_by_test_id("stException").count() == 0
        lessons.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / f"e2e-phone-lessons-{lang}.png"))


@pytest.mark.parametrize(("locale", "lang"), [("de-DE", "en"), ("en-GB", "tr")])
def test_the_chat_box_speaks_the_language_a_question_switched_to(
    server: dict[str, object], locale: str, lang: str,  # noqa: F811
) -> None:
    """Y16 (s8 tester): after the first question switched the interface language, the chat box
    kept the language before (it is drawn before the question is read) until the next run."""
    expect = playwright_api.expect
    with _app_page(server, locale) as page:
        _ask(page, QUESTIONS[lang], 2)
        expect(page.get_by_role("combobox", name=ui("language_label", lang))).to_be_visible()
        expect(page.get_by_test_id("stChatInputTextArea")).to_have_attribute("placeholder",
                                                                            ui("chat_placeholder", lang))
        assert page.get_by_test_id("stException").count() == 0


@pytest.mark.parametrize("phone", [True, False], ids=["390", "1280"])
def test_weights_and_foreign_values_after_switching_tr_de_en(server: dict[str, object], phone: bool) -> None:  # noqa: F811
    """W15: the weight sliders write "1,00" in the German and Turkish interface, "1.00" in English,
    and keep working through a language switch (a select slider whose labels change); X4: after
    TR → DE → EN the Turkish fact values of the earlier short answer are in quotation marks."""
    expect = playwright_api.expect
    with _app_page(server, "tr-XX", phone=phone, width=1280) as page:
        _ask(page, "Erfurt hakkında bilgi ver", 2)
        answer = page.get_by_test_id("stChatMessage").nth(1)
        expect(answer).to_contain_text("Resmi işbirliği anlaşması")
        current = "tr"
        for lang, one, marked in (("tr", "1,00", None), ("de", "1,00", "„Resmi işbirliği anlaşması“"),
                                  ("en", "1.00", "“Resmi işbirliği anlaşması”")):
            if not phone:  # the open sidebar scrolled down to the sliders
                page.get_by_role("combobox", name=ui("language_label", current)).scroll_into_view_if_needed()
            _open_sidebar(page, current)
            if lang != current:
                _switch_language(page, current, lang)
                current = lang
                if phone:  # the change closed the sidebar over the chat (T4, s14 tester): open it again
                    _open_sidebar(page, current)
            expander = page.get_by_test_id("stExpander").filter(has_text=ui("weights_title", lang))
            expander.locator("summary").first.click()
            sliders = expander.get_by_test_id("stSlider")
            expect(sliders.first).to_contain_text(one)
            assert (".00" in sliders.first.inner_text()) == (lang == "en"), sliders.first.inner_text()
            if marked:
                expect(answer).to_contain_text(marked)
            assert page.get_by_test_id("stException").count() == 0
            expander.locator("summary").first.click()
            if phone and page.get_by_test_id("stSidebar").get_attribute("data-collapsed") == "false":
                page.get_by_test_id("stSidebarCollapseButton").locator("button").first.click()
        page.screenshot(path=str(ARTIFACTS / f"e2e-weights-{'phone' if phone else 'desktop'}-en.png"))


def test_a_language_change_on_a_phone_shows_the_relabelled_chat(server: dict[str, object]) -> None:  # noqa: F811
    """T4 and T6 (s14 tester): on a phone the sidebar stayed open over the chat after a language
    change (the relabelled answers hidden, the chat box covered, the next answer behind it),
    and the last answer offered "Auf Deutsch weiter" for "Dortmund vs Erfurt", which is in no
    language. Now the change closes the sidebar, as its other choices do, and offers no way back."""
    expect = playwright_api.expect
    with _app_page(server, "de-DE", phone=True) as page:
        _ask(page, "Dortmund vs Erfurt", 2)
        _open_sidebar(page, "de")
        _switch_language(page, "de", "tr")
        sidebar = page.get_by_test_id("stSidebar")
        expect(sidebar).to_have_attribute("data-collapsed", "true")
        answer = page.get_by_test_id("stChatMessage").nth(1)
        # A busy machine relabels and scrolls the page later than the default five seconds (a full
        # run failed here, the test alone passed): wait longer, the condition is the same.
        expect(answer.get_by_test_id("stAlert").filter(has_text=ui("summary_title", "tr"))).to_be_in_viewport(
            timeout=30_000)
        expect(page.get_by_role("button", name=ui("continue_in_language", "de"))).to_have_count(0)
        _ask(page, FOLLOW_UP["tr"], 4)
        expect(page.get_by_test_id("stChatMessage").nth(3)).to_contain_text(ui("summary_title", "tr"))
        expect(sidebar).to_have_attribute("data-collapsed", "true")
        assert page.get_by_test_id("stException").count() == 0
        page.screenshot(path=str(ARTIFACTS / "e2e-phone-after-language-change.png"))


def test_the_document_view_speaks_the_interface_language(server: dict[str, object]) -> None:  # noqa: F811
    """T11 (s14 tester): a quote's source opens the document; Streamlit's own words there
    ("Skip to main content") were left in English, as on the chat page they are not."""
    expect = playwright_api.expect
    with _app_page(server, "de-DE") as page:
        _ask(page, FOLLOW_UP["de"], 2)
        link = page.get_by_test_id("stChatMessage").nth(1).get_by_role("link", name="halberstadt.en.txt").first
        page.goto(str(server["url"]).rstrip("/") + "/" + str(link.get_attribute("href")))
        expect(page.get_by_text(ui("document_passage", "de"))).to_be_visible()
        expect(page.locator("body")).to_contain_text(ui("st_skip_to_content", "de"))
        assert "Skip to main content" not in page.inner_text("body")
        assert page.get_by_test_id("stException").count() == 0
