"""Session 14 browser tester T16: after a described situation, a question pointing back to its
closest networks ("Wie haben die das mit der Mobilität gelöst?") was answered by one of them
alone (every quote Moorwende's bus), and "Kontakt?" then led with the situation's closest network
(Lüttenbrook), not the one just talked about. A part asked alone right after such an answer is
that network's (the one quoted first and in more than half of the quotes); after an answer about
several of them it is still theirs."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

import pytest

from assistant.answer import ChatAnswer, Conversation
from assistant.recommend import load_engine
from assistant.settings import Settings

pytestmark = pytest.mark.heavy  # the real engine, an index of its own

GROWTH = Path(__file__).resolve().parent.parent / "eval" / "growth" / "corpus"
SHEETS = ("moorwende.en.txt", "seewalde.en.txt", "luettenbrook.de.txt", "luettenbrook.tr.txt")


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory, project_root: Path):  # noqa: ANN201 - the real engine
    root = tmp_path_factory.mktemp("rural")
    corpus = root / "corpus"
    shutil.copytree(project_root / "corpus", corpus)
    for name in SHEETS:
        shutil.copy(GROWTH / name, corpus / name)
    return load_engine(Settings(corpus=corpus, index=root / "index", threads=1))


def _converse(engine, turns: Sequence[str], ui: str) -> list[ChatAnswer]:  # noqa: ANN001 - the real engine
    conversation = Conversation()
    for text in turns:
        conversation.turns.append(engine.chat(text, conversation=conversation, ui_language=ui))
    return conversation.turns


@pytest.mark.parametrize(("turns", "ui"), [
    (("Wir sind ein Landkreis mit vielen Dörfern, keine Busse, Geflüchtete wohnen verstreut",
      "Wie haben die das mit der Mobilität gelöst?", "Kontakt?"), "de"),
    (("We are a rural district with many villages and no buses; refugees live scattered",
      "How did they solve the transport problem?", "Contact?"), "en"),
    (("Çok köylü kırsal bir ilçeyiz, otobüs yok, mülteciler dağınık yaşıyor",
      "Ulaşım sorununu nasıl çözdüler?", "İletişim?"), "tr"),
])
def test_a_part_asked_after_an_answer_about_one_of_the_closest_is_that_ones(engine, turns: Sequence[str],  # noqa: ANN001
                                                                           ui: str) -> None:
    situation, solved, contact = _converse(engine, turns, ui)
    assert situation.situation and len(situation.networks) >= 2
    quoted = [quote.network_id for quote in solved.answer]
    about = quoted[0]
    assert 2 * quoted.count(about) > len(quoted), quoted  # the premise: an answer about one network
    assert contact.matched and contact.answer
    assert {quote.network_id for quote in contact.answer} == {about}, [q.network_id for q in contact.answer]


def test_a_part_asked_after_an_answer_about_several_of_the_closest_is_theirs(engine) -> None:  # noqa: ANN001
    """The guard: an answer quoting several of the closest networks keeps them a group."""
    situation, funded, contact = _converse(engine, (
        "Wir sind ein Landkreis mit vielen Dörfern, keine Busse, Geflüchtete wohnen verstreut",
        "Wie finanzieren die sich?", "Kontakt?"), "de")
    quoted = [quote.network_id for quote in funded.answer]
    assert 2 * quoted.count(quoted[0]) <= len(quoted), quoted  # the premise: an answer about several
    assert len({quote.network_id for quote in contact.answer}) > 1
