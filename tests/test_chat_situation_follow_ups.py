"""Follow-ups about a described situation (session 12 browser tester Y3, Y6).

Y3: "welches netzwerk passt am besten zu uns?" right after a situation re-ranked the networks with
its own words (Halberstadt 0,51 first, then Dortmund 0,49 first), and "welches ist am ähnlichsten?"
/ "which is most similar?" / "bize en çok benzeyen hangisi?" gave loose passages and no ranking.
Asked after a situation they ask for that situation's closest networks: the same ranking, and the
closest network's passages. Y6: "compare it with Talbach" right after a situation answer compared
nothing (the closest network, the one the answer recommends, is "it"); "which is older?" then names both.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from helpers import ask_app, run_app, seed_index_settings
from streamlit.testing.v1 import AppTest

from assistant.analyse import corrected_question
from assistant.answer import Part
from assistant.chat import ChatAnswer, Conversation
from assistant.follow_up import asks_which_fits
from assistant.intents import analyse_intent
from assistant.labels import FIELD_NAMES
from assistant.models import FactField
from assistant.notices import Notice, NoticeCode
from assistant.ui_text import ui as ui_text
from assistant.views.notices import message_text

pytestmark = pytest.mark.heavy  # the real engine

#: Situations whose closest network (seeds) is not the one a follow-up's own words would pick.
SITUATION = {
    "de": ("wir sind eine kreisstadt mit ca 45.000 ew in niedersachsen, viele geflüchtete aus syrien und "
           "afghanistan, ehrenamtliche sind erschöpft und springen ab, die verwaltung hat keine zeit für "
           "koordination. was können wir tun?"),
    "en": ("we are a district town of about 45,000 people in lower saxony, many refugees from syria and "
           "afghanistan, our volunteers are exhausted and drop out, the administration has no time for "
           "coordination. what can we do?"),
    "tr": ("Aşağı Saksonya'da yaklaşık 45 bin nüfuslu bir ilçeyiz, Suriye ve Afganistan'dan çok mülteci var, "
           "gönüllülerimiz yorgun ve bırakıyorlar, belediyenin koordinasyona zamanı yok. Ne yapabiliriz?"),
}


def _converse(engine, turns: Sequence[str], ui: str) -> list[ChatAnswer]:  # noqa: ANN001 - the real engine
    conversation = Conversation()
    answers = []
    for text in turns:
        answer = engine.chat(text, conversation=conversation, ui_language=ui)
        conversation.turns.append(answer)
        answers.append(answer)
    return answers


@pytest.fixture(scope="module")
def engine(seed_engine):  # noqa: ANN001 - the session's real engine
    return seed_engine


def _ranking(answer: ChatAnswer) -> list[tuple[str, float]]:
    return [(m.network_id, round(m.score, 6)) for m in answer.networks]


@pytest.mark.parametrize(("ui", "question"), [
    ("de", "welches netzwerk passt am besten zu uns?"),
    ("de", "welches ist am ähnlichsten?"),
    ("en", "which network fits us best?"),
    ("en", "which is most similar?"),
    ("tr", "bize en uygun ağ hangisi?"),
    ("tr", "bize en çok benzeyen hangisi?"),
    ("de", "Welches passt jetzt am besten?"),
    ("tr", "Şimdi hangisi en iyi uyuyor?"),
    ("tr", "Hangisi en çok benziyor?"),
])
def test_which_network_fits_after_a_situation_keeps_its_ranking(engine, ui: str, question: str) -> None:  # noqa: ANN001
    situation, fits = _converse(engine, [SITUATION[ui], question], ui)
    assert situation.situation and situation.networks
    assert fits.matched and fits.situation, question
    assert _ranking(fits) == _ranking(situation), question  # ranked by the situation, not by "passt am besten"
    closest = situation.networks[0]
    direct = fits.part(Part.DIRECT)
    assert direct and {q.network_id for q in direct} == {closest.network_id}, question  # its passages
    city = closest.location.split(" / ")[0]
    assert fits.summary is not None and city in fits.summary.split(".")[0], fits.summary
    shown = {q.key for q in situation.answer}
    assert not {q.key for q in fits.answer} & shown  # nothing the situation's answer showed


@pytest.mark.parametrize(("ui", "questions"), [
    ("de", ["welches netzwerk passt am besten zu uns?", "welches ist am ähnlichsten?"]),
    ("en", ["which network fits us best?", "which is most similar?"]),
    ("tr", ["bize en uygun ağ hangisi?", "bize en çok benzeyen hangisi?"]),
])
def test_asking_again_which_fits_keeps_the_ranking(engine, ui: str, questions: list[str]) -> None:  # noqa: ANN001
    answers = _converse(engine, [SITUATION[ui], *questions], ui)
    assert {tuple(_ranking(a)) for a in answers} == {tuple(_ranking(answers[0]))}


@pytest.mark.parametrize("text", [
    "welches netzwerk passt am besten zu uns?", "welches ist am ähnlichsten?", "Welches passt am besten?",
    "which network fits us best?", "which is most similar?", "Which is the best match for us?",
    "bize en uygun ağ hangisi?", "bize en çok benzeyen hangisi?",
    # session 17 browser tester W2: after a correction in the sidebar, "jetzt" made it "nothing found"
    "Welches passt jetzt am besten?", "Welches Netzwerk passt denn am besten zu uns?",
    "Şimdi hangisi en iyi uyuyor?", "Hangisi en çok benziyor?"])
def test_which_fits_is_asked_of_the_situation(text: str) -> None:
    assert asks_which_fits(text)


@pytest.mark.parametrize("text", [
    "Wie fangen wir am besten an?", "Was klappt am besten?", "What works best?", "Which network is the oldest?",
    "En uygun yöntem nedir?", "hangisi en eski?", "Was klappt jetzt am besten?", "Hangisi en iyi sonuç verdi?",
    # with a situation of its own, it is that situation
    "Wir sind eine Kleinstadt mit 20.000 Einwohnern. Welches Netzwerk passt am besten zu uns?"])
def test_other_best_questions_do_not_ask_which_network_fits(text: str) -> None:
    assert not asks_which_fits(text)
    if "Kleinstadt" not in text:
        assert "networks" not in analyse_intent(text, text).intents


def test_which_fits_without_a_situation_is_asked_as_it_is(engine) -> None:  # noqa: ANN001
    answer = engine.chat("welches ist am ähnlichsten?", ui_language="de")
    assert not any(n.code.value == "in_context" for n in answer.notices)


# --------------------------------------------------------------------------- Y6: compare it with …

#: Situations whose closest network on the seeds is Dortmund (founded 2016; Erfurt 2004/1999).
BIG_CITY = {
    "de": "Wir sind eine Großstadt mit 600.000 Einwohnern, das Sozialamt koordiniert, wir haben Willkommensbüros "
          "in den Stadtteilen. Was können wir tun?",
    "en": "We are a big city of 600,000, the social welfare office coordinates and we have welcome offices in the "
          "districts. What can we do?",
    "tr": "600 bin nüfuslu bir büyükşehiriz, sosyal yardım dairesi koordine ediyor, mahallelerde karşılama "
          "ofislerimiz var. Ne yapabiliriz?",
}
COMPARE = {"de": ("Vergleiche es mit Erfurt", "Welches ist älter?"),
           "en": ("compare it with Erfurt", "which is older?"),
           "tr": ("Onu Erfurt ile karşılaştır", "Hangisi daha eski?")}


@pytest.mark.parametrize("ui", ["de", "en", "tr"])
def test_compare_it_after_a_situation_compares_the_closest_network(engine, ui: str) -> None:  # noqa: ANN001
    situation, compared, older = _converse(engine, [BIG_CITY[ui], *COMPARE[ui]], ui)
    closest = situation.networks[0].network_id
    assert closest == "dortmund"
    assert sorted(compared.named) == ["dortmund", "erfurt"], compared.named
    assert "compare" in compared.intents
    assert {q.network_id for q in compared.part(Part.FACTS)} == {"dortmund", "erfurt"}
    assert any(n.code.value == "compare_tab" for n in compared.notices)
    # "which is older?": the founding year of both
    assert sorted(older.named) == ["dortmund", "erfurt"], older.named
    years = {(q.network_id, q.value) for q in older.answer if q.fact == FactField.FOUNDING_YEAR.value}
    assert ("dortmund", "2016") in years and any(n == "erfurt" for n, _ in years), years
    assert older.summary is not None and "2016" in older.summary and "2004" in older.summary, older.summary


def test_compare_after_a_situation_with_the_closest_network_itself_is_that_network(engine) -> None:  # noqa: ANN001
    _, compared = _converse(engine, [BIG_CITY["en"], "compare it with Dortmund"], "en")
    assert compared.named == ["dortmund"]


# --------------------------------------------------------------------------- in the app

APP = str(Path(__file__).resolve().parent.parent / "streamlit_app.py")


@pytest.fixture
def app_env(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Environment of the app: the session's seed index and a fresh feedback file."""
    monkeypatch.setenv("KOMPASS_INDEX", str(seed_index_settings(tmp_path_factory).index))
    monkeypatch.delenv("KOMPASS_CORPUS", raising=False)
    monkeypatch.setenv("KOMPASS_FEEDBACK", str(tmp_path / "feedback" / "feedback.jsonl"))


