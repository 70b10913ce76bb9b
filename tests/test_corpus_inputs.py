"""File formats and bad input: every file is parsed, or skipped with a warning naming it.

Whatever lands in the corpus directory, the rest of the corpus still loads: the
three seed networks are always there.
"""

from __future__ import annotations

import io
import os
import re
import shutil
from pathlib import Path

import pytest

from assistant.corpus import load_corpus
from assistant.models import FactField, FactSheet, Network, SectionKind
from assistant.network import LoadedNetworks, load_networks

F = FactField
K = SectionKind
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED_IDS = ["dortmund", "erfurt", "halberstadt"]

RECIPE = """Kartoffelsuppe nach Omas Art

Zutaten: 1 kg Kartoffeln, 2 Zwiebeln, 1 Liter Gemüsebrühe, 200 ml Sahne, Salz, Pfeffer und
frische Petersilie.

Die Kartoffeln schälen und in kleine Würfel schneiden. Die Zwiebeln fein hacken und in etwas
Butter glasig dünsten. Dann die Kartoffeln dazugeben, mit der Brühe aufgießen und etwa zwanzig
Minuten köcheln lassen, bis alles weich ist.

Zum Schluss die Suppe pürieren, die Sahne einrühren und mit Salz und Pfeffer abschmecken. Mit
Petersilie bestreut servieren. Guten Appetit!
"""

UNKNOWN_CITY = """Netzwerk Integration Musterhausen

In Musterhausen arbeiten seit 2010 die Stadtverwaltung, Vereine und Schulen im Netzwerk für
Integration zusammen. Das Netzwerk trifft sich viermal im Jahr und organisiert Sprachkurse,
Beratung und Begegnungsfeste für neu zugewanderte Menschen in der Stadt.

Kontakt:

Erika Muster
Hauptstraße 1
12345 Musterhausen
"""

# Caritas and Diakonie are Germany's largest welfare associations: naming them says
# nothing about Halberstadt, whose network happens to be called "Caritas-Diakonie-Zora".
UNKNOWN_CITY_WITH_WELFARE_ORGS = """Willkommen in Neustadt an der Aller

In Neustadt an der Aller arbeiten Caritas und Diakonie seit 2012 im Netzwerk für Migranten und
Geflüchtete zusammen. Beide Verbände bieten Migrationsberatung, Sprachcafés und Begleitung bei
Behördengängen an. Das Netzwerk trifft sich jeden Monat im Gemeindehaus und lädt alle
Interessierten ein.
"""

PARTIAL_SHEET = (
    "Good Practice: NETZWERK KURZDORF\n\n"
    "1. GENERAL INFORMATION\n"
    "Name of the network\tNetzwerk Kurzdorf\n"
    "Founding year\t2019\n"
    "Location\tKurzdorf / Bavaria / Germany\n"
    "Type of network\tInformal network\n\n"
    "2. NETWORK PROFILE\n"
    "Brief description\tA small network of volunteers that meets once a month in the parish hall.\n"
    "Resources\t<ul> <li>Parish hall</li> <li>Donations</li> </ul>\n"
)
MISSING_IN_PARTIAL = {
    K.INTERNAL_COMMUNICATION, K.EXTERNAL_COMMUNICATION, K.SUCCESS_FACTORS,
    K.CHALLENGES, K.EVALUATION, K.IMPACT,
}


def _ids(loaded: LoadedNetworks) -> list[str]:
    return [n.id for n in loaded.networks]


def _warned(loaded: LoadedNetworks, source: str) -> str:
    """The warning text(s) naming ``source``; fails if there is none."""
    found = [w.message for w in loaded.warnings if w.source == source]
    assert found, f"no warning names {source}: {[str(w) for w in loaded.warnings]}"
    return " ".join(found)


def _by_id(loaded: LoadedNetworks) -> dict[str, Network]:
    return {n.id: n for n in loaded.networks}


def _texts(network: Network, source: str) -> list[tuple[SectionKind, list[str]]]:
    return [(s.kind, [i.text for i in s.items]) for s in network.sections if s.source == source]


# --------------------------------------------------------------------------- formats


