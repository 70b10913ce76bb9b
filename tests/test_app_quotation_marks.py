"""Quotation marks in the chat are the interface language's, everywhere on the page (session 16
browser tester V1).

The short answer quoted a foreign value with the catalogue's marks (“Beate Tröster” in English),
while the app wrote German marks around three other quotes in every language: a passage an
earlier answer showed ("already shown in answer 2: „One network coordinator …“"), a fact row's
sentence ("(03 61) 6 43 15 35 — „Telefon: (03 61) 6 43 15 35“") and the words a situation was
recognised from ("Recognised from: „25.000 Einwohnern“"), so one English answer mixed „…“ and “…”.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import ask_app, run_app

from assistant.i18n import t
from assistant.ui_text import ui

pytestmark = pytest.mark.heavy  # the real engine

APP = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")
#: A situation in each language (a first question in another language would switch the interface).
SITUATION = {
    "de": "Wir sind eine Kleinstadt mit 25.000 Einwohnern, viele Geflüchtete, keine Koordination",
    "en": "We are a small town of 25,000 people with many refugees and no coordination",
    "tr": "25.000 nüfuslu küçük bir kasabayız, çok mülteci var ve koordinasyon yok",
}
FUNDING = {"de": "Finanzierung?", "en": "Funding?", "tr": "Finansman?"}


def _marks(lang: str) -> tuple[str, str]:
    """The opening and closing quotation marks of ``lang`` (its catalogue's quoted value)."""
    quoted = t("summary_quoted_value", lang, value="|")
    opening, closing = quoted.split("|")
    return opening, closing


def _texts(at) -> list[str]:  # noqa: ANN001 - an AppTest
    """Every Markdown text and caption of the page, Markdown escapes undone."""
    return [e.value.replace("\\", "") for e in (*at.markdown, *at.caption)]


@pytest.mark.parametrize("lang", ["de", "en", "tr"])
def test_quotes_of_the_app_use_the_interface_language_s_marks(seed_app_env: None, lang: str) -> None:
    opening, closing = _marks(lang)
    other = {mark for other in ("de", "en", "tr") if other != lang for mark in _marks(other)} - {opening, closing}
    at = run_app(APP, language=lang)
    ask_app(at, SITUATION[lang])
    ask_app(at, "Halberstadt")
    ask_app(at, FUNDING[lang])  # refers to a Halberstadt resource the overview showed
    ask_app(at, "Telefonnummer von Erfurt?")  # its phone row: the sentence is more than the value
    assert at.selectbox(key="ui_lang").value == lang
    texts = _texts(at)
    earlier = [s for s in texts if ui("earlier_reference", lang, n=2) in s]
    evidence = [s for s in texts if s.startswith(ui("profile_evidence", lang, words=""))]
    said = [s for s in texts if " — " in s and "Telefon" in s]
    assert earlier and evidence and said, texts
    for text in (*earlier, *evidence, *said):
        assert opening in text and closing in text, text
        assert not any(mark in text for mark in other), text
