"""The query path's faster forms against the straightforward ones they replaced.

Each vectorised or cached step of a question (docs/scaling.md §1) must give exactly what
the plain version gives: the same rows, the same float bits, the same order among equals.
The plain versions are kept here as the reference.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import assistant.analyse as analyse_module
import assistant.index as index_module
import assistant.retrieve as retrieve_module
from assistant.candidates import best_first_by_group, group_order, in_sorted, sorted_unique
from assistant.index import SearchIndex
from assistant.intents import _required_start, any_found, cue_checks, found, intent_data
from assistant.language import _WORD, _script_language, detect_language, stop_word_language
from assistant.languages import LANGUAGES
from assistant.names import _TURKISH_TAILS, INFLECTIONS, NetworkNames, phrase_stems, stems
from assistant.retrieve import (
    RetrievalConfig,
    _by_level,
    _concept_scores,
    _diversify_networks,
    _network_sums,
    _rank_by_pair,
    _scaled_means,
    analyse_query,
    network_names,
    score_query,
)
from assistant.segments import SegmentedRows, SegmentedVectors
from assistant.spelling import Correction, Speller
from assistant.text import fold

_ints = st.lists(st.integers(min_value=0, max_value=60), max_size=80)


@given(_ints)
def test_sorted_unique_is_numpys_unique(values: list[int]) -> None:
    array = np.asarray(values, dtype=np.int64)
    found = sorted_unique(array)
    assert found.dtype == np.unique(array).dtype
    np.testing.assert_array_equal(found, np.unique(array))


@given(_ints, _ints)
def test_in_sorted_is_numpys_isin(values: list[int], members: list[int]) -> None:
    array, sorted_members = np.asarray(values, dtype=np.int64), np.unique(np.asarray(members, dtype=np.int64))
    np.testing.assert_array_equal(in_sorted(array, sorted_members), np.isin(array, sorted_members))


@pytest.mark.parametrize("mapped", [False, True])
def test_segmented_vectors_read_sorted_rows_as_one_array(tmp_path: Path, mapped: bool) -> None:
    rng = np.random.default_rng(3)
    parts = [rng.standard_normal((n, 4)).astype(np.float32) for n in (5, 0, 7, 3)]
    if mapped:
        for i, part in enumerate(parts):
            np.save(tmp_path / f"{i}.npy", part)
        parts = [np.load(tmp_path / f"{i}.npy", mmap_mode="r") for i in range(len(parts))]
    vectors, whole = SegmentedVectors(parts, 4), np.concatenate(parts)
    for rows in ([0, 4, 5, 11, 12, 14], [4, 5], [14], [0, 0, 3, 3], list(range(15)), [12, 0, 5], [2, 1], []):
        np.testing.assert_array_equal(vectors[np.asarray(rows, dtype=np.int64)], whole[rows])
    np.testing.assert_array_equal(vectors[7], whole[7])
    with pytest.raises(IndexError):
        vectors[np.asarray([3, 15])]


def _network_scores_plainly(n_networks: int, network: np.ndarray, fused: np.ndarray, allowed: np.ndarray,
                            top: int = 3) -> np.ndarray:
    """The mean of each network's best ``top`` allowed scores, as first written."""
    net, score = network[allowed], fused[allowed]
    if not len(net):
        return np.zeros(n_networks, dtype=np.float32)
    order = np.lexsort((-score, net))
    net, score = net[order], score[order]
    starts = np.r_[0, np.flatnonzero(np.diff(net)) + 1]
    rank = np.arange(len(net)) - np.repeat(starts, np.diff(np.r_[starts, len(net)]))
    best = rank < top
    sums = np.bincount(net[best], weights=score[best], minlength=n_networks)
    counts = np.bincount(net[best], minlength=n_networks)
    means = np.divide(sums, counts, out=np.zeros(n_networks), where=counts > 0)
    peak = means.max(initial=0.0)
    return (means / peak if peak > 0 else np.zeros(n_networks)).astype(np.float32)


_candidates = st.lists(st.tuples(st.integers(0, 7), st.sampled_from([-0.5, 0.0, 0.1, 0.25, 0.3333, 0.9, 1.7]),
                                 st.booleans()), max_size=60)


