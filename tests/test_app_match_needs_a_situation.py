"""In the app (AppTest): "Welches Netzwerk passt am besten zu uns?" as the first message asks the user
to describe their town, in the question's language, and shows no networks (session 14 browser tester
T13b); after a described situation the same question shows its closest networks."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import ask_app, run_app

from assistant.ui_text import ui
from assistant.views.markdown import escape_markdown as md

pytestmark = pytest.mark.heavy  # AppTest over the real engine

APP = str(Path(__file__).resolve().parent.parent / "streamlit_app.py")


@pytest.mark.parametrize(("lang", "question"), [("de", "Welches Netzwerk passt am besten zu uns?"),
                                                ("en", "Which network should we copy?"),
                                                ("tr", "Bize en uygun ağ hangisi?")])
def test_a_match_request_first_asks_to_describe_the_town(seed_app_env: None, lang: str, question: str) -> None:
    at = run_app(APP)
    ask_app(at, question)
    assert at.session_state["ui_lang"] == lang  # the question's language
    assert [i.value for i in at.info] == [md(ui("situation_needed", lang))]
    markdown = [m.value for m in at.markdown]
    assert f"#### {ui('closest_networks', lang)}" not in markdown
    captions = [c.value for c in at.caption]
    assert ui("quote_original", lang) not in captions  # no quotes to say it of
    assert not at.success  # no short answer
    other = "en" if lang != "en" else "de"
    at.selectbox(key="ui_lang").set_value(other).run()  # told again in the language switched to
    assert not at.exception
    assert [i.value for i in at.info] == [md(ui("situation_needed", other))]
    assert not [c for c in at.caption if c.value.startswith(ui("answer_other_language", other, language="X")[:12])]


def test_after_a_described_situation_the_same_question_shows_the_closest_networks(seed_app_env: None) -> None:
    at = run_app(APP)
    ask_app(at, "Wir sind eine Kleinstadt mit 20.000 Einwohnern, niemand koordiniert.")
    ask_app(at, "Welches Netzwerk passt am besten zu uns?")
    assert md(ui("situation_needed", "de")) not in [i.value for i in at.info]
    assert at.session_state["turns"][-1].answer.networks[0].network_id == "halberstadt"
