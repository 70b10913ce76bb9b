"""The Streamlit app through AppTest, with the real model and a real index.

The index is built once per session into a temporary directory (KOMPASS_INDEX);
st.cache_resource keeps the loaded engine across AppTest instances, so only the
first test pays for loading the model.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from helpers import ask_app, run_app, seed_index_settings
from streamlit.testing.v1 import AppTest

from assistant.chat import Part
from assistant.excerpt import LONG_QUOTE, excerpt
from assistant.feedback import read_feedback
from assistant.i18n import t
from assistant.notices import Notice, NoticeCode
from assistant.recommend import load_engine
from assistant.saved_conversations import MAX_SAVED_MB
from assistant.settings import Settings
from assistant.ui_text import examples, ui
from assistant.views.handout import conversation_html
from assistant.views.markdown import conversation_markdown, escape_markdown
from assistant.views.notices import follow_up_text, message_text, offered_follow_ups

pytestmark = pytest.mark.heavy  # AppTest over the real engine

APP = str(Path(__file__).resolve().parent.parent / "streamlit_app.py")

GERMAN = examples()[0].text
ENGLISH = examples()[1].text
TURKISH = examples()[2].text
LASAGNE = "How do I cook a lasagne with bechamel sauce and fresh pasta sheets?"
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture(scope="session")
def app_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed corpus's index, shared by the session."""
    return seed_index_settings(tmp_path_factory).index