def test_markdown_file_is_read(corpus_copy: Path, networks: dict[str, Network]) -> None:
    (corpus_copy / "dortmund.en.txt").rename(corpus_copy / "dortmund.en.md")
    loaded = load_networks(corpus_copy)
    assert loaded.warnings == []
    assert _ids(loaded) == SEED_IDS
    dortmund = _by_id(loaded)["dortmund"]
    assert [d.source for d in dortmund.documents] == ["dortmund.en.md"]
    assert _texts(dortmund, "dortmund.en.md") == _texts(networks["dortmund"], "dortmund.en.txt")


MARKDOWN_SHEET = """# Good Practice: NETZWERK SEEBACH

Status of information: June 2023

## 1. GENERAL INFORMATION

**Name of the network:** Netzwerk Seebach
**Founding year:** 2018
**Location:** Seebach / Thuringia / Germany
**Type of network:** Informal network

## 2. NETWORK PROFILE

**Brief description:** Volunteers and the town council of Seebach meet every month to
coordinate help for newcomers.

**Resources:**
- Room in the town hall
- Donations from local businesses
"""


def test_markdown_styled_sheet_general_fields(tmp_path: Path) -> None:
    (tmp_path / "seebach.md").write_text(MARKDOWN_SHEET, encoding="utf-8")
    [sheet] = load_corpus(tmp_path).sheets
    assert sheet.kind == "sheet" and sheet.title == "NETZWERK SEEBACH"
    values = {f.field: f.value for f in sheet.facts}
    assert values[F.NAME] == "Netzwerk Seebach"
    assert values[F.FOUNDING_YEAR] == "2018"
    assert values[F.LOCATION] == "Seebach / Thuringia / Germany"
    assert values[F.NETWORK_TYPE] == "Informal network"


def test_markdown_list_items(tmp_path: Path) -> None:
    (tmp_path / "seebach.md").write_text(MARKDOWN_SHEET, encoding="utf-8")
    [sheet] = load_corpus(tmp_path).sheets
    resources = sheet.section(K.RESOURCES)
    assert resources is not None
    assert [i.text for i in resources.items] == ["Room in the town hall", "Donations from local businesses"]


def test_markdown_table_sheet(tmp_path: Path) -> None:
    table = (
        "| Field | Value |\n|---|---|\n| Name of the network | Netzwerk Seebach |\n"
        "| Founding year | 2018 |\n| Location | Seebach / Thuringia / Germany |\n"
        "| Type of network | Informal network |\n"
    )
    (tmp_path / "seebach.md").write_text(table, encoding="utf-8")
    [sheet] = load_corpus(tmp_path).sheets
    values = {f.field: f.value for f in sheet.facts}
    assert values[F.NAME] == "Netzwerk Seebach"
    assert values[F.LOCATION] == "Seebach / Thuringia / Germany"


# --------------------------------------------------------------------------- PDF


def seed_pdf(text: str, *, font_size: float = 10) -> bytes:
    """The seed rendered line by line (tabs expanded) in Courier, as many A4 pages as needed."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    width, height = A4
    margin, leading = 36, font_size * 1.3
    y = height - margin
    for line in text.splitlines():
        if y < margin:
            pdf.showPage()
            y = height - margin
        text_object = pdf.beginText(margin, y)
        text_object.setFont("Courier", font_size)
        text_object.textLine(line.expandtabs(8))
        pdf.drawText(text_object)
        y -= leading
    pdf.save()
    return buffer.getvalue()


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _joined(sheet: FactSheet, kind: SectionKind) -> str:
    """A section's text, whitespace collapsed and control characters (lost glyphs) removed."""
    section = sheet.section(kind)
    assert section is not None, kind
    return " ".join(_CONTROL.sub(" ", " ".join(i.text for i in section.items)).split())


PDF_SEEDS = ["erfurt.en.txt", "dortmund.en.txt", "halberstadt.en.txt"]
GENERAL_FIELDS = [
    F.NAME, F.FOUNDING_YEAR, F.LOCATION, F.COORDINATING_ORGANISATION, F.FORMALISATION,
    F.NETWORK_TYPE, F.TARGET_GROUPS, F.FIELDS_OF_ACTION, F.STATUS_DATE, F.MEMBERS,
]


