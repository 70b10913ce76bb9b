"""What an answer given while new sheets are being indexed tells the user (walk-through U11)."""

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