def _shown(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [s.value for s in at.success]
                     + [i.value for i in at.info] + [w.value for w in at.warning])


@pytest.mark.parametrize("ui", ["de", "en", "tr"])
def test_app_which_fits_then_compare_it(app_env: None, ui: str) -> None:  # noqa: ARG001 - the environment
    at = run_app(APP)
    at.selectbox(key="ui_lang").set_value(ui).run()
    ask_app(at, SITUATION[ui])
    first = at.session_state["turns"][-1].answer
    closest = first.networks[0]
    ask_app(at, {"de": "welches netzwerk passt am besten zu uns?", "en": "which network fits us best?",
                 "tr": "bize en uygun ağ hangisi?"}[ui])
    fits = at.session_state["turns"][-1].answer
    assert [m.network_id for m in fits.networks] == [m.network_id for m in first.networks]
    city = closest.location.split(" / ")[0]
    assert fits.summary is not None and city in fits.summary.split(".")[0]
    shown = at.success[-1].value
    assert shown.startswith(f"**{ui_text('summary_title', ui)}:**") and city in shown.split(".")[0], shown
    ask_app(at, COMPARE[ui][0])
    compared = at.session_state["turns"][-1].answer
    assert sorted(compared.named) == sorted({closest.network_id, "erfurt"}), compared.named
    assert message_text([Notice(code=NoticeCode.COMPARE_TAB)], ui) or "-" in _shown(at)


