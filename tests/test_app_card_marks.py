"""The closest networks' card in the app (AppTest, the real engine): a challenge Halberstadt's sheet names as a
target group is an orange ≈ badge saying so, not a red "Volunteers ✗" (session 20 browser tester); the size
that differs stays a red ✗."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import ask_app, run_app, seed_index_settings
from test_card_marks import VOLUNTEERS

from assistant.profile import concept_label
from assistant.ui_text import ui
from assistant.views.markdown import escape_markdown

pytestmark = pytest.mark.heavy  # AppTest over the real engine

APP = str(Path(__file__).resolve().parent.parent / "streamlit_app.py")


@pytest.fixture
def app_env(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOMPASS_INDEX", str(seed_index_settings(tmp_path_factory).index))
    monkeypatch.delenv("KOMPASS_CORPUS", raising=False)
    monkeypatch.setenv("KOMPASS_FEEDBACK", str(tmp_path / "feedback" / "feedback.jsonl"))


@pytest.mark.parametrize("lang", ["de", "en", "tr"])
def test_the_card_says_where_the_sheet_names_the_challenge(app_env: None, lang: str) -> None:  # noqa: ARG001
    at = ask_app(run_app(APP, language=lang), VOLUNTEERS[lang])
    shown = [m.value for m in at.markdown]
    assert any(f"**Halberstadt** — {ui('similarity', lang)}" in m for m in shown)
    volunteers = ui("challenge_volunteers", lang)
    chip = f"{volunteers} ≈ ({ui('named_as_target_groups', lang)})"
    badge = f":orange-badge[{escape_markdown(chip)}]"
    assert badge in shown, [m for m in shown if "-badge[" in m]
    assert f":red-badge[{escape_markdown(volunteers)} ✗]" not in shown
    # Dortmund and Erfurt are large cities: a real mismatch stays red
    large = f":red-badge[{escape_markdown(concept_label('small_town', lang))} ✗]"
    assert large in shown