@pytest.fixture(scope="module")
def pdf_sheets(
    corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, tuple[FactSheet, FactSheet, int]]:
    """For each English seed: (sheet from .txt, sheet from the PDF, number of PDF pages)."""
    from pypdf import PdfReader

    root = tmp_path_factory.mktemp("pdf")
    out: dict[str, tuple[FactSheet, FactSheet, int]] = {}
    for name in PDF_SEEDS:
        data = seed_pdf((corpus_dir / name).read_text(encoding="utf-8"))
        folder = root / name
        folder.mkdir()
        (folder / "sheet.pdf").write_bytes(data)
        shutil.copyfile(corpus_dir / name, folder / name)
        load = load_corpus(folder)
        assert load.warnings == []
        by_source = {s.source: s for s in load.sheets}
        out[name] = (by_source[name], by_source["sheet.pdf"], len(PdfReader(io.BytesIO(data)).pages))
    return out


@pytest.mark.parametrize("name", PDF_SEEDS)
def test_pdf_general_fields_match_the_text_version(
    pdf_sheets: dict[str, tuple[FactSheet, FactSheet, int]], name: str
) -> None:
    txt, pdf, pages = pdf_sheets[name]
    assert pages >= 2  # page breaks really happen
    assert pdf.kind == "sheet" and pdf.language == "en" and pdf.title == txt.title
    for field_ in GENERAL_FIELDS:
        assert [f.value for f in pdf.facts_of(field_)] == [f.value for f in txt.facts_of(field_)], field_
    assert {(i.field, i.value) for i in pdf.issues} == {(i.field, i.value) for i in txt.issues}


@pytest.mark.parametrize("name", PDF_SEEDS)
def test_pdf_sections_match_the_text_version(
    pdf_sheets: dict[str, tuple[FactSheet, FactSheet, int]], name: str
) -> None:
    """Same section kinds and the same text; item splitting may differ (tabs are lost)."""
    txt, pdf, _ = pdf_sheets[name]
    assert [s.kind for s in pdf.sections] == [s.kind for s in txt.sections]
    for section in txt.sections:
        if section.kind in (K.GENERAL, K.CONTACT):
            continue
        assert _joined(pdf, section.kind) == _joined(txt, section.kind), section.kind


def test_pdf_items_have_no_control_characters(
    pdf_sheets: dict[str, tuple[FactSheet, FactSheet, int]],
) -> None:
    for _, pdf, _ in pdf_sheets.values():
        for section in pdf.sections:
            for item in section.items:
                assert not _CONTROL.search(item.text), (section.kind, item.text)


def test_pdf_network_replaces_its_text_version(corpus_copy: Path, corpus_dir: Path) -> None:
    (corpus_copy / "halberstadt.en.txt").unlink()
    (corpus_copy / "upload.pdf").write_bytes(seed_pdf((corpus_dir / "halberstadt.en.txt").read_text("utf-8")))
    loaded = load_networks(corpus_copy)
    assert _ids(loaded) == SEED_IDS
    halberstadt = _by_id(loaded)["halberstadt"]
    assert [d.source for d in halberstadt.documents] == ["upload.pdf"]
    assert halberstadt.founding_year is None
    assert halberstadt.name == "Caritas-Diakonie-Zora Netzwerk Halberstadt"


def test_pdf_without_text_is_skipped(corpus_copy: Path) -> None:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.rect(100, 100, 200, 200, fill=1)  # a "scan": a page with no text
    pdf.showPage()
    pdf.save()
    (corpus_copy / "scan.pdf").write_bytes(buffer.getvalue())
    loaded = load_networks(corpus_copy)
    assert "text" in _warned(loaded, "scan.pdf")
    assert _ids(loaded) == SEED_IDS


def test_not_really_a_pdf_is_skipped(corpus_copy: Path) -> None:
    (corpus_copy / "fake.pdf").write_text("this is not a PDF at all", encoding="utf-8")
    loaded = load_networks(corpus_copy)
    assert "PDF" in _warned(loaded, "fake.pdf")
    assert _ids(loaded) == SEED_IDS