@settings(max_examples=300)
@given(_candidates, st.sampled_from([0, 1_000]))
def test_network_scores_are_the_plain_means_bit_for_bit(rows: list[tuple[int, float, bool]], sort_up_to: int) -> None:
    # sort_up_to=0: the path without sorting the scores, which large candidate sets take.
    network = np.asarray([r[0] for r in rows], dtype=np.int32)
    fused = np.asarray([r[1] for r in rows], dtype=np.float32)
    allowed = np.asarray([r[2] for r in rows], dtype=bool)
    index: Any = SimpleNamespace(arrays=SimpleNamespace(network_ids=[f"n{i}" for i in range(8)]))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(retrieve_module, "SORT_NETWORK_SCORES", sort_up_to)
        found = _scaled_means(*_network_sums(len(index.arrays.network_ids), network, fused, allowed))
    assert found.dtype == np.float32
    assert found.tobytes() == _network_scores_plainly(8, network, fused, allowed).tobytes()


@settings(max_examples=200)
@given(_candidates, st.sets(st.integers(0, 7)), st.sampled_from([0, 1_000]))
def test_some_networks_sums_are_those_of_all_their_rows(rows: list[tuple[int, float, bool]], some: set[int],
                                                        sort_up_to: int) -> None:
    # score_query sums only the leading networks' rows again after adding their units: a
    # network's sums depend on its own rows alone, whichever path sums them.
    network = np.asarray([r[0] for r in rows], dtype=np.int32)
    fused = np.asarray([r[1] for r in rows], dtype=np.float32)
    allowed = np.asarray([r[2] for r in rows], dtype=bool)
    theirs = np.isin(network, sorted(some))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(retrieve_module, "SORT_NETWORK_SCORES", sort_up_to)
        totals, taken = _network_sums(8, network, fused, allowed)
        part_totals, part_taken = _network_sums(8, network[theirs], fused[theirs], allowed[theirs])
    codes = sorted(some)
    assert part_totals[codes].tobytes() == totals[codes].tobytes()
    assert part_taken[codes].tolist() == taken[codes].tolist()


def _diversify_plainly(network: np.ndarray, rows: np.ndarray, pairs: list[list[int]],
                       pair_score: Callable[[list[int]], float], penalty: float) -> list[list[int]]:
    """The greedy re-order as first written: a max() over the remaining pairs per step."""
    remaining = [(pair_score(members), int(network[rows[members[0]]]), members) for members in pairs]
    placed: dict[int, int] = {}
    out: list[list[int]] = []
    while remaining:
        best = max(range(len(remaining)), key=lambda i: remaining[i][0] - penalty * placed.get(remaining[i][1], 0))
        _, code, members = remaining.pop(best)
        placed[code] = placed.get(code, 0) + 1
        out.append(members)
        if len(out) >= 20:
            out += [m for _, _, m in sorted(remaining, key=lambda r: -r[0])]
            break
    return out


@settings(max_examples=200)
@given(st.lists(st.tuples(st.integers(0, 5), st.sampled_from([0.1, 0.2, 0.2000001, 0.35, 0.5, 1.0]),
                          st.integers(1, 3)), max_size=45),
       st.sampled_from([0.0, 0.05, 0.1, 0.15]))
def test_network_diversity_is_the_plain_greedy_order(spec: list[tuple[int, float, int]], penalty: float) -> None:
    # One pair per spec entry: its items' positions, their scores and their network.
    networks, scores, pairs = [], [], []
    for code, score, size in spec:
        pairs.append(list(range(len(networks), len(networks) + size)))
        networks += [code] * size
        scores += [score / (1 + k) for k in range(size)]
    rows = np.arange(len(networks), dtype=np.int64)
    item_score = np.asarray(scores, dtype=np.float32)
    network = np.asarray(networks, dtype=np.int32)

    def pair_score(members: list[int]) -> float:
        second = float(item_score[members[1]]) if len(members) > 1 else 0.0
        return float(item_score[members[0]]) + 0.3 * second

    score = np.asarray([pair_score(members) for members in pairs], dtype=np.float64)
    first = network[rows[[members[0] for members in pairs]]] if pairs else np.zeros(0, np.int32)
    order = _diversify_networks(first, score, penalty, 6)
    assert [pairs[i] for i in order.tolist()] == _diversify_plainly(network, rows, pairs, pair_score, penalty)