# --------------------------------------------------------------------------- X11: a situation asks no fact


@pytest.mark.parametrize(("ui", "text"), [
    ("de", "Wir sind eine Stadt mit 300.000 Einwohnern, die Stadt koordiniert nicht, die Vereine konkurrieren."),
    ("en", "We are a city of 300,000, the city does not coordinate, the associations compete."),
    ("tr", "300 bin nüfuslu bir şehiriz, belediye koordine etmiyor, dernekler birbirleriyle rekabet ediyor."),
])
def test_a_situation_puts_no_fact_into_the_short_answer(engine, ui: str, text: str) -> None:  # noqa: ANN001
    # s11 tester X11: "Dortmund – Koordinierende Organisation: The municipal administration …" was said as if asked
    answer = engine.chat(text, ui_language=ui)
    assert answer.situation and answer.networks and answer.summary
    fields = list(FIELD_NAMES[ui].values())
    assert not [f for f in fields if f"– {f}:" in answer.summary], answer.summary
    general = [q.number for q in answer.part(Part.DIRECT) if q.section == "general"]
    assert all(f"[{n}]" in answer.summary for n in general), answer.summary  # still pointed to, as context


def test_a_situation_that_asks_a_fact_still_gets_it(engine) -> None:  # noqa: ANN001
    answer = engine.chat("Wir sind eine Kleinstadt mit 20.000 Einwohnern. Wer koordiniert in Halberstadt?",
                         ui_language="de")
    assert answer.summary and answer.summary.startswith("Halberstadt – Koordinierende Organisation:"), answer.summary


# --------------------------------------------------------------------------- Y1 rest (fixed on main by b9c3ebd)