def test_corrupt_pdf_is_skipped(corpus_copy: Path, corpus_dir: Path) -> None:
    data = seed_pdf((corpus_dir / "erfurt.en.txt").read_text("utf-8"))
    assert b"/FlateDecode" in data
    (corpus_copy / "broken.pdf").write_bytes(data.replace(b"/FlateDecode", b"/FlateDecodX"))
    loaded = load_networks(corpus_copy)
    assert "PDF" in _warned(loaded, "broken.pdf")
    assert _ids(loaded) == SEED_IDS


# --------------------------------------------------------------------------- bad files


def test_binary_file_is_skipped(corpus_copy: Path) -> None:
    (corpus_copy / "junk.txt").write_bytes(bytes(range(256)) * 20)
    loaded = load_networks(corpus_copy)
    assert "binary" in _warned(loaded, "junk.txt")
    assert _ids(loaded) == SEED_IDS


@pytest.mark.parametrize(("name", "content"), [("empty.txt", b""), ("blank.md", b"  \n\t\n \r\n ")])
def test_empty_and_whitespace_files_are_skipped(corpus_copy: Path, name: str, content: bytes) -> None:
    (corpus_copy / name).write_bytes(content)
    loaded = load_networks(corpus_copy)
    assert "empty" in _warned(loaded, name)
    assert _ids(loaded) == SEED_IDS


def test_cp1252_file_is_decoded_with_a_warning(corpus_copy: Path, networks: dict[str, Network]) -> None:
    """The German page saved as Windows-1252: umlauts, ß, © and NBSP all survive."""
    text = (corpus_copy / "erfurt.de.txt").read_text(encoding="utf-8")
    data = text.encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    (corpus_copy / "erfurt.de.txt").write_bytes(data)
    loaded = load_networks(corpus_copy)
    assert "UTF-8" in _warned(loaded, "erfurt.de.txt")
    assert _ids(loaded) == SEED_IDS
    erfurt = _by_id(loaded)["erfurt"]
    assert [d.source for d in erfurt.documents] == ["erfurt.en.txt", "erfurt.tr.txt", "erfurt.de.txt"]
    assert _texts(erfurt, "erfurt.de.txt") == _texts(networks["erfurt"], "erfurt.de.txt")
    person = [c.value for c in erfurt.facts[F.CONTACT_PERSON].claims]
    assert person == ["Beate Tröster"]
    assert any("Rosa-Luxemburg-Straße" in c.value for c in erfurt.facts[F.ADDRESS].claims)


@pytest.mark.parametrize("name", ["sheet.doc", "sheet.odt", "sheet.rtf", "sheet.html", "README"])
def test_unsupported_extension_is_skipped(corpus_copy: Path, name: str) -> None:
    shutil.copyfile(FIXTURES / "new_sheet_en.txt", corpus_copy / name)
    loaded = load_networks(corpus_copy)
    assert "unsupported" in _warned(loaded, name)
    assert _ids(loaded) == SEED_IDS


def test_recipe_is_skipped(corpus_copy: Path) -> None:
    (corpus_copy / "rezept.txt").write_text(RECIPE, encoding="utf-8")
    loaded = load_networks(corpus_copy)
    _warned(loaded, "rezept.txt")
    assert _ids(loaded) == SEED_IDS
    assert all("rezept.txt" not in {d.source for d in n.documents} for n in loaded.networks)


def test_free_text_about_unknown_city_is_skipped(corpus_copy: Path) -> None:
    (corpus_copy / "musterhausen.txt").write_text(UNKNOWN_CITY, encoding="utf-8")
    loaded = load_networks(corpus_copy)
    _warned(loaded, "musterhausen.txt")
    assert _ids(loaded) == SEED_IDS
    assert all(len(n.documents) == {"erfurt": 3}.get(n.id, 1) for n in loaded.networks)