def test_names_found_again_are_those_found_first() -> None:
    names = NetworkNames({"erfurt": frozenset({"erfurt"}), "halberstadt": frozenset({"halberstadt"})}, {},
                         frozenset())
    questions = [f"Was macht Erfurt {i}?" for i in range(100)] + ["Halberstadt und Erfurt", "nichts"]
    first = [names.find(q) for q in questions]
    assert first == [names._find(q) for q in questions]
    assert [names.find(q) for q in reversed(questions)] == list(reversed(first))
    found = names.find("Halberstadt und Erfurt")
    found.clear()  # a caller's copy: the kept answer is not changed
    assert names.find("Halberstadt und Erfurt") == names._find("Halberstadt und Erfurt")


def test_network_scores_of_a_retrieval_are_those_of_its_scoring_pass(seed_engine) -> None:
    for question in ("Wie finanziert ihr euch?", "volunteers keep quitting", "Halberstadt", "   "):
        retrieval = seed_engine.retrieve(question)
        analysis = analyse_query(seed_engine.index, seed_engine.encoder, question)
        scored = score_query(seed_engine.index, seed_engine.encoder, analysis)
        expected = scored.network_score_map(seed_engine.index) if analysis.cleaned else {}
        assert retrieval.network_scores == expected
        if analysis.cleaned:
            assert retrieval.network_scores


@given(st.lists(st.tuples(st.sampled_from([0, 1, 2, 7, 65_535, 65_536, 70_000]),
                          st.sampled_from([-1.0, 0.0, 0.2, 0.2000001, 0.5])), max_size=60))
def test_best_first_by_group_is_lexsort(rows: list[tuple[int, float]]) -> None:
    groups = np.asarray([r[0] for r in rows], dtype=np.int64)
    scores = np.asarray([r[1] for r in rows], dtype=np.float32)
    np.testing.assert_array_equal(group_order(groups), np.argsort(groups, kind="stable"))
    np.testing.assert_array_equal(group_order(groups.astype(np.int32)), np.argsort(groups, kind="stable"))
    np.testing.assert_array_equal(best_first_by_group(groups, scores), np.lexsort((-scores, groups)))


@pytest.mark.parametrize("block", [1, 3, 512])
def test_dense_similarities_by_blocks_are_those_of_one_pass(monkeypatch: pytest.MonkeyPatch, block: int) -> None:
    rng = np.random.default_rng(5)
    vectors = rng.standard_normal((1200, 512)).astype(np.float32)
    query = rng.standard_normal(512).astype(np.float32)
    index: Any = SimpleNamespace(vectors=vectors)
    monkeypatch.setattr(index_module, "DENSE_BLOCK", block)
    for rows in (np.arange(1200), np.sort(rng.choice(1200, 700, replace=False)), np.asarray([5]),
                 rng.choice(1200, 300, replace=False)):
        expected = np.einsum("ij,j->i", vectors[np.sort(rows)], query)
        expected = expected[np.argsort(np.argsort(rows, kind="stable"), kind="stable")]
        assert SearchIndex.dense_of(index, query, rows).tobytes() == expected.tobytes()


@given(st.lists(st.lists(st.booleans(), min_size=6, max_size=6), min_size=1, max_size=40),
       st.sets(st.sampled_from(["a", "b", "c", "d", "e", "f"]), min_size=1))
def test_concept_shares_are_those_of_the_two_dimensional_index(matrix: list[list[bool]], topic: set[str]) -> None:
    concepts = np.asarray(matrix, dtype=bool)
    index: Any = SimpleNamespace(derived={}, arrays=SimpleNamespace(
        concepts=concepts, concept_ids=("a", "b", "c", "d", "e", "f"),
        concept_idf=np.asarray([0.5, 1.0, 2.0, 0.25, 1.5, 3.0], dtype=np.float32)))
    config = replace(RetrievalConfig(), concept_length=0.0)
    rows = np.arange(len(matrix))[::2]
    cols = np.asarray(sorted("abcdef".index(c) for c in topic))
    weights = index.arrays.concept_idf[cols].astype(np.float32)
    expected = (concepts[np.ix_(rows, cols)] @ weights / weights.sum()).astype(np.float32)
    assert _concept_scores(index, rows, topic, config).tobytes() == expected.tobytes()


def _all_cues() -> list[re.Pattern[str]]:
    data = intent_data()
    return [c for i in data.intents for c in (*i.cues, *i.prefer, *i.pick)] + [
        *data.situation_cues, *data.hedge_cues, *data.problem_cues, *data.practice_cues, *data.personal_cues,
        *data.group_cues]


