"""A request for the closest networks with no situation to be close to (session 14 browser tester
T13b): "Welches Netzwerk passt am besten zu uns?" as the first message was answered with whatever
networks its words ranked first. Now the answer is a notice that asks the user to describe their
town (size, region, what exists, what is missing), with an example, in the question's language. After a
described situation the same question is answered as before: that situation's closest networks. The
cue phrases are [intent.networks] cues of intents.toml."""

from __future__ import annotations

import json
from typing import Any

import pytest

from assistant import cli
from assistant.chat import ChatAnswer, Conversation
from assistant.follow_up import asks_for_a_match_without_a_situation
from assistant.i18n import t
from assistant.notices import NoticeCode
from assistant.profile import SituationProfile
from assistant.views.notices import message_text

#: First messages that ask which network fits, copies of the tester's and their typos, by language.
REQUESTS = [
    ("de", "Welches Netzwerk passt am besten zu uns?"),
    ("de", "Welches Netzwerk past am besten zu uns?"),
    ("de", "Welche Netzwerke passen zu uns?"),
    ("de", "Welches Netzwerk sollten wir kopieren?"),
    ("de", "An welchem Netzwerk können wir uns orientieren?"),
    ("en", "Which network suits us best?"),
    ("en", "What network suits us?"),
    ("en", "wich network suits us best"),
    ("en", "Which network should we copy?"),
    ("en", "Which one is closest to us?"),
    ("tr", "Bize en uygun ağ hangisi?"),
    ("tr", "Hangi ağ bize uygun?"),
    ("tr", "bize en uygn ag hangisi"),
    ("tr", "Hangi modeli örnek almalıyız?"),
]

#: A situation described, then the request: answered as that situation's closest networks.
SITUATIONS = [
    ("de", "Wir sind eine Kleinstadt mit 20.000 Einwohnern, niemand koordiniert.",
     "Welches Netzwerk passt am besten zu uns?"),
    ("en", "We are a small town of 20,000 and nobody coordinates.", "Which network suits us best?"),
    ("tr", "20.000 nüfuslu küçük bir kasabayız, kimse koordine etmiyor.", "Bize en uygun ağ hangisi?"),
]


@pytest.mark.parametrize(("lang", "question"), REQUESTS)
def test_the_cue_phrases_are_read_as_a_match_request(lang: str, question: str) -> None:
    assert asks_for_a_match_without_a_situation(question, Conversation()), question


@pytest.mark.parametrize("question", [
    "Wie fangen wir am besten an?",  # "am besten" about how, not which network
    "Hangi ağlar var?",  # which networks there are
    "Welche Netzwerke gibt es?",
    "Wir sind eine Kleinstadt ohne Koordination. Welches Netzwerk passt zu uns?",  # a situation of its own
    "Which networks work with volunteers?",
])
def test_other_questions_are_no_match_request_without_a_situation(question: str) -> None:
    assert not asks_for_a_match_without_a_situation(question, Conversation())


def test_a_profile_set_by_the_user_is_a_situation() -> None:
    told = SituationProfile(size="small_town", coordination="coordination_none")
    assert not asks_for_a_match_without_a_situation("Welches Netzwerk passt am besten zu uns?", Conversation(), told)


def _asks_for_the_situation(answer: ChatAnswer, lang: str) -> None:
    assert answer.matched and not answer.situation and not answer.networks and not answer.answer
    assert [n.code for n in answer.notices] == [NoticeCode.SITUATION_NEEDED]
    assert message_text(answer.notices, lang) == t("situation_needed", lang)
    assert not answer.summary and not answer.follow_ups


@pytest.mark.heavy
@pytest.mark.parametrize(("lang", "question"), REQUESTS)
def test_a_match_request_first_asks_for_the_situation(seed_engine, lang: str, question: str) -> None:  # noqa: ANN001
    answer = seed_engine.chat(question)  # no interface language: the question's
    assert answer.language == answer.ui_language == lang
    _asks_for_the_situation(answer, lang)


@pytest.mark.heavy
@pytest.mark.parametrize(("lang", "situation", "question"), SITUATIONS)
def test_after_a_described_situation_the_request_gets_its_closest_networks(
        seed_engine, lang: str, situation: str, question: str) -> None:  # noqa: ANN001
    first = seed_engine.chat(situation, ui_language=lang)
    assert first.situation
    answer = seed_engine.chat(question, conversation=Conversation(turns=[first]), ui_language=lang)
    assert answer.situation and answer.networks and answer.networks[0].network_id == "halberstadt"
    assert NoticeCode.SITUATION_NEEDED not in {n.code for n in answer.notices}
    assert NoticeCode.IN_CONTEXT in {n.code for n in answer.notices}


@pytest.mark.heavy
def test_a_question_before_that_told_nothing_of_the_town_is_no_situation(seed_engine) -> None:  # noqa: ANN001
    first = seed_engine.chat("Finanzierung?", ui_language="de")
    answer = seed_engine.chat("Welches Netzwerk passt am besten zu uns?", conversation=Conversation(turns=[first]),
                              ui_language="de")
    _asks_for_the_situation(answer, "de")


@pytest.mark.heavy
def test_a_profile_set_in_the_sidebar_is_matched(seed_engine) -> None:  # noqa: ANN001
    told = SituationProfile(size="small_town", coordination="coordination_none")
    answer = seed_engine.chat("Welches Netzwerk passt am besten zu uns?", ui_language="de", profile=told)
    assert answer.situation and answer.networks[0].network_id == "halberstadt"


@pytest.mark.heavy
def test_a_named_network_is_asked_about_as_before(seed_engine) -> None:  # noqa: ANN001
    answer = seed_engine.chat("Passt Erfurt zu uns?", ui_language="de")
    assert answer.answer and NoticeCode.SITUATION_NEEDED not in {n.code for n in answer.notices}


@pytest.mark.heavy
@pytest.mark.parametrize("lang", ["de", "en", "tr"])
def test_the_notice_s_example_is_a_situation_that_gets_its_closest_networks(seed_engine, lang: str) -> None:  # noqa: ANN001
    text = t("situation_needed", lang)
    opening = {"de": "„", "en": "“", "tr": "“"}[lang]
    example = text[text.rindex(opening) + 1:].rstrip("“”")
    answer = seed_engine.chat(example, ui_language=lang)
    assert answer.situation and answer.networks[0].network_id == "halberstadt", example
    assert answer.profile.size == "small_town" and answer.profile.coordination == "coordination_none"


@pytest.mark.heavy
@pytest.mark.parametrize(("lang", "question"), [REQUESTS[0], REQUESTS[5], REQUESTS[10]])
def test_the_cli_chat_says_the_same(seed_engine, capsys, monkeypatch, lang: str, question: str) -> None:  # noqa: ANN001
    monkeypatch.setattr(cli, "_engine", lambda settings, show_progress=False: seed_engine)
    assert cli.main(["chat", "--json", question]) == cli.EXIT_OK
    [answer] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    contract: dict[str, Any] = answer
    assert contract["message"] == t("situation_needed", lang) and contract["answer"] == []
    assert [n["code"] for n in contract["notices"]] == ["situation_needed"]
    assert cli.main(["chat", question]) == cli.EXIT_OK
    assert t("situation_needed", lang) in capsys.readouterr().out
