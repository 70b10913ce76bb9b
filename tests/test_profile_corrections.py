"""A correction the user made to the situation profile in the sidebar stands (session 16 browser tester V17).

The planner described her town ("… die Vereine arbeiten nebeneinander her …"), the app recognised the
challenge "Konkurrenz & Doppelstrukturen", she switched it off in the sidebar, asked "Finanzierung?", then
"Welches Netzwerk passt am besten zu uns?": the app read the situation text of the first turn again into
the profile, switched the challenge back on and ranked the networks as before ("unverändert"). A question
read with the situation before it adds nothing of that situation to the profile again, and a value the user
switched off stays off (``SituationProfile.off``, kept with the conversation), even when a new situation
text names it, until she switches it on again.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import ask_app, run_app

from assistant.chat import ChatAnswer, Conversation
from assistant.profile import SituationProfile, edited_profile, extract_profile, refine_profile

APP = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")
#: A small town whose organisations work side by side (read as the challenge "competition"), a
#: question between, and the match question, in each language.
TURNS = {
    "de": ("Wir sind eine Kleinstadt, die Vereine arbeiten nebeneinander her, keine Koordination",
           "Finanzierung?", "Welches Netzwerk passt am besten zu uns?"),
    "en": ("We are a small town, the associations work in isolation, there is no coordination",
           "Funding?", "Which network fits us best?"),
    "tr": ("Küçük bir kasabayız, dernekler birbirinden habersiz çalışıyor, koordinasyon yok",
           "Finansman?", "Bize en uygun ağ hangisi?"),
}


def _without(profile: SituationProfile, challenge: str) -> SituationProfile:
    """``profile`` as the sidebar gives it back after ``challenge`` was clicked off (values only)."""
    return SituationProfile(size=profile.size, coordination=profile.coordination,
                            formalisation=profile.formalisation, target_groups=profile.target_groups,
                            fields_of_action=profile.fields_of_action,
                            challenges=[c for c in profile.challenges if c != challenge])


def _ranking(answer: ChatAnswer) -> list[tuple[str, float]]:
    return [(m.network_id, round(m.score, 6)) for m in answer.networks]


# --------------------------------------------------------------------------- the profile (no model)


def test_a_challenge_switched_off_is_not_read_back_in() -> None:
    text = TURNS["de"][0]
    read = extract_profile(text)
    assert "competition" in read.challenges
    edited = edited_profile(read, _without(read, "competition"))
    assert edited.off == ["competition"] and "competition" not in edited.evidence
    again = refine_profile(edited, text)  # the same situation read again
    assert "competition" not in again.challenges and again.off == ["competition"]
    # a new situation text adds what it tells, but not what the user switched off
    more = refine_profile(again, "Die Vereine konkurrieren, und wir haben kein Geld.")
    assert "funding" in more.challenges and "competition" not in more.challenges
    # switched on again: off no more, and read again as before
    on = edited_profile(more, more.model_copy(update={"challenges": [*more.challenges, "competition"]}))
    assert on.off == [] and "competition" in refine_profile(on, text).challenges


# --------------------------------------------------------------------------- the chat (real engine)


@pytest.mark.heavy
@pytest.mark.parametrize("lang", ["de", "en", "tr"])
def test_the_match_question_keeps_the_correction(seed_engine, lang: str) -> None:  # noqa: ANN001
    situation_text, between, match = TURNS[lang]
    situation = seed_engine.chat(situation_text, conversation=Conversation(), ui_language=lang)
    assert "competition" in situation.profile.challenges and situation.networks
    corrected = edited_profile(situation.profile, _without(situation.profile, "competition"))
    # the app passes the edited profile with the next question, then the conversation carries it
    funding = seed_engine.chat(between, conversation=Conversation(turns=[situation]), ui_language=lang,
                               profile=corrected)
    fits = seed_engine.chat(match, conversation=Conversation(turns=[situation, funding]), ui_language=lang)
    assert fits.situation and fits.networks
    assert "competition" not in fits.profile.challenges and fits.profile.off == ["competition"]
    # ranked by the corrected situation: as the situation asked anew with the corrected profile
    anew = seed_engine.chat(situation_text, conversation=Conversation(), ui_language=lang, profile=corrected)
    assert "competition" not in anew.profile.challenges
    assert _ranking(fits) == _ranking(anew) != _ranking(situation)
    assert not fits.networks_repeated  # not "unverändert"


@pytest.mark.heavy
@pytest.mark.parametrize("lang", ["de", "en", "tr"])
def test_app_the_challenge_switched_off_stays_off(seed_app_env: None, lang: str) -> None:  # noqa: ARG001
    situation_text, between, match = TURNS[lang]
    at = run_app(APP, language=lang)
    ask_app(at, situation_text)
    first = at.session_state["turns"][-1].answer
    chips = at.pills(key=f"p_challenges_{lang}")
    assert "competition" in chips.value
    chips.set_value([c for c in chips.value if c != "competition"]).run()
    ask_app(at, between)
    ask_app(at, match)
    fits = at.session_state["turns"][-1].answer
    assert not at.exception
    assert "competition" not in fits.profile.challenges
    assert "competition" not in at.session_state["profile"].challenges
    assert "competition" not in (at.pills(key=f"p_challenges_{lang}").value or [])
    assert fits.networks and _ranking(fits) != _ranking(first) and not fits.networks_repeated
