"""Z2 (s9 tester): a question about a network or town no sheet is about ("Who coordinates the
network in Gruenwald?") was answered with another network's facts, as if they were that
town's. It now says first that no sheet is about that name, in the question's language, and
that the quotes are other networks'; names the corpus knows keep working."""

from __future__ import annotations

import pytest

from assistant.analyse import network_names, speller
from assistant.chat import Conversation
from assistant.notices import Notice, NoticeCode
from assistant.unknown_names import looks_like_a_place_name, unknown_name
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
    # s10 tester W18: no word for the network, the name alone says it (after "in", a case ending, bare)
    ("Wer koordiniert in Gruenwald?", "de"), ("Who coordinates in Gruenwald?", "en"),
    ("Gruenwald'da kim koordine ediyor?", "tr"), ("Kontakt Gruenwald", "de"), ("Contact Gruenwald", "en"),
    ("Wann wurde Gruenwald gegründet?", "de"),
])
def test_a_network_no_sheet_is_about_is_said_to_be_missing(engine, question: str, lang: str) -> None:  # noqa: ANN001
    answer = engine.chat(question, ui_language=lang)
    assert answer.matched and not answer.named
    assert answer.notices[0] == Notice(code=NoticeCode.NO_SHEET_NAMED, params={"name": "Gruenwald"}), answer.notices
    text = notice_text(answer.notices[0], lang)
    assert "Gruenwald" in text
    assert {"en": "other networks", "de": "anderen Netzwerken", "tr": "başka ağlardan"}[lang] in text


@pytest.mark.parametrize(("question", "lang", "name"), [
    ("Wer koordiniert in Hohe Geest?", "de", "Hohe Geest"), ("Who coordinates in Hohe Geest?", "en", "Hohe Geest"),
    ("Wer koordiniert das Netzwerk in Hohe Geest?", "de", "Hohe Geest"),
    ("Wer koordiniert in Hohe Börde?", "de", "Hohe Börde"),
    ("Who runs the network in Schwarze Pumpe?", "en", "Schwarze Pumpe"),
    ("Hohe Geest'te kim koordine ediyor?", "tr", "Geest"),  # the word with the case ending: the name, or its end
])
def test_a_name_made_of_everyday_words_is_said_to_be_missing(engine, question: str, lang: str,  # noqa: ANN001
                                                             name: str) -> None:
    """Session 14 browser tester T7: "Wer koordiniert in Hohe Geest?" (a town of two everyday words,
    capitalised) got Dortmund's coordinator as the short answer with no notice, and the follow-ups
    stayed with Dortmund: no word of the name was one a name is told by alone. Capitalised words
    after "in" whose last is no everyday word and none of the corpus's are a name."""
    answer = engine.chat(question, ui_language=lang)
    assert answer.matched and not answer.named
    assert answer.notices[0] == Notice(code=NoticeCode.NO_SHEET_NAMED, params={"name": name}), answer.notices


@pytest.mark.parametrize(("question", "lang"), [
    ("Wer koordiniert das Netzwerk in Erfurt?", "de"), ("Wie finanziert sich das Erfurter Netzwerk?", "de"),
    ("Dortmund'daki ağın bütçesi ne?", "tr"), ("Who coordinates the network in Halberstadt?", "en"),
    ("Who coordinates the network in Dortmnud?", "en"),  # a typo of a name the corpus knows
    ("Wer koordiniert das Netzwerk in Halberstaedt?", "de"),
    ("Wie arbeitet das Netzwerk in Stadtteilen?", "de"),  # common words, the corpus's words
    ("Wie finanziert sich ein Netzwerk in Zeiten knapper Kassen?", "de"),
    ("Wie erreicht das Netzwerk in Moscheen die Leute?", "de"),
    ("How does a network in Rural Areas work?", "en"),
    ("What works in Small Towns?", "en"), ("Wie arbeiten Netzwerke in Großen Städten?", "de"),  # T7: words capitalised
    ("Wie helfen Netzwerke in Deutschen Sprachkursen?", "de"),
    ("Wie kann das Netzwerk Sportvereine gewinnen?", "de"), ("Wie kann ein Netzwerk Jobcenter einbinden?", "de"),
    ("Ağın finansmanı nasıl sağlandı?", "tr"),
    # W18: without a word for the network, capitalised nouns, the networks' own names and their
    # inflections, known places and sentence-initial words are no unknown name
    ("Wer koordiniert Ehrenamtliche?", "de"), ("Kontakt Jobcenter", "de"), ("Finanzierung?", "de"),
    ("Sprachkurse", "de"), ("Erfurter", "de"), ("Dortmund'da kim koordine ediyor?", "tr"), ("Halberstaedter", "de"),
    ("Volunteers?", "en"), ("Onboarding?", "en"), ("Mentoring", "en"), ("Wohnheim", "de"),
    ("Wer übersetzt in Tigrinya?", "de"), ("Wie arbeiten Netzwerke in Willkommensklassen?", "de"),
    ("Wie erreicht man Menschen in Ankunftszentren?", "de"), ("Wie helfen Netzwerke in Notunterkünften?", "de"),
    ("Wie koordiniert man in Flüchtlingsunterkünften?", "de"), ("Geflüchtete aus Eritrea", "de"),
    ("Arabamın motor ışığı yanıyor, ne yapmalıyım?", "tr"), ("Papağanıma nasıl konuşmayı öğretirim?", "tr"),
    # s17: a Turkish word with a capital dotted I ("İ".lower() is "i" + a combining dot, a word of no list)
    ("İkisini karşılaştır", "tr"), ("İletişim bilgileri?", "tr"), ("İyi örnekler neler?", "tr"),
])
def test_known_names_and_common_words_are_no_unknown_network(engine, question: str, lang: str) -> None:  # noqa: ANN001
    answer = engine.chat(question, ui_language=lang)
    assert not {NoticeCode.NO_SHEET_NAMED, NoticeCode.NO_SHEET_NAMED_ONLY} & {n.code for n in answer.notices}, question


