"""The sheets' own words for a section ask for it (s9 tester Z18, Z1): "Welche Ressourcen hat
Dortmund?", "Dortmund'un kaynakları neler?" and "Was können wir von Talbach lernen?" found
nothing, while "Wie finanziert sich …?" and "What can we learn from …?" were answered."""

from __future__ import annotations

import pytest

from assistant.chat import Conversation


@pytest.fixture(scope="module")
def engine(seed_engine):  # noqa: ANN001 - the session's real engine
    return seed_engine


@pytest.mark.parametrize(("question", "lang"), [
    ("Welche Ressourcen hat Dortmund?", "de"), ("Dortmunds Ressourcen?", "de"), ("Dortmund Ressourcen", "de"),
    ("What resources does Dortmund have?", "en"), ("Dortmund'un kaynakları neler?", "tr"),
])
def test_a_networks_resources_asked_with_the_sheets_word_are_its_resources(engine, question: str,  # noqa: ANN001
                                                                           lang: str) -> None:
    answer = engine.chat(question, ui_language=lang)
    assert answer.matched and "money" in answer.intents and answer.named == ["dortmund"]
    assert answer.answer[0].network_id == "dortmund" and answer.answer[0].section == "resources"


@pytest.mark.parametrize(("question", "lang"), [("Ressourcen?", "de"), ("Resources?", "en"), ("Kaynaklar?", "tr")])
def test_resources_asked_alone_are_the_funding_answer(engine, question: str, lang: str) -> None:  # noqa: ANN001
    answer = engine.chat(question, ui_language=lang)
    assert answer.matched and "money" in answer.intents and answer.answer[0].section == "resources"


def test_resources_right_after_a_network_are_that_networks(engine) -> None:  # noqa: ANN001
    first = engine.chat("Dortmund", ui_language="de")
    answer = engine.chat("Ressourcen?", conversation=Conversation(turns=[first]), ui_language="de")
    assert {q.network_id for q in answer.answer[:3]} == {"dortmund"}


@pytest.mark.parametrize(("question", "network", "intent"), [
    ("Was können wir von Erfurt lernen?", "erfurt", "lessons"),
    ("Was kann man von Halberstadt lernen?", "halberstadt", "lessons"),
    ("Was macht Dortmund gut?", "dortmund", "success"),
])
def test_what_to_learn_from_a_network_is_answered_in_german_too(engine, question: str, network: str,  # noqa: ANN001
                                                                intent: str) -> None:
    answer = engine.chat(question, ui_language="de")
    assert answer.matched and intent in answer.intents and answer.named == [network]
    assert {q.network_id for q in answer.answer} == {network}


def test_learning_a_language_is_no_lesson_learnt(engine) -> None:  # noqa: ANN001
    answer = engine.chat("Wie können Geflüchtete Deutsch lernen?", ui_language="de")
    assert answer.matched and "lessons" not in answer.intents


@pytest.mark.parametrize(("question", "lang"), [("Azubis?", "de"), ("Azubis in Dortmund", "de"),
                                                ("Wie viele Auszubildende hat Dortmund?", "de"), ("Çıraklar?", "tr")])
def test_apprentices_in_everyday_words_are_the_labour_market(engine, question: str, lang: str) -> None:  # noqa: ANN001
    # Z4 (s9 tester): "Azubis?" found nothing while "Ausbildung" was answered
    answer = engine.chat(question, ui_language=lang)
    assert answer.matched and answer.answer
