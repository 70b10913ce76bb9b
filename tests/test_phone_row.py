"""A phone row a network adds to the template ("Telefon\t04851 123450") is its phone number.

Session 11 browser tester, X3: a dropped sheet with such a row got "Die Steckbriefe von Eschenrode
nennen das nicht: … Telefon" above its e-mail and website; the number was never shown."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.chat import Part
from assistant.corpus import missing_parts
from assistant.models import FactField, IssueCode
from assistant.notices import NoticeCode
from assistant.parse import parse_document
from assistant.recommend import load_engine
from assistant.settings import Settings

FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: (fixture, the e-mail row's label, the phone row added after it)
SHEETS = {
    "de": ("new_sheet_de.txt", "E-Mail-Adresse", "Telefon\t04851 123450"),
    "en": ("new_sheet_en.txt", "E-Mail-Address", "Phone\t+44 (0)1632 960 123"),
    "tr": ("new_sheet_tr.txt", "E-posta adresi", "Telefon numarası 0212 555 01 23"),
}
NUMBERS = {"de": "04851 123450", "en": "+44 (0)1632 960 123", "tr": "0212 555 01 23"}


def _with_row(lang: str, row: str) -> str:
    fixture, label, _ = SHEETS[lang]
    lines = (FIXTURES / fixture).read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith(label))
    return "\n".join([*lines[: at + 1], row, *lines[at + 1 :]])


@pytest.mark.parametrize("lang", ["de", "en", "tr"])
def test_the_phone_row_is_the_phone_number_quoted_verbatim(lang: str) -> None:
    text = _with_row(lang, SHEETS[lang][2])
    sheet = parse_document(text, f"x.{lang}.txt")
    assert sheet is not None
    phones = [f for f in sheet.facts if f.field is FactField.PHONE]
    assert [f.value for f in phones] == [NUMBERS[lang]]
    assert text[phones[0].span.start : phones[0].span.end] == NUMBERS[lang]
    # The rows around it are read as before.
    assert any(f.field is FactField.EMAILS for f in sheet.facts)
    assert not [i for i in sheet.issues if i.field == FactField.PHONE.value]


@pytest.mark.parametrize("lang", ["de", "en", "tr"])
def test_a_sheet_without_a_phone_row_lacks_nothing(lang: str) -> None:
    """The template has no phone row: no "missing fields: phone" warning for the seeds' form."""
    sheet = parse_document((FIXTURES / SHEETS[lang][0]).read_text(encoding="utf-8"), f"x.{lang}.txt")
    assert sheet is not None
    assert "phone" not in missing_parts(sheet)


def test_a_phone_row_without_a_number_is_an_issue_not_a_fact() -> None:
    sheet = parse_document(_with_row("de", "Telefon\tauf Anfrage"), "x.de.txt")
    assert sheet is not None
    assert not [f for f in sheet.facts if f.field is FactField.PHONE]
    assert [(i.code, i.value) for i in sheet.issues if i.field == "phone"] == [(IssueCode.NOT_A_PHONE, "auf Anfrage")]


@pytest.fixture(scope="module")
def engine_with_a_phone(tmp_path_factory: pytest.TempPathFactory, project_root: Path):
    root = tmp_path_factory.mktemp("phone")
    corpus = root / "corpus"
    shutil.copytree(project_root / "corpus", corpus)
    (corpus / "rosenfelde.de.txt").write_text(_with_row("de", SHEETS["de"][2]), encoding="utf-8")
    return load_engine(Settings(corpus=corpus, index=root / "index"))


@pytest.mark.parametrize(("question", "lang"), [("Telefonnummer von Rosenfelde?", "de"),
                                                ("What is the phone number of Rosenfelde?", "en"),
                                                ("Rosenfelde'nin telefon numarası ne?", "tr")])
def test_the_chat_gives_the_number_and_does_not_say_it_is_missing(engine_with_a_phone, question: str,
                                                                   lang: str) -> None:
    answer = engine_with_a_phone.chat(question, ui_language=lang)
    phones = [q for q in answer.part(Part.FACTS) if q.fact == FactField.PHONE.value]
    assert [q.network_id for q in phones] == ["rosenfelde"]
    assert NUMBERS["de"] in phones[0].text
    unstated = [n.params.get("fields", "") for n in answer.notices if n.code is NoticeCode.FACT_NOT_STATED]
    assert not any("phone" in fields for fields in unstated), unstated
