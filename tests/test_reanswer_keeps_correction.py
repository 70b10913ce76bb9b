"""The re-answer button answers the last question again with the sidebar's settings, a correction of the
situation profile among them (session 17 browser tester W16).

The planner described her town ("Wir sind eine Großstadt mit 600.000 Einwohnern, …"), set "Größe der
Kommune" to "Kleinstadt" in the sidebar and clicked "Letzte Frage mit diesen Einstellungen neu
beantworten": the answer was the same ("Großstadt", Dortmund first) and the select jumped back to
"Großstadt", because the situation text was read into the profile again, over her correction. Answered
again (``asked_again``), the question is not read into the profile again: the profile is the sidebar's.
"""

from __future__ import annotations

import pytest
from helpers import ROOT, ask_app, run_app

from assistant.chat import ChatAnswer, Conversation
from assistant.profile import edited_profile

APP = str(ROOT / "streamlit_app.py")
#: A big city that coordinates its network and loses its volunteers, in each language.
SITUATION = {
    "de": "Wir sind eine Großstadt mit 600.000 Einwohnern, die Stadt koordiniert das Netzwerk, aber die "
          "Ehrenamtlichen springen ab.",
    "en": "We are a big city with 600,000 inhabitants, the city coordinates the network, but the volunteers "
          "keep dropping out.",
    "tr": "600.000 nüfuslu bir büyükşehiriz, ağı belediye koordine ediyor ama gönüllüler bırakıyor.",
}


def _ranking(answer: ChatAnswer) -> list[tuple[str, float]]:
    return [(m.network_id, round(m.score, 6)) for m in answer.networks]


# --------------------------------------------------------------------------- the chat (real engine)


@pytest.mark.heavy
@pytest.mark.parametrize("lang", ["de", "en", "tr"])
def test_asked_again_with_the_corrected_profile(seed_engine, lang: str) -> None:  # noqa: ANN001
    first = seed_engine.chat(SITUATION[lang], conversation=Conversation(), ui_language=lang)
    assert first.situation and first.profile.size == "large_city"
    corrected = edited_profile(first.profile, first.profile.model_copy(update={"size": "small_town"}))
    again = seed_engine.chat(SITUATION[lang], conversation=Conversation(), ui_language=lang, profile=corrected,
                             asked_again=True)
    assert again.profile == corrected and again.situation
    assert _ranking(again) != _ranking(first)
    # a new question with the corrected profile still reads what it tells itself (V17): the size it names
    told = seed_engine.chat(SITUATION[lang], conversation=Conversation(turns=[first]), ui_language=lang,
                            profile=corrected)
    assert told.profile.size == "large_city"


# --------------------------------------------------------------------------- the app


@pytest.mark.heavy
@pytest.mark.parametrize("lang", ["de", "en", "tr"])
def test_app_reanswer_keeps_the_size_set_in_the_sidebar(seed_app_env: None, lang: str) -> None:  # noqa: ARG001
    at = run_app(APP, language=lang)
    ask_app(at, SITUATION[lang])
    first = at.session_state["turns"][-1].answer
    assert first.profile.size == "large_city" and first.networks
    at.selectbox(key=f"p_size_{lang}").set_value("small_town").run()
    assert not at.exception
    at.button(key="rerun_last").click().run()
    assert not at.exception
    turns = at.session_state["turns"]
    again = turns[-1].answer
    assert len(turns) == 1 and again.query == first.query  # the same question, answered again
    assert again.profile.size == "small_town"
    assert at.session_state["profile"].size == "small_town"
    assert at.selectbox(key=f"p_size_{lang}").value == "small_town"  # the select stays where she put it
    assert again.networks and _ranking(again) != _ranking(first)
    # what the rest of the situation told is kept: the city coordinates, the volunteers drop out
    assert again.profile.coordination == first.profile.coordination == "coordination_municipal"
    assert again.profile.challenges == first.profile.challenges
