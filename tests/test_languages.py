"""Languages are data: one validated file per language, the supported languages are the
files present, and a fourth language comes from its file alone."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT, clean_env

from assistant.labels import FIELD_NAMES, LABEL_TABLES, SECTION_NAMES
from assistant.language import detect_language
from assistant.languages import LANGUAGES, LANGUAGES_DIR, SUPPORTED, LanguageDataError, load_language
from assistant.models import FactField, LabelKey, SectionKind

FOURTH = Path(__file__).resolve().parent / "fixtures" / "fourth_language"


def test_the_languages_are_the_files_present() -> None:
    assert tuple(sorted(p.stem for p in LANGUAGES_DIR.glob("*.toml"))) == SUPPORTED
    from assistant import concepts, i18n, language, network, tokenize

    assert set(language.SUPPORTED) == set(i18n.UI_LANGUAGES) == set(concepts.LANGUAGES) == set(SUPPORTED)
    assert set(network.PRIMARY_LANGUAGES) == set(LABEL_TABLES) == set(tokenize._STEMMER_NAMES) == set(SUPPORTED)


@pytest.mark.parametrize("code", SUPPORTED)
def test_each_language_is_complete(code: str) -> None:
    data = LANGUAGES[code]
    assert set(LABEL_TABLES[code]) == set(LabelKey)
    assert set(SECTION_NAMES[code]) == set(SectionKind)
    assert set(FIELD_NAMES[code]) == set(FactField)
    assert data.stemmer and data.lingua and data.all_stopwords()
    for kind in ("since", "founded", "network_words", "contact_headings", "solution_markers", "name_stopwords"):
        assert getattr(data.cues, kind) or kind == "since" and data.cues.since_after, (code, kind)


def _write(tmp_path: Path, text: str, name: str = "xx.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


BASE = (LANGUAGES_DIR / "en.toml").read_text(encoding="utf-8").replace('code = "en"', 'code = "xx"')
EXAMPLE_TEXT = next(line for line in BASE.splitlines() if line.startswith('text = "We are'))


@pytest.mark.parametrize(
    ("mutate", "fragment"),
    [
        (lambda t: t.replace('stemmer = "english"', 'stemmer = "klingon"'), "unknown stemmer"),
        (lambda t: t.replace('lingua = "ENGLISH"', 'lingua = "KLINGON"'), "lingua has no language"),
        (lambda t: t.replace("[labels]\n", "[labels]\ncolour = [\"Colour\"]\n"), "unknown label keys"),
        (lambda t: t.replace("[cues]\n", "[cues]\nfounded_on = [\"x\"]\n"), "founded_on"),
        (lambda t: t.replace('contact = "Contact"', 'contakt = "Contact"'), "section_names"),
        (lambda t: t.replace("priority = 1", "priority = \"first\""), "priority"),
        (lambda t: t.replace('decimal_separator = "."', 'decimal_separator = "dot"'), "decimal_separator"),
        (lambda t: t + "\n[broken\n", "TOML syntax"),
        (lambda t: t.replace('title = "example_en_title"', 'title = "Example in English"'), "catalogue key"),
        (lambda t: t.replace(EXAMPLE_TEXT, 'text = "   "'), "must not be empty"),
        (lambda t: t.replace("\n# Left out of BM25", '\ncompound_links = ["s", "-"]\n# Left out of BM25', 1),
         "joining letters"),
        (lambda t: t.replace('line_end_hyphen = "keep"', 'line_end_hyphen = "remove"'), "line_end_hyphen"),
        (lambda t: t.replace("number_words = { one = 1,", "number_words = { one = 0,"), "count of 1 or more"),
        (lambda t: t.replace('pronoun_number_words = ["one"]', 'pronoun_number_words = ["won"]'),
         "not in number_words"),
    ],
)
def test_a_mistake_names_file_and_line(tmp_path: Path, mutate: object, fragment: str) -> None:
    text = mutate(BASE)  # type: ignore[operator]
    path = _write(tmp_path, text)
    with pytest.raises(LanguageDataError) as caught:
        load_language(path)
    error = caught.value
    assert error.path == path and fragment in str(error)
    assert str(error).startswith(f"{path}:{error.line}:")
    if fragment not in ("TOML syntax", "section_names", "unknown label keys"):
        changed = [n for n, (a, b) in enumerate(zip(BASE.splitlines(), text.splitlines(), strict=False), 1) if a != b]
        assert error.line == changed[0]


def test_the_file_name_is_the_code(tmp_path: Path) -> None:
    with pytest.raises(LanguageDataError, match="differs from the file name"):
        load_language(_write(tmp_path, BASE, "yy.toml"))


_PROBE = """
import json, sys
from pathlib import Path
from assistant.concepts import tag_concepts
from assistant.languages import SUPPORTED
from assistant.language import detect_language
from assistant.parse import parse_document
from assistant.tokenize import tokenize
from assistant.i18n import UI_LANGUAGES, t
from assistant.messages import languages, nt
from assistant.ui_text import number
text = Path(sys.argv[1]).read_text(encoding="utf-8")
sheet = parse_document(text, "zeevelde.nl.txt", "0" * 64)
print(json.dumps({
    "supported": list(SUPPORTED),
    "kind": sheet.kind, "language": sheet.language,
    "facts": {f.field.value: f.value for f in sheet.facts},
    "sections": {s.kind.value: [i.text for i in s.items] for s in sheet.sections},
    "tags": sorted(tag_concepts(text)),
    "detected": detect_language("Hoe vinden wij vrijwilligers voor ons netwerk?"),
    "tokens": tokenize("De vrijwilligers van de gemeente", "nl"),
    "ui_languages": list(UI_LANGUAGES), "catalogues": list(languages()),
    "ui": [t("empty_question", "nl"), nt("items_count", "nl", 1), nt("items_count", "nl", 3),
           t("data_quality", "nl"), t("cli_source", "nl", source="a.txt"), t("similarity", "nl")],
    "number": number(0.6, "nl"),
}, ensure_ascii=False))
"""


def test_a_fourth_language_from_fixture_files_only() -> None:
    """Dutch, from tests/fixtures/fourth_language/ and nothing else (nl.toml, its catalogue
    locale/nl/LC_MESSAGES/messages.po): a Dutch sheet parses into its facts and sections,
    its words tag concepts, questions are detected as Dutch, the UI speaks Dutch."""
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, str(FOURTH / "zeevelde.nl.txt")], capture_output=True, text=True,
        cwd=ROOT, env=clean_env(KOMPASS_LANGUAGE_DIRS=str(FOURTH)), timeout=300,
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["supported"] == ["de", "en", "nl", "tr"]
    assert (found["kind"], found["language"]) == ("sheet", "nl")
    assert found["facts"]["founding_year"] == "2016"
    assert found["facts"]["location"] == "Zeevelde / Zeeland / Nederland"
    assert set(found["sections"]) >= {"description", "resources", "success_factors", "challenges", "impact"}
    assert "Vrijwilligers als taalmaatje voor nieuwkomers" in found["sections"]["success_factors"]
    assert {"volunteers", "language_mediation", "funding", "small_town"} <= set(found["tags"])
    assert found["detected"] == "nl"
    assert "de" not in found["tokens"] and "gemeent" not in " ".join(found["tokens"])
    # its UI text: the catalogue beside the language file, plural forms by its header, a
    # message it lacks in English; numbers by its decimal separator
    assert found["ui_languages"] == found["catalogues"] == ["de", "en", "nl", "tr"]
    assert found["ui"] == ["Beschrijf de situatie van uw gemeente of stel een vraag over integratienetwerken.",
                           "1 vermelding", "3 vermeldingen", "Datakwaliteit", "bron: a.txt", "Similarity"]
    assert found["number"] == "0,60"


def test_without_the_fixture_directory_there_is_no_fourth_language() -> None:
    assert "nl" not in SUPPORTED


# --------------------------------------------------------------------------- the app's examples


def test_every_language_has_an_example_titled_in_every_language() -> None:
    from assistant.messages import missing_translations
    from assistant.ui_text import examples

    found = examples()
    assert [e.language for e in found] == sorted(code for code in SUPPORTED if LANGUAGES[code].example)
    assert {e.language for e in found} >= {"de", "en", "tr"}
    for example in found:
        assert example.text and detect_language(example.text) == example.language
        assert not [m for m in missing_translations(SUPPORTED) if m[0] == example.title]


def test_an_example_title_missing_from_the_catalogues_names_file_and_line(tmp_path: Path) -> None:
    from assistant.ui_text import example_of

    path = _write(tmp_path, BASE.replace('title = "example_en_title"', 'title = "example_xx_title"'))
    language = load_language(path)  # a well-formed key: the file itself is valid
    with pytest.raises(LanguageDataError, match="no key of the catalogues") as caught:
        example_of(language)
    line = next(n for n, text in enumerate(BASE.splitlines(), 1) if text == 'title = "example_en_title"')
    assert caught.value.path == path and caught.value.line == line
    assert example_of(load_language(_write(tmp_path, BASE))) is not None
