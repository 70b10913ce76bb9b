"""In the app (AppTest): "Which of the two has more members?" after "Erfurt vs Halberstadt" shows, as its short
answer, which one's sheets state more members, with the numbers of the quotes it rests on (session 18
browser tester W7; the library's answer: tests/test_chat_which_has_more.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import ask_app, run_app

from assistant.i18n import t
from assistant.views.markdown import escape_markdown as md

pytestmark = pytest.mark.heavy  # AppTest over the real engine

APP = str(Path(__file__).resolve().parent.parent / "streamlit_app.py")
WHICH = {"de": "Welches der beiden hat mehr Mitglieder?", "en": "Which of the two has more members?",
         "tr": "İkisinden hangisinin daha fazla üyesi var?"}


@pytest.mark.parametrize("lang", ["de", "en", "tr"])
def test_the_short_answer_says_which_has_more_members(seed_app_env: None, lang: str) -> None:
    at = run_app(APP, language=lang)
    ask_app(at, "Erfurt vs Halberstadt")
    ask_app(at, WHICH[lang])
    answer = at.session_state["turns"][-1].answer
    lead = t("summary_larger", lang, network="Erfurt", claims="\x00").split("\x00")[0]
    assert (answer.summary or "").startswith(lead)
    assert md(answer.summary or "") in at.success[-1].value  # shown as the short answer, the quotes' numbers too
