"""The terminal views (``assistant.views.terminal``) speak the view's language: every word around
the quotes from the catalogues, numbers with the language's decimal separator; the
quotes stay as written."""

from __future__ import annotations

import pytest
from test_export import advice

from assistant.i18n import t
from assistant.recommend import Answer, Result
from assistant.views.terminal import format_answer, format_chat

ENGLISH_WORDS = ("source:", "why:", "score", "text similarity", "Similar networks", "Size", "Coordination")


def _answer(lang: str) -> Answer:
    quote = "Regular exchange of information"
    return Answer(query="?", language=lang, matched=True, message=None, results=[
        Result(network_id="halberstadt", network="Caritas-Diakonie-Zora Netzwerk Halberstadt",
               location="Halberstadt", section="success_factors", text=quote, source="halberstadt.en.txt",
               score=0.4567, language="en", start=10, end=10 + len(quote)),
    ])


@pytest.mark.parametrize("lang", ["de", "tr"])
def test_an_answer_in_the_question_language(lang: str) -> None:
    text = format_answer(_answer(lang), explain=True)
    assert "“Regular exchange of information”" in text
    assert t("cli_source", lang, source="halberstadt.en.txt:10-41") in text
    assert t("cli_why", lang, reasons=t("cli_why_text", lang), score="0,457") in text
    assert not [word for word in ENGLISH_WORDS if word in text]


def test_an_answer_in_english() -> None:
    text = format_answer(_answer("en"), explain=True)
    assert "source: halberstadt.en.txt:10-41" in text and "why: text similarity; score 0.457" in text


@pytest.mark.parametrize("lang", ["de", "tr"])
def test_a_chat_turn_in_the_ui_language(lang: str) -> None:
    answer = advice().model_copy(update={"ui_language": lang})
    text = format_chat(answer)
    assert f"## {t('part_networks', lang)}" in text
    assert "0,82  Caritas-Diakonie-Zora Netzwerk Halberstadt" in text
    assert f"{t('facet_size', lang)} 1,00" in text and f"{t('facet_challenges', lang)} –" in text
    assert f"{t('facet_text', lang)} 0,84" in text
    assert "“It is an informal cooperation of three NGOs”" in text
    assert not [word for word in ENGLISH_WORDS if word in text]
