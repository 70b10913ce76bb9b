"""A first typed question clearly in another language switches the interface (``handle_question``,
the rule of tests/test_language_switch.py), through AppTest over the real engine: in an English
interface "Wer koordiniert in Erfurt?" ("in" is English's too) stayed English, in a German one short
Turkish questions naming a town ("Halberstadt'a nasıl ulaşırım?": the ending read as English's "a")
stayed German."""

from __future__ import annotations

import pytest
from helpers import APP, ask_app, run_app

from assistant.ui_text import ui

pytestmark = pytest.mark.heavy  # AppTest over the real engine


@pytest.mark.parametrize(("locale", "question", "switched"), [
    ("en-GB", "Wer koordiniert in Erfurt?", "de"),
    ("en-GB", "Wer finanziert Halberstadt?", "de"),
    ("de-DE", "Halberstadt'a nasıl ulaşırım?", "tr"),
    ("de-DE", "Erfurt nasıl çalışıyor?", "tr"),
    ("tr-TR", "Who funds Halberstadt?", "en"),
])
def test_a_short_first_question_switches_the_interface(seed_app_env: None, locale: str, question: str,
                                                         switched: str) -> None:  # noqa: ARG001
    at = run_app(str(APP), locale=locale)
    assert at.session_state["ui_lang"] == locale[:2]
    ask_app(at, question)
    assert at.session_state["ui_lang"] == switched
    assert at.session_state["turns"][-1].answer.language == switched
    assert [tab.label for tab in at.tabs][0] == ui("tab_chat", switched)


@pytest.mark.parametrize(("locale", "question"), [
    ("en-GB", "Wer koordinirt in Erfurt?"), ("en-GB", "Erfurt vs Halberstadt"), ("de-DE", "Kita?"),
    ("de-DE", "Fundng?"), ("tr-TR", "Dortmund vs Erfurt"),
])
def test_a_first_question_without_a_clear_language_keeps_the_browsers(seed_app_env: None, locale: str,
                                                                      question: str) -> None:  # noqa: ARG001
    at = ask_app(run_app(str(APP), locale=locale), question)
    assert at.session_state["ui_lang"] == locale[:2]
