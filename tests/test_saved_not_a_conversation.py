"""A file opened as a saved conversation that holds none (session 16 browser tester V12): a
hand-written Markdown file was told "it is a fact sheet, not a saved conversation: put it into the
corpus folder", as was any .md/.txt/.pdf/.docx without the app's data, and following that would
index a conversation record as a network. Now the fact-sheet hint is given only when the corpus
would read the file as a sheet (the parser's own test for the template's labels); any other file
is told it holds no saved conversation of this app, and that a Markdown export is opened from its
data, not its text."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from helpers import ROOT, ask_app, run_app
from streamlit.testing.v1 import AppTest

from assistant.corpus import looks_like_a_sheet
from assistant.saved_conversations import ConversationLoadError, load_conversation
from assistant.ui_text import ui
from assistant.views.markdown import conversation_markdown
from assistant.views.markdown import escape_markdown as md

APP = str(ROOT / "streamlit_app.py")
SHEET = (ROOT / "corpus" / "halberstadt.en.txt").read_bytes()
SHEET_TR = (ROOT / "corpus" / "erfurt.tr.txt").read_bytes()
#: A network's web page: the corpus reads it as free text, but it is no template sheet (nor is
#: any prose of 30 words, which the free-text reader would take too): no hint to put it there.
PAGE = (ROOT / "corpus" / "erfurt.de.txt").read_bytes()
#: What the tester wrote by hand (/tmp/tester/handmade.md): it looks like an export, holds no data.
HANDMADE = (b"# Netzwerk-Kompass \xe2\x80\x93 conversation record\n\n## Question 1\n\n> Halberstadt\n\n"
            b"Halberstadt has a network coordinator and volunteers. We want to copy its welcome cafe.\n")
#: Prose about a network: the corpus would read it as free text, but it is no template sheet.
PROSE = (b"The network in our town brings together volunteers, the city administration and the "
         b"welfare associations. It was founded in 2016 and meets once a month to plan language "
         b"cafes, mentoring and help with housing for refugees and migrants.\n")


def code(data: bytes, name: str) -> str:
    with pytest.raises(ConversationLoadError) as caught:
        load_conversation(data, name)
    return caught.value.code


@pytest.mark.parametrize("name", ["handmade.md", "notes.txt", "record.MD"])
def test_a_hand_written_file_holds_no_conversation(name: str) -> None:
    assert code(HANDMADE, name) == "none"
    assert code(PROSE, name) == "none"
    assert code(b'{"turns": []}', name.rsplit(".", 1)[0] + ".json") == "none"  # JSON, no conversation


@pytest.mark.parametrize("name", ["halberstadt.en.txt", "sheet.md", "Steckbrief.TXT"])
def test_a_fact_sheet_is_told_where_it_goes(name: str) -> None:
    assert looks_like_a_sheet(SHEET, name) and looks_like_a_sheet(SHEET_TR, name)
    assert code(SHEET, name) == "sheet"
    assert code(SHEET_TR, name) == "sheet"
    assert code(PAGE, name) == "none"


def test_a_sheet_in_a_type_the_corpus_does_not_read_is_no_sheet() -> None:
    for name in ("halberstadt.json", "halberstadt.png", "halberstadt", ""):
        assert not looks_like_a_sheet(SHEET, name)
        assert code(SHEET, name) == "none"
    assert not looks_like_a_sheet(b"%PDF-1.4 not really", "broken.pdf")  # unreadable: no sheet
    assert not looks_like_a_sheet(b"PK\x03\x04 not really", "broken.docx")


#: Who is asked to add a fact sheet: whoever runs the app (session 17 browser tester W19).
RUNS_THE_APP = {"de": "die diese App betreibt", "en": "whoever runs this app", "tr": "uygulamayı çalıştıran kişi"}


@pytest.mark.parametrize("lang", ["de", "en", "tr"])
def test_the_messages_say_so(lang: str) -> None:
    none = ui("conversation_error_none", lang)
    sheet = ui("conversation_error_sheet", lang)
    assert none != sheet and "Markdown" in none and "JSON" in none
    # a planner in a browser cannot put a file on the server: she asks whoever runs the app, and is shown
    # no server path (session 17 browser tester W19: "put it into the corpus folder (/work/wt-tester/corpus)")
    assert RUNS_THE_APP[lang] in sheet and "{" not in sheet and "/" not in sheet


# --------------------------------------------------------------------------- the app


@pytest.fixture
def sessions(seed_app_env: None, tmp_path: Path) -> Path:
    return tmp_path / "sessions"


def upload(at: AppTest, name: str, data: bytes) -> list[str]:
    at.file_uploader(key="conversation_file").set_value((name, data, "text/markdown")).run()
    assert not at.exception, [e.value for e in at.exception]
    return [w.value for w in at.warning]


@pytest.mark.heavy
@pytest.mark.parametrize("lang", ["de", "en", "tr"])
def test_app_says_what_the_file_is(sessions: Path, lang: str, caplog: pytest.LogCaptureFixture) -> None:
    at = run_app(APP, language=lang)
    ask_app(at, "Halberstadt")
    none = md(ui("conversation_load_failed", lang, error=ui("conversation_error_none", lang)))
    warnings = upload(at, "handmade.md", HANDMADE)
    assert none in warnings, warnings
    assert not any(ui("conversation_error_sheet", lang) in w for w in warnings)
    assert len(at.session_state["turns"]) == 1  # the open conversation is kept

    with caplog.at_level(logging.INFO, logger="netzwerk-kompass"):
        warnings = upload(at, "halberstadt.en.txt", SHEET)
    assert any(md(ui("conversation_error_sheet", lang)) in w for w in warnings), warnings
    assert any(RUNS_THE_APP[lang] in w for w in warnings), warnings
    # the server's corpus folder is no business of the browser's user (W19): not on the page
    page = " ".join([*warnings, *(m.value for m in at.markdown), *(c.value for c in at.caption)])
    assert str(ROOT / "corpus") not in page and "corpus/" not in page
    assert any(str(ROOT / "corpus") in r.getMessage() for r in caplog.records)  # the log names it, for whoever runs it
    assert len(at.session_state["turns"]) == 1


@pytest.mark.heavy
def test_an_edited_markdown_export_opens_its_data_not_its_text(sessions: Path) -> None:
    """What README says: a Markdown export's text is not what is reopened."""
    at = run_app(APP)
    ask_app(at, "Halberstadt")
    turns = [turn.answer for turn in at.session_state["turns"]]
    text = conversation_markdown(turns, "en").replace("Halberstadt", "Quedlinburg")
    assert "Quedlinburg" in text and "Halberstadt" not in text.split("<!--")[0]
    opened = load_conversation(text.encode("utf-8"), "export.md").turns
    assert [(a.query, a.summary) for a in opened] == [(a.query, a.summary) for a in turns]
    assert "Quedlinburg" not in opened[0].model_dump_json()