@pytest.fixture
def feedback_file(app_index: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Environment of the app: the session's index and a fresh feedback file."""
    monkeypatch.setenv("KOMPASS_INDEX", str(app_index))
    monkeypatch.delenv("KOMPASS_CORPUS", raising=False)
    path = tmp_path / "feedback" / "feedback.jsonl"
    monkeypatch.setenv("KOMPASS_FEEDBACK", str(path))
    return path


def start() -> AppTest:
    return run_app(APP)


ask = ask_app


def markdown(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown]


def captions(at: AppTest) -> list[str]:
    return [c.value for c in at.caption]


def network_titles(at: AppTest, lang: str) -> list[str]:
    """The closest networks of the shown answers, in order ("Halberstadt", ...)."""
    marker = f"— {ui('similarity', lang)} **"
    return [m.split("**")[1] for m in markdown(at) if marker in m]


def last_advice(at: AppTest):
    return at.session_state["turns"][-1].answer


def shown_follow_ups(at: AppTest, lang: str) -> list[str]:
    """The follow-up questions the last answer offers, as text in ``lang``."""
    asked = [turn.answer.query for turn in at.session_state["turns"]]
    return [follow_up_text(f, lang) for f in offered_follow_ups(last_advice(at).follow_ups, asked)]


def has_section(at: AppTest, key: str, lang: str) -> bool:
    """Whether an answer part (an expander "**Success factors** (3)") is shown."""
    return any(e.label.startswith(f"**{ui('part_' + key, lang)}** (") for e in at.expander)


def assert_cited_answer(at: AppTest, lang: str) -> None:
    """The answer's parts are there, in the UI language, each quote with its source."""
    values = markdown(at)
    assert f"#### {ui('closest_networks', lang)}" in values
    for key in ("success_factors", "lessons"):
        assert has_section(at, key, lang)
    advice = last_advice(at)
    assert advice.summary and any(s.value.startswith(f"**{ui('summary_title', lang)}:**") for s in at.success)
    assert advice.part(Part.SUCCESS_FACTORS) and advice.part(Part.LESSONS)
    for result in advice.answer:
        text = result.problem if result.solution and result.problem else result.text
        if len(text) > LONG_QUOTE and not result.solution:  # a long quote shows the part that answers first
            text = excerpt(text, advice.read_question, LONG_QUOTE).text
        shown = escape_markdown(text[:80].rsplit(" ", 1)[0] if len(text) > 80 else text)
        assert any(f"**[{result.number}]**" in v and shown in v for v in values)
        assert any(escape_markdown(result.source) in c for c in captions(at))
    offered = shown_follow_ups(at, lang)
    assert 2 <= len(offered) <= 3
    labels = [b.label for b in at.button]
    assert all(escape_markdown(q) in labels for q in offered)
    assert len(at.feedback) == len(at.session_state["turns"])


# --------------------------------------------------------------------------- situations in three languages


def test_german_small_town_recommends_halberstadt(feedback_file: Path) -> None:
    at = ask(start(), GERMAN)
    assert at.session_state["ui_lang"] == "de"
    assert [tab.label for tab in at.tabs] == [ui("tab_chat", "de"), ui("tab_networks", "de"), ui("tab_compare", "de")]
    assert network_titles(at, "de")[0] == "Halberstadt"
    assert_cited_answer(at, "de")
    assert any("halberstadt.en.txt" in c for c in captions(at))
    # The situation profile, as editable widgets.
    assert at.selectbox(key="p_size_de").value == "small_town"
    assert at.selectbox(key="p_coordination_de").value == "coordination_none"
    assert "refugees" in at.multiselect(key="p_target_groups_de").value
    # The facet breakdown as badges: "Kleinstadt ✓".
    assert ":green-badge[Kleinstadt ✓]" in markdown(at)
    assert len(at.chat_message) == 2


def test_english_situation(feedback_file: Path) -> None:
    at = ask(start(), ENGLISH)
    assert at.session_state["ui_lang"] == "en"
    assert network_titles(at, "en")[0] in ("Erfurt", "Dortmund")  # the large cities
    assert_cited_answer(at, "en")
    assert set(at.pills(key="p_challenges_en").value) >= {"volunteers", "information_loss"}


def test_turkish_situation(feedback_file: Path) -> None:
    at = ask(start(), TURKISH)
    assert at.session_state["ui_lang"] == "tr"
    assert network_titles(at, "tr")[0] in ("Dortmund", "Erfurt")  # the large cities
    assert_cited_answer(at, "tr")
    # The sheet's solution of a lesson is shown with it, labelled in Turkish; quotes stay English.
    lessons = last_advice(at).answer
    solved = [lesson for lesson in lessons if lesson.solution]
    assert solved
    assert any(ui("solution", "tr") in v and escape_markdown(solved[0].solution) in v for v in markdown(at))


# --------------------------------------------------------------------------- follow-ups and the profile


def test_follow_up_refines_profile(feedback_file: Path) -> None:
    at = ask(start(), GERMAN)
    assert "funding" not in at.session_state["profile"].challenges
    ask(at, "Und wir haben kein Geld.")
    profile = at.session_state["profile"]
    assert "funding" in profile.challenges
    assert profile.size == "small_town" and profile.coordination == "coordination_none"
    assert "funding" in at.pills(key="p_challenges_de").value
    assert len(at.chat_message) == 4
    assert network_titles(at, "de")[-3] == "Halberstadt"  # the last answer's best match


def test_follow_up_button_asks_it(feedback_file: Path) -> None:
    at = ask(start(), GERMAN)
    question = shown_follow_ups(at, "de")[0]
    next(b for b in at.button if b.label == escape_markdown(question)).click().run()
    assert not at.exception
    assert len(at.session_state["turns"]) == 2
    assert last_advice(at).query == question
    assert at.chat_message[2].markdown[0].value == escape_markdown(question)


def test_follow_up_buttons_follow_a_language_switch(feedback_file: Path) -> None:
    at = ask(start(), GERMAN)
    german = shown_follow_ups(at, "de")
    assert german
    at.selectbox(key="ui_lang").set_value("tr").run()
    assert not at.exception
    labels = {b.label for b in at.button}
    assert not {escape_markdown(q) for q in german} & labels  # no German button left
    turkish = shown_follow_ups(at, "tr")
    assert turkish and {escape_markdown(q) for q in turkish} <= labels
    next(b for b in at.button if b.label == escape_markdown(turkish[0])).click().run()
    assert not at.exception
    assert last_advice(at).query == turkish[0]


def test_a_fact_value_that_is_its_whole_quote_is_shown_once(feedback_file: Path) -> None:
    at = ask(start(), "When was the Erfurt network founded?")
    facts = last_advice(at).part(Part.FACTS)
    assert any(q.value == q.text for q in facts) and any(q.value != q.text for q in facts)
    for quote in facts:
        [line] = [m for m in markdown(at) if m.startswith(f"**[{quote.number}]** ")]
        if " ".join(quote.text.split()).casefold() == " ".join((quote.value or "").split()).casefold():
            assert not {"„", "“"} & set(line) and line.count(escape_markdown(quote.text)) == 1, line
        else:
            # in the English interface's marks (s16 tester V1: „…“ in every language)
            assert ui("summary_quoted_value", "en", value=escape_markdown(quote.text)) in line, line


def test_quotes_are_shown_in_number_order(feedback_file: Path) -> None:
    """An overview opens with the network's description [1], then its facts [2] …"""
    at = ask(start(), "Halberstadt")
    shown = [int(m.group(1)) for line in markdown(at) if (m := re.match(r"\*\*\[(\d+)\]\*\*", line))]
    assert last_advice(at).answer[0].section == "description"
    assert shown and shown == sorted(shown) and shown[0] == 1, shown


def test_profile_edits_and_weights_apply_to_next_question(feedback_file: Path) -> None:
    at = ask(start(), GERMAN)
    at.selectbox(key="p_size_de").set_value("large_city").run()
    assert not at.exception
    assert at.session_state["profile"].size == "large_city"
    at.select_slider(key="w_coordination").set_value(0.0).run()
    assert not at.exception
    ask(at, "Wie halten wir Ehrenamtliche bei der Stange?")
    turn = at.session_state["turns"][-1]
    assert turn.answer.profile.size == "large_city"
    assert turn.weights["coordination"] == 0.0
    assert any(v.startswith(":gray-badge[") and "⊘" in v for v in markdown(at))


@pytest.mark.parametrize(("lang", "one", "half"), [("de", "1,00", "0,50"), ("en", "1.00", "0.50"),
                                                  ("tr", "1,00", "0,50")])
def test_weight_sliders_write_numbers_as_the_page_does(feedback_file: Path, lang: str, one: str, half: str) -> None:
    """W15 (session 10 tester): the sliders showed "1.00" / "0.00" in the German and Turkish
    interface while the page writes "Ähnlichkeit 0,57"."""
    at = start()
    if at.session_state["ui_lang"] != lang:
        at.selectbox(key="ui_lang").set_value(lang).run()
    slider = at.select_slider(key="w_coordination")
    assert not at.exception
    assert slider.value == 1.0 and one in slider.options and half in slider.options, slider.options
    assert at.select_slider(key="w_target_groups").value == 0.5
    assert not any("." in o for o in slider.options) if lang != "en" else "2.00" in slider.options


def test_example_button_asks_the_example(feedback_file: Path) -> None:
    at = start()
    at.button(key="example_main_0").click().run()
    assert not at.exception
    assert last_advice(at).query == GERMAN
    # A button the English interface offered never switches it (V1); the quotes follow the German text.
    assert at.session_state["ui_lang"] == "en"
    assert (last_advice(at).language, last_advice(at).ui_language) == ("de", "en")


# --------------------------------------------------------------------------- no match, empty input


def test_out_of_scope_says_so_and_recommends_nothing(feedback_file: Path) -> None:
    at = ask(start(), LASAGNE)
    advice = last_advice(at)
    assert not advice.matched and not advice.networks
    assert [i.value for i in at.info] == [escape_markdown(t("out_of_scope", "en"))]
    assert ui("rephrase_hint", "en") in markdown(at)
    assert not has_section(at, "success_factors", "en")
    assert not any(".txt" in c for c in captions(at))
    assert not network_titles(at, "en")


@pytest.mark.parametrize("text", ["", "   \n  "])
def test_empty_input_asks_for_a_description(feedback_file: Path, text: str) -> None:
    at = ask(start(), text)
    assert not at.session_state["turns"]
    assert [w.value for w in at.warning] == [escape_markdown(t("empty_question", "en"))]
    assert not at.chat_message


# --------------------------------------------------------------------------- filters


def test_informal_filter_leaves_only_halberstadt(feedback_file: Path) -> None:
    at = start()
    at.multiselect(key="f_formalisations_en").set_value(["informal_cooperation"]).run()
    assert not at.exception
    assert ui("filters_status", "en", n=1, total=3) in captions(at)
    ask(at, ENGLISH)  # unfiltered, a large city would come first
    advice = last_advice(at)
    assert {m.network_id for m in advice.networks} == {"halberstadt"}
    assert network_titles(at, "en") == ["Halberstadt"]
    quoted = advice.answer
    assert quoted and {r.network_id for r in quoted} == {"halberstadt"}
    assert not any("erfurt." in c or "dortmund." in c for c in captions(at))


def test_a_new_conversation_says_that_filters_are_set(feedback_file: Path) -> None:
    """Session 19 browser tester F5: after a filter, "New conversation" kept it with no word of it on the
    welcome screen (on a phone the sidebar is closed). The welcome screen says so, in the interface's
    language, and clears them."""
    at = start()
    assert ui("filters_active", "en", n=1, total=3) not in [i.value for i in at.info]
    at.multiselect(key="f_formalisations_en").set_value(["informal_cooperation"]).run()
    ask(at, ENGLISH)
    at.button(key="new_conversation").click().run()
    assert not at.exception and not at.session_state["turns"]
    assert ui("filters_active", "en", n=1, total=3) in [i.value for i in at.info]
    for lang in ("de", "tr"):
        at.selectbox(key="ui_lang").set_value(lang).run()
        assert not at.exception
        assert ui("filters_active", lang, n=1, total=3) in [i.value for i in at.info], lang
    at.button(key="filters_clear_welcome").click().run()
    assert not at.exception
    assert not any(ui("filters_active", "tr", n=n, total=3) in [i.value for i in at.info] for n in (1, 3))


def test_type_filter_and_filters_that_exclude_everything(feedback_file: Path) -> None:
    at = start()
    at.multiselect(key="f_types_en").set_value(["type:state-integration-network"]).run()
    ask(at, GERMAN)
    assert {m.network_id for m in last_advice(at).networks} == {"dortmund", "erfurt"}
    at.multiselect(key="f_formalisations_de").set_value(["informal_cooperation"]).run()
    assert ui("filters_none", "de") in [w.value for w in at.warning]
    ask(at, "Und wir haben kein Geld.")
    advice = last_advice(at)
    assert not advice.matched and advice.notices == [Notice(code=NoticeCode.FILTERS_NONE)]
    assert ui("filters_none", "de") in [i.value for i in at.info]


def test_a_notice_follows_a_language_switch(feedback_file: Path) -> None:
    """Notices are codes: after a switch to Turkish the earlier answer's notice is Turkish."""
    at = ask(start(), "Wie koche ich eine Lasagne mit Spinat?")
    advice = last_advice(at)
    assert not advice.matched and Notice(code=NoticeCode.OUT_OF_SCOPE) in advice.notices
    assert [i.value for i in at.info] == [escape_markdown(message_text(advice.notices, "de") or "")]
    at.selectbox(key="ui_lang").set_value("tr").run()
    assert not at.exception
    turkish = message_text(advice.notices, "tr") or ""
    assert [i.value for i in at.info] == [escape_markdown(turkish)]
    assert ui("out_of_scope", "tr") in turkish and ui("out_of_scope", "de") not in turkish


def test_a_place_without_a_network_is_said_first_in_the_interface_language(feedback_file: Path) -> None:
    """"Gibt es Netzwerke in Bayern?" on the seed corpus (Thuringia, NRW, Saxony-Anhalt): the
    answer says first that no network is there, naming the place in the interface's language
    (also after a switch), then shows the networks of Germany."""
    at = ask(start(), "Gibt es Netzwerke in Bayern?")
    advice = last_advice(at)
    assert advice.matched and advice.answer and advice.notices[0].code is NoticeCode.NO_NETWORK_THERE_AROUND
    assert at.info[0].value == escape_markdown(message_text(advice.notices, "de") or "")
    assert "Bayern" in at.info[0].value
    at.selectbox(key="ui_lang").set_value("en").run()
    assert not at.exception
    assert "Bavaria" in at.info[0].value and "Bayern" not in at.info[0].value


def test_answer_again_with_new_filters_replaces_the_last_answer(feedback_file: Path) -> None:
    at = ask(start(), ENGLISH)
    assert network_titles(at, "en")[0] != "Halberstadt"
    at.multiselect(key="f_formalisations_en").set_value(["informal_cooperation"]).run()
    at.button(key="rerun_last").click().run()
    assert not at.exception
    assert len(at.session_state["turns"]) == 1
    assert network_titles(at, "en") == ["Halberstadt"]


# --------------------------------------------------------------------------- language


@pytest.mark.parametrize("question", ["Fundng?", "Dortmund vs Erfurt", "Erfurt vs Halberstadt", "fundig",
                                      "Wer koordinirt in Erfurt?"])
def test_a_first_question_without_a_clear_language_keeps_the_ui(feedback_file: Path, question: str) -> None:
    at = ask(start(), question)
    assert at.session_state["ui_lang"] == "en"
    assert [tab.label for tab in at.tabs] == [ui("tab_chat", "en"), ui("tab_networks", "en"), ui("tab_compare", "en")]
    assert last_advice(at).language == "en"
    assert last_advice(at).matched  # V11: "fundig" is "funding" mistyped, as "Fundng?" is


@pytest.mark.parametrize("question", ["Gönüllüler neden ayrılıyor ve ne yapabiliriz?",
                                      # s19 tester: one Turkish stop word or none, answered in English
                                      "Gönüllülerle nasıl çalışıyorlar?", "Erfurt'ta kim koordine ediyor?"])
def test_a_first_question_clearly_in_another_language_switches_the_ui(feedback_file: Path, question: str) -> None:
    at = ask(start(), question)
    assert at.session_state["ui_lang"] == "tr"
    assert last_advice(at).language == "tr"


@pytest.mark.parametrize(("ui_lang", "question", "asked"), [
    ("en", "Finansman?", "tr"), ("en", "İletişim bilgileri?", "tr"), ("en", "Finanzierung?", "de"),
    ("de", "Funding?", "en"), ("tr", "Finanzierung?", "de"),
])
def test_a_first_question_of_a_word_or_two_offers_its_language(feedback_file: Path, ui_lang: str, question: str,
                                                               asked: str) -> None:
    """s19 tester: "Finansman?" in an English browser was answered in English with no way to Turkish. A word
    or two of a language's own keep the interface (answered in its language) and offer the question's."""
    at = ask(run_app(APP, language=None if ui_lang == "en" else ui_lang), question)
    assert at.session_state["ui_lang"] == ui_lang
    assert last_advice(at).language == asked
    [button] = [b for b in at.button if b.label == ui("continue_in_language", asked)]
    button.click().run()
    assert not at.exception
    assert at.session_state["ui_lang"] == asked



#: (interface language, a question clearly in another language, that language): asked after
#: a first question, which keeps the interface's language (s10 tester's W14).
OTHER_LANGUAGE_QUESTIONS = [
    ("en", "Gönüllüler neden ayrılıyor ve ne yapabiliriz?", "tr"),
    ("tr", "Wie wird das Netzwerk in Halberstadt finanziert?", "de"),
    ("de", "How many volunteers are involved in the welcome offices?", "en"),
]


@pytest.mark.parametrize(("ui_lang", "question", "asked"), OTHER_LANGUAGE_QUESTIONS)
def test_a_question_in_another_language_offers_to_continue_in_it(
    feedback_file: Path, ui_lang: str, question: str, asked: str,
) -> None:
    at = start()
    if ui_lang != "en":
        at.selectbox(key="ui_lang").set_value(ui_lang).run()
    ask(at, "Dortmund")
    assert not [b for b in at.button if b.label == ui("continue_in_language", asked)]
    ask(at, question)
    assert at.session_state["ui_lang"] == ui_lang  # only a first question switches it
    assert last_advice(at).language == asked
    [button] = [b for b in at.button if b.label == ui("continue_in_language", asked)]
    assert button.proto.help == ui("continue_in_language_help", asked)
    button.click().run()
    assert not at.exception
    assert at.session_state["ui_lang"] == asked
    assert [tab.label for tab in at.tabs] == [ui("tab_chat", asked), ui("tab_networks", asked),
                                              ui("tab_compare", asked)]
    assert any(s.value.startswith(f"**{ui('summary_title', asked)}:**") for s in at.success)
    # Offered once: the answer is now in the question's language, and the language stays chosen.
    assert not [b for b in at.button if "continue_in" in (b.key or "")]
    ask(at, "Dortmund vs Erfurt")
    assert at.session_state["ui_lang"] == asked


@pytest.mark.parametrize("question", ["Dortmund vs Erfurt", "Fundng?", "Halberstadt"])
def test_a_question_without_a_clear_language_offers_no_other_one(feedback_file: Path, question: str) -> None:
    at = ask(start(), "Dortmund")
    ask(at, question)
    assert last_advice(at).language == "en"
    assert not [b for b in at.button if "continue_in" in (b.key or "")]


def test_a_switch_in_the_sidebar_offers_no_way_back(feedback_file: Path) -> None:
    """T6 (s14 tester): after a switch in the sidebar the last answer offered to go on in the
    language left behind ("Continue in English" for "Dortmund vs Erfurt", which has none, or for
    a question in it). Only a question in another language than the interface it was answered
    in is offered its language, also after a switch to a third one."""
    at = ask(start(), "Dortmund vs Erfurt")
    at.selectbox(key="ui_lang").set_value("tr").run()
    assert not at.exception
    assert not [b for b in at.button if "continue_in" in (b.key or "")]
    ask(at, "Who coordinates the network in Dortmund?")  # answered in Turkish: a later question
    assert last_advice(at).language == "en"
    assert [b for b in at.button if b.label == ui("continue_in_language", "en")]
    at.selectbox(key="ui_lang").set_value("de").run()
    assert not at.exception
    assert [b for b in at.button if b.label == ui("continue_in_language", "en")]  # still asked in English


def test_language_switch_translates_the_ui(feedback_file: Path) -> None:
    at = start()
    assert at.session_state["ui_lang"] == "en"
    assert f"### {ui('welcome_title', 'en')}" in markdown(at)
    at.selectbox(key="ui_lang").set_value("tr").run()
    assert not at.exception
    assert [tab.label for tab in at.tabs] == [ui("tab_chat", "tr"), ui("tab_networks", "tr"), ui("tab_compare", "tr")]
    assert f"### {ui('welcome_title', 'tr')}" in markdown(at)
    assert at.selectbox(key="p_size_tr").label == ui("facet_size", "tr")
    [uploader] = at.get("file_uploader")  # what of the uploader can be translated, is
    assert uploader.proto.label == ui("conversation_open", "tr")
    assert uploader.proto.help == ui("conversation_open_help", "tr", mb=MAX_SAVED_MB)
    assert uploader.proto.max_upload_size_mb == MAX_SAVED_MB
    # A chosen language is kept: an English question does not switch it back.
    ask(at, ENGLISH)
    assert at.session_state["ui_lang"] == "tr"
    assert has_section(at, "success_factors", "tr")
    at.selectbox(key="ui_lang").set_value("de").run()
    assert not at.exception
    assert has_section(at, "success_factors", "de")
    assert not has_section(at, "success_factors", "tr")
    # The profile widgets are relabelled and keep their ids.
    assert at.pills(key="p_challenges_de").value == at.session_state["profile"].challenges
    ask(at, "Wie wird das Netzwerk in Halberstadt finanziert?")
    assert last_advice(at).ui_language == "de"
    assert f"#### {ui('closest_networks', 'de')}" in markdown(at)


# --------------------------------------------------------------------------- networks and comparison


def test_network_profile_shows_facts_sources_and_quality_flags(feedback_file: Path) -> None:
    at = start()
    at.session_state["main_tab_en"] = ui("tab_networks", "en")
    at.run()
    at.selectbox(key="net_sel").set_value("erfurt").run()
    assert not at.exception
    facts = next(m for m in markdown(at) if m.startswith("- **"))
    for source in ("erfurt.en.txt", "erfurt.de.txt"):
        assert f"[{escape_markdown(source)}](?doc={source}&at=" in facts  # a link to the passage, no offsets shown
    assert "erfurt.tr.txt" not in facts  # the translation is not listed a second time in the English UI
    founding = facts.split("- **Founding year**", 1)[1].split("\n- **", 1)[0]
    assert ui("conflict_flag", "en") in founding and "2004" in founding and "1999" in founding
    warnings = [w.value for w in at.warning]
    assert any(w.startswith("Founding year: Sources disagree") for w in warnings)
    at.selectbox(key="net_sel").set_value("halberstadt").run()
    assert any("not a plausible founding year" in w for w in (w.value for w in at.warning))
    assert any("Agreements are mutually respected" in m for m in markdown(at))


def test_open_profile_from_an_answer(feedback_file: Path) -> None:
    at = ask(start(), GERMAN)
    at.button(key=f"open_{at.session_state['turns'][0].id}_halberstadt").click().run()
    assert not at.exception
    assert at.session_state["main_tab_de"] == ui("tab_networks", "de")
    assert at.selectbox(key="net_sel").value == "halberstadt"


def test_comparison_side_by_side(feedback_file: Path) -> None:
    at = start()
    at.session_state["main_tab_en"] = ui("tab_compare", "en")
    at.run()
    assert not at.exception
    values = markdown(at)
    for key in ("row_founding", "row_coordination", "row_formalisation", "row_members", "row_fields",
                "row_groups", "row_resources", "row_success", "row_challenges"):
        assert f"**{ui(key, 'en')}**" in values
    at.multiselect(key="cmp_sel").set_value(["dortmund", "erfurt", "halberstadt"]).run()  # two shown, a third added
    assert "No coordinating organisation" in markdown(at)
    at.multiselect(key="cmp_sel").set_value(["halberstadt"]).run()
    assert [i.value for i in at.info] == [ui("compare_hint", "en")]


# --------------------------------------------------------------------------- export and feedback


def test_export_of_the_conversation(feedback_file: Path) -> None:
    at = ask(start(), GERMAN)
    ask(at, "Und wir haben kein Geld.")
    advices = [turn.answer for turn in at.session_state["turns"]]
    text = conversation_markdown(advices, "de")
    page = conversation_html(advices, "de")
    for advice in advices:
        assert escape_markdown(advice.query) in text
        for result in advice.answer:
            assert escape_markdown(result.problem if result.solution and result.problem else result.text) in text
            assert result.source in text and result.source in page
    assert "Und wir haben kein Geld." in page
    assert text.count(f"## {ui('export_question', 'de', n=1)}") == 1
    assert f"## {ui('export_question', 'de', n=2)}" in text
    assert [b.label for b in at.download_button] == [ui("export_md", "de"), ui("export_html", "de"),
                                                     ui("export_json", "de")]


def test_thumbs_append_feedback_records(feedback_file: Path) -> None:
    at = ask(start(), GERMAN)
    advice = last_advice(at)
    at.feedback[0].set_value(1).run()
    assert not at.exception
    records = read_feedback(feedback_file)
    assert len(records) == 1
    assert records[0].question == GERMAN
    assert records[0].rating == "up"
    assert records[0].result_ids == advice.result_ids()
    assert records[0].network_ids[0] == "halberstadt"
    assert ui("feedback_thanks", "de") in captions(at)
    at.feedback[0].set_value(0).run()
    lines = feedback_file.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["rating"] for line in lines] == ["up", "down"]