def test_free_text_naming_common_welfare_orgs_is_not_misattributed(corpus_copy: Path) -> None:
    (corpus_copy / "neustadt.txt").write_text(UNKNOWN_CITY_WITH_WELFARE_ORGS, encoding="utf-8")
    loaded = load_networks(corpus_copy)
    assert [d.source for d in _by_id(loaded)["halberstadt"].documents] == ["halberstadt.en.txt"]
    _warned(loaded, "neustadt.txt")


def test_sheet_with_missing_sections_is_partly_parsed(corpus_copy: Path) -> None:
    (corpus_copy / "partial.txt").write_text(PARTIAL_SHEET, encoding="utf-8")
    loaded = load_networks(corpus_copy)
    assert _ids(loaded) == SEED_IDS + ["kurzdorf"]
    network = _by_id(loaded)["kurzdorf"]
    assert network.name == "Netzwerk Kurzdorf" and network.founding_year == 2019
    assert network.fact_value(F.NETWORK_TYPE) == "Informal network"
    assert _texts(network, "partial.txt")[1:3] == [
        (K.DESCRIPTION, ["A small network of volunteers that meets once a month in the parish hall."]),
        (K.RESOURCES, ["Parish hall", "Donations"]),
    ]
    missing = {q.field for q in network.quality if q.reason == "section is missing"}
    assert missing == {k.value for k in MISSING_IN_PARTIAL}


def test_partly_parsed_sheet_says_which_fields_and_sections_it_missed(corpus_copy: Path) -> None:
    (corpus_copy / "partial.txt").write_text(PARTIAL_SHEET, encoding="utf-8")
    message = _warned(load_networks(corpus_copy), "partial.txt")
    fields, sections = message.removeprefix("partly parsed: missing fields: ").split("; missing sections: ")
    assert fields.split(", ") == [
        "coordinating_organisation", "formalisation", "members", "fields_of_action", "target_groups",
        "websites", "emails",
    ]
    assert set(sections.split(", ")) == {k.value for k in MISSING_IN_PARTIAL}


def test_sheet_with_missing_sections_is_named_in_a_warning(corpus_copy: Path) -> None:
    (corpus_copy / "partial.txt").write_text(PARTIAL_SHEET, encoding="utf-8")
    loaded = load_networks(corpus_copy)
    assert "missing" in _warned(loaded, "partial.txt")


def test_symlinked_file_loop_is_skipped(corpus_copy: Path) -> None:
    os.symlink("b.txt", corpus_copy / "a.txt")
    os.symlink("a.txt", corpus_copy / "b.txt")
    loaded = load_networks(corpus_copy)
    _warned(loaded, "a.txt")
    _warned(loaded, "b.txt")
    assert _ids(loaded) == SEED_IDS


def test_symlinked_directory_loop_terminates(corpus_copy: Path) -> None:
    (corpus_copy / "sub").mkdir()
    os.symlink("..", corpus_copy / "sub" / "up")
    os.symlink(".", corpus_copy / "loop")
    loaded = load_networks(corpus_copy)
    assert _ids(loaded) == SEED_IDS
    sources = [d.source for n in loaded.networks for d in n.documents]
    assert len(sources) == len(set(sources)) == 5  # nothing read twice through the loop


def test_symlinked_directory_loop_is_named_in_a_warning(corpus_copy: Path) -> None:
    os.symlink(".", corpus_copy / "loop")
    loaded = load_networks(corpus_copy)
    _warned(loaded, "loop")


def test_unreadable_file_is_skipped(corpus_copy: Path) -> None:
    secret = corpus_copy / "secret.txt"
    shutil.copyfile(FIXTURES / "new_sheet_en.txt", secret)
    secret.chmod(0)
    try:
        loaded = load_networks(corpus_copy)
        readable = os.access(secret, os.R_OK)
    finally:
        secret.chmod(0o644)
    if os.geteuid() == 0 or readable:
        # root reads a chmod 000 file anyway: the rest must still load.
        assert set(SEED_IDS) <= set(_ids(loaded))
        pytest.skip("running as root: chmod 000 does not make the file unreadable")
    assert "permission" in _warned(loaded, "secret.txt")
    assert _ids(loaded) == SEED_IDS


