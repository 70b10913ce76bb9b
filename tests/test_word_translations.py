"""Word translations for cross-language BM25 (assistant/word_translations.py): the loader names
file and line of a mistake, the packaged table is sound, and a question's words reach the
sheets of the other languages."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.tokenize import tokenize
from assistant.word_translations import (
    Translation,
    WordTranslationsError,
    cache_file,
    format_word_translations,
    read_word_translations,
    translated_tokens,
    word_translations,
)


def write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "word_translations.tsv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_reads_lines_and_skips_comments(tmp_path: Path) -> None:
    path = write(tmp_path, "# comment", "", "de\tfeuerwehr\ten\tfire", "de\tfeuerwehr\ttr\titfaiye",
                 "de\tfeuerwehr\ten\tfire")
    table = read_word_translations(path)
    assert table.translations("feuerwehr", "de") == (("en", "fire"), ("tr", "itfaiye"))
    assert table.translations("feuerwehr", "en") == ()


@pytest.mark.parametrize(("line", "message"), [
    ("de\tfeuerwehr\ten", "expected 4 tab-separated fields, found 3"),
    ("de feuerwehr en fire", "expected 4 tab-separated fields, found 1"),
    ("fr\tpompiers\ten\tfire", "unknown language 'fr'"),
    ("de\tfeuerwehr\tde\tbrandschutz", "own language"),
    ("de\tFeuerwehr\ten\tfire", "not in lower case"),
    ("de\tfeuer wehr\ten\tfire", "is not one word of letters"),
    ("de\tfeuerwehr\ten\tfire2", "is not one word of letters"),
    ("de\t\ten\tfire", "is not one word of letters"),
])
def test_mistakes_name_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    path = write(tmp_path, "# header", "de\tgeld\ten\tmoney", line)
    with pytest.raises(WordTranslationsError) as caught:
        read_word_translations(path)
    assert caught.value.path == path and caught.value.line == 3
    assert message in str(caught.value) and f"{path}:3:" in str(caught.value)


def test_unreadable_and_not_utf8_files(tmp_path: Path) -> None:
    with pytest.raises(WordTranslationsError, match="cannot be read"):
        read_word_translations(tmp_path / "missing.tsv")
    path = tmp_path / "latin1.tsv"
    path.write_bytes("de\tgrüße\ten\tgreetings\n".encode("latin-1"))
    with pytest.raises(WordTranslationsError, match="not UTF-8"):
        read_word_translations(path)


def test_turkish_lower_case_is_turkish(tmp_path: Path) -> None:
    # "ı" and "i" are both lower case in Turkish: the check lower-cases with Turkish rules.
    path = write(tmp_path, "tr\tışık\ten\tlight", "tr\tiş\tde\tarbeit")
    assert read_word_translations(path).translations("ışık", "tr") == (("en", "light"),)


def test_format_round_trips(tmp_path: Path) -> None:
    rows = [Translation("de", "geld", "en", "money"), Translation("tr", "para", "en", "money"),
            Translation("de", "geld", "tr", "para")]
    path = tmp_path / "made.tsv"
    path.write_text(format_word_translations(rows, "test"), encoding="utf-8")
    table = read_word_translations(path)
    assert table.translations("geld", "de") == (("en", "money"), ("tr", "para"))
    assert table.translations("para", "tr") == (("en", "money"),)


def test_a_stored_table_is_the_table_read(tmp_path: Path) -> None:
    """With a cache folder the checked table is stored, under the file's hash, and read back
    at the next start: the same table; a damaged store is read past, a changed file is
    another store, a mistake in the file is still named even where a store exists."""
    path = write(tmp_path, "de\tfeuerwehr\ten\tfire", "de\tfeuerwehr\ttr\titfaiye", "tr\tpara\ten\tmoney")
    cache = tmp_path / "cache"
    read = read_word_translations(path)
    assert read_word_translations(path, cache) == read  # read and stored
    stored = cache_file(cache, path.read_bytes())
    assert stored.exists()
    assert read_word_translations(path, cache) == read  # read back
    stored.write_bytes(b"\x00damaged")
    assert read_word_translations(path, cache) == read
    path.write_text("de\tgeld\ten\tmoney\n", encoding="utf-8")
    assert read_word_translations(path, cache).translations("geld", "de") == (("en", "money"),)
    assert read_word_translations(path, cache).translations("feuerwehr", "de") == ()
    path.write_text("de\tgeld\ten\n", encoding="utf-8")
    with pytest.raises(WordTranslationsError, match=":1: expected 4"):
        read_word_translations(path, cache)


def test_the_packaged_table_stored_is_the_table_read(tmp_path: Path) -> None:
    from assistant.datafile import read_packaged
    from assistant.word_translations import WORD_TRANSLATIONS_FILE

    read = read_packaged(WORD_TRANSLATIONS_FILE, read_word_translations)
    read_packaged(WORD_TRANSLATIONS_FILE, lambda path: read_word_translations(path, tmp_path))
    stored = read_packaged(WORD_TRANSLATIONS_FILE, lambda path: read_word_translations(path, tmp_path))
    assert stored.entries == read.entries
    assert list(stored.entries) == list(read.entries)  # the same order too
    assert word_translations().entries == read.entries


def test_packaged_table_translates_the_fields_words() -> None:
    table = word_translations()
    assert ("en", "financing") in table.translations("finanzierung", "de")
    assert ("en", "volunteers") in table.translations("gönüllüler", "tr")
    assert any(lang == "de" and word.startswith("freiwillig") for lang, word in table.translations("volunteers", "en"))


def test_tokens_are_stemmed_in_their_own_language_and_new() -> None:
    table = read_word_translations(Path(__file__).parent / "fixtures" / "word_translations.tsv")
    found = translated_tokens("Finanzierung der Feuerwehr?", "de", known=["fire"], table=table)
    assert tokenize("financing", "en")[0] in found
    assert tokenize("finansman", "tr")[0] in found
    assert "fire" not in found  # the question has it already
    assert len(found) == len(set(found))


def test_short_words_and_stop_words_are_not_looked_up() -> None:
    table = read_word_translations(Path(__file__).parent / "fixtures" / "word_translations.tsv")
    assert translated_tokens("Und aber wo?", "de", table=table) == []


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.sampled_from(["de", "en", "tr", "xx"]))
def test_any_text_gives_plain_tokens(text: str, language: str) -> None:
    tokens = translated_tokens(text, language)
    assert all(isinstance(t, str) and t and not any(ch.isspace() for ch in t) for t in tokens)


@pytest.mark.heavy
def test_a_german_word_reaches_an_english_sheet(seed_engine) -> None:
    """"Schulen" is in no English sheet; its translation "schools" is: BM25 finds the English
    item only with the translations (concept tokens left out, so only words count)."""
    from assistant.retrieve import RetrievalConfig, analyse_query

    index = seed_engine.index
    english = [row for row, unit in enumerate(index.units) if unit.language == "en" and "schools" in unit.text]
    assert english
    scores = {}
    for flag in (False, True):
        config = replace(RetrievalConfig(), word_translations=flag)
        analysis = analyse_query(index, seed_engine.encoder, "Welche Rolle spielen die Schulen?",
                                 language="de", config=config)
        words = [t for t in analysis.tokens if not t.startswith("concept_")]
        scores[flag] = index.bm25_scores(words)[english].max()
    assert scores[False] == 0 and scores[True] > 0
