"""Countries and regions (assistant/data/places.toml): named in any of the three languages,
with inflections, never by a word that only starts like one; a region does not stand for
its whole country; a network's location row gives its places; the loader names file and
line; and a question naming a place prefers the networks located there."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.places import PlacesError, places, read_places


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gibt es Netzwerke in Bayern?", {"DE-BY"}),
        ("Bayerns Netzwerke", {"DE-BY"}),
        ("Networks in Bavaria?", {"DE-BY"}),
        ("Bavyera'daki ağlar", {"DE-BY"}),
        ("Bavyerada ağ var mı", {"DE-BY"}),
        ("Beispiele aus Nordrhein-Westfalen", {"DE-NW"}),
        ("Beispiele aus Nordrhein Westfalen", {"DE-NW"}),
        ("Netzwerke in NRW", {"DE-NW"}),
        ("networks in North Rhine-Westphalia", {"DE-NW"}),
        ("Kuzey Ren-Vestfalya'daki ağlar", {"DE-NW"}),
        ("Sachsen-Anhalt", {"DE-ST"}),  # the longer name, not Sachsen
        ("Sachsen und Thüringen", {"DE-SN", "DE-TH"}),
        ("examples from the UK", {"GB"}),
        ("İngiltere'de neler yapılıyor?", {"GB"}),
        ("Städte in Großbritannien", {"GB"}),
        ("GROSSBRITANNIEN", {"GB"}),
        ("Was macht man in Österreich?", {"AT"}),
        ("Avusturya'da", {"AT"}),
        ("Turingiya'daki ağlar?", {"DE-TH"}),  # the Turkish spelling (tester, round 2)
    ],
)
def test_a_question_names_places_in_every_language(text: str, expected: set[str]) -> None:
    assert places().find(text) == expected


@pytest.mark.parametrize(
    "text",
    ["englische Beispiele", "Sachsenhausen", "deutschlandweit", "Ehrenamt in der Stadt",
     "Wie finanzieren sich die Netzwerke?", "", "Türkçe konuşan gönüllüler"],
)
def test_no_place_from_a_word_that_only_starts_like_one(text: str) -> None:
    assert places().find(text) == frozenset()


@pytest.mark.parametrize(("text", "expected"), [
    ("Netzwerke in Duesseldorf?", {"DE-NW-DUS"}), ("Duesseldorf'taki ağlar", {"DE-NW-DUS"}),
    ("Koelner Netzwerke", {"DE-NW-CGN"}), ("Netzwerke in Koeln", {"DE-NW-CGN"}),
    ("Netzwerke in Giessen?", {"DE-HE-2920512"}), ("Netzwerke in Gießen?", {"DE-HE-2920512"}),
    ("Ehrenamt in Baden-Wuerttemberg", {"DE-BW"}), ("Ich muss das wissen", set()), ("Frauen und neue Wege", set()),
])
def test_a_place_written_with_transliterated_umlauts_or_ss_is_that_place(text: str, expected: set[str]) -> None:
    """Z19 (s9 tester): "ae/oe/ue" and "ss" for ä/ö/ü and ß, through the one digraph rule of match_fold."""
    assert places().find(text) == expected


def test_a_region_does_not_stand_for_its_country_but_a_network_there_is_in_both() -> None:
    assert places().find("in Bayern") == {"DE-BY"}
    assert places().of_location("Ellerbach / Bavaria / Germany") == {"DE-BY", "DE"}
    assert places().of_location("Bergfeld / Kuzey Ren-Vestfalya / Almanya") == {"DE-NW", "DE"}
    assert places().of_location("Talbach / Baden-Württemberg") == {"DE-BW", "DE"}  # no country on the sheet
    assert places().of_location("Thornbridge / West Yorkshire / United Kingdom") == {"GB"}


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_is_read_without_error(text: str) -> None:
    found = places().find(text)
    assert found <= set(places().within)


GOOD = """[DE]
de = ["Deutschland"]
en = ["Germany"]

