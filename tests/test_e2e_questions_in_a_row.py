"""A question sent while the one before is still being answered is answered after it, never lost
(session 17 browser tester W27): "Finanzierung?" typed and sent 150 ms before "Kontakt?" vanished,
no bubble, no answer, not saved, because the second question stopped the run answering the first
and the chat box gives its text to one run only. Now each typed question is kept in the session's
queue before anything else runs, and taken off only once answered.

In a real browser (Debian's chromium) the two questions are sent right after each other; with AppTest
the stopped run is what is left of it: a question still queued when the next one comes."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import APP, ask_app, clean_env, run_app, seed_index_settings, streamlit_server
from test_e2e_browser import playwright_api
from test_e2e_language_switch import _app_page, _wait_messages

from assistant.ui_text import ui

SITUATION = {"de": ("Wir sind eine Kleinstadt mit 20.000 Einwohnern, Ehrenamtliche machen viel, aber keiner "
                    "koordiniert."),
             "en": "We are a small town of 20,000 people, volunteers do a lot but nobody coordinates.",
             "tr": "20.000 nüfuslu küçük bir kasabayız, gönüllüler çok şey yapıyor ama kimse koordine etmiyor."}
FOLLOW_UPS = {"de": ("Finanzierung?", "Kontakt?"), "en": ("Funding?", "Contact?"), "tr": ("Finansman?", "İletişim?")}


@pytest.mark.heavy
@pytest.mark.parametrize("lang", ["de", "en", "tr"])
def test_a_question_left_unanswered_by_a_stopped_run_is_answered_first(seed_app_env: None, lang: str) -> None:
    at = run_app(str(APP), language=lang)
    ask_app(at, SITUATION[lang])
    first, second = FOLLOW_UPS[lang]
    at.session_state["typed_questions"] = [first]  # the run answering it was stopped by the next question
    ask_app(at, second)
    assert [turn.answer.query for turn in at.session_state["turns"]] == [SITUATION[lang], first, second]
    assert at.session_state["typed_questions"] == []
    ask_app(at, first)  # nothing left over answers again
    assert len(at.session_state["turns"]) == 4


@pytest.mark.heavy
def test_a_button_question_waits_for_the_typed_one(seed_app_env: None) -> None:
    at = run_app(str(APP), language="en")
    ask_app(at, SITUATION["en"])
    at.session_state["typed_questions"] = ["Funding?"]
    at.session_state["pending_question"] = "Contact?"
    at.run()
    assert [turn.answer.query for turn in at.session_state["turns"]] == [SITUATION["en"], "Funding?", "Contact?"]


@pytest.fixture
def cold_server(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Iterator[dict[str, object]]:
    """A server just started, its model and index not loaded yet: the first run takes seconds (the
    tester's case (a)), long enough for the second question to come in while it runs."""
    settings = seed_index_settings(tmp_path_factory)
    env = clean_env(KOMPASS_INDEX=str(settings.index), KOMPASS_FEEDBACK=str(tmp_path / "feedback.jsonl"))
    with streamlit_server(env, tmp_path / "streamlit.log") as url:
        yield {"url": url}


@pytest.mark.browser
@pytest.mark.parametrize(("lang", "locale"), [("de", "de-DE"), ("tr", "tr-TR")])
def test_two_questions_sent_right_after_each_other_are_both_answered(cold_server: dict[str, object],
                                                                     lang: str, locale: str) -> None:
    expect = playwright_api.expect
    with _app_page(cold_server, locale, phone=lang == "tr") as page:
        # the tester's case: the page up, its chat box typed into while the model still loads
        with contextlib.suppress(playwright_api.TimeoutError):  # a fast machine may have loaded it already
            page.get_by_text(ui("loading_engine", lang)).wait_for(timeout=15_000)
        box = page.get_by_test_id("stChatInputTextArea")
        first, second = SITUATION[lang], FOLLOW_UPS[lang][0]
        box.fill(first)
        box.press("Enter")
        page.wait_for_timeout(150)  # the first is being answered (the model still loading)
        box.fill(second)
        box.press("Enter")
        _wait_messages(page, 4)
        messages = page.get_by_test_id("stChatMessage")
        expect(messages.nth(0)).to_contain_text(first)
        expect(messages.nth(2)).to_contain_text(second)
        expect(messages.nth(3)).to_contain_text(ui("summary_title", lang))
        page.wait_for_timeout(1_000)
        expect(messages).to_have_count(4)
        assert page.get_by_test_id("stException").count() == 0
