"""Word files as planners have them: each English seed written as the template's
two-column table with python-docx, read back through the corpus.

For each seed: the same network id, the same general facts, every section of the
text version, item counts within one, the same words, no ligatures, and spans
that quote the decoded text the app shows. Halberstadt item by item against its
golden expectations. Hostile and broken files are refused with a message.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from sheet_layouts import GENERAL_FIELDS, LIGATURES, reference_sheet, section_words, sheet_docx, sheet_layout

from assistant.corpus import load_corpus, read_source_text
from assistant.models import FactField, FactSheet, IssueCode, SectionKind
from assistant.network import load_networks
from assistant.text import normalise_presentation_forms
from assistant.word import MAX_UNPACKED_BYTES, read_docx

SEEDS = {"erfurt.en.txt": "erfurt", "dortmund.en.txt": "dortmund", "halberstadt.en.txt": "halberstadt"}
SEED_IDS = ["dortmund", "erfurt", "halberstadt"]


@pytest.fixture(scope="module")
def written(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each seed as a corpus folder holding only its .docx."""
    out = {}
    for name in SEEDS:
        text = (corpus_dir / name).read_text(encoding="utf-8")
        folder = tmp_path_factory.mktemp(SEEDS[name])
        (folder / "sheet.docx").write_bytes(sheet_docx(sheet_layout(text, name)))
        out[name] = folder
    return out


def _sheet(folder: Path, name: str = "sheet.docx", *, partial: bool = False) -> FactSheet:
    load = load_corpus(folder)
    assert all(w.message.startswith("partly parsed") for w in load.warnings) if partial else load.warnings == []
    return next(s for s in load.sheets if s.source == name)


def _reference(corpus_dir: Path, name: str) -> FactSheet:
    return reference_sheet(normalise_presentation_forms((corpus_dir / name).read_text(encoding="utf-8")), name)


def _value_issues(sheet: FactSheet) -> set[tuple[str, str]]:
    return {(i.field, i.value) for i in sheet.issues if i.code is not IssueCode.REPEATED_FRAGMENT}


def test_written_files_are_real_word_tables(written: dict[str, Path]) -> None:
    for folder in written.values():
        document = docx.Document(str(folder / "sheet.docx"))
        assert len(document.tables) >= 3  # one per numbered part of the template
        assert document.tables[0].rows[1].cells[0].text == "Founding year"
        values = [p for t in document.tables for r in t.rows for p in r.cells[1].paragraphs]
        assert any(p.style.name == "List Bullet" for p in values)


@pytest.mark.parametrize("name", SEEDS)
def test_same_network_id(written: dict[str, Path], name: str) -> None:
    assert [n.id for n in load_networks(written[name]).networks] == [SEEDS[name]]


@pytest.mark.parametrize("name", SEEDS)
def test_same_general_facts(written: dict[str, Path], corpus_dir: Path, name: str) -> None:
    word, txt = _sheet(written[name]), _reference(corpus_dir, name)
    assert (word.kind, word.language, word.title) == (txt.kind, txt.language, txt.title)
    for field_ in GENERAL_FIELDS:
        assert [f.value for f in word.facts_of(field_)] == [f.value for f in txt.facts_of(field_)], field_
    assert _value_issues(word) == _value_issues(txt)


@pytest.mark.parametrize("name", SEEDS)
def test_every_section_with_about_the_same_items(written: dict[str, Path], corpus_dir: Path, name: str) -> None:
    word, txt = _sheet(written[name]), _reference(corpus_dir, name)
    assert [s.kind for s in word.sections] == [s.kind for s in txt.sections]
    for section in txt.sections:
        other = word.section(section.kind)
        assert other is not None, section.kind
        assert abs(len(other.items) - len(section.items)) <= 1, (section.kind, [i.text for i in other.items])
        if section.kind not in (SectionKind.GENERAL, SectionKind.CONTACT):
            assert section_words(other) == section_words(section), section.kind


