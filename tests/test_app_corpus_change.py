"""A sheet put into the corpus folder while the app runs is indexed without a restart
(tester finding T10): the page says the index is being updated, goes on answering from
the index it has, and answers from the new sheet once the update is in."""

from __future__ import annotations

import shutil
import weakref
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from assistant.answer import ChatAnswer
from assistant.notices import NoticeCode
from assistant.recommend import background_engine, refresh_engine
from assistant.settings import Settings, load_settings
from assistant.startup import manifest_version
from assistant.ui_text import ui

pytestmark = pytest.mark.heavy  # AppTest over the real engine

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "streamlit_app.py")
NEW_SHEET = ROOT / "tests" / "fixtures" / "new_sheet_en.txt"


@pytest.fixture
def running_app(seed_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[AppTest, Path]:
    """The app over a copy of the seed corpus and of its index (nothing to embed)."""
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(seed_settings.corpus, corpus)
    shutil.copytree(seed_settings.index, index)
    monkeypatch.setenv("KOMPASS_CORPUS", str(corpus))
    monkeypatch.setenv("KOMPASS_INDEX", str(index))
    monkeypatch.setenv("KOMPASS_FEEDBACK", str(tmp_path / "feedback.jsonl"))
    monkeypatch.setenv("KOMPASS_SESSIONS", str(tmp_path / "sessions"))
    monkeypatch.setenv("KOMPASS_THREADS", "1")
    st.cache_data.clear()
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception
    return at, corpus


def test_a_sheet_added_while_the_app_runs_is_indexed_and_said_so(running_app: tuple[AppTest, Path]) -> None:
    at, corpus = running_app
    lang = at.session_state["ui_lang"]
    assert ui("corpus_updating", lang) not in [i.value for i in at.info]  # nothing new yet
    before = manifest_version(load_settings().index)
    old_engine = weakref.ref(background_engine(load_settings(), before).wait())  # what the page answers with

    shutil.copyfile(NEW_SHEET, corpus / "zz_dropped_in.txt")
    st.cache_data.clear()  # the next look at the folder is due (it is throttled to every few seconds)
    at.run()
    assert not at.exception
    assert ui("corpus_updating", lang) in [i.value for i in at.info]
    # said where the answer is too, not only at the top of the page (walk-through U11), short
    # enough for a phone's toast not to cut it off behind Streamlit's English "view more"
    assert ui("corpus_updating_toast", lang) in [t.value for t in at.toast]
    assert len(ui("corpus_updating_toast", lang)) <= 80
    at.chat_input[0].set_value("Lindenbrück").run()  # still answered meanwhile, from the old index
    assert not at.exception
    answer = at.session_state["turns"][-1].answer
    lang = at.session_state["ui_lang"]  # the first question may have chosen it
    # The network asked about is in the sheet being indexed: the answer says so, not just
    # "nothing found" (walk-through U11), and offers to ask again.
    assert not answer.matched
    codes = [n.code for n in answer.notices]
    assert NoticeCode.INDEX_UPDATING_NONE in codes and NoticeCode.OUT_OF_SCOPE not in codes
    assert ui("index_updating_none", lang) in [i.value for i in at.main.info]
    assert ui("ask_again", lang) in [b.label for b in at.main.button]

    refresh_engine(load_settings(), before).wait(timeout=300)
    assert manifest_version(load_settings().index) != before
    at.run()
    assert not at.exception
    lang = at.session_state["ui_lang"]  # the first question may have chosen it
    assert [t.value for t in at.toast] == [ui("corpus_updated", lang, networks=4)]
    assert ui("corpus_updating", lang) not in [i.value for i in at.info]
    at.button(key=f"ask_again_{at.session_state['turns'][-1].id}").click().run()  # the same question again
    assert not at.exception
    assert len(at.session_state["turns"]) == 1  # answered anew in place of "ask again in a few seconds"
    answer = at.session_state["turns"][-1].answer
    assert answer.matched and "Lindenbrück" in str(answer)
    assert not any(n.code in (NoticeCode.INDEX_UPDATING, NoticeCode.INDEX_UPDATING_NONE) for n in answer.notices)
    assert old_engine() is None  # the old index's engine is freed, not kept beside the new one


def _drop_the_sheet_and_ask(at: AppTest, corpus: Path, question: str) -> tuple[str, ChatAnswer]:
    """Drop the new sheet into the running app's corpus and ask ``question`` at once (no cache
    cleared: the app's last look at the folder was just now); the index version before the drop
    and the answer."""
    before = manifest_version(load_settings().index)
    shutil.copyfile(NEW_SHEET, corpus / "zz_dropped_in.txt")
    at.chat_input[0].set_value(question).run()
    assert not at.exception
    return before, at.session_state["turns"][-1].answer


def test_a_question_right_after_a_sheet_is_dropped_is_told_to_ask_again(running_app: tuple[AppTest, Path]) -> None:
    """Tester W5: the folder is looked at every few seconds; a question asked within them after
    a sheet was dropped got the bare "nothing found". An answer that finds nothing looks now."""
    at, corpus = running_app
    before, answer = _drop_the_sheet_and_ask(at, corpus, "Lindenbrück")
    codes = [n.code for n in answer.notices]
    assert not answer.matched and NoticeCode.INDEX_UPDATING_NONE in codes and NoticeCode.OUT_OF_SCOPE not in codes
    lang = at.session_state["ui_lang"]
    assert ui("index_updating_none", lang) in [i.value for i in at.main.info]
    refresh_engine(load_settings(), before).wait(timeout=300)  # the rebuild it started, done before the next test


def test_a_question_naming_the_dropped_sheets_network_gets_no_other_networks_passages(
        running_app: tuple[AppTest, Path]) -> None:
    """Session 12 tester Y4: a question naming the network of a sheet just dropped, with more words
    than its name, found other networks' passages (the name is in no indexed sheet yet) and answered
    with them under "from the sheets indexed before"; the next questions stayed with those networks."""
    at, corpus = running_app
    before, answer = _drop_the_sheet_and_ask(at, corpus, "Wer koordiniert in Lindenbrück?")
    codes = [n.code for n in answer.notices]
    assert not answer.matched and not answer.answer and not answer.named, answer
    assert NoticeCode.INDEX_UPDATING_NONE in codes and NoticeCode.NO_SHEET_NAMED not in codes
    lang = at.session_state["ui_lang"]
    assert ui("ask_again", lang) in [b.label for b in at.main.button]
    refresh_engine(load_settings(), before).wait(timeout=300)
    at.run()
    at.button(key=f"ask_again_{at.session_state['turns'][-1].id}").click().run()
    assert not at.exception
    answer = at.session_state["turns"][-1].answer
    assert answer.matched and answer.named and "Lindenbrück" in str(answer)


def test_a_file_the_rebuild_cannot_read_is_named(running_app: tuple[AppTest, Path]) -> None:
    """Tester W12: a broken PDF dropped into the folder was skipped; only the server log said so."""
    at, corpus = running_app
    before = manifest_version(load_settings().index)
    (corpus / "kaputt.pdf").write_bytes(b"\x87\xc4\x83c+ not a pdf at all")
    (corpus / "zz_dropped_in.txt").write_bytes(NEW_SHEET.read_bytes())  # something to index besides
    st.cache_data.clear()
    at.run()
    refresh_engine(load_settings(), before).wait(timeout=300)
    at.run()
    assert not at.exception
    lang = at.session_state["ui_lang"]
    toasts = [t.value for t in at.toast]
    assert ui("corpus_skipped", lang, files="kaputt.pdf") in toasts, toasts
    assert all(len(t) <= 80 for t in toasts)