[DE-BY]
within = "DE"
de = ["Bayern"]
"""


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        (GOOD.replace("[DE-BY]", "[Bayern]"), 5, "ISO 3166"),
        (GOOD.replace('within = "DE"', 'within = "AT"'), 5, "within 'AT': no such place"),
        (GOOD.replace('within = "DE"', "within = 3"), 5, "within must be a place id"),
        (GOOD.replace('en = ["Germany"]', 'xx = ["Germany"]'), 1, "xx: unknown key"),
        (GOOD.replace('en = ["Germany"]', "en = []"), 1, "non-empty list"),
        (GOOD.replace('en = ["Germany"]', 'en = ["--"]'), 1, "must have letters"),
        (GOOD.replace('de = ["Bayern"]', 'de = ["Deutschland"]'), 7, "names both [DE] and [DE-BY]"),
        (GOOD.replace("[DE]", "[DE"), 1, "TOML syntax"),
        ("DE = 3\n", 1, "must be a table"),
        ("# none\n", 0, "names no places"),
    ],
)
def test_a_mistake_names_file_and_line(tmp_path: Path, text: str, line: int, fragment: str) -> None:
    path = tmp_path / "places.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PlacesError) as caught:
        read_places(path)
    assert caught.value.line == line and fragment in str(caught.value), str(caught.value)
    assert str(path) in str(caught.value)


@pytest.mark.parametrize(
    ("question", "network"),
    [
        ("Welche Netzwerke gibt es in Thüringen?", "erfurt"),  # the sheet says "Thuringia"
        ("What do networks in North Rhine-Westphalia do for volunteers?", "dortmund"),
        ("Saksonya-Anhalt'taki ağ gönüllülerle nasıl çalışıyor?", "halberstadt"),
    ],
)
def test_a_question_naming_a_place_prefers_the_networks_there(seed_engine, question: str, network: str) -> None:
    from assistant.retrieve import analyse_query, retrieve

    assert analyse_query(seed_engine.index, seed_engine.encoder, question).placed == {network}
    hits = retrieve(seed_engine.index, seed_engine.encoder, question, top_k=5).hits
    assert hits and all(h.unit.network_id == network for h in hits[:3]), [h.unit.network_id for h in hits]


def test_a_country_of_every_network_changes_nothing_between_them(seed_engine) -> None:
    """Germany lifts every seed network alike, and its name is no BM25 word ("Deutschland",
    "Germany" would lift the sheets that say where they are): the question's words are those of
    the question without the place, the first answers are the same and no network is lost. (The
    lift of all three compresses their network scores, so nearly tied later items may swap.)"""
    from dataclasses import replace

    from assistant.retrieve import RetrievalConfig, analyse_query, retrieve

    question = "Wie finanzieren sich die Netzwerke in Deutschland?"
    analysis = analyse_query(seed_engine.index, seed_engine.encoder, question)
    assert analysis.placed == {"erfurt", "dortmund", "halberstadt"}
    assert analysis.tokens == analyse_query(seed_engine.index, seed_engine.encoder,
                                            "Wie finanzieren sich die Netzwerke?").tokens
    with_place = [h.unit.id for h in retrieve(seed_engine.index, seed_engine.encoder, question, top_k=5).hits]
    without = [h.unit.id for h in retrieve(seed_engine.index, seed_engine.encoder, question, top_k=5,
                                           config=replace(RetrievalConfig(), place=0.0)).hits]
    assert with_place[:2] == without[:2]
    networks = {h.unit.id: h.unit.network_id for h in retrieve(seed_engine.index, seed_engine.encoder, question,
                                                                top_k=5).hits}
    assert set(networks.values()) == {"erfurt", "dortmund", "halberstadt"}
    assert set(with_place) == set(without)


def test_a_place_is_shown_by_its_first_name_in_each_language() -> None:
    assert [places().name("DE-BY", lang) for lang in ("de", "en", "tr")] == ["Bayern", "Bavaria", "Bavyera"]
    assert places().name("GB", "de") == "Großbritannien" and places().name("GB", "tr") == "Birleşik Krallık"
    assert places().name("XX", "de") == "XX"  # an id no longer in the file (an old saved answer)


@pytest.mark.parametrize(
    ("question", "ui_lang", "place"),
    [
        ("Ehrenamt in Bayern?", "de", "Bayern"),
        ("Wie finanzieren sich Netzwerke in Bayern?", "en", "Bavaria"),
        ("How do networks in the UK work with volunteers?", "en", "United Kingdom"),
        ("How do networks in the UK work with volunteers?", "tr", "Birleşik Krallık"),
        ("Bavyera'da gönüllüler nasıl bulunuyor?", "tr", "Bavyera"),
        ("Ehrenamt in Sachsen-Anhalt und Bayern?", "de", "Bayern"),  # Halberstadt is in Sachsen-Anhalt
    ],
)
def test_a_place_with_no_network_is_said_before_the_examples_from_elsewhere(
        seed_engine, question: str, ui_lang: str, place: str) -> None:
    """W3: the chat said nothing and answered from networks elsewhere, as if they were there."""
    from assistant.i18n import t
    from assistant.notices import NoticeCode
    from assistant.views.notices import notice_text

    answer = seed_engine.chat(question, ui_language=ui_lang)
    assert answer.matched and answer.answer  # the closest practices from elsewhere follow
    first = answer.notices[0]
    assert first.code is NoticeCode.NO_NETWORK_THERE
    assert notice_text(first, ui_lang) == t("no_network_there", ui_lang, places=place)


@pytest.mark.parametrize(
    ("question", "networks"),
    [
        ("Was gibt es in NRW?", ["dortmund"]),
        ("Netzwerke in Sachsen-Anhalt?", ["halberstadt"]),
        ("Welche Netzwerke gibt es in Thüringen?", ["erfurt"]),
        ("Networks in North Rhine-Westphalia?", ["dortmund"]),
        ("Almanya'daki ağlar?", ["dortmund", "erfurt", "halberstadt"]),
        ("Examples from Germany?", ["dortmund", "erfurt", "halberstadt"]),
    ],
)
def test_a_place_asked_about_alone_gets_the_overview_of_each_network_there(
        seed_engine, question: str, networks: list[str]) -> None:
    """W4: "Was gibt es in NRW?" was out of scope, "Almanya'daki ağlar?" five Erfurt passages."""
    from assistant.chat import Part

    answer = seed_engine.chat(question, ui_language="de")
    assert answer.matched and answer.named == networks and not answer.notices
    located = {q.network_id for q in answer.part(Part.FACTS) if q.fact == "location"}
    assert located == set(networks)


@pytest.mark.parametrize(("question", "city"), [("Netzwerke in München?", "München"), ("Networks in Munich?", "Munich"),
                                              ("Münih'teki ağlar?", "Münih")])
def test_a_city_with_no_network_says_so_and_shows_the_country_around(seed_engine, question: str, city: str) -> None:
    """Tester W18: "Netzwerke in München?" got five random Erfurt passages (Bayern had the notice)."""
    from assistant.notices import NoticeCode
    from assistant.views.notices import notice_text

    answer = seed_engine.chat(question, ui_language={"München": "de", "Munich": "en", "Münih": "tr"}[city])
    assert answer.notices[0].code is NoticeCode.NO_NETWORK_THERE_AROUND
    assert city in notice_text(answer.notices[0], answer.ui_language)
    assert answer.named == ["dortmund", "erfurt", "halberstadt"]


def test_a_place_asked_about_alone_with_none_there_gets_the_country_around_or_only_the_word(seed_engine) -> None:
    """W3: "Gibt es Netzwerke in Bayern?" got five passages of Erfurt as if it were there."""
    from assistant.i18n import t
    from assistant.notices import NoticeCode
    from assistant.views.notices import notice_text

    bavaria = seed_engine.chat("Gibt es Netzwerke in Bayern?", ui_language="de")
    assert bavaria.notices[0].code is NoticeCode.NO_NETWORK_THERE_AROUND
    assert notice_text(bavaria.notices[0], "en") == t("no_network_there_around", "en", places="Bavaria",
                                                      around="Germany")
    assert bavaria.matched and bavaria.named == ["dortmund", "erfurt", "halberstadt"]
    for question, lang, place in (("Networks in the UK?", "en", "United Kingdom"), ("Examples from England", "de",
                                  "Großbritannien"), ("İngilterede ağ var mı", "tr", "Birleşik Krallık"),
                                  ("Gibt es Beispiele aus Österreich?", "de", "Österreich")):
        answer = seed_engine.chat(question, ui_language=lang)
        assert not answer.matched and not answer.answer, question  # no quotes from elsewhere as if there
        assert [n.code for n in answer.notices] == [NoticeCode.NO_NETWORK_THERE_ONLY], question
        assert notice_text(answer.notices[0], lang) == t("no_network_there_only", lang, places=place)


@pytest.mark.parametrize("question", ["Ehrenamt in Thüringen?", "Wie finanzieren sich die Netzwerke in "
                                      "Deutschland?", "Ehrenamt?", "Wetter in Bayern"])
def test_no_such_notice_where_a_network_is_or_no_place_is_named(seed_engine, question: str) -> None:
    from assistant.notices import NoticeCode

    answer = seed_engine.chat(question, ui_language="de")
    assert not {n.code for n in answer.notices} & {NoticeCode.NO_NETWORK_THERE, NoticeCode.NO_NETWORK_THERE_AROUND,
                                                   NoticeCode.NO_NETWORK_THERE_ONLY}


def test_a_place_of_an_earlier_situation_is_not_said_again(seed_engine) -> None:
    from assistant.chat import Conversation
    from assistant.notices import NoticeCode

    first = seed_engine.chat("Wir sind eine Kleinstadt in Bayern, kaum Ehrenamtliche, kein Koordinator.",
                             ui_language="de")
    assert first.notices[0].code is NoticeCode.NO_NETWORK_THERE
    later = seed_engine.chat("Was können wir tun?", conversation=Conversation(turns=[first]), ui_language="de")
    assert later.matched and NoticeCode.NO_NETWORK_THERE not in {n.code for n in later.notices}
