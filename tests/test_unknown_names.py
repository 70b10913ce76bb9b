"""Z2 (s9 tester): a question about a network or town no sheet is about ("Who coordinates the
network in Gruenwald?") was answered with another network's facts, as if they were that
town's. It now says first that no sheet is about that name, in the question's language, and
that the quotes are other networks'; names the corpus knows keep working."""

from __future__ import annotations

import pytest

from assistant.analyse import network_names, speller
from assistant.chat import Conversation
from assistant.notices import Notice, NoticeCode
from assistant.unknown_names import unknown_name
from assistant.views.notices import notice_text


@pytest.fixture(scope="module")
def engine(seed_engine):  # noqa: ANN001 - the session's real engine
    return seed_engine


@pytest.mark.parametrize(("question", "lang"), [
    ("Who coordinates the network in Gruenwald?", "en"),
    ("Wer koordiniert das Netzwerk in Gruenwald?", "de"),
    ("Gruenwald'daki ağın bütçesi ne?", "tr"),
    ("Wann wurde das Netzwerk Gruenwald gegründet?", "de"),
    ("Wie finanziert sich das Gruenwalder Netzwerk?", "de"),
    ("How is the network in Gruenwald funded?", "en"),
])
def test_a_network_no_sheet_is_about_is_said_to_be_missing(engine, question: str, lang: str) -> None:  # noqa: ANN001
    answer = engine.chat(question, ui_language=lang)
    assert answer.matched and not answer.named
    assert answer.notices[0] == Notice(code=NoticeCode.NO_SHEET_NAMED, params={"name": "Gruenwald"}), answer.notices
    text = notice_text(answer.notices[0], lang)
    assert "Gruenwald" in text
    assert {"en": "other networks", "de": "anderen Netzwerken", "tr": "başka ağlardan"}[lang] in text


@pytest.mark.parametrize(("question", "lang"), [
    ("Wer koordiniert das Netzwerk in Erfurt?", "de"), ("Wie finanziert sich das Erfurter Netzwerk?", "de"),
    ("Dortmund'daki ağın bütçesi ne?", "tr"), ("Who coordinates the network in Halberstadt?", "en"),
    ("Who coordinates the network in Dortmnud?", "en"),  # a typo of a name the corpus knows
    ("Wer koordiniert das Netzwerk in Halberstaedt?", "de"),
    ("Wie arbeitet das Netzwerk in Stadtteilen?", "de"),  # common words, the corpus's words
    ("Wie finanziert sich ein Netzwerk in Zeiten knapper Kassen?", "de"),
    ("Wie erreicht das Netzwerk in Moscheen die Leute?", "de"),
    ("How does a network in Rural Areas work?", "en"),
    ("Wie kann das Netzwerk Sportvereine gewinnen?", "de"), ("Wie kann ein Netzwerk Jobcenter einbinden?", "de"),
    ("Ağın finansmanı nasıl sağlandı?", "tr"),
    ("Wer koordiniert in Gruenwald?", "de"),  # no word for one network: not read as a name
])
def test_known_names_and_common_words_are_no_unknown_network(engine, question: str, lang: str) -> None:  # noqa: ANN001
    answer = engine.chat(question, ui_language=lang)
    assert NoticeCode.NO_SHEET_NAMED not in {n.code for n in answer.notices}, question


@pytest.mark.parametrize(("question", "lang", "place"), [
    ("Wann wurde das Netzwerk in Leipzig gegründet?", "de", "Leipzig"),
    ("Kassel'deki ağın bütçesi ne?", "tr", "Kassel"),
    ("Who coordinates the network in Kassel?", "en", "Kassel"),
])
def test_a_known_place_without_a_network_keeps_its_own_notice(engine, question: str, lang: str,  # noqa: ANN001
                                                              place: str) -> None:
    answer = engine.chat(question, ui_language=lang)
    codes = [n.code for n in answer.notices]
    assert codes[0] is NoticeCode.NO_NETWORK_THERE and NoticeCode.NO_SHEET_NAMED not in codes
    assert place in notice_text(answer.notices[0], lang)


def test_a_follow_up_is_not_read_for_an_unknown_name(engine) -> None:  # noqa: ANN001
    first = engine.chat("Halberstadt", ui_language="de")
    answer = engine.chat("Wer koordiniert das Netzwerk dort?", conversation=Conversation(turns=[first]),
                         ui_language="de")
    assert answer.named == ["halberstadt"] and NoticeCode.NO_SHEET_NAMED not in {n.code for n in answer.notices}


def test_the_unknown_name_is_the_word_as_written(engine) -> None:  # noqa: ANN001
    names, corpus = network_names(engine.index), speller(engine.index).corpus
    assert unknown_name("Wer koordiniert das Netzwerk in Bad Gruenwald?", names, corpus) == "Bad Gruenwald"
    assert unknown_name("Wie erreicht das Netzwerk in Gruenwald Geflüchtete?", names, corpus) == "Gruenwald"
    # an everyday word that starts a place name of the places files ("Neustadt an der Weinstraße")
    assert unknown_name("Wer koordiniert das Netzwerk in Neustadt?", names, corpus) == "Neustadt"
    assert unknown_name("Who runs the network in Springfield?", names, corpus) == "Springfield"
    assert unknown_name("Wer koordiniert das Netzwerk in NRW?", names, corpus) is None
    assert unknown_name("Wer koordiniert das Netzwerk in 2024?", names, corpus) is None
    assert unknown_name("", names, corpus) is None
