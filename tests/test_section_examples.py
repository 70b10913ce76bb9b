"""The example questions per section (assistant/data/section_questions.toml): the loader
names file and line of a mistake, the votes follow the examples most like a question, the
embeddings are cached per model and file, and ranking uses them with the packaged model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.embedding import Encoder
from assistant.languages import SUPPORTED
from assistant.models import SectionKind
from assistant.section_examples import (
    SectionExamplesError,
    example_vectors,
    read_section_examples,
    section_examples,
    section_votes,
)
from assistant.store import SECTION_ORDER

GOOD = """# examples
[evaluation]
de = ["Wie messen die Netzwerke ihren Erfolg?", "Evaluation?"]
en = ["How do they measure success?", "Evaluation?"]

[resources]
en = ["Who pays for it?"]
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "section_questions.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_packaged_file_covers_every_section_in_every_language() -> None:
    examples = section_examples()
    codes = set(examples.sections.tolist())
    assert codes == set(range(len(SECTION_ORDER)))
    assert len(examples.texts) >= 10 * len(SUPPORTED) * 10
    assert all(text == text.strip() and text for text in examples.texts)


def test_the_same_words_in_two_languages_are_two_examples(tmp_path: Path) -> None:
    examples = read_section_examples(_write(tmp_path, GOOD))
    assert examples.texts.count("Evaluation?") == 2
    assert [SECTION_ORDER[c] for c in examples.sections.tolist()] == [SectionKind.EVALUATION] * 4 + [
        SectionKind.RESOURCES]


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        (GOOD + "\n[lessons]\nen = [\"What did they learn?\"]\n", 9, "unknown section [lessons]"),
        (GOOD.replace('en = ["Who pays', 'xx = ["Who pays'), 7, "xx: unknown language"),
        (GOOD.replace('en = ["Who pays for it?"]', "en = []"), 7, "must be a non-empty list"),
        (GOOD.replace('en = ["Who pays for it?"]', 'en = "Who pays for it?"'), 7, "must be a non-empty list"),
        (GOOD.replace('"Who pays for it?"', '"  "'), 7, "non-empty string"),
        (GOOD.replace('"Who pays for it?"', '"How do they measure  success?"'), 7, "listed twice in en"),
        (GOOD.replace("[resources]", "[resources"), 6, "TOML syntax"),
        ("resources = 3\n", 1, "must be a table"),
        ("# nothing\n", 0, "has no example questions"),
    ],
)
def test_a_mistake_names_file_and_line(tmp_path: Path, text: str, line: int, fragment: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(SectionExamplesError) as caught:
        read_section_examples(path)
    assert caught.value.path == path and caught.value.line == line, str(caught.value)
    assert fragment in str(caught.value) and str(path) in str(caught.value)


def test_a_file_that_is_not_utf8_is_named(tmp_path: Path) -> None:
    path = tmp_path / "section_questions.toml"
    path.write_bytes(GOOD.encode("utf-8") + b'\n[contact]\nde = ["Stra\xdfe?"]\n')
    with pytest.raises(SectionExamplesError, match="is not UTF-8"):
        read_section_examples(path)


def _unit(vector: list[float]) -> np.ndarray:
    array = np.asarray(vector, dtype=np.float32)
    return array / np.linalg.norm(array)


def test_votes_follow_the_examples_most_like_the_question() -> None:
    vectors = np.stack([_unit([1, 0, 0]), _unit([0.9, 0.1, 0]), _unit([0, 1, 0]), _unit([0, 0, 1])])
    sections = np.asarray([7, 7, 2, 6], dtype=np.int64)  # evaluation, evaluation, resources, challenges
    votes = section_votes(vectors, sections, _unit([1, 0.05, 0]))
    assert votes.shape == (len(SECTION_ORDER),) and votes.dtype == np.float32
    assert int(np.argmax(votes)) == 7 and votes[7] == 1.0
    assert votes[2] > votes[6] > 0  # resources' example is closer than challenges'
    assert votes[0] == 0.0  # a section without examples gets no vote


def test_a_section_with_more_examples_gets_no_advantage_from_their_number() -> None:
    same = _unit([1, 0])
    vectors = np.stack([same, same, same, same])
    sections = np.asarray([7, 7, 7, 2], dtype=np.int64)
    votes = section_votes(vectors, sections, same)
    assert votes[7] == pytest.approx(votes[2]) == pytest.approx(1.0)


def test_nothing_to_compare_gives_no_votes() -> None:
    vectors = np.stack([_unit([1, 0])])
    sections = np.asarray([7], dtype=np.int64)
    assert not section_votes(vectors, sections, np.zeros(2, np.float32)).any()
    assert not section_votes(np.zeros((0, 2), np.float32), np.zeros(0, np.int64), _unit([1, 0])).any()


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(-1, 1, allow_nan=False), min_size=3, max_size=3)
       .filter(lambda v: any(abs(x) > 1e-3 for x in v)))