@pytest.mark.parametrize("name", SEEDS)
def test_spans_quote_the_decoded_text(written: dict[str, Path], name: str) -> None:
    folder = written[name]
    word = _sheet(folder)
    decoded = read_source_text(folder, "sheet.docx")
    assert not LIGATURES.search(decoded)
    for section in word.sections:
        for item in section.items:
            assert decoded[item.span.start : item.span.end].replace("• ", "") == item.text, item.text
    for fact in word.facts:
        assert " ".join(decoded[fact.span.start : fact.span.end].split()) == fact.quote


def test_golden_halberstadt(written: dict[str, Path]) -> None:
    """Item by item as a human reader lists the sheet (the text version's golden)."""
    from test_parse_golden import HALBERSTADT_EN, _value

    word = _sheet(written["halberstadt.en.txt"])
    for field_, values in HALBERSTADT_EN.facts.items():
        assert [_value(field_, f.value) for f in word.facts_of(field_)] == [_value(field_, v) for v in values]
    for kind, items in HALBERSTADT_EN.sections.items():
        section = word.section(kind)
        assert section is not None and [i.text for i in section.items] == items, kind


def test_a_word_file_replaces_its_text_version(corpus_copy: Path, written: dict[str, Path]) -> None:
    (corpus_copy / "halberstadt.en.txt").unlink()
    data = (written["halberstadt.en.txt"] / "sheet.docx").read_bytes()
    (corpus_copy / "Halberstadt Steckbrief.docx").write_bytes(data)
    loaded = load_networks(corpus_copy)
    assert [n.id for n in loaded.networks] == SEED_IDS
    halberstadt = next(n for n in loaded.networks if n.id == "halberstadt")
    assert [d.source for d in halberstadt.documents] == ["Halberstadt Steckbrief.docx"]


@pytest.mark.parametrize("index", [2, 14], ids=["de", "tr"])
def test_german_and_turkish_sheets_not_tuned_on(corpus_dir: Path, tmp_path: Path, index: int) -> None:
    """Generated sheets (benchmarks/synthetic.py) in the German and Turkish template."""
    from benchmarks.synthetic import make_sheet, seed_pools

    generated = make_sheet(seed_pools(corpus_dir), index)
    assert generated.language in ("de", "tr")
    (tmp_path / "sheet.docx").write_bytes(sheet_docx(sheet_layout(generated.text, "g.txt")))
    word = _sheet(tmp_path)
    txt = reference_sheet(normalise_presentation_forms(generated.text), "g.txt")
    assert word.language == txt.language
    for field_ in GENERAL_FIELDS:
        assert [f.value for f in word.facts_of(field_)] == [f.value for f in txt.facts_of(field_)], field_
    assert [s.kind for s in word.sections] == [s.kind for s in txt.sections]
    for section in txt.sections:
        other = word.section(section.kind)
        assert other is not None and abs(len(other.items) - len(section.items)) <= 1, section.kind


# --------------------------------------------------------------------------- layouts seen in Word


