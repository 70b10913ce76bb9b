"""The query path's faster forms against the straightforward ones they replaced.

Each vectorised or cached step of a question (docs/scaling.md §1) must give exactly what
the plain version gives: the same rows, the same float bits, the same order among equals.
The plain versions are kept here as the reference.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.candidates import in_sorted, sorted_unique
from assistant.names import NetworkNames
from assistant.retrieve import _diversify_networks, _network_scores, analyse_query, score_query
from assistant.segments import SegmentedVectors

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


@given(_candidates)
def test_network_scores_are_the_plain_means_bit_for_bit(rows: list[tuple[int, float, bool]]) -> None:
    network = np.asarray([r[0] for r in rows], dtype=np.int32)
    fused = np.asarray([r[1] for r in rows], dtype=np.float32)
    allowed = np.asarray([r[2] for r in rows], dtype=bool)
    index: Any = SimpleNamespace(arrays=SimpleNamespace(network_ids=[f"n{i}" for i in range(8)]))
    found = _network_scores(index, network, fused, allowed)
    assert found.dtype == np.float32
    assert found.tobytes() == _network_scores_plainly(8, network, fused, allowed).tobytes()


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

    index: Any = SimpleNamespace(arrays=SimpleNamespace(network=network, network_ids=[f"n{i}" for i in range(6)]))
    scored: Any = SimpleNamespace(rows=rows)
    assert _diversify_networks(index, scored, pairs, pair_score, penalty) == _diversify_plainly(
        network, rows, pairs, pair_score, penalty)


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
