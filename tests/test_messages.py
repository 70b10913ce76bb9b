"""UI text as gettext catalogues: one lookup, right plural forms, Turkish case endings
by vowel harmony, and catalogue mistakes named by file and line."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import ROOT

from assistant import messages
from assistant.i18n import UI_LANGUAGES
from assistant.messages import CatalogueError, nt, read_catalogue, t, turkish_case
from assistant.ui_text import missing_translations, ui

EN_PO = messages.LOCALE_DIR / "en" / "LC_MESSAGES" / "messages.po"


def test_one_lookup_for_library_and_app() -> None:
    from assistant import i18n, ui_text

    assert i18n.t is ui_text.ui is t
    assert t("empty_question", "de").startswith("Bitte beschreiben Sie")
    assert ui("export_question", "tr", n=3) == "Soru 3"
    assert t("empty_question", "fr") == t("empty_question", "en")  # no catalogue: English


def test_every_language_has_every_message() -> None:
    assert set(messages.languages()) >= set(UI_LANGUAGES)
    assert missing_translations() == []


@pytest.mark.parametrize("lang", sorted(p.parent.parent.name for p in messages.LOCALE_DIR.glob("*/LC_MESSAGES/*.po")))
def test_every_msgid_is_translated_with_the_same_placeholders(lang: str) -> None:
    """Read as a translator's tool reads the file: every msgid of the English catalogue is
    in this one with every form filled in (no empty msgstr, no fuzzy entry), and uses the
    placeholders the English text uses, no more and no fewer."""
    from babel.messages.pofile import read_po

    def entries(code: str) -> dict[str, tuple[tuple[str, ...], bool]]:
        path = messages.LOCALE_DIR / code / "LC_MESSAGES" / "messages.po"
        with path.open("rb") as handle:
            catalog = read_po(handle)
        out: dict[str, tuple[tuple[str, ...], bool]] = {}
        for message in catalog:
            if not message.id:
                continue
            key = str(message.id[0] if isinstance(message.id, tuple) else message.id)
            raw = message.string
            forms = tuple(str(s or "") for s in raw) if isinstance(raw, (tuple, list)) else (str(raw or ""),)
            out[key] = (forms, message.fuzzy)
        return out

    english, translated = entries("en"), entries(lang)
    assert sorted(set(english) - set(translated)) == []
    assert sorted(set(translated) - set(english)) == []
    for key, (forms, fuzzy) in translated.items():
        assert all(form.strip() for form in forms) and not fuzzy, (lang, key, forms)
        placeholders = {name for form in forms for name in messages._fields(form)}
        assert placeholders == {name for form in english[key][0] for name in messages._fields(form)}, (lang, key)


@pytest.mark.parametrize(("lang", "text"), [("en", "0.60"), ("de", "0,60"), ("tr", "0,60"), ("fr", "0.60")])
def test_numbers_by_the_language_files_separator(lang: str, text: str) -> None:
    from assistant.languages import LANGUAGES
    from assistant.ui_text import number

    assert number(0.6, lang) == text
    if lang in LANGUAGES:
        assert text[1] == LANGUAGES[lang].decimal_separator


@pytest.mark.parametrize(
    ("lang", "n", "text"),
    [("de", 1, "1 Eintrag"), ("de", 2, "2 Einträge"), ("de", 0, "0 Einträge"), ("en", 1, "1 entry"),
     ("en", 2, "2 entries"), ("tr", 1, "1 girdi"), ("tr", 5, "5 girdi")],
)
def test_plural_forms(lang: str, n: int, text: str) -> None:
    assert nt("items_count", lang, n) == text
    assert t("items_count", lang, n=n) == text  # t picks the form from n as well


def test_plural_sentences() -> None:
    assert t("conversation_loaded", "en", n=1) == "Loaded a conversation of 1 question."
    assert t("conversation_loaded", "en", n=3) == "Loaded a conversation of 3 questions."
    assert t("conversation_loaded", "de", n=1) == "Gespräch mit 1 Frage geladen."
    assert t("conversation_loaded", "de", n=4) == "Gespräch mit 4 Fragen geladen."


@pytest.mark.parametrize(
    ("city", "locative", "ablative", "dative", "genitive"),
    [("Erfurt", "Erfurt'ta", "Erfurt'tan", "Erfurt'a", "Erfurt'un"),
     ("Dortmund", "Dortmund'da", "Dortmund'dan", "Dortmund'a", "Dortmund'un"),
     ("Halberstadt", "Halberstadt'ta", "Halberstadt'tan", "Halberstadt'a", "Halberstadt'ın"),
     ("Köln", "Köln'de", "Köln'den", "Köln'e", "Köln'ün"),
     ("Halle", "Halle'de", "Halle'den", "Halle'ye", "Halle'nin"),
     ("Berlin", "Berlin'de", "Berlin'den", "Berlin'e", "Berlin'in")],
)
def test_turkish_case_endings(city: str, locative: str, ablative: str, dative: str, genitive: str) -> None:
    assert [turkish_case(city, c) for c in ("loc", "abl", "dat", "gen")] == [locative, ablative, dative, genitive]


def test_the_turkish_follow_up_inflects_the_city() -> None:
    assert t("follow_up_pitfalls", "tr", city="Erfurt").startswith("Erfurt'ta ")
    assert t("follow_up_pitfalls", "tr", city="Köln").startswith("Köln'de ")
    assert t("follow_up_pitfalls", "de", city="Erfurt") == "Was lief in Erfurt schief, und wie wurde es gelöst?"


_KEY_USE = re.compile(r"""\b(?:t|ui|nt|_text|_error)\(\s*["']([a-z][a-z0-9_]+)["']""")  # _text, _error: the CLI


def test_every_key_the_code_asks_for_exists() -> None:
    files = [*sorted((ROOT / "assistant").rglob("*.py")), ROOT / "streamlit_app.py"]
    used = {key for path in files for key in _KEY_USE.findall(path.read_text(encoding="utf-8"))}
    assert used, "the pattern finds the calls"
    assert sorted(k for k in used if not messages.has(k)) == []


def test_every_notice_and_follow_up_code_has_its_text() -> None:
    """Codes are rendered by key (:mod:`assistant.views.notices`): each one has a message,
    except a notice saved as text before notices were codes."""
    from assistant.notices import FollowUpCode, NoticeCode

    keys = [c.value for c in NoticeCode if c is not NoticeCode.SAVED_TEXT]
    keys += [f"follow_up_{c.value}" for c in FollowUpCode]
    assert sorted(k for k in keys if not messages.has(k)) == []


# --------------------------------------------------------------------------- the CLI's own messages


@pytest.mark.parametrize(
    ("environ", "lang"),
    [
        ({"LANG": "de_DE.UTF-8"}, "de"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({}, "en"),
        ({"LC_ALL": "tr_TR.UTF-8", "LANG": "de_DE.UTF-8"}, "tr"),
        ({"LANGUAGE": "fr:de", "LANG": "en_US.UTF-8"}, "de"),
        ({"LANGUAGE": "", "LC_MESSAGES": "tr_TR@latin", "LANG": "C"}, "tr"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
        ({"LANGUAGE": "C:de"}, "en"),
    ],
)
def test_the_environment_says_the_terminal_language(environ: dict[str, str], lang: str) -> None:
    from assistant.i18n import environment_language

    assert environment_language(environ) == lang


@pytest.mark.parametrize("lang", ["de", "en", "tr"])
def test_the_cli_speaks_the_environment_language(lang: str, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """Errors and progress lines come from the catalogue in the terminal's language;
    --help stays English."""
    from assistant.cli import EXIT_USAGE, main

    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", {"de": "de_DE.UTF-8", "en": "C.UTF-8", "tr": "tr_TR.UTF-8"}[lang])
    assert main(["ask", "--top-k", "0", "Finanzierung?"]) == EXIT_USAGE
    err = capsys.readouterr().err.strip()
    assert err == t("cli_error", lang, message=t("cli_top_k", lang))
    assert err == {"de": "Fehler: --top-k muss mindestens 1 sein", "en": "error: --top-k must be at least 1",
                   "tr": "hata: --top-k en az 1 olmalı"}[lang]
    assert main(["chat", "--lang", "xx", "Hallo"]) == EXIT_USAGE
    assert capsys.readouterr().err.strip() == t("cli_error", lang, message=t("cli_lang_choices", lang,
                                                                             languages=", ".join(UI_LANGUAGES)))
    with pytest.raises(SystemExit):
        main(["ask", "--help"])
    assert "show this help message and exit" in capsys.readouterr().out


# --------------------------------------------------------------------------- mistakes


@pytest.fixture
def locale_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A writable copy of the catalogues, read instead of the real ones."""
    target = tmp_path / "locale"
    shutil.copytree(messages.LOCALE_DIR, target)
    monkeypatch.setattr(messages, "LOCALE_DIR", target)
    messages.catalogues.cache_clear()
    yield target
    messages.catalogues.cache_clear()


def _edit(path: Path, old: str, new: str) -> int:
    """Replace ``old`` (once) and return the line it was on."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def test_a_placeholder_the_english_text_lacks_is_named(locale_copy: Path) -> None:
    de = locale_copy / "de" / "LC_MESSAGES" / "messages.po"
    line = _edit(de, 'msgstr "Frage {n}"', 'msgstr "Frage {nummer}"')
    with pytest.raises(CatalogueError) as caught:
        messages.catalogues()
    assert caught.value.path == de and caught.value.line == line - 1  # the entry starts at its msgid
    assert "{nummer}" in str(caught.value)


def test_an_unknown_form_is_named(locale_copy: Path) -> None:
    tr = locale_copy / "tr" / "LC_MESSAGES" / "messages.po"
    _edit(tr, "{city:loc} neler", "{city:lokativ} neler")
    with pytest.raises(CatalogueError, match="unknown form 'lokativ'"):
        read_catalogue(tr)


def test_bad_syntax_and_wrong_plural_count_are_named(tmp_path: Path) -> None:
    broken = tmp_path / "en" / "LC_MESSAGES" / "messages.po"
    broken.parent.mkdir(parents=True)
    shutil.copyfile(EN_PO, broken)
    line = _edit(broken, 'msgstr[1] "{n} entries"', 'msgstr[1] "{n} entries"\nmsgstr[2] "{n} entriez"')
    with pytest.raises(CatalogueError, match="more translations than num_plurals") as caught:
        read_catalogue(broken)
    assert line - 5 <= caught.value.line <= line + 1  # Babel names the entry's first line
    shutil.copyfile(EN_PO, broken)
    line = _edit(broken, 'msgid "export_question"', 'msgid "export_question"\nmsgstrr "typo"')
    with pytest.raises(CatalogueError) as caught:
        read_catalogue(broken)
    assert str(caught.value).startswith(f"{broken}:") and caught.value.line >= line
