"""The data of the calibrated scope decision: its loaders name file and line of a mistake,
the packaged files load, and the decision rule (assistant/scope.py) applies the weights."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.scope import ScopeSignals, ScopeWeights, decide
from assistant.scope_model import (
    ScopeDataError,
    prototype_margins,
    read_scope_examples,
    read_scope_model,
    scope_examples,
    scope_model,
)

GOOD_MODEL = """neighbours = 3

[weights]
intercept = -1.0
similarity = 2.0
sheet_margin = 5.0
field_margin = 5.0
topic = 3.0
domain = 2.0
personal = -2.0
threshold = 0.0
sure_similarity = 0.4
floor_similarity = 0.1
"""

GOOD_EXAMPLES = """[in_domain]
en = ["Refugees cannot find flats"]
de = ["Geflüchtete finden keine Wohnung"]

[off_topic]
en = ["Recipe for apple pie"]
tr = ["Yarın yağmur yağacak mı?"]
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_packaged_files_load() -> None:
    model = scope_model()
    assert model.neighbours >= 1 and model.weights.topic > 0 and model.weights.personal < 0
    examples = scope_examples()
    assert len(examples.off_topic) >= 90 and len(examples.in_domain) >= 30


def test_good_files_load(tmp_path: Path) -> None:
    model = read_scope_model(_write(tmp_path, "m.toml", GOOD_MODEL))
    assert model.weights == ScopeWeights(-1.0, 2.0, 5.0, 5.0, 3.0, 2.0, -2.0, 0.0, 0.4, 0.1)
    examples = read_scope_examples(_write(tmp_path, "e.toml", GOOD_EXAMPLES))
    assert examples.in_domain == ("Refugees cannot find flats", "Geflüchtete finden keine Wohnung")
    assert examples.off_topic == ("Recipe for apple pie", "Yarın yağmur yağacak mı?")


@pytest.mark.parametrize(("text", "line", "message"), [
    (GOOD_MODEL.replace("topic = 3.0", "topic = 'high'"), 8, "weight 'topic' must be a number"),
    (GOOD_MODEL.replace("topic = 3.0", "topics = 3.0"), 8, "unknown weight 'topics'"),
    (GOOD_MODEL.replace("personal = -2.0\n", ""), 3, "[weights] lacks personal"),
    (GOOD_MODEL.replace("neighbours = 3", "neighbours = 0"), 1, "neighbours must be a positive integer"),
    (GOOD_MODEL.replace("neighbours = 3", "neighbors = 3"), 1, "unknown key 'neighbors'"),
    (GOOD_MODEL.replace("domain = 2.0", "domain = = 2.0"), 9, "TOML syntax"),
])
def test_a_mistake_in_the_weights_names_file_and_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = _write(tmp_path, "scope_model.toml", text)
    with pytest.raises(ScopeDataError) as caught:
        read_scope_model(path)
    assert caught.value.path == path and caught.value.line == line and message in caught.value.message


@pytest.mark.parametrize(("text", "line", "message"), [
    (GOOD_EXAMPLES.replace("[off_topic]", "[offtopic]"), 5, "unknown table [offtopic]"),
    (GOOD_EXAMPLES.replace('tr = ["Yarın', 'fr = ["Yarın'), 7, "unknown language"),
    (GOOD_EXAMPLES.replace('de = ["Geflüchtete finden keine Wohnung"]', "de = []"), 3, "non-empty list"),
    (GOOD_EXAMPLES.replace('"Recipe for apple pie"', '"  "'), 6, "non-empty string"),
    (GOOD_EXAMPLES.replace('"Recipe for apple pie"', '"Refugees cannot find flats"'), 6,
     "both in [in_domain] and in [off_topic]"),
    (GOOD_EXAMPLES.split("[off_topic]")[0], 0, "has no [off_topic] examples"),
])
def test_a_mistake_in_the_examples_names_file_and_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = _write(tmp_path, "scope_examples.toml", text)
    with pytest.raises(ScopeDataError) as caught:
        read_scope_examples(path)
    assert caught.value.path == path and caught.value.line == line and message in caught.value.message


def test_an_unreadable_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "scope_model.toml"
    path.write_bytes(b"neighbours = 3\n\xff\n")
    with pytest.raises(ScopeDataError, match="not UTF-8"):
        read_scope_model(path)
    with pytest.raises(ScopeDataError, match="cannot be read"):
        read_scope_model(tmp_path / "missing.toml")


def _signals(**changes: object) -> ScopeSignals:
    base: dict[str, object] = {"topic": (), "domain": False, "off_topic": False, "intents": (), "named": False,
                               "bare_name": False, "similarity": 0.3, "sheet_margin": 0.0, "field_margin": 0.0}
    base.update(changes)
    return ScopeSignals(**base)  # type: ignore[arg-type]


WEIGHTS = ScopeWeights(intercept=-1.0, similarity=2.0, sheet_margin=5.0, field_margin=5.0, topic=3.0, domain=2.0,
                       personal=-2.0, threshold=0.0)


