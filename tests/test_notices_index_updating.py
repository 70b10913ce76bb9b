"""What an answer given while the index is being updated (sheets added, changed or removed)
tells the user (walk-through U11, W6)."""

from __future__ import annotations

from assistant.notices import Notice, NoticeCode, while_index_updates
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
