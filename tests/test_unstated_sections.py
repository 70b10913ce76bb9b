"""A part asked of a named network whose sheets have no section for it ("Was lief in Rosenfelde
schief?" where its sheet has no challenges row) is said to be missing, and no general row (its
coordinator, its members) is said as the short answer (session 11 browser tester X15: "neler ters
gitti?" about a short Turkish sheet led with "Koordinatör kurum: …", "Resmilik derecesi: …",
"Üyeler: …", and there was no "not stated" as for a founding year, W4)."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

import pytest

from assistant.chat import ChatAnswer, Conversation
from assistant.i18n import t
from assistant.labels import FIELD_NAMES, SECTION_NAMES
from assistant.models import SectionKind
from assistant.notices import NoticeCode, unstated_sections
from assistant.recommend import load_engine
from assistant.settings import Settings
from assistant.views.notices import notice_text

FIXTURES = Path(__file__).resolve().parent / "fixtures"
WRONG = {"de": "Was lief in Rosenfelde schief?", "en": "What went wrong in Rosenfelde?",
         "tr": "Rosenfelde'de neler ters gitti?"}


def _without_challenges() -> str:
    lines = (FIXTURES / "new_sheet_de.txt").read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("Herausforderungen & Lessons learnt"))
    end = next(i for i, line in enumerate(lines) if line.startswith("Evaluation & Nachhaltigkeit"))
    return "\n".join(lines[:start] + lines[end:])


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory, project_root: Path):  # noqa: ANN201 - the real engine
    root = tmp_path_factory.mktemp("no-challenges")
    corpus = root / "corpus"
    shutil.copytree(project_root / "corpus", corpus)
    (corpus / "rosenfelde.de.txt").write_text(_without_challenges(), encoding="utf-8")
    return load_engine(Settings(corpus=corpus, index=root / "index", threads=1))


def _converse(engine, turns: Sequence[str], ui: str) -> list[ChatAnswer]:  # noqa: ANN001 - the real engine
    conversation = Conversation()
    for text in turns:
        conversation.turns.append(engine.chat(text, conversation=conversation, ui_language=ui))
    return conversation.turns


def _no_field_said(summary: str | None, lang: str) -> None:
    assert summary is not None
    assert not [name for name in FIELD_NAMES[lang].values() if f"{name}:" in summary], summary


@pytest.mark.parametrize("lang", ["de", "en", "tr"])
def test_what_went_wrong_where_no_sheet_has_challenges_says_so(engine, lang: str) -> None:  # noqa: ANN001
    for answer in _converse(engine, (WRONG[lang], WRONG[lang]), lang):
        assert answer.matched and answer.named == ["rosenfelde"]
        notices = [n for n in answer.notices if n.code is NoticeCode.SECTION_NOT_STATED]
        assert [n.params for n in notices] == [{"sections": "challenges", "networks": "Rosenfelde"}]
        assert notice_text(notices[0], lang) == t("section_not_stated", lang, networks="Rosenfelde",
                                                  sections=SECTION_NAMES[lang][SectionKind.CHALLENGES])
        _no_field_said(answer.summary, lang)  # was "Rosenfelde – Koordinierende Organisation: …" first


@pytest.mark.parametrize(("turns", "lang"), [(("Rosenfelde", "Was lief dort schief?", "mehr dazu"), "de"),
                                             (("Rosenfelde", "What went wrong there?", "more on that"), "en"),
                                             (("Rosenfelde", "Neler ters gitti?", "daha fazla"), "tr")])
def test_after_the_name_and_asked_for_more(engine, turns: Sequence[str], lang: str) -> None:  # noqa: ANN001
    for answer in _converse(engine, turns, lang)[1:]:
        assert answer.named == ["rosenfelde"], answer.query
        assert NoticeCode.SECTION_NOT_STATED in {n.code for n in answer.notices}, answer.query
        _no_field_said(answer.summary, lang)


@pytest.mark.parametrize(("question", "lang"), [("Was lief in Halberstadt schief?", "de"),
                                                ("Rosenfelde", "de"), ("Wer koordiniert in Rosenfelde?", "de"),
                                                ("Wie wird Rosenfelde finanziert?", "de")])
def test_no_notice_where_the_sheet_has_the_part_or_none_was_asked(engine, question: str, lang: str) -> None:  # noqa: ANN001
    answer = engine.chat(question, ui_language=lang)
    assert NoticeCode.SECTION_NOT_STATED not in {n.code for n in answer.notices}, question


def test_a_network_lacks_a_part_only_without_any_of_its_sections() -> None:
    cities = {"a": "Aheim", "b": "Bdorf"}
    present = {"a": {"description", "challenges"}, "b": {"description"}}
    assert [n.params for n in unstated_sections(cities, [["challenges"]], present)] == [
        {"sections": "challenges", "networks": "Bdorf"}]
    # "Where do we start?": description, challenges or success factors; one of them is enough
    assert unstated_sections(cities, [["description", "challenges", "success_factors"]], present) == []
    assert unstated_sections(cities, [], present) == []