def test_intent_cues_with_their_first_letters_match_what_the_plain_search_matches() -> None:
    cues = _all_cues()
    root = Path(__file__).resolve().parent.parent
    texts = [fold(json.loads(line)["query"]) for name in ("eval/dev_queries.jsonl", "eval/growth/queries.jsonl")
             for line in (root / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    # Every cue's own pattern text and its letters in other words: a match and a near miss for each.
    texts += [c.pattern.removeprefix(r"(?<!\w)") for c in cues] + [f"x{_required_start(c)}y" for c in cues]
    for cue in cues:
        for text in texts:
            assert found(cue, text) == (cue.search(text) is not None), (cue.pattern, text)
    # Nearly every cue starts with letters a text must contain: that is what saves the searches.
    assert sum(bool(_required_start(c)) for c in cues) >= 0.9 * len(cues)


@given(st.from_regex(r"(?:[a-zäöüğış' -]|fund|financ|money|wie viel|nasıl|problem){0,12}", fullmatch=True))
def test_intent_cues_on_any_text(text: str) -> None:
    for cue in _all_cues():
        assert found(cue, text) == (cue.search(text) is not None), (cue.pattern, text)


@pytest.mark.parametrize(("pattern", "start"), [
    (r"(?<!\w)financ", "financ"), (r"(?<!\w)colou?r", "colo"), (r"(?<!\w)fund|money", ""),
    (r"(?<!\w)(?:fund|money)", ""), (r"(?<!\w)wie (viel|oft)", "wie "), (r"(?<!\w)ab*c", "a"),
    (r"(?<!\w)a[|]b", "a"), (r"(?<!\w)x\|y", "x"), (r"(?<!\w)ab{2}", "a"),
])
def test_required_start_of_a_cue(pattern: str, start: str) -> None:
    assert _required_start(re.compile(pattern)) == start


@settings(deadline=None)  # the first example reads intents.toml (cached after): 0.46 s once under load, a false "flaky"
@given(st.from_regex(r"(?:[a-zäöüğış' -]|fund|financ|money|wie viel|nasıl|problem|we|our|unser){0,14}",
                     fullmatch=True))
def test_cue_lists_in_one_loop_match_what_the_plain_searches_match(text: str) -> None:
    data = intent_data()
    lists = [c for i in data.intents for c in (i.cues, i.unless)] + [
        data.situation_cues, data.personal_cues, (*data.practice_cues, *data.problem_cues), data.group_cues]
    for cues in lists:
        assert any_found(cue_checks(cues), text) == any(c.search(text) for c in cues)


def test_cue_lists_in_one_loop_on_the_eval_questions() -> None:
    data = intent_data()
    for text in _eval_questions():
        folded = fold(text)
        for intent in data.intents:
            plain = (any(c.search(folded) for c in intent.cues) and not any(c.search(folded) for c in intent.unless))
            assert intent.matches(folded) == plain, (intent.id, text)


@given(st.lists(st.lists(st.integers(0, 500), min_size=1, max_size=6), max_size=30))
def test_pairs_by_level_are_the_plain_level_lists(pairs: list[list[int]]) -> None:
    plain: list[int] = []
    for level in range(max((len(p) for p in pairs), default=0)):
        plain += [members[level] for members in pairs if level < len(members)]
    assert list(_by_level(pairs)) == plain


def _rank_by_pair_plainly(network: np.ndarray, pair: np.ndarray, item_score: np.ndarray, keep: np.ndarray,
                          config: RetrievalConfig, depth: int, named: bool) -> list[int]:
    """The pair-by-pair ranking as first written: a dict of lists, Python float scores."""
    positions = np.flatnonzero(keep)
    if len(positions) > depth:
        positions = positions[np.argpartition(-item_score[positions], depth - 1)[:depth]]
    positions = positions[np.argsort(-item_score[positions], kind="stable")]
    by_pair: dict[int, list[int]] = {}
    for position, key in zip(positions.tolist(), pair[positions].tolist(), strict=True):
        by_pair.setdefault(key, []).append(position)

    def pair_score(members: list[int]) -> float:
        second = float(item_score[members[1]]) if len(members) > 1 else 0.0
        return float(item_score[members[0]]) + config.pair_second * second

    pairs = sorted(by_pair.values(), key=lambda members: -pair_score(members))
    if config.network_diversity and not named:
        pairs = _diversify_plainly(network, np.arange(len(network)), pairs, pair_score, config.network_diversity)
    ranked: list[int] = []
    for level in range(max((len(p) for p in pairs), default=0)):
        ranked += [members[level] for members in pairs if level < len(members)]
    return ranked


@settings(max_examples=300)
@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 6), st.sampled_from([0.0, 0.1, 0.2, 0.2000001, 0.5, 1.5]),
                          st.booleans()), max_size=70),
       st.sampled_from([0.0, 0.3, 0.5]), st.sampled_from([0.0, 0.05, 0.15]), st.booleans(), st.sampled_from([5, 200]))
