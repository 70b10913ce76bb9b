"""What an answer given while the index is being updated (sheets added, changed or removed)
tells the user (walk-through U11, W6)."""

from __future__ import annotations

import pytest

from assistant.answer import Conversation, while_index_updating
from assistant.notices import Notice, NoticeCode, names_no_sheet, while_index_updates
from assistant.ui_text import ui
from assistant.views.notices import message_text


def test_nothing_found_while_indexing_says_to_ask_again_instead_of_nothing_found() -> None:
    notices = [Notice(code=NoticeCode.TRUNCATED, params={"chars": 2000}), Notice(code=NoticeCode.OUT_OF_SCOPE)]
    updated = while_index_updates(notices, matched=False)
    assert [n.code for n in updated] == [NoticeCode.TRUNCATED, NoticeCode.INDEX_UPDATING_NONE]
    text = message_text(updated, "de")
    assert text is not None
    assert "fragen Sie in ein paar Sekunden noch einmal" in text
    assert ui("out_of_scope", "de") not in text


def test_an_answer_while_indexing_says_where_it_comes_from() -> None:
    updated = while_index_updates([], matched=True)
    assert [n.code for n in updated] == [NoticeCode.INDEX_UPDATING]
    for lang in ("de", "en", "tr"):
        assert message_text(updated, lang) == ui("index_updating", lang)


def test_the_update_is_not_called_new_sheets_since_a_removal_starts_it_too() -> None:
    """Tester W6: after a sheet was removed the app said it was "taking in new fact sheets"."""
    new = {"en": "new", "de": "neu", "tr": "yeni"}
    for lang, word in new.items():
        for key in ("index_updating", "index_updating_none", "corpus_updating", "corpus_updating_toast"):
            text = ui(key, lang)
            assert word not in text.casefold(), (lang, key, text)
        assert len(ui("corpus_updating_toast", lang)) <= 80  # a phone's toast cuts longer ones off


@pytest.mark.parametrize(("question", "ui_lang"), [
    ("Wer koordiniert in Lindenbrück?", "de"), ("Who coordinates in Lindenbrück?", "en"),
    ("Lindenbrück'te kim koordine ediyor?", "tr")])
def test_a_name_no_sheet_has_while_indexing_is_told_to_ask_again_without_other_networks_passages(
        seed_engine, question: str, ui_lang: str) -> None:  # noqa: ANN001 - the session's real engine
    """Session 12 tester Y4: "Lahnbrück" right after its sheet was dropped got a look-alike network's
    passages ("Wendelsbrück") under "this answer comes from the sheets indexed before", and the next
    questions stayed with that network. It may be the sheet being indexed: ask again in a few seconds."""
    answer = seed_engine.chat(question, ui_language=ui_lang)
    assert answer.matched and answer.answer and names_no_sheet(answer.notices)  # closest passages of others
    updating = while_index_updating(answer)
    assert not updating.matched
    assert not updating.answer and not updating.named and not updating.networks and not updating.follow_ups
    assert [n.code for n in updating.notices] == [NoticeCode.INDEX_UPDATING_NONE]
    assert message_text(updating.notices, ui_lang) == ui("index_updating_none", ui_lang)
    # The next question does not point back to a network of those passages.
    then = seed_engine.chat({"de": "Wer ist Mitglied?", "en": "Who are the members?", "tr": "Üyeler kim?"}[ui_lang],
                            conversation=Conversation(turns=[updating]), ui_language=ui_lang)
    assert not then.named


def test_an_answer_while_indexing_keeps_its_quotes(seed_engine) -> None:  # noqa: ANN001
    answer = seed_engine.chat("Wie finanziert sich Halberstadt?", ui_language="de")
    updating = while_index_updating(answer)
    assert updating.matched and updating.answer == answer.answer and updating.named == ["halberstadt"]
    assert [n.code for n in updating.notices][-1] is NoticeCode.INDEX_UPDATING