@pytest.mark.parametrize(("question", "lang", "place"), [
    ("Wann wurde das Netzwerk in Leipzig gegründet?", "de", "Leipzig"),
    ("Kassel'deki ağın bütçesi ne?", "tr", "Kassel"),
    ("Who coordinates the network in Kassel?", "en", "Kassel"),
    ("Wer koordiniert in Kassel?", "de", "Kassel"), ("Kontakt Kassel", "de", "Kassel"),
    ("Kassel'de kim koordine ediyor?", "tr", "Kassel"),
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


@pytest.mark.parametrize(("question", "lang", "name"), [
    ("Birkenwalde", "de", "Birkenwalde"), ("Birkenwalde?", "en", "Birkenwalde"), ("Tannwalde", "tr", "Tannwalde"),
    ("Muehlhofen", "de", "Muehlhofen"), ("Gruenwald'un kaç üyesi var?", "tr", "Gruenwald"),
])
def test_an_unknown_name_alone_is_said_to_be_no_network(engine, question: str, lang: str,  # noqa: ANN001
                                                        name: str) -> None:
    """W18: a bare name no sheet has was "nothing found" (seeds) or a similar-looking network's
    quotes (grown corpus); it says that no network has that name, and what to ask instead."""
    answer = engine.chat(question, ui_language=lang)
    codes = [n.code for n in answer.notices]
    assert answer.notices[0] == Notice(code=NoticeCode.NO_SHEET_NAMED_ONLY, params={"name": name}), codes
    assert NoticeCode.OUT_OF_SCOPE not in codes and not answer.answer
    text = notice_text(answer.notices[0], lang)
    assert name in text and {"en": "Ask about a topic", "de": "Fragen Sie nach einem Thema",
                             "tr": "bir konu sorun"}[lang] in text


@pytest.mark.parametrize(("word", "looks"), [
    ("Gruenwald", True), ("Birkenwalde", True), ("Lindenhagen", True), ("Kranichfeld", True), ("Muehlhofen", True),
    ("Willkommensklassen", False), ("Ankunftszentren", False), ("Onboarding", False), ("Tigrinya", False),
    ("Wohnheim", False), ("Arabamın", False), ("Papağanıma", False), ("Ehrenamtliche", False),
    ("İkisini", False), ("İletişim", False),
])
def test_a_place_name_is_told_by_its_look(word: str, looks: bool) -> None:
    assert looks_like_a_place_name(word) is looks


@pytest.mark.parametrize(("first", "question", "lang"), [
    ("Halberstadt", "Wer koordiniert das Netzwerk in Gruenwald?", "de"),
    ("Dortmund", "Who coordinates the network in Gruenwald?", "en"),
    ("Dortmund", "Gruenwald'daki ağı kim koordine ediyor?", "tr"),
    ("Dortmund", "Wer koordiniert in Gruenwald?", "de"),
])
def test_an_unknown_name_mid_conversation_is_no_pointing_back(engine, first: str, question: str,  # noqa: ANN001
                                                             lang: str) -> None:
    """W16 (s10 tester): after "Halberstadt", "Wer koordiniert das Netzwerk in Gruenwald?" gave
    Halberstadt's coordinator without a notice ("das Netzwerk" read as pointing back); the name
    the user wrote wins over the network of the conversation."""
    before = engine.chat(first, ui_language=lang)
    answer = engine.chat(question, conversation=Conversation(turns=[before]), ui_language=lang)
    assert answer.notices[0] == Notice(code=NoticeCode.NO_SHEET_NAMED, params={"name": "Gruenwald"}), answer.notices
    assert before.named[0] not in answer.named