def test_ranking_by_pairs_is_the_plain_dict_of_lists(rows: list[tuple[int, int, float, bool]], second: float,
                                                     diversity: float, named: bool, depth: int) -> None:
    network = np.asarray([r[0] for r in rows], dtype=np.int32)
    pair = np.asarray([r[0] * 10 + r[1] for r in rows], dtype=np.int64)  # a (network, section) pair
    item_score = np.asarray([r[2] for r in rows], dtype=np.float32)
    keep = np.asarray([r[3] for r in rows], dtype=bool)
    config = replace(RetrievalConfig(), pair_second=second, network_diversity=diversity)
    index: Any = SimpleNamespace(arrays=SimpleNamespace(pair=pair, network=network,
                                                        network_ids=[f"n{i}" for i in range(5)]))
    scored: Any = SimpleNamespace(rows=np.arange(len(rows), dtype=np.int64), item_score=item_score,
                                  analysis=SimpleNamespace(named=frozenset({"n1"}) if named else frozenset(),
                                                           words=None))  # the word match: tests/test_word_match.py
    assert list(_rank_by_pair(index, scored, keep, config, depth)) == _rank_by_pair_plainly(
        network, pair, item_score, keep, config, depth, named)


def test_segmented_rows_locate_a_record_as_the_binary_search_of_their_starts() -> None:
    starts = np.asarray([0, 4, 4, 9, 12], dtype=np.int64)
    rows: Any = SegmentedRows([], starts)
    for i in range(12):
        segment = int(np.searchsorted(starts, i, side="right")) - 1
        assert rows.locate(i) == (segment, i - int(starts[segment]))