def test_votes_are_between_zero_and_one_with_one_best(question: list[float]) -> None:
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(30, 3)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    sections = rng.integers(0, len(SECTION_ORDER), size=30).astype(np.int64)
    votes = section_votes(vectors, sections, _unit(question))
    assert np.all(votes >= 0) and np.all(votes <= 1) and votes.max() == pytest.approx(1.0)


class _CountingEncoder:
    """The real encoder, counting how many texts it was asked to embed."""

    def __init__(self, inner: Encoder, model_id: str) -> None:
        self.inner, self.model_id, self.dimension, self.texts = inner, model_id, inner.dimension, 0

    def encode(self, texts, *, batch_size: int = 64, show_progress: bool = False):  # type: ignore[no-untyped-def]
        self.texts += len(texts)
        return self.inner.encode(texts, batch_size=batch_size, show_progress=show_progress)


def test_the_embeddings_are_cached_per_model_and_file(tmp_path: Path, seed_engine) -> None:
    examples = read_section_examples(_write(tmp_path, GOOD))
    first = _CountingEncoder(seed_engine.encoder, f"test-model-{tmp_path.name}")
    vectors = example_vectors(first, examples, tmp_path / "cache")  # type: ignore[arg-type]
    assert first.texts == 5 and vectors.shape == (5, seed_engine.encoder.dimension)
    stored = list((tmp_path / "cache").glob("section-examples-*.npy"))
    assert len(stored) == 1
    # Another process (a fresh memo) reads them from the cache folder instead of encoding.
    from assistant import section_examples as module

    module._VECTORS = type(module._VECTORS)()
    again = _CountingEncoder(seed_engine.encoder, first.model_id)
    np.testing.assert_array_equal(example_vectors(again, examples, tmp_path / "cache"), vectors)  # type: ignore[arg-type]
    assert again.texts == 0
    # A damaged file is encoded again and replaced.
    stored[0].write_bytes(b"not an array")
    module._VECTORS = type(module._VECTORS)()
    third = _CountingEncoder(seed_engine.encoder, first.model_id)
    np.testing.assert_allclose(example_vectors(third, examples, tmp_path / "cache"), vectors, atol=1e-6)  # type: ignore[arg-type]
    assert third.texts == 5 and np.load(stored[0]).shape == (5, seed_engine.encoder.dimension)


def test_an_unwritable_cache_folder_still_answers(tmp_path: Path, seed_engine) -> None:
    examples = read_section_examples(_write(tmp_path, GOOD))
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder should be")
    encoder = _CountingEncoder(seed_engine.encoder, f"test-blocked-{tmp_path.name}")
    assert example_vectors(encoder, examples, blocked / "cache").shape[0] == 5  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("question", "section"),
    [
        ("Wie messen die Netzwerke, ob ihre Arbeit etwas bewirkt?", SectionKind.EVALUATION),
        ("How do the networks check whether their work makes a difference?", SectionKind.EVALUATION),
        ("Ağlar çalışmalarının işe yarayıp yaramadığını nasıl ölçüyor?", SectionKind.EVALUATION),
        ("Woher kommt das Geld für die Koordination?", SectionKind.RESOURCES),
        ("What went wrong and what did they learn from it?", SectionKind.CHALLENGES),
        ("Wie erreiche ich die Ansprechpartnerin?", SectionKind.CONTACT),
    ],
)
def test_questions_of_every_language_vote_for_the_section_that_answers_them(seed_engine, question: str,
                                                                            section: SectionKind) -> None:
    """With the packaged model and file: the form of the question decides, in DE, EN and TR
    (none of these questions is in the file)."""
    from assistant.retrieve import analyse_query

    examples = section_examples()
    assert question not in examples.texts
    analysis = analyse_query(seed_engine.index, seed_engine.encoder, question)
    assert analysis.section_votes is not None
    assert SECTION_ORDER[int(np.argmax(analysis.section_votes))] == section