# --------------------------------------------------------------------------- safety


@pytest.fixture
def script_corpus(corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A corpus whose Halberstadt sheet has a success factor with a script tag, indexed."""
    corpus = tmp_path / "corpus"
    shutil.copytree(corpus_dir, corpus, copy_function=shutil.copyfile)
    sheet = corpus / "halberstadt.en.txt"
    text = sheet.read_text(encoding="utf-8")
    old = "<li>Agreements are mutually respected</li>"
    assert old in text
    sheet.write_text(text.replace(old, f"<li>Agreements are mutually respected {SCRIPT}</li>"), encoding="utf-8")
    index = tmp_path / "index"
    load_engine(Settings(corpus=corpus, index=index))
    monkeypatch.setenv("KOMPASS_CORPUS", str(corpus))
    monkeypatch.setenv("KOMPASS_INDEX", str(index))
    monkeypatch.setenv("KOMPASS_FEEDBACK", str(tmp_path / "feedback.jsonl"))
    return corpus


def test_script_in_a_sheet_is_shown_as_text(script_corpus: Path) -> None:
    escaped = escape_markdown(SCRIPT)
    assert escaped == r"\<script\>alert(1)\</script\>"
    at = ask(start(), GERMAN)
    advice = last_advice(at)
    quoted = [r for r in advice.answer if SCRIPT in r.text]
    assert quoted, "the poisoned success factor should be recommended"
    everything = markdown(at) + captions(at) + [i.value for i in at.info]
    assert any(escaped in v for v in everything)
    assert not any(SCRIPT in v for v in everything)
    # The network profile shows it as text, too.
    at.session_state["main_tab_de"] = ui("tab_networks", "de")
    at.run()
    at.selectbox(key="net_sel").set_value("halberstadt").run()
    assert not at.exception
    assert any(escaped in v for v in markdown(at)) and not any(SCRIPT in v for v in markdown(at))
    # And both exports escape it.
    page = conversation_html([advice], "de")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script" not in page
    assert escaped in conversation_markdown([advice], "de")


# --------------------------------------------------------------------------- first start


def test_missing_index_is_built_with_visible_progress(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    index = tmp_path / "no-index-yet"
    monkeypatch.setenv("KOMPASS_INDEX", str(index))
    monkeypatch.delenv("KOMPASS_CORPUS", raising=False)
    monkeypatch.setenv("KOMPASS_FEEDBACK", str(tmp_path / "feedback.jsonl"))
    at = start()
    assert (index / "current" / "manifest.json").is_file()
    [status] = at.get("status")
    assert status.label == ui("index_ready", "en")
    assert len(status.children) == 1  # the progress bar
    # The next run finds the index: no status any more, and answers work.
    ask(at, GERMAN)
    assert not at.get("status")
    assert network_titles(at, "de")[0] == "Halberstadt"


def test_document_view_highlights_the_quoted_passage(feedback_file: Path) -> None:
    """A source link opens the decoded document with the passage marked (text escaped)."""
    at = AppTest.from_file(APP, default_timeout=60)
    text = (Path(APP).parent / "corpus" / "halberstadt.en.txt").read_text(encoding="utf-8")
    start = text.index("Agreements are mutually respected")
    at.query_params["doc"] = "halberstadt.en.txt"
    at.query_params["at"] = f"{start}-{start + len('Agreements are mutually respected')}"
    at.run()
    assert not at.exception
    page = "".join(str(h.proto.body) for h in at.get("html"))
    assert '<mark id="quote"' in page and ">Agreements are mutually respected</mark>" in page
    assert ui("document_passage", "en") in [i.value for i in at.info]
    # Only indexed documents are shown: no path outside the corpus can be read.
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["doc"] = "../pyproject.toml"
    at.run()
    assert not at.exception
    assert ui("document_unknown", "en") in [w.value for w in at.warning]


def test_compare_shows_every_source_of_a_conflicting_fact(feedback_file: Path) -> None:
    at = start()
    at.session_state["main_tab_en"] = ui("tab_compare", "en")
    at.run()
    values = " ".join(markdown(at))
    assert "Circa 80" in values and "über 60 Akteure" in values


def test_the_compare_tab_shows_the_networks_a_comparison_named(feedback_file: Path) -> None:
    """X10 (s7 tester): "Vergleiche Halberstadt und Neuwerben" pointed to the tab, which showed
    the first three networks of the index; unasked, it shows two, so a third can be added."""
    at = ask(start(), "Compare Halberstadt and Erfurt")
    assert list(at.session_state["cmp_sel"]) == ["erfurt", "halberstadt"]
    fresh = start()
    fresh.session_state["main_tab_en"] = ui("tab_compare", "en")
    fresh.run()
    assert len(fresh.session_state["cmp_sel"]) == 2


def test_a_long_quote_shows_the_sentences_that_answer_first(feedback_file: Path) -> None:
    """Walk-through U15: Erfurt's German page says how it is financed in its middle; the quote
    shows that part (with "…" before it), the whole passage stays behind "full quote"."""
    at = ask(start(), "Wie finanzieren sich die Netzwerke?")
    quotes = [m for m in markdown(at) if m.startswith("**[") and "Erfurt" in m]
    assert any("finanziert" in m and "> … Als erstes Modellprojekt" in m for m in quotes), quotes


def test_a_reference_to_an_earlier_answer_shows_what_answers_now(feedback_file: Path) -> None:
    """Walk-through V6: answer 1 (transfer) showed Erfurt's German page; "How are the networks
    funded?" refers to it ("already shown in answer 1: …") by its funding words, not by its
    opening „Die Basis für die Integration …“ about how the network began."""
    at = ask(ask(start(), "I work for an NGO. Which network models have proven transferable to other towns?"),
             "How are the networks funded?")
    reference = ui("earlier_reference", "en", n=1)
    repeated = [q for q in last_advice(at).answer if q.earlier_turn == 1]
    assert repeated, "the funding answer refers to a passage answer 1 showed"
    lines = [m for m in markdown(at) if reference in m]
    assert len(lines) == len(repeated)
    erfurt = next(m for m in lines if "Erfurt" in m)
    assert "finanziert" in erfurt and "Die Basis für die Integration" not in erfurt, erfurt
    # Out of what answer 1 showed of it, so the user recognises it (the tester's backref check).
    first = at.session_state["turns"][0].answer
    for quote in repeated:
        earlier = next(q for q in first.answer if q.key == quote.key)
        shown = (excerpt(earlier.text, first.read_question, LONG_QUOTE).text if len(earlier.text) > LONG_QUOTE
                 else earlier.text)
        line = next(m for m in lines if f"**[{quote.number}]**" in m)
        teaser_text = line.split("“", 1)[1].rsplit("”", 1)[0].removeprefix("… ").removesuffix(" …")  # English marks
        assert teaser_text in escape_markdown(shown), line


@pytest.mark.parametrize("lang", ["de", "en", "tr"])
def test_every_sidebar_field_has_its_own_name(feedback_file: Path, lang: str) -> None:
    """Tester W9: the situation's "Handlungsfelder" and the filter's "Handlungsfelder" had one
    accessible name; a screen reader could not tell "my town's fields" from "filter by field"."""
    at = start()
    if lang != at.session_state["ui_lang"]:
        at.selectbox(key="ui_lang").set_value(lang).run()
        assert not at.exception
    labels = [w.label for w in (*at.sidebar.multiselect, *at.sidebar.selectbox)]
    assert len(labels) >= 8 and len(labels) == len(set(labels)), labels