def _eval_questions() -> list[str]:
    """Every question of the eval sets and the benchmark's perturbed ones."""
    from benchmarks.bench import perturbed_queries

    root = Path(__file__).resolve().parent.parent
    texts = [json.loads(line)["query"] for name in ("eval/dev_queries.jsonl", "eval/holdout_queries.jsonl",
                                                    "eval/growth/queries.jsonl")
             for line in (root / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    return list(dict.fromkeys(texts + perturbed_queries(root / "eval/dev_queries.jsonl", 400)))


def test_stop_words_decide_the_language_lingua_gives_on_the_eval_questions(seed_engine) -> None:
    names = network_names(seed_engine.index)
    decided = 0
    texts = _eval_questions()
    for text in texts:
        for variant in (text, names.mask(text), text.lower()):  # as ``ask`` sees it, without names, lower case
            quick = stop_word_language(variant)
            if quick is not None:
                decided += 1
                assert quick == detect_language(variant), variant
            assert detect_language(variant, by_words=True) == detect_language(variant), variant
    # It must decide often enough to be worth having (about half of these questions).
    assert decided > 0.4 * 3 * len(texts)


def _language_words() -> dict[str, list[str]]:
    """Words of each language: its stop words, its seed sheets and its eval questions."""
    root = Path(__file__).resolve().parent.parent
    words: dict[str, set[str]] = {code: set(data.all_stopwords()) for code, data in LANGUAGES.items()}
    for path in sorted((root / "corpus").glob("*.*.txt")):
        code = path.name.split(".")[-2]
        if code in words:
            words[code].update(_WORD.findall(path.read_text(encoding="utf-8")))
    for line in (root / "eval/dev_queries.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip() and (query := json.loads(line))["language"] in words:
            words[query["language"]].update(_WORD.findall(query["query"]))
    return {code: sorted(found) for code, found in words.items()}


_WORDS = _language_words()
_ANY_WORD = sorted({w for found in _WORDS.values() for w in found})
#: A language's own words, mostly, with some of any other language's mixed in.
_MIXED_TEXT = st.sampled_from(sorted(_WORDS)).flatmap(lambda code: st.lists(
    st.one_of(st.sampled_from(_WORDS[code]), st.sampled_from(_WORDS[code]), st.sampled_from(_ANY_WORD)),
    min_size=1, max_size=12)).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(_MIXED_TEXT)
def test_stop_words_decide_only_what_lingua_decides(text: str) -> None:
    quick = stop_word_language(text)
    assert quick is None or quick == detect_language(text), text
    assert detect_language(text, by_words=True) == detect_language(text)


@given(st.text(max_size=60))
@example("A0I0P0Ê")  # found by chance in session 10: four lone letters read as English by their stop words
def test_stop_word_language_on_any_text(text: str) -> None:
    quick = stop_word_language(text)
    assert quick is None or quick == detect_language(text)


@pytest.mark.parametrize("mapped", [False, True])
def test_similarities_of_every_row_are_those_of_the_gathered_rows(tmp_path: Path, mapped: bool) -> None:
    """A small index is scored whole (``dense_all``): each row's sum as ``dense_of`` makes it."""
    rng = np.random.default_rng(11)
    parts = [rng.standard_normal((n, 512)).astype(np.float32) for n in (219, 0, 37, 600)]
    if mapped:
        for i, part in enumerate(parts):
            np.save(tmp_path / f"{i}.npy", part)
        parts = [np.load(tmp_path / f"{i}.npy", mmap_mode="r") for i in range(len(parts))]
    for vectors in (SegmentedVectors(parts, 512), parts[0], SegmentedVectors(parts[1:2], 512)):
        index: Any = SimpleNamespace(vectors=vectors, derived={})
        for _ in range(5):  # the segments' views are made at the first question, kept for the next
            query = rng.standard_normal(512).astype(np.float32)
            every = np.arange(len(vectors), dtype=np.int64)
            assert SearchIndex.dense_all(index, query).tobytes() == SearchIndex.dense_of(index, query, every).tobytes()


def _corrections_plainly(speller: Speller, text: str, language: str) -> list[Correction]:
    """Every word's correction asked afresh, as first written."""
    return [Correction(m.start(), m.end(), m.group(), found) for m in re.finditer(r"[^\W\d_]+", text)
            if (found := speller.suggest(m.group(), language)) is not None]


def test_typo_verdicts_kept_are_those_made_afresh(seed_engine) -> None:
    speller = analyse_module.speller(seed_engine.index)
    texts = _eval_questions()[:300] + ["volunters keep quiting", "Finansmn?", "gönülüler", "smal town cordinator"]
    for _ in range(2):  # the second time every word's verdict is a kept one
        for text in texts:
            for language in ("de", "en", "tr"):  # a Turkish word's verdict depends on the language
                assert speller.corrections(text, language) == _corrections_plainly(speller, text, language)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["volunters", "quiting", "smal", "Koordinaton", "finansmn", "gönülüler", "the",
                                 "Netzwerk", "ağ", "x", "Ehrenamtliche", "cordinator"]), max_size=8).map(" ".join),
       st.sampled_from(["de", "en", "tr"]))
def test_typo_verdicts_on_generated_text(seed_engine, text: str, language: str) -> None:
    speller = analyse_module.speller(seed_engine.index)
    assert speller.corrections(text, language) == _corrections_plainly(speller, text, language)


def _find_plainly(names: NetworkNames, query: str) -> list[tuple[int, int, frozenset[str]]]:
    """:meth:`NetworkNames._find` as first written: every token's stems looked up afresh."""
    folded = fold(query)
    tokens = [(m.start(), m.end(), m.group()) for m in re.finditer(r"\w+", folded)]
    found: list[tuple[int, int, frozenset[str]]] = []
    i = 0
    while i < len(tokens):
        start, end, token = tokens[i]
        phrase = names._phrase_at(tokens, i)
        if phrase:
            length, ids = phrase
        else:
            length = 1
            ids = next((names.words[s] for s in stems(token) if s in names.words), None)  # type: ignore[assignment]
        if not ids:
            i += 1
            continue
        i += length
        end = tokens[i - 1][1]
        if i < len(tokens) and tokens[i][0] == end + 1 and folded[end] in "'’" and tokens[i][2] in (
                INFLECTIONS | _TURKISH_TAILS):
            end = tokens[i][1]
            i += 1
        found.append((start, end, ids))
    return found


