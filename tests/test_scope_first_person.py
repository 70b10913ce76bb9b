"""A planner asks in the first person too (s8, vfix2's finding): "Wie finanziere ich eine
Koordinationsstelle?" was out of scope, because any "ich"/"I"/"ben" made it one person's own
matter. One person's matter now needs their own things ("meine Aufenthaltserlaubnis", "my
rental contract", "iznim"), or a question with nothing of a network's work."""

from __future__ import annotations

import pytest

from assistant.concepts import tag_concepts


@pytest.fixture(scope="module")
def engine(seed_engine):  # noqa: ANN001 - the session's real engine
    return seed_engine


@pytest.mark.parametrize(("question", "ui"), [
    ("Wie finanziere ich eine Koordinationsstelle?", "de"),
    ("Ich suche Fördermittel für ein Sprachcafé", "de"),
    ("Where can I find funding for a women's café?", "en"),
    ("Ben bir koordinatörüm, gönüllüler için nasıl para bulabilirim?", "tr"),
])
def test_a_planners_question_in_the_first_person_is_in_scope(engine, question: str, ui: str) -> None:  # noqa: ANN001
    answer = engine.chat(question, ui_language=ui)
    assert answer.matched and answer.answer, question


@pytest.mark.parametrize("question", [
    "Wie verlängere ich meine Aufenthaltserlaubnis?", "Mein Asylantrag wurde abgelehnt, was soll ich tun?",
    "Can I bring my wife to Germany?", "Please translate my rental contract into Arabic.",
    "Ich habe kein Geld für die Miete", "Wie rechne ich Koordinaten von Grad, Minuten, Sekunden in Dezimalgrad um?",
])
def test_one_persons_own_matter_stays_out_of_scope(engine, question: str) -> None:  # noqa: ANN001
    assert not engine.chat(question).matched, question


@pytest.mark.parametrize(("text", "coordination"), [
    ("Wie rechne ich Koordinaten in Dezimalgrad um?", False), ("How do I convert GPS coordinates?", False),
    ("Koordinatları nasıl bulurum?", False),
    ("Wer koordiniert das Netzwerk?", True), ("Who coordinates?", True), ("Koordinatör kim?", True),
    ("Koordinatorin gesucht", True),
])
def test_coordinates_are_no_coordination(text: str, coordination: bool) -> None:
    assert ("coordination" in tag_concepts(text)) is coordination


@pytest.mark.parametrize(("question", "ui"), [("Wie erreiche ich geflüchtete Frauen?", "de"),
                                              ("Wie erreiche ich Migrantinnen?", "de"),
                                              ("How can I reach refugee women?", "en")])
def test_reaching_a_target_group_is_outreach_not_a_contact_request(engine, question: str, ui: str) -> None:  # noqa: ANN001
    """Y17 (s8 tester): "Wie erreiche ich geflüchtete Frauen?" got the residence-permit message
    or Erfurt's contact details: "wie erreiche ich" was a contact cue whatever was reached."""
    answer = engine.chat(question, ui_language=ui)
    assert answer.matched and answer.answer, question
    assert "contact" not in answer.intents and answer.answer[0].section != "contact", question


@pytest.mark.parametrize("question", ["Wie erreiche ich das Netzwerk in Erfurt?",
                                      "How do I reach the network in Dortmund?"])
def test_reaching_a_network_is_still_a_contact_request(engine, question: str) -> None:  # noqa: ANN001
    answer = engine.chat(question)
    assert "contact" in answer.intents and answer.answer[0].section == "contact", question
