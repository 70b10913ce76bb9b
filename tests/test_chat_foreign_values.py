"""A fact value the short answer states from a document in another language than the answer's
is in quotation marks, whether the answer is composed fresh or again after a language switch
(session 14 browser tester T2), and a value cut short keeps its closing mark (T5).

"Halberstadt" asked in a German interface said „Koordinierende Organisation: No coordinating
organisation [3]“, the English value read as part of the German sentence (Turkish alike); the
same answer after a switch to Turkish said “No coordinating organisation”. After a switch, a
comparison's cut value lost its closing mark („“The municipal administration of Dortmund /
Social welfare … [3]“): it was quoted first, then shortened.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import ask_app, run_app
from streamlit.testing.v1 import AppTest

from assistant.chat import ChatAnswer
from assistant.i18n import t
from assistant.summary import summary_in
from assistant.ui_text import ui

pytestmark = pytest.mark.heavy  # the real engine

APP = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")
LANGUAGES = ("de", "en", "tr")
#: Halberstadt's values, from its only (English) sheet.
HALBERSTADT_VALUES = ("No coordinating organisation", "Soft formal agreements and norms")
#: Dortmund's coordinator (English sheet) as a comparison's short answer cuts it.
DORTMUND_CUT = "The municipal administration of Dortmund / Social welfare …"


@pytest.fixture(scope="module")
def engine(seed_engine):  # noqa: ANN001 - the session's real engine
    return seed_engine


def _said(value: str, lang: str) -> str:
    """``value`` as a short answer in ``lang`` says a value in another language."""
    return t("summary_quoted_value", lang, value=value)


def _assert_values(summary: str, lang: str, values: tuple[str, ...]) -> None:
    """English values quoted in a German or Turkish short answer, said plainly in an English one."""
    for value in values:
        if lang == "en":
            assert f": {value} [" in summary and _said(value, "en") not in summary, summary
        else:
            assert _said(value, lang) in summary, (lang, summary)


@pytest.mark.parametrize(("ui_lang", "question", "value", "language"), [
    ("de", "Halberstadt", "No coordinating organisation", "en"),
    ("tr", "Halberstadt", "Soft formal agreements and norms", "en"),
    # a question clearly in Turkish in an English interface: quoted from the Turkish sheet
    ("en", "Erfurt ağı ne kadar resmi?", "Resmi işbirliği anlaşması", "tr"),
])
def test_a_fresh_short_answer_quotes_values_of_another_language(engine, ui_lang: str, question: str,  # noqa: ANN001
                                                                value: str, language: str) -> None:
    answer: ChatAnswer = engine.chat(question, ui_language=ui_lang)
    assert answer.ui_language == ui_lang and any(q.value == value and q.language == language for q in answer.answer)
    assert _said(value, ui_lang) in (answer.summary or ""), answer.summary


@pytest.mark.parametrize("ui_lang", LANGUAGES)
def test_halberstadt_s_english_values_are_quoted_except_in_english(engine, ui_lang: str) -> None:  # noqa: ANN001
    answer: ChatAnswer = engine.chat("Halberstadt", ui_language=ui_lang)
    assert {q.language for q in answer.answer if q.fact} == {"en"}
    _assert_values(answer.summary or "", ui_lang, HALBERSTADT_VALUES)


@pytest.mark.parametrize("question", ["Halberstadt", "Wer koordiniert Dortmund?"])  # the same quotes in each language
def test_one_rule_fresh_and_after_a_switch(engine, question: str) -> None:  # noqa: ANN001
    answers = {lang: engine.chat(question, ui_language=lang) for lang in LANGUAGES}
    for asked_in in answers.values():
        for lang, fresh in answers.items():
            assert [q.key for q in asked_in.answer] == [q.key for q in fresh.answer]
            assert summary_in(asked_in, lang) == fresh.summary, (asked_in.ui_language, lang)


@pytest.mark.parametrize("ui_lang", LANGUAGES)
def test_a_cut_value_keeps_its_closing_mark(engine, ui_lang: str) -> None:  # noqa: ANN001
    answer = engine.chat("Dortmund vs Erfurt", ui_language=ui_lang)
    for lang in LANGUAGES:
        summary = summary_in(answer, lang) or ""
        _assert_values(summary, lang, (DORTMUND_CUT,))


def _short_answer(at: AppTest, lang: str) -> str:
    """The last short answer the app shows, as text (its Markdown escapes undone)."""
    head = f"**{ui('summary_title', lang)}:**"
    return next(s.value for s in reversed(at.success) if s.value.startswith(head)).replace("\\", "")


@pytest.mark.parametrize("ui_lang", LANGUAGES)
def test_the_app_says_the_short_answer_alike_fresh_and_after_a_switch(seed_app_env: None, ui_lang: str) -> None:
    at = run_app(APP)
    at.selectbox(key="ui_lang").set_value(ui_lang).run()
    ask_app(at, "Halberstadt")
    fresh = _short_answer(at, ui_lang)
    _assert_values(fresh, ui_lang, HALBERSTADT_VALUES)
    for lang in (*(lang for lang in LANGUAGES if lang != ui_lang), ui_lang):
        at.selectbox(key="ui_lang").set_value(lang).run()
        assert not at.exception
        _assert_values(_short_answer(at, lang), lang, HALBERSTADT_VALUES)
    assert _short_answer(at, ui_lang) == fresh  # back where it was asked: as given
