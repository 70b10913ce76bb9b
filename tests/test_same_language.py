"""The same-language offset (RetrievalConfig.same_language, session 16): the model gives a
passage in the question's own language a little more cosine whatever it says, so the dense
score of the units in the question's language is lowered by a constant, unless the unit has a
version in another language (Erfurt's English and Turkish rows: found in either version). The
index keeps each unit's language as a column (index format 8), also for networks a rebuild
copies unchanged, and whether its translation group is in one language (format 9, derived at
ingest with the translations)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from assistant.index import build_index, load_index
from assistant.query import RetrievalConfig
from assistant.retrieve import BM25_ONLY, DENSE_ONLY, analyse_query, candidate_rows, score_rows
from assistant.settings import Settings
from assistant.store import in_one_language

pytestmark = pytest.mark.heavy  # the real model and index

QUESTIONS = [
    ("de", "Wie halten andere Netzwerke ihre Ehrenamtlichen bei der Stange?"),
    ("en", "How do other networks keep their volunteers on board?"),
    ("tr", "Diğer ağlar gönüllülerini nasıl elde tutuyor?"),
]


def test_the_index_keeps_each_units_language(seed_engine) -> None:
    index = seed_engine.index
    stored = index.arrays.language.astype(str).tolist()
    assert stored == [unit.language for unit in index.units]
    assert {"de", "en", "tr"} <= set(stored)  # the seeds have a sheet in each language


@pytest.mark.parametrize(("language", "question"), QUESTIONS)
def test_units_in_the_questions_language_lose_the_offset_and_no_others(seed_engine, language: str,
                                                                       question: str) -> None:
    index, encoder = seed_engine.index, seed_engine.encoder
    config = RetrievalConfig()
    assert config.same_language > 0
    analysis = analyse_query(index, encoder, question, config=config)
    assert analysis.language == language
    candidates = candidate_rows(index, analysis, config)
    votes = analysis.section_votes
    with_offset, _ = score_rows(index, candidates, analysis.concepts, config, section_votes=votes,
                                language=analysis.language)
    without, _ = score_rows(index, candidates, analysis.concepts, replace(config, same_language=0.0),
                            section_votes=votes, language=analysis.language)
    languages_of_group: dict[int, set[str]] = {}
    for unit in index.units:
        languages_of_group.setdefault(unit.group, set()).add(unit.language)
    units = [index.units[int(r)] for r in candidates.rows]
    own = np.asarray([u.language == language for u in units])
    twinned = np.asarray([len(languages_of_group[u.group]) > 1 for u in units])
    lowered = own & ~twinned
    assert lowered.any() and (~own).any() and (own & twinned).any()  # Erfurt has EN/TR twins
    np.testing.assert_allclose(without[lowered] - with_offset[lowered], config.dense * config.same_language,
                               atol=1e-6)
    np.testing.assert_array_equal(without[~lowered], with_offset[~lowered])


def test_a_group_is_in_one_language_when_all_its_members_are() -> None:
    group = np.asarray([7, 3, 7, 5, 3, 9], dtype=np.int64)
    language = np.asarray([b"en", b"de", b"tr", b"de", b"de", b"en"], dtype="S8")
    assert in_one_language(group, language).tolist() == [False, True, False, True, True, True]
    assert in_one_language(group[:0], language[:0]).tolist() == []


def test_the_stored_flag_is_the_units_own(seed_engine) -> None:
    index = seed_engine.index
    languages_of_group: dict[int, set[str]] = {}
    for unit in index.units:
        languages_of_group.setdefault(unit.group, set()).add(unit.language)
    assert index.arrays.in_one_language.tolist() == [len(languages_of_group[u.group]) == 1 for u in index.units]


def test_the_naive_baselines_have_no_offset() -> None:
    assert BM25_ONLY.same_language == 0.0
    assert DENSE_ONLY.same_language == 0.0


def test_a_rebuild_that_copies_unchanged_networks_keeps_their_languages(corpus_copy: Path, tmp_path: Path,
                                                                          seed_engine) -> None:
    """A rebuild copies the columns of networks that did not change (_copy_columns) and builds
    the changed one anew: both must carry the right language, row for row."""
    settings = Settings(corpus=corpus_copy, index=tmp_path / "index")
    build_index(settings, encoder=seed_engine.encoder)
    sheet = next(p for p in sorted(corpus_copy.iterdir()) if p.suffix == ".txt" and "halberstadt" in p.name.lower())
    sheet.write_text(sheet.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    report = build_index(settings, encoder=seed_engine.encoder)
    assert 1 <= report.rebuilt_networks < report.networks  # the others' columns were copied
    index = load_index(settings)
    assert index.arrays.language.astype(str).tolist() == [unit.language for unit in index.units]
    build_index(Settings(corpus=corpus_copy, index=tmp_path / "fresh"), encoder=seed_engine.encoder)  # built whole
    fresh = load_index(Settings(corpus=corpus_copy, index=tmp_path / "fresh"))
    np.testing.assert_array_equal(index.arrays.in_one_language, fresh.arrays.in_one_language)