@pytest.mark.parametrize(("turns", "ui", "network"), [
    (["Dortmund", "phone number?", "und was lief schief?"], "en", "dortmund"),
    (["Dortmund", "Telefonnummer?", "und was lief schief?"], "de", "dortmund"),
    (["Halberstadt", "Kontakt?", "und was lief schief?"], "de", "halberstadt"),
    (["Erfurt", "email?", "and what went wrong?"], "en", "erfurt"),
    (["Erfurt", "telefon numarası?", "peki ne ters gitti?"], "tr", "erfurt"),
])
def test_what_went_wrong_after_a_contact_answer_stays_with_the_network(engine, turns: list[str], ui: str,  # noqa: ANN001
                                                                      network: str) -> None:
    *_, answer = _converse(engine, turns, ui)
    assert answer.matched and answer.named == [network] and "lessons" in answer.intents
    assert {q.network_id for q in answer.answer} == {network}
    assert "challenges" in {q.section for q in answer.answer[:2]}


# --------------------------------------------------------------------------- "Nasıl çözdüler?"


@pytest.mark.parametrize(("turns", "ui"), [
    (["Erfurt", "Nasıl çözdüler?"], "tr"),
    (["Dortmund", "Sorunları nasıl çözdüler?"], "tr"),
    (["Halberstadt", "Sorunları nasıl çözmüşler?"], "tr"),
])
def test_how_they_solved_it_is_asked_as_written(engine, turns: list[str], ui: str) -> None:  # noqa: ANN001
    assert corrected_question(engine.index, turns[-1]) == turns[-1]  # "çözdüler" was read "çözümler"
    *_, answer = _converse(engine, turns, ui)
    network = turns[0].lower()
    assert answer.named == [network] and "lessons" in answer.intents, answer.intents
    assert {q.network_id for q in answer.answer} == {network}
    # Among the first two: after Erfurt, its challenges and its description are a near tie (2.936 vs
    # 2.932) that the word match (session 13) turns, "çözdüler" being closest to a word of the description.
    assert "challenges" in {q.section for q in answer.answer[:2]}


#: A situation, which fits it best, a question about one network in between, which fits it best again
#: (session 17 browser tester W23: the networks' similarity changed from turn to turn).
STATE_AND_ASIDE = {
    "de": ("Wir sind eine Kleinstadt mit 20.000 Einwohnern, keine hauptamtliche Koordination, das Ehrenamt "
           "bröckelt weg.", "Welches passt jetzt am besten?", "Und was hat Halberstadt gemacht?",
           "Welches passt am besten zu uns?"),
    "en": ("We are a small town of 20,000 people, no paid coordination, and our volunteers are dropping out.",
           "Which one fits best now?", "And what did Halberstadt do?", "Which network fits us best?"),
    "tr": ("20.000 nüfuslu küçük bir kasabayız, ücretli koordinasyon yok ve gönüllülerimiz bırakıyor.",
           "Şimdi hangisi en iyi uyuyor?", "Peki Halberstadt ne yaptı?", "Bize en uygun ağ hangisi?"),
}


@pytest.mark.parametrize("lang", sorted(STATE_AND_ASIDE))
def test_a_question_about_one_network_in_between_leaves_the_situation_as_it_was(seed_engine, lang: str) -> None:  # noqa: ANN001
    """W23: "Und was hat Halberstadt gemacht?" after "Welches passt jetzt am besten?" was read as that
    request about Halberstadt, so it counted as a situation turn, and the next "Welches passt am besten
    zu uns?" took its words for the situation: "Im Zusammenhang mit Ihrer Situation „Und was hat
    Halberstadt gemacht?“", other similarities (0,57 -> 0,58 -> 0,61), in English another order. Now
    the question in between asks about Halberstadt alone, and the situation stays the one told."""
    situation, fits, aside, fits_again = STATE_AND_ASIDE[lang]
    turns: list[ChatAnswer] = []
    for question in (situation, fits, aside, fits_again):
        turns.append(seed_engine.chat(question, conversation=Conversation(turns=list(turns)), ui_language=lang))
    told, first, between, again = turns
    # a small town with no paid coordination is closest to the small town whose network has no coordinator
    # (in English "no paid coordination" was no coordination value: Dortmund 0.42 first, session 18)
    assert told.situation and told.networks and told.networks[0].network_id == "halberstadt"
    assert not between.situation and between.named == ["halberstadt"] and between.read_as is None
    ranking = [(m.network_id, m.score) for m in told.networks]
    for answer in (first, again):
        assert [(m.network_id, m.score) for m in answer.networks] == ranking, answer.query
        context = next(n for n in answer.notices if n.code is NoticeCode.IN_CONTEXT)
        assert situation.startswith(str(context.params["situation"]).rstrip("…")), context.params


