"""Retrieval quality on the graded dev set, with the real model and a real index.

Fails when quality drops below the committed baseline (eval/baseline.json) by more
than a small margin, and checks the issue's targets as printed by `assistant eval`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.evaluate import evaluate, growth_splits, load_queries, run_queries
from assistant.retrieve import RetrievalConfig

MARGIN = 0.03
#: The sets of `assistant eval --growth`, in report order.
GROWTH_SETS = ["seed dev", "holdout", *(f"growth {split}" for split in growth_splits())]
#: The sets of networks not tuned on (unseen and the clean splits), with the seeds' and tune's left out.
NOT_TUNED_ON = [name for name in GROWTH_SETS if name not in ("seed dev", "holdout", "growth tune")]
LANGUAGES = ("de", "en", "tr")


pytestmark = pytest.mark.heavy  # the real engine over the seed and growth corpora


@pytest.fixture(scope="module")
def dev_queries(project_root: Path):
    return load_queries(project_root / "eval" / "dev_queries.jsonl")


@pytest.fixture(scope="module")
def report(seed_engine, dev_queries):
    return evaluate(seed_engine.index, seed_engine.encoder, dev_queries)


@pytest.fixture(scope="module")
def baseline(project_root: Path):
    return json.loads((project_root / "eval" / "baseline.json").read_text(encoding="utf-8"))


def test_dev_set_is_big_enough(dev_queries) -> None:
    in_scope = [q for q in dev_queries if q.in_scope]
    counts = {lang: sum(q.language == lang for q in in_scope) for lang in LANGUAGES}
    assert counts["en"] >= 20 and counts["de"] >= 15 and counts["tr"] >= 10
    assert sum(not q.in_scope for q in dev_queries) >= 5


@pytest.mark.parametrize("lang", [*LANGUAGES, "all"])
def test_no_regression_against_baseline(report, baseline, lang: str) -> None:
    now = report["kompass"][lang]["ndcg@5"]
    before = baseline["kompass"][lang]["ndcg@5"]
    assert now >= before - MARGIN, f"nDCG@5 {lang} fell from {before:.3f} to {now:.3f}"


def test_targets(report) -> None:
    ours = report["kompass"]
    assert ours["all"]["ndcg@5"] >= 0.85
    for lang in LANGUAGES:
        assert ours[lang]["ndcg@5"] >= 0.80, lang


@pytest.mark.parametrize("lang", [*LANGUAGES, "all"])
def test_beats_both_baselines_by_more_than_015(report, lang: str) -> None:
    best_baseline = max(report["bm25-only"][lang]["ndcg@5"], report["dense-only"][lang]["ndcg@5"])
    assert report["kompass"][lang]["ndcg@5"] > best_baseline + 0.15


def test_scope_decisions(seed_engine, dev_queries) -> None:
    results = run_queries(seed_engine.index, seed_engine.encoder, dev_queries, RetrievalConfig())
    wrongly_matched = [r.query.query for r in results if not r.query.in_scope and r.matched]
    wrongly_unmatched = [r.query.query for r in results if r.query.in_scope and not r.matched]
    assert wrongly_matched == []
    assert wrongly_unmatched == []


def test_holdout_is_reported_not_tuned(seed_engine, project_root: Path) -> None:
    """The holdout set is never tuned on; it only has to stay clearly useful."""
    holdout = load_queries(project_root / "eval" / "holdout_queries.jsonl")
    report = evaluate(seed_engine.index, seed_engine.encoder, holdout)
    assert report["kompass"]["all"]["ndcg@5"] > report["dense-only"]["all"]["ndcg@5"] + 0.1
    assert report["kompass"]["out_of_scope"]["correctly_unmatched"] == report["kompass"]["out_of_scope"]["queries"]


# --------------------------------------------------------------------------- networks not tuned on
#
# The seeds plus eval/growth/corpus in one index (`assistant eval --growth`): the seed dev
# set, the holdout and the growth splits of eval/growth/split.json (tune/unseen/fresh/fresh2/…/fresh10),
# scored in one run against the committed figures in eval/growth_baseline.json (regenerate it with
# `assistant eval --growth --save eval/growth_baseline.json` when the corpus or the
# questions change, and say in the commit how every set moved). Only the tune split and
# the seed dev set were tuned on; the unseen and fresh to fresh10 splits and the holdout are
# reported. The fresh split's networks and questions came after the unseen ones had been looked at,
# the fresh2 split's after the fresh one had been read in aggregate for two sessions, the fresh3
# split's (session 7) after the fresh2 one had been read in aggregate for a session, the fresh4
# split's (session 8) after the fresh3 one had been read in aggregate for a session, the fresh5
# split's (session 9) after the fresh4 one had been read in aggregate for a session, the fresh6
# split's (session 10) after the fresh5 one had been read in aggregate for a session, the fresh7
# split's (session 11) after the fresh6 one had been read in aggregate for a session, the fresh8
# split's (session 13) after the fresh7 one had been read in aggregate for two sessions, the fresh9
# split's (session 14) after the fresh8 one had been read in aggregate for a session, the fresh10
# split's (written in session 17, wired in in session 18) after the fresh9 one had been read in aggregate.


@pytest.fixture(scope="module")
def growth_engine(tmp_path_factory: pytest.TempPathFactory, project_root: Path):
    from assistant.evaluate import growth_settings
    from assistant.recommend import load_engine

    engine = load_engine(growth_settings(tmp_path_factory.mktemp("eval-growth"), project_root / "corpus"))
    assert len(engine.index.networks) >= 20
    return engine


@pytest.fixture(scope="module")
def growth_report(growth_engine, project_root: Path):
    from assistant.evaluate import evaluate_sets, growth_sets

    sets = growth_sets(project_root / "eval")
    return evaluate_sets(growth_engine.index, growth_engine.encoder, sets)


@pytest.fixture(scope="module")
def growth_baseline(project_root: Path):
    return json.loads((project_root / "eval" / "growth_baseline.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("set_name", GROWTH_SETS)
@pytest.mark.parametrize("lang", [*LANGUAGES, "all"])
def test_growth_no_regression_against_baseline(growth_report, growth_baseline, set_name: str, lang: str) -> None:
    now = growth_report[set_name]["kompass"][lang]["ndcg@5"]
    before = growth_baseline[set_name]["kompass"][lang]["ndcg@5"]
    assert now >= before - MARGIN, f"{set_name}: nDCG@5 {lang} fell from {before:.3f} to {now:.3f}"


#: Where the project is not yet 0.1 ahead of the better baseline on the networks added in
#: session 6 (the first run on them, main fd17fa0 + the fresh2 sheets: de 0.610 vs dense-only
#: 0.566, en 0.521 vs 0.484; tr 0.570 vs 0.342 and all 0.567 vs 0.464 pass, all only just).
#: Strict: when a change lifts one of them past the bar, the xfail fails and has to be removed
#: (German passed in session 7 with the word translations and the own-words scope rule: 0.637 vs 0.525,
#: and fell back in session 8 with the German compound parts: 0.617 vs 0.517, 0.0001 short).
#: English passes since session 9, by 0.002 and not by a gain of the project: the fresh5 sheets,
#: distractors for fresh2, lowered dense-only more (en 0.519 -> 0.498) than the project (0.601 -> 0.600).
#: German passed in session 10 the same way, by 0.0095: the fresh6 sheets lowered dense-only
#: (de 0.516 -> 0.495) more than the project (0.608 -> 0.604); then the session's parser fixes lifted
#: dense-only more (0.495 -> 0.509) than the project (0.604 -> 0.604): behind again, by 0.005.
#: Since session 11 it passes again, by 0.004: with the fresh7 sheets as distractors dense-only fell
#: (0.509 -> 0.504) and, on that index, the session's vocabulary commit lifted the project (0.599 ->
#: 0.608); its strict xfail was removed.
#: The networks added in session 7 (the first run on them, main 66e6ff4 + the fresh3 sheets: de
#: 0.666 vs dense-only 0.632 was behind; en, tr and all passed only just) are all 0.1 ahead since
#: session 8's German compound parts lifted German.
#: The same for the networks added in session 8 (the first run on them, main 9045be4 + the fresh4
#: sheets: de 0.560 vs dense-only 0.477, en 0.638 vs 0.564; tr 0.665 vs 0.494 and all 0.621 vs
#: 0.512 pass, all only just). German passed later in session 8 with the parser fixes of wrapped
#: lines (kolbenstein.de, marrenburg.de: 0.599 vs 0.479).
#: After session 10's parser fixes (dense-only all 0.512 -> 0.533, the project 0.623 -> 0.633) all is
#: behind too, by 0.0001; session 11's vocabulary for young adults and for not finding work lifted it
#: (0.633 -> 0.643 vs 0.533): all passes again (and the fresh7 sheets, distractors for fresh4, lowered
#: dense-only more than the project).
FRESH4_BEHIND = pytest.mark.xfail(strict=True, reason="fresh4: not yet 0.1 ahead of the better baseline")
#: The same for the networks added in session 9 (the first run on them, main fd13f76 + the fresh5
#: sheets: de 0.706 vs dense-only 0.627; en 0.777 vs 0.601, tr 0.702 vs 0.513 and all 0.729 vs
#: 0.580 pass; after the blind judgment completion de 0.696 vs 0.617).
FRESH5_BEHIND = pytest.mark.xfail(strict=True, reason="fresh5: not yet 0.1 ahead of the better baseline")
#: The same for the networks added in session 10 (the first run on them, main a90320d + the fresh6
#: sheets, their judgments completed blind before it: en 0.561 vs dense-only 0.496, all 0.614 vs
#: 0.515, 0.0007 short; de 0.760 vs 0.641 and tr 0.522 vs 0.408 pass). After the session's parser fixes
#: (wendhusen's subtitle, kesselbrunn's and quellingen's label splits) dense-only rose more than the
#: project: tr 0.522 vs 0.456, en 0.561 vs 0.515, all 0.614 vs 0.537 behind; de 0.760 vs 0.641 passes.
#: Since session 13's word match en (0.606 vs 0.504) and all (0.637 vs 0.533) pass, with the fresh8
#: sheets in the index; tr 0.536 vs 0.452 was still behind. Since session 16's same-language offset tr
#: passes too (0.552 vs 0.444): every fresh6 cell is 0.1 ahead, its strict xfail removed.
#: The same for the networks added in session 11 (the first run on them, main 17b355c + the fresh7
#: sheets, their judgments completed blind before it: en 0.615 vs dense-only 0.550; de 0.805 vs 0.576,
#: tr 0.681 vs 0.516 and all 0.700 vs 0.547 pass).
FRESH7_BEHIND = pytest.mark.xfail(strict=True, reason="fresh7: not yet 0.1 ahead of the better baseline")
#: The same for the networks added in session 13 (the first run on them, main f2f2dcc + the fresh8
#: sheets, their judgments completed blind before it: de 0.633 vs dense-only 0.593, en 0.667 vs 0.626,
#: all 0.633 vs 0.572; tr 0.599 vs 0.499 passes, by 0.0002). With the word match (same session) tr
#: 0.596 vs 0.499 is 0.003 behind; de 0.636, en 0.668, all 0.633 still behind.
FRESH8_BEHIND = pytest.mark.xfail(strict=True, reason="fresh8: not yet 0.1 ahead of the better baseline")
#: The same for the networks added in session 14 (the first run on them, main 238be7a + the fresh9
#: sheets, their judgments completed blind before it: en 0.657 vs dense-only 0.611, tr 0.661 vs 0.568,
#: 0.007 short; de 0.793 vs 0.589 and all 0.704 vs 0.589 pass). Since session 16's same-language
#: offset tr passes (0.683 vs 0.568); en 0.654 vs 0.611 is still behind.
FRESH9_BEHIND = pytest.mark.xfail(strict=True, reason="fresh9: not yet 0.1 ahead of the better baseline")
#: The same for the networks written in session 17 and wired in in session 18 (the first run on them,
#: session 17 on a scratch copy of main b21e6a7, and the same figures wired in on main 04cfc87; 66 networks,
#: their judgments completed blind before it: en 0.628 vs dense-only 0.619, all 0.656 vs 0.577; de 0.714
#: vs 0.608 and tr 0.626 vs 0.504 pass). As distractors the five sheets changed no other cell's pass or fail.
FRESH10_BEHIND = pytest.mark.xfail(strict=True, reason="fresh10: not yet 0.1 ahead of the better baseline")


#: The cells not yet 0.1 ahead of the better baseline (each strict: it fails once the cell passes).
BEHIND = {("growth fresh4", "en"): FRESH4_BEHIND, ("growth fresh5", "de"): FRESH5_BEHIND,
          ("growth fresh7", "en"): FRESH7_BEHIND, ("growth fresh9", "en"): FRESH9_BEHIND,
          ("growth fresh10", "en"): FRESH10_BEHIND, ("growth fresh10", "all"): FRESH10_BEHIND,
          **{("growth fresh8", lang): FRESH8_BEHIND for lang in (*LANGUAGES, "all")}}


@pytest.mark.parametrize(
    ("set_name", "lang"),
    [pytest.param(name, lang, marks=BEHIND.get((name, lang), ())) for name in NOT_TUNED_ON
     for lang in (*LANGUAGES, "all")],
)
def test_unseen_networks_beat_both_baselines(growth_report, set_name: str, lang: str) -> None:
    reported = growth_report[set_name]
    best_baseline = max(reported["bm25-only"][lang]["ndcg@5"], reported["dense-only"][lang]["ndcg@5"])
    assert reported["kompass"][lang]["ndcg@5"] > best_baseline + 0.1, f"{set_name} {lang}"


def test_scope_decisions_on_the_development_questions(growth_report) -> None:
    """Calibrated on these (seed dev set, holdout, growth tune and unseen splits; session 7):
    no error either way."""
    for set_name in ("seed dev", "holdout", "growth tune", "growth unseen"):
        table = growth_report[set_name]["kompass"]
        assert table["out_of_scope"]["correctly_unmatched"] == table["out_of_scope"]["queries"], set_name
        assert all(table[lang]["unmatched_in_scope"] == 0 for lang in LANGUAGES), set_name


def _scope_tune_decisions(growth_engine, project_root: Path):
    from assistant.evaluate import scope_decisions, scope_sets

    return scope_decisions(
        growth_engine.index, growth_engine.encoder, {"scope tune": scope_sets(project_root / "eval")["scope tune"]}
    )["scope tune"]


def test_scope_decisions_on_the_readable_half_of_the_scope_set(growth_engine, project_root: Path) -> None:
    """Fitted on it (scripts/fit_scope.py): every in-scope question accepted. The other half
    (scope test) is reported by `assistant eval --growth` only."""
    counts = _scope_tune_decisions(growth_engine, project_root)
    assert (counts.accepted, counts.inside, counts.outside) == (18, 18, 18)


def test_the_sure_similarity_alone_lets_in_three_scope_tune_near_misses(growth_engine, project_root: Path) -> None:
    """Session 13 (the report's last column): on the grown index the sure similarity alone lets in
    three scope-tune near misses (those of FRESH7_NEAR_MISSES below) and no in-scope question of it;
    the other two near misses that pass are let in by the score."""
    counts = _scope_tune_decisions(growth_engine, project_root)
    assert (counts.close_inside, counts.close_outside) == (0, 3)
    assert counts.outside - counts.rejected - counts.close_outside == 2


#: The scope-tune near misses the fresh7 sheets let in (session 11): each is within the sure
#: similarity of one fresh7 unit (Moorwende's counselling bus, Ebbingen's course providers).
FRESH7_NEAR_MISSES = [
    "When does the last bus leave the main station for the university on Sundays?",
    "Wie viel kostet ein Sprachkurs bei Babbel im Vergleich zu Duolingo?",
    "Bewerbung als Integrationsmanagerin: wie schreibe ich mein Anschreiben?",
]


@pytest.mark.parametrize("question", FRESH7_NEAR_MISSES)
def test_the_score_rejects_the_near_misses_the_fresh7_sheets_brought_close(growth_engine, question: str) -> None:
    """Session 12's diagnosis: what lets these in is the sure similarity (the best masked cosine to
    one unit, which grows as sheets are added), not the score; the score's margins to the examples
    and its word signals keep them well below the threshold (-1.74 to -2.30 against -0.947). A refit
    must not lose that."""
    from assistant.query import RetrievalConfig
    from assistant.retrieve import analyse_query, scope_signals
    from assistant.scope_model import scope_model

    weights = scope_model().weights
    config = RetrievalConfig()
    analysis = analyse_query(growth_engine.index, growth_engine.encoder, question, config=config)
    signals = scope_signals(growth_engine.index, growth_engine.encoder, analysis, config)
    assert weights.score(signals) < weights.threshold - 0.5, (weights.score(signals), signals)


@pytest.mark.xfail(strict=True, reason="scope tune: 13 of 18 near misses rejected with the fresh7 sheets, 16 before; "
                   "the two refits of session 12 and session 13's sure similarity relative to the index's "
                   "off-topic background each lost a clean in-scope question (docs/retrieval.md)")
def test_the_readable_half_of_the_scope_set_rejects_all_but_two_near_misses(growth_engine, project_root: Path) -> None:
    """Fitted on it (scripts/fit_scope.py): of the 18 near misses all but two ("a Babbel subscription
    for learning German", more followers for one's "sosyal ağ": docs/retrieval.md) rejected. The five
    fresh7 sheets (session 11), with no refit, make three more look in scope (FRESH7_NEAR_MISSES,
    measured on the same index with and without them): 13/18, each in by the sure similarity (a masked
    cosine of 0.362-0.364 to a fresh7 unit, 0.346 sure). Session 12 measured the sure similarity
    refitted on the grown corpus (0.369: 16/18, but one fresh5 in-scope question rejected) and one
    person's own matter kept from the sure rule (14/18, one fresh3 in-scope question rejected): neither
    kept. Session 13: a sure similarity relative to the index's off-topic background (0.372 on this
    index, 0.306 on the seeds) gives 16/18 and loses a fresh5 in-scope question, as 0.369 did: not kept. Strict: a
    refit or a scope change that brings it back to 16 removes the mark."""
    assert _scope_tune_decisions(growth_engine, project_root).rejected >= 16


def test_the_report_splits_answers_by_the_questions_language(growth_report) -> None:
    """The same-language pull is measured: every in-scope question counts once, either with
    an answer in its own language or in another, and the split adds up to the whole."""
    for set_name, systems in growth_report.items():
        table = systems["kompass"]
        same, other = table["same_language"], table["other_language"]
        assert same["queries"] + other["queries"] == table["all"]["queries"], set_name
        mean = (same["ndcg@5"] * same["queries"] + other["ndcg@5"] * other["queries"]) / table["all"]["queries"]
        assert abs(mean - table["all"]["ndcg@5"]) < 1e-9, set_name
    # Growth questions deliberately ask across languages (a Turkish question about an English sheet).
    for set_name in GROWTH_SETS[3:]:
        assert growth_report[set_name]["kompass"]["other_language"]["queries"] >= 20, set_name


# On the networks added in session 8 the chat answer was below the ranking at first (0.608 vs
# 0.621 on fresh4); it caught up with the parser fixes of wrapped lines (0.626 vs 0.630). On those
# added in session 9 it is above it from the first run (fresh5: 0.737 vs 0.729), and on those added
# in session 10 too (fresh6: 0.615 vs 0.614); on those added in session 11 it is 0.007 below it
# (fresh7: 0.693 vs 0.700), within the margin; on those added in session 13 it is level with it from
# the first run (fresh8: 0.633 vs 0.633); on those added in session 14 it is 0.004 below it from the
# first run (fresh9: 0.700 vs 0.704), within the margin. With session 16's same-language offset both rose
# on fresh5, the ranking more (0.731 -> 0.743) than the chat answer (0.727 -> 0.733): 0.0102 below it,
# just outside the margin (at an offset of 0.04 the same, 0.736 vs 0.726): a strict xfail until the chat
# answer's order is looked at on the networks of a split that may be read per question. With the fresh10
# sheets (session 18, 66 networks) fresh5 is 0.727 vs 0.737, still 0.0102 below; on the networks added
# then the chat answer is 0.002 above the ranking from the first run (fresh10: 0.658 vs 0.656).
CHAT_BELOW_ON_FRESH5 = pytest.mark.xfail(strict=True, reason="fresh5: the chat answer 0.0102 below the ranking")


@pytest.mark.parametrize("set_name", [pytest.param(name, marks=CHAT_BELOW_ON_FRESH5 if name == "growth fresh5" else ())
                                      for name in GROWTH_SETS])
def test_the_chat_answer_is_not_below_the_ranking(growth_report, set_name: str) -> None:
    """What the user sees (the chat's quotes in display order) is at least as good as the
    engine's ranking, on the networks tuned on and on those not (issue 10: the chat answer was
    0.019 below it on the unseen networks, 0.040 on German questions: a money cue in a
    described problem restricted the answer to every network's resources)."""
    from assistant.evaluate import CHAT

    table = growth_report[set_name]
    assert table[CHAT]["all"]["ndcg@5"] >= table["kompass"]["all"]["ndcg@5"] - 0.01, set_name


# --------------------------------------------------------------------------- what real users asked of the grown corpus


@pytest.mark.parametrize(("question", "network"), [
    ("Was hat Wendelsbrueck gelernt?", "wendelsbruck"), ("Wer koordiniert das Netzwerk in Muehlhofen?", "muhlhofen"),
    ("Neukoelln'deki ağın bütçesi ne?", "berlin-neukolln"), ("How is the Muehlhofen network funded?", "muhlhofen")])
def test_a_name_with_umlauts_written_as_ae_oe_ue_is_that_network(growth_engine, question: str, network: str) -> None:
    """Z19 (s9 tester): "Was hat Wendelsbrueck gelernt?" found nothing ("Wendelsbrück" did), and
    "das Netzwerk in Muehlhofen" added Erfurt's passages: the name matched only with its umlaut."""
    answer = growth_engine.chat(question)
    assert answer.matched and answer.named == [network], answer.named
    assert {q.network_id for q in answer.answer} == set(answer.named), answer.answer


def test_a_german_counting_question_gets_the_figure_of_the_named_network(growth_engine) -> None:
    """X6 (s7 tester): "Wie viele Wohnungen hat Neuwerben vermittelt?" showed five housing passages
    without the figure and "Die gefundenen Stellen … nennen dazu keine Zahl", while "How many
    flats …" gave "about 230" first: German had no counting term for flats (EN "how many flats",
    TR "kaç daire")."""
    from assistant.notices import NoticeCode

    for question in ("Wie viele Wohnungen hat Neuwerben vermittelt?",
                     "Wie viele Wohnungen wurden in Neuwerben gefunden?", "How many flats has Neuwerben found?"):
        answer = growth_engine.chat(question)
        assert answer.answer and "about 230" in answer.answer[0].text, (question, answer.answer[:2])
        assert NoticeCode.NO_FIGURE not in {n.code for n in answer.notices}, question


@pytest.mark.parametrize("question", ["Ich habe kein Geld für die Miete", "I have no money for the rent",
                                      "Param yok, kira ödeyemiyorum"])
def test_ones_own_rent_is_no_funding_question_with_a_housing_network_in_the_corpus(growth_engine,
                                                                                     question: str) -> None:
    """X16 (s7 tester): with Neuwerben's housing network among the sheets these were answered as
    the town's funding ("closest to your situation: Neuwerben")."""
    from assistant.notices import Notice, NoticeCode

    answer = growth_engine.chat(question)
    assert not answer.matched and not answer.networks
    assert answer.notices == [Notice(code=NoticeCode.PERSONAL_NEED)]