_NAMES = NetworkNames({"erfurt": frozenset({"erfurt"}), "halberstadt": frozenset({"halberstadt"}),
                       "zora": frozenset({"zora"})},
                      {("lokal", "willkommen"): frozenset({"dortmund"}), ("hohe", "geest"): frozenset({"geest"})},
                      frozenset())


@settings(max_examples=300)
@given(st.lists(st.sampled_from(["Erfurt", "Erfurter", "Erfurt'taki", "'", "in", "Halberstädter", "Halberstadt",
                                 "lokal", "willkommen", "lokalen", "Hohen", "Geest", "hohe", "Zoras", "und", "?"]),
                max_size=10).map(" ".join))
def test_names_from_kept_token_verdicts_are_those_looked_up_afresh(text: str) -> None:
    assert _NAMES._find(text) == _find_plainly(_NAMES, text)
    for token in re.findall(r"\w+", fold(text)):
        may_start, ids = _NAMES._token(token)
        assert may_start == bool(_NAMES._first_words.intersection(phrase_stems(token)))
        assert ids == next((_NAMES.words[s] for s in stems(token) if s in _NAMES.words), None)


def test_names_of_the_eval_questions_are_those_looked_up_afresh(seed_engine) -> None:
    names = network_names(seed_engine.index)
    for text in _eval_questions():
        assert names._find(text) == _find_plainly(names, text), text


def test_translation_rows_kept_are_those_looked_up_afresh(seed_engine) -> None:
    translations = seed_engine.index.arrays.translations
    groups = seed_engine.index.arrays.group.tolist()

    def plainly(group: int) -> tuple[int, ...]:
        at = int(np.searchsorted(translations.groups, group))
        if at < len(translations.groups) and int(translations.groups[at]) == group:
            starts = translations.postings.starts
            return tuple(translations.postings.rows[int(starts[at]) : int(starts[at + 1])].tolist())
        return (-1,)

    assert any(plainly(g) != (-1,) for g in groups)  # the seed corpus has translated items
    for _ in range(2):  # the second time every group's rows are kept ones
        for group in [*groups, -5, max(groups) + 1]:
            assert translations.get(group, (-1,)) == plainly(group)


@given(st.lists(st.integers(0, 9), max_size=40), st.lists(st.sampled_from([f"n{i}" for i in range(12)]), max_size=5))
def test_network_table_is_numpys_isin(codes: list[int], ids: list[str]) -> None:
    arrays: Any = SimpleNamespace(network_ids=tuple(f"n{i}" for i in range(10)),
                                  network_codes=lambda wanted: np.asarray(sorted(
                                      int(w[1:]) for w in wanted if int(w[1:]) < 10), dtype=np.int32))
    index: Any = SimpleNamespace(arrays=arrays)
    column = np.asarray(codes, dtype=np.int32)
    np.testing.assert_array_equal(retrieve_module.network_table(index, ids)[column],
                                  np.isin(column, arrays.network_codes(ids)))


def _cue_lists_found_plainly(text: str) -> set[int]:
    """The numbers of the cue lists of ``IntentData.cue_index`` with a cue ``search`` finds in ``text``."""
    data = intent_data()
    lists = [c for i in data.intents for c in (i.cues, i.unless)] + [
        tuple(cue for _, cue in checks) for checks in data.checks.values()]
    return {n for n, cues in enumerate(lists) if any(c.search(text) for c in cues)}


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"(?:[a-zäöüğış' ?-]|fund|financ|money|wie viel|nasıl|problem|we|our|unser|e-mail|vs|i|"
                     r"my|az|yapmalıyız|ediyoruz|maddi destek|x|_|1){0,14}", fullmatch=True))
def test_cue_index_finds_the_lists_the_plain_searches_find(text: str) -> None:
    data = intent_data()
    plain = _cue_lists_found_plainly(text)
    assert data.cue_index.found(text) == plain
    assert data.cue_index.found(text, data.asked_lists) == plain & data.asked_lists


