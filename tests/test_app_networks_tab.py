"""The Networks tab opens on the network the conversation is about, not on the first network an
answer of one line per network happens to list (session 16 browser tester V13).

After a situation whose closest network was Halberstadt, "Kontakt?", "Wer koordiniert?" or
"Kim koordine ediyor?" (a part every sheet has: one line per network, in alphabetical order)
moved the tab to Dortmund, the first network of that list.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import ask_app, run_app

pytestmark = pytest.mark.heavy  # the real engine

APP = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")
SITUATION = "Wir sind eine Kleinstadt mit 25.000 Einwohnern, viele Geflüchtete, keine Koordination"


@pytest.mark.parametrize("question", ["Wer koordiniert?", "Kontakt?", "Wie finanzieren sich die Netzwerke?"])
def test_a_question_about_every_network_keeps_the_closest_one(seed_app_env: None, question: str) -> None:
    at = ask_app(run_app(APP), SITUATION)
    closest = at.session_state["turns"][-1].answer.networks[0].network_id
    assert closest == "halberstadt" and at.session_state["net_sel"] == closest
    ask_app(at, question)
    answer = at.session_state["turns"][-1].answer
    assert not answer.networks and answer.answer  # no ranking of its own
    # Since V9 a part asked right after a situation is about its closest networks, the closest first.
    assert not answer.named or answer.named[0] == closest, answer.named
    assert at.session_state["net_sel"] == closest, [q.network_id for q in answer.answer]


def test_a_named_network_still_moves_the_tab(seed_app_env: None) -> None:
    at = ask_app(run_app(APP), SITUATION)
    ask_app(at, "Wer koordiniert Erfurt?")
    assert at.session_state["net_sel"] == "erfurt"
    ask_app(at, "Wie finanzieren sich die Netzwerke?")  # in general: the conversation is still about Erfurt
    assert at.session_state["net_sel"] == "erfurt"


def test_the_compare_tab_opens_on_the_closest_networks(seed_app_env: None) -> None:
    """V22: after a situation the Compare tab showed the index's first two networks (Dortmund and Erfurt),
    not the two closest to the user's town (Halberstadt first); a third can still be added."""
    at = ask_app(run_app(APP), SITUATION)
    closest = [m.network_id for m in at.session_state["turns"][-1].answer.networks]
    assert closest[0] == "halberstadt"
    assert list(at.session_state["cmp_sel"]) == closest[:2]
    ask_app(at, "Wer koordiniert?")  # a question without a ranking leaves the choice
    assert list(at.session_state["cmp_sel"]) == closest[:2]