def test_file_above_size_limit_is_skipped(corpus_copy: Path) -> None:
    big = corpus_copy / "big.txt"
    sheet = (FIXTURES / "new_sheet_en.txt").read_text(encoding="utf-8")
    big.write_text(sheet + "\n" * 12_000, encoding="utf-8")
    limit = 10_000
    assert big.stat().st_size > limit
    assert all(p.stat().st_size <= limit for p in corpus_copy.glob("*.*") if p != big)
    loaded = load_networks(corpus_copy, max_bytes=limit)
    assert "large" in _warned(loaded, "big.txt")
    assert _ids(loaded) == SEED_IDS
    # Without the limit the same file is a network: it was skipped for its size only.
    assert "lindenbruck" in _ids(load_networks(corpus_copy))


def test_missing_corpus_directory(tmp_path: Path) -> None:
    loaded = load_networks(tmp_path / "nope")
    assert loaded.networks == [] and loaded.warnings
    assert "exist" in loaded.warnings[0].message


def test_hidden_files_and_folders_are_ignored(corpus_copy: Path) -> None:
    (corpus_copy / ".hidden").mkdir()
    shutil.copyfile(FIXTURES / "new_sheet_en.txt", corpus_copy / ".hidden" / "x.txt")
    shutil.copyfile(FIXTURES / "new_sheet_en.txt", corpus_copy / ".draft.txt")
    loaded = load_networks(corpus_copy)
    assert _ids(loaded) == SEED_IDS and loaded.warnings == []


def test_sheet_in_subfolder_is_found(corpus_copy: Path) -> None:
    (corpus_copy / "uploads" / "2024").mkdir(parents=True)
    shutil.copyfile(FIXTURES / "new_sheet_en.txt", corpus_copy / "uploads" / "2024" / "a.txt")
    loaded = load_networks(corpus_copy)
    assert [d.source for d in _by_id(loaded)["lindenbruck"].documents] == ["uploads/2024/a.txt"]


def test_crlf_and_bom_do_not_change_the_result(corpus_copy: Path, networks: dict[str, Network]) -> None:
    for name in ("dortmund.en.txt", "erfurt.tr.txt"):
        path = corpus_copy / name
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    loaded = _by_id(load_networks(corpus_copy))
    assert _texts(loaded["dortmund"], "dortmund.en.txt") == _texts(networks["dortmund"], "dortmund.en.txt")
    assert _texts(loaded["erfurt"], "erfurt.tr.txt") == _texts(networks["erfurt"], "erfurt.tr.txt")


# --------------------------------------------------------------------------- all at once


def test_everything_bad_at_once(corpus_copy: Path) -> None:
    """All the bad inputs together: one warning per bad file, the seeds still load."""
    (corpus_copy / "junk.txt").write_bytes(bytes(range(256)) * 20)
    (corpus_copy / "empty.txt").write_bytes(b"")
    (corpus_copy / "blank.md").write_bytes(b" \n\t\n")
    (corpus_copy / "notes.docx").write_text(RECIPE, encoding="utf-8")
    (corpus_copy / "rezept.md").write_text(RECIPE, encoding="utf-8")
    (corpus_copy / "musterhausen.txt").write_text(UNKNOWN_CITY, encoding="utf-8")
    (corpus_copy / "fake.pdf").write_bytes(b"%PDF-1.4\nnot really\n%%EOF")
    (corpus_copy / "big.txt").write_text("x " * 20_000, encoding="utf-8")
    os.symlink("loop-b.txt", corpus_copy / "loop-a.txt")
    os.symlink("loop-a.txt", corpus_copy / "loop-b.txt")
    bad = ["junk.txt", "empty.txt", "blank.md", "notes.docx", "rezept.md", "musterhausen.txt",
           "fake.pdf", "big.txt", "loop-a.txt", "loop-b.txt"]
    loaded = load_networks(corpus_copy, max_bytes=10_000)
    assert _ids(loaded) == SEED_IDS
    assert sorted({w.source for w in loaded.warnings}) == sorted(bad)
    assert sum(len(n.documents) for n in loaded.networks) == 5
