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


def _personal(engine, question: str) -> bool:  # noqa: ANN001
    """The scope's ``personal`` signal of ``question`` (one person's own matter)."""
    from assistant.retrieve import RetrievalConfig, analyse_query, scope_signals

    analysis = analyse_query(engine.index, engine.encoder, question)
    return scope_signals(engine.index, engine.encoder, analysis, RetrievalConfig(), similarity=False).personal


#: The asker as the subject acting on a group the networks work for, with no concept of a
#: network's own work: one person's matter (the `personal` signal, weight -3.6) until session 9.
PLANNERS_ACTING_ON_A_GROUP = [
    ("Wie gewinne ich Ehrenamtliche?", "de"), ("Wie unterstütze ich Geflüchtete bei der Wohnungssuche?", "de"),
    ("Wie erreiche ich Spätaussiedler?", "de"), ("How do I reach refugee women?", "en"),
    ("How can I support refugees in finding a flat?", "en"), ("Gönüllüleri nasıl bulurum?", "tr"),
    ("Gönüllü nasıl bulurum?", "tr"), ("Göçmenlere nasıl ulaşırım?", "tr"),
]


@pytest.mark.parametrize(("question", "ui"), PLANNERS_ACTING_ON_A_GROUP)
def test_a_planner_acting_on_a_group_the_networks_serve_is_no_personal_matter(engine, question: str,  # noqa: ANN001
                                                                               ui: str) -> None:
    assert not _personal(engine, question), question


@pytest.mark.parametrize(("question", "ui"), [q for q in PLANNERS_ACTING_ON_A_GROUP if q[0] in {
    "Wie gewinne ich Ehrenamtliche?", "Wie unterstütze ich Geflüchtete bei der Wohnungssuche?",
    "Wie erreiche ich Spätaussiedler?", "How do I reach refugee women?", "Gönüllü nasıl bulurum?"}])
def test_a_planner_acting_on_a_group_the_networks_serve_is_in_scope(engine, question: str, ui: str) -> None:  # noqa: ANN001
    answer = engine.chat(question, ui_language=ui)
    assert answer.matched and answer.answer, question


@pytest.mark.parametrize("question", [
    "Als Geflüchteter, wie finde ich eine Wohnung?", "Ich bin Spätaussiedlerin, wie beantrage ich einen Führerschein?",
    "As a refugee, how do I open a bank account?", "I'm an immigrant, how do I get a driving licence?",
    "Mülteciyim, nasıl ev bulurum?", "Bir göçmen olarak nasıl banka hesabı açabilirim?",
    # The asker as one of the group is the subject too, and "… miyim?" asks in the first person.
    "Mülteci olarak kütüphane kartı alabilir miyim?", "Kütüphane kartı alabilir miyim?",
    # Children, employers: everyone's own life has them.
    "Wie bringe ich Kindern das Einmaleins bei?", "How do I find an employer?",
])
def test_the_asker_as_one_of_the_group_is_a_personal_matter(engine, question: str) -> None:  # noqa: ANN001
    assert _personal(engine, question), question


@pytest.mark.parametrize("question", ["Als Geflüchteter, wie finde ich eine Wohnung?", "Mülteciyim, nasıl ev bulurum?",
                                      "Wie bringe ich Kindern das Einmaleins bei?"])
def test_the_asker_as_one_of_the_group_stays_out_of_scope(engine, question: str) -> None:  # noqa: ANN001
    assert not engine.chat(question).matched, question


@pytest.mark.parametrize(("text", "member"), [
    ("Als Geflüchteter, wie finde ich eine Wohnung?", True), ("Ich bin Migrantin und suche Arbeit", True),
    ("Wie helfe ich als Migrantenorganisation Geflüchteten?", False), ("Ich bin Ausländerbeauftragte", False),
    ("As a refugee, how do I open a bank account?", True), ("As a migrant organisation, how do we apply?", False),
    ("I'm a newcomer here", True), ("Mülteciyim", True), ("Mülteci olarak ne yapabilirim?", True),
    ("Mültecilere nasıl yardım ederim?", False),
])
def test_member_cues_say_the_asker_is_one_of_the_group(text: str, member: bool) -> None:
    from assistant.intents import analyse_intent

    assert bool(analyse_intent(text, text).member) is member


@pytest.mark.parametrize(("text", "groups"), [
    ("Wo kann ich mich ehrenamtlich engagieren, am liebsten im Tierheim?", {"volunteers"}),
    ("Ich möchte ehrenamtlich im Sportverein helfen", {"volunteers"}),
    ("How can I volunteer at the local hospital?", {"volunteers"}), ("I'd like to volunteer abroad", {"volunteers"}),
    ("Gönüllü olmak istiyorum", {"volunteers"}), ("Als Geflüchtete, wie finde ich einen Arzt?", {"refugees"}),
    ("I'm an immigrant", {"migrants"}),
    ("Wie gewinne ich Ehrenamtliche?", set()), ("As a volunteer coordinator, how do I keep volunteers?", set()),
])
def test_member_cues_name_the_group_the_asker_is_one_of(text: str, groups: set[str]) -> None:
    from assistant.intents import analyse_intent

    assert analyse_intent(text, text).member == groups


@pytest.mark.parametrize(("question", "personal"), [
    # The asker as a volunteer: volunteering for oneself is one person's matter ...
    ("Wo kann ich mich ehrenamtlich engagieren, am liebsten im Tierheim?", True),
    ("How can I volunteer at the local hospital?", True), ("Gönüllü olmak istiyorum, nereye başvurabilirim?", True),
    # ... a volunteer acting on a group the networks work for is not.
    ("Wie kann ich als Ehrenamtliche Geflüchteten bei Behördengängen helfen?", False),
    ("As a volunteer, how do I support refugee families?", False),
    ("Gönüllü olarak mültecilere nasıl yardım edebilirim?", False),
])
def test_a_volunteer_acting_for_themself_or_for_a_group(engine, question: str, personal: bool) -> None:  # noqa: ANN001
    assert _personal(engine, question) is personal, question
