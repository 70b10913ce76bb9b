"""The word match (assistant/word_match.py): which words it reads, how it weighs them, the word
vectors stored with an index (reused by word across rebuilds), and that a question's words pick
the section of a network whose words answer them, across languages."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.store import WORD_VECTORS_FILE, WORDS_FILE
from assistant.word_match import content_words, idf_weights, read_word_vectors, write_word_vectors
from assistant.word_scores import pair_matches, question_words


class CountingEncoder:
    """A deterministic stand-in for the model: one unit vector per text, and a log of what it embedded."""

    dimension = 8
    model_id = "counting"

    def __init__(self) -> None:
        self.embedded: list[str] = []

    def encode(self, texts: Sequence[str], *, batch_size: int = 64, show_progress: bool = False) -> np.ndarray:
        self.embedded += list(texts)
        rows = [np.random.default_rng(sum(map(ord, t))).normal(size=self.dimension) for t in texts]
        vectors = np.asarray(rows, dtype=np.float32).reshape(len(texts), self.dimension)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


@pytest.mark.parametrize(("text", "words"), [
    ("Wie finanzieren die Netzwerke die Arbeit 2024?", ["arbeit", "finanzieren", "netzwerke"]),
    ("How do the volunteers stay motivated?", ["motivated", "stay", "volunteers"]),
    ("Gönüllüler nasıl motive ediliyor?", ["ediliyor", "gönüllüler", "motive"]),
    ("Wer? Was? 12 34 -- ok m²", []),
    ("İSTANBUL'da İş", ["istanbul"]),
])
def test_content_words_are_lower_case_words_of_three_letters_without_stop_words(text: str, words: list[str]) -> None:
    assert content_words(text) == words


@given(st.text(max_size=200))
def test_content_words_of_any_text_are_sorted_distinct_words(text: str) -> None:
    words = content_words(text)
    assert words == sorted(set(words))
    assert all(len(w) >= 3 and w.isalpha() and w == w.lower() for w in words)


def test_a_rare_word_weighs_more_than_a_common_one_and_an_unknown_one_most() -> None:
    weights = idf_weights(["netzwerk", "feuerwehr", "zirkus"], {"netzwerk": 500, "feuerwehr": 2, "andere": 1000})
    assert weights[0] < weights[1] < weights[2]


def test_word_vectors_are_written_and_read_back(tmp_path: Path) -> None:
    encoder = CountingEncoder()
    embedded = write_word_vectors(tmp_path, {"volunteers": 3, "the": 9, "ab": 2, "gönüllü": 1, "gone": 0}, encoder,
                                  None)
    assert embedded == 2 and sorted(encoder.embedded) == ["gönüllü", "volunteers"]  # not stop words, 2 letters, 0
    table = read_word_vectors(tmp_path)
    assert sorted(table.row) == ["gönüllü", "volunteers"]
    expected = CountingEncoder().encode(["volunteers"])[0]
    assert np.allclose(table.of_rows([table.row["volunteers"]])[0], expected, atol=1e-3)


def test_a_rebuild_embeds_only_the_words_it_has_not_seen(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir(), second.mkdir()
    write_word_vectors(first, {"volunteers": 3, "funding": 2}, CountingEncoder(), None)
    encoder = CountingEncoder()
    assert write_word_vectors(second, {"volunteers": 3, "feuerwehr": 1}, encoder, first) == 1
    assert encoder.embedded == ["feuerwehr"]
    table = read_word_vectors(second)
    assert sorted(table.row) == ["feuerwehr", "volunteers"]  # a word gone from the corpus is dropped
    assert np.allclose(table.of_rows([table.row["volunteers"]])[0], CountingEncoder().encode(["volunteers"])[0],
                       atol=1e-3)


def test_an_unreadable_previous_file_is_embedded_again(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir(), second.mkdir()
    write_word_vectors(first, {"volunteers": 3}, CountingEncoder(), None)
    (first / WORDS_FILE).write_text(json.dumps(["volunteers", "extra"]), encoding="utf-8")  # disagrees with vectors
    with pytest.raises(ValueError, match="disagree"):
        read_word_vectors(first)
    encoder = CountingEncoder()
    assert write_word_vectors(second, {"volunteers": 3}, encoder, first) == 1
    assert (second / WORD_VECTORS_FILE).is_file()


# --------------------------------------------------------------------------- with the model and the seed index


@pytest.mark.heavy
def test_the_seed_index_stores_the_vectors_of_its_words(seed_engine) -> None:
    index, encoder = seed_engine.index, seed_engine.encoder
    table = read_word_vectors(index.directory / "current")
    assert {"volunteers", "finanzierung", "gönüllüler"} <= set(table.row)
    stored = table.of_rows([table.row["volunteers"]])[0]
    assert float(stored @ encoder.encode(["volunteers"])[0]) > 0.999


@pytest.mark.heavy
@pytest.mark.parametrize("question", [
    "Where does the money come from?",
    "Wie wird die Arbeit finanziert?",
    "Finansman nasıl sağlanıyor?",
])
def test_a_question_about_money_matches_the_resources_section_better_than_the_contact(seed_engine,
                                                                                    question: str) -> None:
    from assistant.models import SectionKind
    from assistant.store import SECTION_ORDER

    index, encoder = seed_engine.index, seed_engine.encoder
    words = question_words(index, encoder, question)
    assert words is not None and abs(float(words.weights.sum()) - 1) < 1e-5
    code = index.arrays.network_code["erfurt"]
    pairs = [code * len(SECTION_ORDER) + SECTION_ORDER.index(kind)
             for kind in (SectionKind.RESOURCES, SectionKind.CONTACT)]
    resources, contact = pair_matches(index, words, pairs).tolist()
    assert resources > contact + 0.05
