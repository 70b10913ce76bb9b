"""A name no sheet has, one letter from a known network's, is said to be read as that network's
(session 12 browser tester Y4): "Wendelbrück" (a new sheet still being indexed, or a typo) got
Wendelsbrück's overview with no word of it, and the follow-ups stayed on Wendelsbrück. Now the answer
says first that no sheet is about "Wendelbrück" and that it is about Wendelsbrück, the closest name."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

import pytest

from assistant.chat import ChatAnswer, Conversation
from assistant.notices import Notice, NoticeCode
from assistant.recommend import load_engine
from assistant.settings import Settings
from assistant.views.notices import notice_text

pytestmark = pytest.mark.heavy  # the real engine

GROWTH = Path(__file__).resolve().parent.parent / "eval" / "growth" / "corpus"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory, project_root: Path):  # noqa: ANN201 - the real engine
    root = tmp_path_factory.mktemp("wendelsbrueck")
    corpus = root / "corpus"
    shutil.copytree(project_root / "corpus", corpus)
    shutil.copy(GROWTH / "wendelsbrueck.en.txt", corpus / "wendelsbrueck.en.txt")
    return load_engine(Settings(corpus=corpus, index=root / "index", threads=1))


def _converse(engine, turns: Sequence[str], ui: str) -> list[ChatAnswer]:  # noqa: ANN001 - the real engine
    conversation = Conversation()
    for text in turns:
        conversation.turns.append(engine.chat(text, conversation=conversation, ui_language=ui))
    return conversation.turns


def _read_as(answer: ChatAnswer) -> list[dict[str, str | int]]:
    return [n.params for n in answer.notices if n.code is NoticeCode.NAME_READ_AS]


@pytest.mark.parametrize(("ui", "turns"), [
    ("de", ["Wendelbrück", "Wann wurde es gegründet?"]),
    ("en", ["Wendelbrück", "when was it founded?"]),
    ("tr", ["Wendelbrück", "Ne zaman kuruldu?"]),
    ("de", ["Wie wird Wendelbrück finanziert?"]),
    ("en", ["What went wrong in Wendelbrück?"]),
    ("tr", ["Wendelbrück'te neler ters gitti?"]),
])
def test_a_name_one_letter_from_a_network_is_said_to_be_read_as_it(engine, ui: str, turns: list[str]) -> None:  # noqa: ANN001
    first, *rest = _converse(engine, turns, ui)
    assert first.named == ["wendelsbruck"]
    assert _read_as(first) == [{"name": "Wendelbrück", "network": "Wendelsbrück"}], first.notices
    assert first.notices[0].code is NoticeCode.NAME_READ_AS  # said first
    text = notice_text(first.notices[0], ui)
    assert "Wendelbrück" in text and "Wendelsbrück" in text
    for answer in rest:  # the follow-ups stay with the network the answer said it is about, without saying it again
        assert answer.named == ["wendelsbruck"] and not _read_as(answer)


@pytest.mark.parametrize(("ui", "text"), [("de", "Wendelsbrück"), ("en", "How is Wendelsbrück funded?"),
                                          ("tr", "Wendelsbrück'te neler ters gitti?"), ("de", "Halberstadt")])
def test_a_name_written_right_is_not_said_to_be_read_as_anything(engine, ui: str, text: str) -> None:  # noqa: ANN001
    answer = engine.chat(text, ui_language=ui)
    assert answer.named and not _read_as(answer)


@pytest.mark.parametrize("ui", ["de", "en", "tr"])
def test_a_typo_in_a_seed_name_is_said_too(engine, ui: str) -> None:  # noqa: ANN001
    answer = engine.chat("Halberstat", ui_language=ui)
    assert answer.named == ["halberstadt"]
    assert _read_as(answer) == [{"name": "Halberstat", "network": "Halberstadt"}]


@pytest.mark.parametrize(("lang", "words"), [("de", ("„Wendelbrück“", "keinen Steckbrief", "Wendelsbrück")),
                                             ("en", ("“Wendelbrück”", "no fact sheet", "Wendelsbrück")),
                                             ("tr", ("“Wendelbrück”", "bilgi formu yok", "Wendelsbrück"))])
def test_the_notice_in_each_language(lang: str, words: tuple[str, ...]) -> None:
    text = notice_text(Notice(code=NoticeCode.NAME_READ_AS, params={"name": "Wendelbrück", "network": "Wendelsbrück"}),
                       lang)
    assert all(w in text for w in words), text


APP = str(Path(__file__).resolve().parent.parent / "streamlit_app.py")


@pytest.mark.parametrize("ui", ["de", "en", "tr"])
def test_app_says_the_name_it_read(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch, ui: str) -> None:
    from helpers import ask_app, run_app, seed_index_settings

    monkeypatch.setenv("KOMPASS_INDEX", str(seed_index_settings(tmp_path_factory).index))
    monkeypatch.delenv("KOMPASS_CORPUS", raising=False)
    monkeypatch.setenv("KOMPASS_FEEDBACK", str(tmp_path / "feedback.jsonl"))
    at = run_app(APP)
    at.selectbox(key="ui_lang").set_value(ui).run()
    ask_app(at, "Halberstat")
    read_as = Notice(code=NoticeCode.NAME_READ_AS, params={"name": "Halberstat", "network": "Halberstadt"})
    said = notice_text(read_as, ui)
    shown = [e.value for e in (*at.info, *at.warning, *at.markdown, *at.caption)]
    assert any(said in value for value in shown), shown