#: A situation, a short "what fits us", then a network's name alone (session 18 browser tester F1, F2, F3, F7).
FITS_THEN_A_NAME = [
    ("en", "We are a small town of 30,000, no coordination, volunteers are tired.", "What fits us?", "And Erfurt?"),
    ("en", "We are a small town of 30,000, no coordination, volunteers are tired.", "What would suit us?",
     "And Erfurt?"),
    ("tr", "12.000 nüfuslu küçük bir kasabayız, bir dernek ve cami derneği var, koordinasyon yok, para az.",
     "Bize ne uyar?", "Peki Erfurt?"),
    ("tr", "12.000 nüfuslu küçük bir kasabayız, bir dernek ve cami derneği var, koordinasyon yok, para az.",
     "Bize hangisi uygun?", "Peki Erfurt?"),
    ("de", "Wir sind eine Kleinstadt mit 30.000 Einwohnern, keine Koordination, die Ehrenamtlichen sind müde.",
     "Was passt zu uns?", "Und Erfurt?"),
]


@pytest.mark.parametrize(("lang", "situation", "fits", "name"), FITS_THEN_A_NAME)
def test_what_fits_us_gives_the_ranking_and_a_name_after_it_that_network(
        seed_engine, lang: str, situation: str, fits: str, name: str) -> None:  # noqa: ANN001
    """F1: "What fits us?" after a situation was "nothing found" (EN cues needed "network" or "best");
    F2: "Bize ne uyar?" answered with Dortmund's passages alone, the situation ignored; F3: "Peki Erfurt?"
    after it was "nothing found"; F7: "Und Erfurt?" after "Was passt zu uns?" was read as that request
    with Erfurt (the similarities changed, Halberstadt first). Now the request gives the situation's
    ranking, the same numbers, and the name after it is that network's overview."""
    assert asks_which_fits(fits), fits
    told = seed_engine.chat(situation, ui_language=lang)
    asked = seed_engine.chat(fits, conversation=Conversation(turns=[told]), ui_language=lang)
    assert asked.matched and asked.situation
    assert [(m.network_id, m.score) for m in asked.networks] == [(m.network_id, m.score) for m in told.networks]
    assert asked.networks[0].network_id == "halberstadt"
    after = seed_engine.chat(name, conversation=Conversation(turns=[told, asked]), ui_language=lang)
    assert after.matched and after.named == ["erfurt"] and not after.situation and after.read_as is None


#: Situations told in sentences, with a fact's words and no question (session 18 browser tester F4).
TOLD_WITH_A_FACT_WORD = [
    ("de", "Wir sind eine Kleinstadt mit 20.000 Einwohnern. Ehrenamtliche haben 2016 eine Initiative gegründet, "
           "die jetzt eingeschlafen ist."),
    ("en", "We are a small town of 20,000 people. Volunteers founded an initiative in 2016 that has now gone quiet."),
]


@pytest.mark.parametrize(("lang", "situation"), TOLD_WITH_A_FACT_WORD)
def test_a_situation_told_asks_for_no_networks_fact(seed_engine, lang: str, situation: str) -> None:  # noqa: ANN001
    """F4: a situation that tells its own history ("… 2016 eine Initiative gegründet …") opened with
    "Erfurt: Die Quellen nennen Verschiedenes für Gründungsjahr: 2004 [1] …": its words were read as
    asking the founding year. Told in sentences with no question, it asks for no fact; a question
    after it still does."""
    answer = seed_engine.chat(situation, ui_language=lang)
    assert answer.situation and answer.networks[0].network_id == "halberstadt"
    assert not answer.part(Part.FACTS), [q.text for q in answer.part(Part.FACTS)]
    assert "2004" not in (answer.summary or ""), answer.summary  # Erfurt's founding year, from its sheet
    asked = analyse_intent(f"{situation} Wann wurde Erfurt gegründet?", situation)
    assert asked.facts == (FactField.FOUNDING_YEAR,)
