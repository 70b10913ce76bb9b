"""Which networks the fact sheets are about ("Welche Netzwerke gibt es?", "Which networks do you
know?", "Hangi ağlar var?"): every network of the corpus that the filters allow, counted, each
by its overview (few) or by where it is (many), every line a quote of that network's own sheet;
a topic asked with it ("… zum Ehrenamt?") is ranked as usual (s8 tester's Y12: the chat showed five
Erfurt passages)."""

from __future__ import annotations

import pytest

from tests.test_chat import assert_verbatim

SEEDS = ["dortmund", "erfurt", "halberstadt"]

QUESTIONS = [
    ("Welche Netzwerke gibt es?", "de"),
    ("welche netzwerke kennst du", "de"),
    ("Wie viele Netzwerke gibt es?", "de"),
    ("Zeig mir alle Netzwerke", "de"),
    ("Which networks do you know?", "en"),
    ("What networks are there?", "en"),
    ("How many networks are there?", "en"),
    ("List all networks", "en"),
    ("Hangi ağlar var?", "tr"),
    ("Kaç ağ var?", "tr"),
    ("Tüm ağlar", "tr"),
]


@pytest.mark.parametrize(("question", "lang"), QUESTIONS)
def test_a_question_about_the_corpus_gets_every_network_with_its_count(
        seed_engine, corpus_dir, question: str, lang: str) -> None:
    from assistant.chat import Part
    from assistant.i18n import t
    from assistant.notices import NoticeCode
    from assistant.views.notices import notice_text

    answer = seed_engine.chat(question, ui_language=lang)
    assert answer.matched and answer.named == SEEDS
    assert [n.code for n in answer.notices] == [NoticeCode.CATALOGUE]
    assert notice_text(answer.notices[0], lang) == t("catalogue", lang, count=3)
    located = {q.network_id for q in answer.part(Part.FACTS) if q.fact == "location"}
    assert located == set(SEEDS)
    # What each one is: one description of each network, none of anything else
    direct = answer.part(Part.DIRECT)
    assert sorted(q.network_id for q in direct) == SEEDS
    assert {q.section for q in direct} == {"description"}
    assert_verbatim(answer, corpus_dir)  # every line is its own network's sheet, verbatim


def test_the_filters_decide_which_networks_are_counted(seed_engine) -> None:
    answer = seed_engine.chat("Welche Netzwerke gibt es?", ui_language="de", networks=["erfurt", "halberstadt"])
    assert answer.named == ["erfurt", "halberstadt"]
    assert answer.notices[0].params == {"count": 2}


def test_a_corpus_too_large_to_list_is_counted_with_a_pointer(seed_engine, monkeypatch) -> None:
    from assistant import place_questions
    from assistant.i18n import t
    from assistant.notices import NoticeCode
    from assistant.views.notices import message_text

    monkeypatch.setattr(place_questions, "MAX_CATALOGUE_LIST", 2)
    answer = seed_engine.chat("How many networks are there?", ui_language="en")
    assert answer.matched and not answer.answer
    assert [n.code for n in answer.notices] == [NoticeCode.CATALOGUE_MANY]
    assert message_text(answer.notices, "en") == t("catalogue_many", "en", count=3)


@pytest.mark.parametrize("question", ["Welche Netzwerke gibt es zum Ehrenamt?", "Which networks work with volunteers?",
                                      "Gönüllülerle çalışan hangi ağlar var?", "Welche Netzwerke gibt es in Thüringen?",
                                      "Hangi ağ bize uygun?", "Which networks fit a small town like ours?"])
def test_a_topic_a_place_or_our_situation_is_not_the_catalogue(seed_engine, question: str) -> None:
    from assistant.notices import NoticeCode

    answer = seed_engine.chat(question, ui_language="de")
    assert NoticeCode.CATALOGUE not in {n.code for n in answer.notices}
    assert "catalogue" not in answer.intents or answer.named != SEEDS or "Thüringen" in question


@pytest.mark.parametrize(("question", "lang"), [("Welche Netzwerke gibt es?", "de"),
                                                ("Which networks do you know?", "en"), ("Hangi ağlar var?", "tr")])
def test_a_short_answer_naming_some_networks_says_how_many_more_follow(seed_engine, monkeypatch, question: str,
                                                                       lang: str) -> None:
    """W19 (session 10 tester): of 47 networks the short answer named five, nothing said 42 more
    follow below, and the follow-up buttons asked about the alphabetically first network. Here
    with room for two sentences: the first network, then "and 2 more networks"."""
    from assistant import place_questions
    from assistant.chat import Part
    from assistant.i18n import t
    from assistant.notices import FollowUpCode

    plain = seed_engine.chat(question, ui_language=lang)
    assert plain.summary and t("summary_more_networks", lang, n=2) not in plain.summary  # 3 fit
    monkeypatch.setattr(place_questions, "MAX_SUMMARY_SENTENCES", 2)
    answer = seed_engine.chat(question, ui_language=lang)
    first, *rest = list(dict.fromkeys(q.network_id for q in answer.part(Part.FACTS)))
    assert answer.summary and answer.summary.endswith(t("summary_more_networks", lang, n=2)), answer.summary
    cities = {q.network_id: q.location.split(" / ")[0] for q in answer.answer}
    assert cities[first] in answer.summary and not any(cities[r] in answer.summary for r in rest), answer.summary
    assert [f.code for f in answer.follow_ups] == [FollowUpCode.START, FollowUpCode.VOLUNTEERS]
    assert [f.code for f in plain.follow_ups] == [FollowUpCode.START, FollowUpCode.VOLUNTEERS]
