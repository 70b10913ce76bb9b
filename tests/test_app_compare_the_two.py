"""In the app, "compare the two" after a chain about two networks compares those two (session 17 browser
tester W26): "ikisini karşılaştır" after "Halbrestadt'ta durum ne?" → "Finansman?" → "Peki Dortmund?" →
"Kaç gönüllü var?" showed Dortmund's overview alone, with no pointer to the Compare tab."""

from __future__ import annotations

import pytest
from helpers import ROOT, ask_app, run_app

from assistant.notices import NoticeCode

APP = str(ROOT / "streamlit_app.py")
CHAIN = {
    "de": ("Wie ist die Lage in Halbrestadt?", "Finanzierung?", "Und Dortmund?", "Wie viele Ehrenamtliche gibt es?",
           "Vergleiche die beiden"),
    "en": ("What's the situation in Halbrestadt?", "Funding?", "And Dortmund?", "How many volunteers are there?",
           "Compare the two"),
    "tr": ("Halbrestadt'ta durum ne?", "Finansman?", "Peki Dortmund?", "Kaç gönüllü var?", "ikisini karşılaştır"),
}


@pytest.mark.heavy
@pytest.mark.parametrize("lang", ["de", "en", "tr"])
def test_app_compares_the_last_two_networks(seed_app_env: None, lang: str) -> None:  # noqa: ARG001
    at = run_app(APP, language=lang)
    for text in CHAIN[lang]:
        ask_app(at, text)
    answer = at.session_state["turns"][-1].answer
    assert answer.named == ["halberstadt", "dortmund"]
    assert NoticeCode.COMPARE_TAB in [n.code for n in answer.notices]
    assert at.session_state["cmp_sel"] == ["halberstadt", "dortmund"]  # the Compare tab shows the two