def _docx(build: Callable[[Any], None]) -> bytes:
    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_typed_bullets_line_breaks_merged_labels_and_ligatures(tmp_path: Path) -> None:
    """Bullets typed as "•<tab>", a line break inside a value, a label cell merged over two
    rows, a ligature and a soft hyphen pasted from a PDF."""

    def build(document: docx.document.Document) -> None:
        document.add_paragraph("Good Practice: NETZWERK SEEFELD")
        table = document.add_table(rows=0, cols=2)
        for label, value in [
            ("Name of the network", "Netzwerk Seeﬁeld"),
            ("Founding year", "2019"),
            ("Location", "Seefeld / Bavaria / Germany"),
            ("Type of network", "Informal network"),
        ]:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = label, value
        first, second = table.add_row().cells, table.add_row().cells
        first[0].merge(second[0])
        first[0].text = "Challenges & Lessons learnt"
        first[1].text = "•\tReaching the target group is diﬃcult"
        second[1].text = "•\tSprach\u00adkurse are full\n•\tVolunteers leave"
        cells = table.add_row().cells
        cells[0].text, cells[1].text = "Website, Social Media", "Website: www.seefeld.example.org"

    (tmp_path / "seefeld.docx").write_bytes(_docx(build))
    sheet = _sheet(tmp_path, "seefeld.docx", partial=True)
    assert [f.value for f in sheet.facts_of(FactField.NAME)] == ["Netzwerk Seefield"]
    assert [f.value for f in sheet.facts_of(FactField.FOUNDING_YEAR)] == ["2019"]
    challenges = sheet.section(SectionKind.CHALLENGES)
    assert challenges is not None
    assert [i.text for i in challenges.items] == [
        "Reaching the target group is difficult", "Sprachkurse are full", "Volunteers leave",
    ]
    assert [f.value for f in sheet.facts_of(FactField.WEBSITES)] == ["www.seefeld.example.org"]


def test_partly_parsed_word_file_says_what_it_missed(tmp_path: Path) -> None:
    def build(document: docx.document.Document) -> None:
        table = document.add_table(rows=0, cols=2)
        for label, value in [("Name of the network", "Netzwerk Seefeld"), ("Location", "Seefeld / Bavaria"),
                             ("Type of network", "Informal network"), ("Resources", "Volunteers")]:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = label, value

    (tmp_path / "seefeld.docx").write_bytes(_docx(build))
    [warning] = load_corpus(tmp_path).warnings
    assert warning.source == "seefeld.docx"
    assert warning.message.startswith("partly parsed: missing fields: founding_year, coordinating_organisation")
    assert "missing sections: description" in warning.message


# --------------------------------------------------------------------------- bad files


def _warned(folder: Path, name: str) -> str:
    loaded = load_networks(folder)
    assert [n.id for n in loaded.networks] == SEED_IDS
    found = [w.message for w in loaded.warnings if w.source == name]
    assert found, loaded.warnings
    return found[0]


def test_zip_bomb_is_refused_before_unpacking(corpus_copy: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b" " * (MAX_UNPACKED_BYTES + 1))
    assert len(buffer.getvalue()) < 200_000
    (corpus_copy / "bomb.docx").write_bytes(buffer.getvalue())
    assert "too large when unpacked" in _warned(corpus_copy, "bomb.docx")


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "not a .docx archive"),  # an old .doc renamed
        (b"PK\x05\x06" + b"\x00" * 18, "no word/document.xml"),  # an empty zip
        (b"not a word file at all", "not a .docx archive"),
    ],
)
def test_not_a_word_file_is_skipped(corpus_copy: Path, content: bytes, says: str) -> None:
    (corpus_copy / "broken.docx").write_bytes(content)
    assert says in _warned(corpus_copy, "broken.docx")


def test_broken_document_xml_is_skipped(corpus_copy: Path, written: dict[str, Path]) -> None:
    source = io.BytesIO((written["erfurt.en.txt"] / "sheet.docx").read_bytes())
    out = io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(out, "w") as new:
        for item in old.infolist():
            data = old.read(item)
            new.writestr(item, data[: len(data) // 2] if item.filename == "word/document.xml" else data)
    (corpus_copy / "cut.docx").write_bytes(out.getvalue())
    assert "not a readable Word file" in _warned(corpus_copy, "cut.docx")


def test_empty_word_file_is_skipped(corpus_copy: Path) -> None:
    (corpus_copy / "empty.docx").write_bytes(_docx(lambda document: None))
    assert "no text" in _warned(corpus_copy, "empty.docx")


def test_read_docx_keeps_document_order() -> None:
    def build(document: docx.document.Document) -> None:
        document.add_paragraph("before")
        document.add_table(rows=1, cols=2).rows[0].cells[0].text = "Members"
        document.add_paragraph("after")

    assert read_docx(_docx(build)).text == "before\nMembers\nafter"