def test_cue_index_on_the_eval_questions_and_the_cues_own_words() -> None:
    data = intent_data()
    cues = _all_cues()
    texts = [fold(t) for t in _eval_questions()]
    texts += [c.pattern.removeprefix(r"(?<!\w)") for c in cues] + [f"x{_required_start(c)}y" for c in cues]
    texts += [f"a {_required_start(c)}" for c in cues] + [f"{_required_start(c)}{_required_start(c)}" for c in cues]
    for text in texts:
        assert data.cue_index.found(text) == _cue_lists_found_plainly(text), text
    # Nearly every cue is tried only at the words that start with its letters.
    assert len(data.cue_index.searched) <= 0.1 * len(cues)


@given(st.text(alphabet=st.characters(max_codepoint=0x24F), max_size=80),
       st.text(alphabet="жшщыДЖ", max_size=40))
def test_script_of_latin_text_is_decided_without_a_loop(latin: str, other: str) -> None:
    """Text of the Latin blocks only has no other script (the loop would count no character)."""
    assert _script_language(latin) is None
    mixed = latin + other  # the loop still counts a text that has other letters (Cyrillic here)
    letters = sum(ch.isalpha() for ch in mixed)
    if other and len(other) * 2 > letters:
        assert _script_language(mixed) is not None


def _section_affinity_plainly(index: Any, rows: np.ndarray, topic: set[str]) -> np.ndarray:
    """How typical each unit's section is for ``topic``, computed afresh (as first written)."""
    arrays = index.arrays
    column = {c: i for i, c in enumerate(arrays.concept_ids)}
    cols = np.asarray(sorted(column[c] for c in topic if c in column), dtype=np.int64)
    if not len(cols) or not len(rows):
        return np.zeros(len(rows), dtype=np.float32)
    counts = arrays.concept_section_counts[cols]
    totals = counts.sum(axis=1, keepdims=True)
    share = np.divide(counts, totals, out=np.zeros_like(counts), where=totals > 0)
    prior = (share * arrays.concept_idf[cols, None]).sum(axis=0)
    prior = prior / prior.max() if prior.max() > 0 else prior
    found: np.ndarray = prior[arrays.section[rows]].astype(np.float32)
    return found


def test_section_priors_kept_are_those_computed_afresh(seed_engine) -> None:
    index = seed_engine.index
    rows = np.arange(len(index.units), dtype=np.int64)
    topics = [retrieve_module.topic_concepts(analyse_query(index, seed_engine.encoder, q).concepts)
              for q in _eval_questions()[:120]] + [set(), {"no_such_concept"}]
    assert sum(bool(t) for t in topics) > 60
    for _ in range(2):  # the second time every concept set's prior is a kept one
        for topic in topics:
            for some in (rows, rows[::7], rows[:0]):
                assert (retrieve_module._section_affinity(index, some, topic).tobytes()
                        == _section_affinity_plainly(index, some, topic).tobytes()), topic


def test_required_texts_of_cues() -> None:
    from assistant.intents import _required_texts

    def req(pattern: str) -> tuple[str, ...]:
        return _required_texts(re.compile(pattern))

    assert req(r"(?<!\w)(das|es|dies) (ge)?kostet") == ("kostet",)
    assert req(r"(?<!\w)(more|most|fewer|less) (member|partner)") == ("member", "partner")
    assert req(r"(?<!\w)\w{3,}(irim|arim)\b") == ("irim", "arim")
    assert req(r"(?<!\w)(maliyim|meliyim)") == ("aliyim", "eliyim")
    assert req(r"(?<!\w)x?y*[ab]") == ()  # nothing required but a class
    assert req(r"(?i)kostet") == ()  # flags: no plain letters to look for
    assert req(r"(?<!\w)(ab|c[de])") == ("ab", "c")
    assert req(r"(?<!\w)(ab|[cd])") == ()  # an alternative without plain letters
    assert req(r"(?<!\w)(?:abc)+d") == ("abc",)


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_every_match_of_a_searched_cue_contains_one_of_its_required_texts(data: st.DataObject) -> None:
    """What lets :meth:`CueIndex.found` skip a cue: a text that matches it has one of its texts."""
    searched = [(cue, required) for _, cue, required in intent_data().cue_index.searched if required]
    cue, required = data.draw(st.sampled_from(searched))
    pattern = cue.pattern.removeprefix(r"(?<!\w)")
    if "(?!" in pattern:  # a lookahead hypothesis cannot generate from: that cue's plain search decides
        return
    text = data.draw(st.from_regex(pattern))
    assert cue.search(text) is None or any(r in text for r in required)