def test_the_score_is_the_weighted_sum_against_the_threshold() -> None:
    assert WEIGHTS.score(_signals()) == pytest.approx(-0.4)
    assert not decide(_signals(), WEIGHTS).in_scope
    assert decide(_signals(topic=("volunteers",)), WEIGHTS).in_scope  # -0.4 + 3
    assert not decide(_signals(topic=("volunteers",), personal=True, field_margin=-0.2), WEIGHTS).in_scope
    assert decide(_signals(sheet_margin=0.1), WEIGHTS).in_scope  # -0.4 + 0.5
    assert "score" in decide(_signals(), WEIGHTS).reason
    close = ScopeWeights(-1.0, 2.0, 5.0, 5.0, 3.0, 2.0, -2.0, 0.0, sure_similarity=0.3)
    assert decide(_signals(), close).in_scope  # as close to a unit as the sure similarity: in
    assert decide(_signals(), close).reason == "close to the sheets"
    far = ScopeWeights(-1.0, 2.0, 5.0, 5.0, 3.0, 2.0, -2.0, 0.0, floor_similarity=0.35)
    assert not decide(_signals(intents=("intent_howto",)), far).in_scope  # says nothing the sheets talk about
    assert decide(_signals(), far).reason == "far from every sheet"
    assert decide(_signals(topic=("childcare",)), far).in_scope  # a field word is content


def test_in_by_the_sure_similarity_alone_is_counted_only_where_the_score_would_reject() -> None:
    """The eval report counts the questions only the sure similarity let in (session 13): the
    masked cosine it rests on grows with the corpus, the score does not."""
    from assistant.scope import in_by_closeness_alone

    close = ScopeWeights(-1.0, 2.0, 5.0, 5.0, 3.0, 2.0, -2.0, 0.0, sure_similarity=0.3)
    by_closeness = decide(_signals(), close)
    assert by_closeness.reason == "close to the sheets"
    assert in_by_closeness_alone(by_closeness, close, close.score(_signals()))  # -0.4: the score would reject it
    assert not in_by_closeness_alone(by_closeness, close, 0.5)  # the score lets it in as well
    by_score = decide(_signals(topic=("volunteers",)), WEIGHTS)
    assert by_score.in_scope and not in_by_closeness_alone(by_score, WEIGHTS, WEIGHTS.score(by_score.signals))
    rejected = decide(_signals(), WEIGHTS)
    assert not in_by_closeness_alone(rejected, WEIGHTS, WEIGHTS.score(rejected.signals))
    by_words = decide(_signals(bare_name=True), close)  # a bare network name: the words decide
    assert by_words.in_scope and not in_by_closeness_alone(by_words, close, -5.0)


def test_a_field_word_is_evidence_not_proof() -> None:
    """Before session 7 any topic concept decided ("the last bus to the university" was in
    scope by 'mobility'); now a question much more like everyday questions stays out."""
    bus = _signals(topic=("mobility",), similarity=0.29, sheet_margin=-0.18, field_margin=-0.2)
    assert not decide(bus, scope_model().weights).in_scope
    assert decide(_signals(topic=("mobility",), similarity=0.29, sheet_margin=0.05, field_margin=0.05),
                  scope_model().weights).in_scope


def test_the_sure_rules_come_first() -> None:
    far = {"similarity": 0.0, "sheet_margin": -0.5, "field_margin": -0.5}
    assert decide(_signals(bare_name=True, named=True, **far), WEIGHTS).in_scope
    assert decide(_signals(sheet_words=True, **far), WEIGHTS).in_scope
    assert decide(_signals(named=True, intents=("intent_contact",), **far), WEIGHTS).in_scope
    assert decide(_signals(intents=("intent_success",), **far), WEIGHTS).in_scope
    assert not decide(_signals(off_topic=True, topic=("volunteers",), similarity=0.6), WEIGHTS).in_scope
    # one person's own need (X16): out however close to the sheets its money and housing words are
    need = decide(_signals(own_need=True, personal=True, topic=("funding", "housing"), similarity=0.6,
                           sheet_margin=0.3, field_margin=0.3), WEIGHTS)
    assert not need.in_scope and need.reason == "one person's own need (money, rent, a flat, a job)"


def test_the_margins_compare_with_both_kinds_of_examples(seed_engine) -> None:
    encoder = seed_engine.encoder
    inside = encoder.encode(["Wie finden kleine Gemeinden ehrenamtliche Helfer für Geflüchtete?"])[0]
    outside = encoder.encode(["Wann fährt der letzte Bus zum Bahnhof?"])[0]
    sheet_in, field_in = prototype_margins(encoder, inside)
    sheet_out, field_out = prototype_margins(encoder, outside)
    assert sheet_in > 0 > sheet_out and field_in > 0 > field_out
    # the analysis's cosines to the section questions give the same margins as computing them
    from assistant.section_examples import example_similarities, example_vectors, section_examples

    given = example_similarities(example_vectors(encoder, section_examples()), inside)
    assert prototype_margins(encoder, inside, given) == pytest.approx((sheet_in, field_in))
    assert np.isfinite([sheet_in, field_in, sheet_out, field_out]).all()
