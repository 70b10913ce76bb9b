"""A town whose organisations work side by side without knowing of each other is told so, not
told it has competition between providers (session 16 browser tester V3).

"… die Vereine arbeiten nebeneinander her …", "… dernekler birbirinden habersiz çalışıyor …"
were recognised as "Konkurrenz zwischen Trägern" / "Sağlayıcılar arası rekabet": the profile's
challenge "competition" stands for the concepts competition *and* parallel_structures
(assistant/profile.py), but its label named competition only, so a planner read a rivalry she had
not described (and switched it off in the sidebar). The label names both.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import ask_app, run_app

from assistant.profile import CHALLENGES
from assistant.ui_text import ui

pytestmark = pytest.mark.heavy  # the real engine

APP = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")
#: A small town whose organisations work side by side, in each language, and the words its
#: recognised situation must use for that.
PARALLEL = {
    "de": ("Wir sind eine Kleinstadt, die Vereine arbeiten nebeneinander her, keine Koordination", "Doppelstrukturen"),
    "en": ("We are a small town, the associations work in isolation, there is no coordination", "parallel structures"),
    "tr": ("Küçük bir kasabayız, dernekler birbirinden habersiz çalışıyor, koordinasyon yok", "paralel yapılar"),
}


def test_the_challenge_stands_for_parallel_structures_too() -> None:
    assert "parallel_structures" in CHALLENGES["competition"]


@pytest.mark.parametrize("lang", ["de", "en", "tr"])
def test_side_by_side_work_is_named_as_such(seed_app_env: None, lang: str) -> None:
    text, words = PARALLEL[lang]
    at = run_app(APP, language=lang)
    ask_app(at, text)
    assert "competition" in at.session_state["profile"].challenges
    head = f"**{ui('profile_line', lang)}:** "
    [line] = [c.value.replace("\\", "") for c in at.caption if c.value.startswith(head)]
    assert words in line, line
