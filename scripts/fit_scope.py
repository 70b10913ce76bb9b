"""Fit the weights of the scope decision (assistant/data/scope_model.toml) on every readable
development question, and say how many each set gets wrong.

    .venv/bin/python scripts/fit_scope.py [--work-dir DIR] [--sure | --keep-sure | --keep-score] [--fit-set]
                                          [--write] [--cv] [--scores D]

(scope_model.toml's weights were written with --sure --write in session 7; its sure similarity with
--keep-score --write in session 12, on the grown corpus of 51 networks.)

The questions: the seed dev set and the holdout (eval/), the growth tune and unseen splits
(eval/growth/queries.jsonl) and the scope-tune half of eval/growth/scope.jsonl (with --fit-set also
eval/growth/scope_fit.jsonl: first-person planner questions and near misses, session 9); never fresh,
fresh2, fresh3 or scope-test (the clean tests). Each is read in the seeds + growth index that
`assistant eval --growth` builds (in DIR, default the same as eval's), and the questions that
do not ask about growth networks (seed dev, holdout, scope-tune, scope-fit) also in a seeds-only index
(DIR/seeds-embeddings), the app's own corpus: the masked cosine depends on the corpus (the script
prints each index's off-topic background, the median best cosine of the off-topic examples to a unit:
0.137 for the seeds, 0.203 for 51 networks).
Only the questions the sure rules of assistant/scope.py leave open are fitted (a bare name,
the weather... decide themselves); with --sure, the sure similarity is set first (just above
the closest readable out-of-scope question the score would decide) and the questions at
least that close are left out of the fit too; with --keep-sure, the sure and floor similarities
are those of scope_model.toml and only the score is refitted; with --keep-score, the score's
weights, its threshold and the floor are those of scope_model.toml and only the sure similarity is
set again (by --sure's rule, on the index as it is now: the closest out-of-scope question comes
closer to some unit as sheets are added). The model is a logistic regression with an L2 penalty
(LAMBDA x questions, intercept not penalised), the out-of-scope questions weighted so both
kinds count as much in total (there are four times fewer of them). The threshold is then the
middle of the gap between two neighbouring scores that leaves the fewest readings wrong, an
in-scope one counting three times (a rejected question loses its whole answer), of those
the widest gap. With --write the weights replace those in scope_model.toml (its comments
kept); without, they are only printed.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

from assistant.evaluate import Query, default_work_dir, growth_sets, growth_settings, load_queries
from assistant.query import RetrievalConfig
from assistant.recommend import Engine, load_engine
from assistant.retrieve import analyse_query, scope_signals
from assistant.scope import ScopeSignals, ScopeWeights, decide, needs_similarity
from assistant.scope_model import off_topic_background, scope_model
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "assistant" / "data" / "scope_model.toml"
FEATURES = ("similarity", "sheet_margin", "field_margin", "topic", "domain", "personal")
LAMBDA = 0.001
#: A rejected in-scope question loses its whole answer, an accepted out-of-scope one shows
#: quotes the user can pass over: the threshold counts the first as this many of the second.
IN_SCOPE_COST = 3


#: The sets read in the seeds-only index (the growth questions ask about networks not in it).
SEEDS_ONLY_SETS = ("seed dev", "holdout", "scope-tune", "scope-fit")


def readable_sets(fit_set: bool = False) -> dict[str, list[Query]]:
    sets = growth_sets()
    scope = load_queries(ROOT / "eval" / "growth" / "scope.jsonl")
    readable = {"seed dev": sets["seed dev"], "holdout": sets["holdout"], "growth tune": sets["growth tune"],
                "growth unseen": sets["growth unseen"], "scope-tune": [q for q in scope if q.split == "scope-tune"]}
    if fit_set:
        readable["scope-fit"] = load_queries(ROOT / "eval" / "growth" / "scope_fit.jsonl")
    return readable


def signals_of(engine: Engine, question: str) -> ScopeSignals:
    config = RetrievalConfig()
    analysis = analyse_query(engine.index, engine.encoder, question, config=config)
    signals = scope_signals(engine.index, engine.encoder, analysis, config, similarity=False)
    if not needs_similarity(signals):
        return signals
    top = engine.index.dense_search(analysis.vector, 1)[1]
    return scope_signals(engine.index, engine.encoder, analysis, config, top_dense=float(top.max(initial=-1.0)))


def features(signals: ScopeSignals) -> list[float]:
    return [signals.similarity or 0.0, signals.sheet_margin or 0.0, signals.field_margin or 0.0,
            float(bool(signals.topic)), float(signals.domain), float(signals.personal)]


def fit(x: np.ndarray, y: np.ndarray, balanced: bool = True) -> np.ndarray:
    """Newton's method on the weighted, penalised logistic loss; [intercept, *weights]."""
    design = np.c_[np.ones(len(x)), x]
    weight = np.where(y == 0, y.sum() / max(1.0, (1 - y).sum()), 1.0) if balanced else np.ones(len(y))
    penalty = LAMBDA * len(y) * np.diag([0.0] + [1.0] * x.shape[1])
    beta = np.zeros(design.shape[1])
    for _ in range(50):
        p = 1 / (1 + np.exp(-design @ beta))
        gradient = design.T @ (weight * (p - y)) + penalty @ beta
        hessian = (design * (weight * p * (1 - p))[:, None]).T @ design + penalty
        beta -= np.linalg.solve(hessian, gradient)
    return beta


def threshold(scores: np.ndarray, y: np.ndarray) -> float:
    """The middle of the gap between neighbouring scores with the fewest errors (an in-scope
    one counting IN_SCOPE_COST times), then the fewest in-scope errors, then the widest gap
    (near the fitted boundary, |t| < 1)."""
    ordered = np.sort(scores)
    best: tuple[int, int, float, float] | None = None
    for low, high in zip(ordered, ordered[1:], strict=False):
        t = float((low + high) / 2)
        if abs(t) >= 1 or high == low:
            continue
        accepted = scores >= t
        wrong_in = int(np.sum(~accepted & (y == 1)))
        key = (int(np.sum(accepted & (y == 0))) + IN_SCOPE_COST * wrong_in, wrong_in, -float(high - low), t)
        best = key if best is None or key < best else best
    return best[3] if best is not None else 0.0


def write_weights(beta: np.ndarray, cut: float, sure: float, floor: float) -> None:
    text = MODEL.read_text(encoding="utf-8")
    names = ("intercept", *FEATURES, "threshold", "sure_similarity", "floor_similarity")
    for name, value in zip(names, [*beta, cut, sure, floor], strict=True):
        text = re.sub(rf"^{name} = .*$", f"{name} = {value:.3f}", text, count=1, flags=re.MULTILINE)
    MODEL.write_text(text, encoding="utf-8")


def report_sure_only(args: argparse.Namespace, indexes: dict[str, Settings],
                     rows: list[tuple[str, str, Query, ScopeSignals]], weights: ScopeWeights, sure: float) -> int:
    """--keep-score: the score as it is, the sure similarity set again; each set's errors, then
    (with --write) only sure_similarity written."""
    print(f"\nsure similarity {sure} (was {scope_model().weights.sure_similarity}); score, threshold and floor kept")
    print_errors(args, indexes, rows, weights)
    if args.write:
        write_sure(sure)
        print(f"written to {MODEL.relative_to(ROOT)}")
    return 0


def write_sure(sure: float, model: Path = MODEL) -> None:
    """Replace only the sure similarity in scope_model.toml (its comments and the score kept)."""
    text = model.read_text(encoding="utf-8")
    model.write_text(re.sub(r"^sure_similarity = .*$", f"sure_similarity = {sure:.3f}", text, count=1,
                            flags=re.MULTILINE), encoding="utf-8")


def print_errors(args: argparse.Namespace, indexes: dict[str, Settings],
                 rows: list[tuple[str, str, Query, ScopeSignals]], weights: ScopeWeights) -> None:
    """How many of each set's questions the weights decide right, and which ones they get wrong."""
    for index_name in indexes:
        for set_name in readable_sets(args.fit_set):
            part = [row for row in rows if row[0] == index_name and row[1] == set_name]
            if not part:
                continue
            decisions = [(row, decide(row[3], weights)) for row in part]
            wrong = [(row, d) for row, d in decisions if d.in_scope != row[2].in_scope]
            print(f"{index_name:5s} {set_name:13s} {len(part) - len(wrong)}/{len(part)} right"
                  + "".join(f"\n    {'in' if r[2].in_scope else 'out'}: {r[2].id} {r[2].query}"
                            f"\n        [{d.reason}; masked cosine {r[3].similarity or 0.0:.3f}]" for r, d in wrong))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work-dir", type=Path, default=default_work_dir())
    parser.add_argument("--write", action="store_true", help="write the weights into scope_model.toml")
    parser.add_argument("--scores", type=float, default=0.0, metavar="D",
                        help="list the fitted questions whose score is within D of the threshold")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--sure", action="store_true",
                        help="fit sure_similarity and floor_similarity "
                        "(else 1.0 and 0.0: the score decides every open question)")
    mode.add_argument("--keep-sure", action="store_true",
                        help="keep sure_similarity and floor_similarity as scope_model.toml has them "
                        "(refit the score and its threshold only)")
    mode.add_argument("--keep-score", action="store_true",
                        help="keep the score's weights, its threshold and floor_similarity as scope_model.toml "
                        "has them (set sure_similarity again, by --sure's rule, on the index as it is now)")
    parser.add_argument("--fit-set", action="store_true",
                        help="also fit on eval/growth/scope_fit.jsonl (session 9: measured, not kept)")
    parser.add_argument("--cv", action="store_true", help="also estimate the errors by leave-one-out")
    parser.add_argument("--unbalanced", action="store_true", help="do not weight the out-of-scope questions up")
    args = parser.parse_args()
    indexes = {"grown": growth_settings(args.work_dir, ROOT / "corpus"),
               "seeds": Settings(corpus=ROOT / "corpus", index=args.work_dir / "seeds-embeddings")}
    rows: list[tuple[str, str, Query, ScopeSignals]] = []
    for index_name, settings in indexes.items():
        engine = load_engine(settings)
        print(f"{index_name} index: {len(engine.index.units)} units, off-topic background "
              f"{off_topic_background(engine.index, engine.encoder):.3f} "
              "(median best cosine of the off-topic examples)")
        for set_name, queries in readable_sets(args.fit_set).items():
            if index_name == "seeds" and set_name not in SEEDS_ONLY_SETS:
                continue
            rows += [(index_name, set_name, q, signals_of(engine, q.query)) for q in queries]
    decided = [row for row in rows if needs_similarity(row[3])]
    current = scope_model().weights
    print("scope_model.toml as it is (the dev-set errors docs/retrieval.md reports):")
    print_errors(args, indexes, rows, current)
    # Close to the sheets is in scope: just above the closest readable out-of-scope question.
    sure = current.sure_similarity if args.keep_sure else round(
        max((row[3].similarity or 0.0) for row in decided if not row[2].in_scope) + 0.005, 3) \
        if args.sure or args.keep_score else 1.0
    below = [row for row in decided if (row[3].similarity or 0.0) < sure]
    # Far from every sheet is out: just below the least close readable in-scope question.
    floor = current.floor_similarity if args.keep_sure or args.keep_score else round(
        min((row[3].similarity or 0.0) for row in below if row[2].in_scope) - 0.005, 3) if args.sure else 0.0
    if args.keep_score:
        return report_sure_only(args, indexes, rows, replace(current, sure_similarity=sure), sure)
    # (fitted on the readings at or above the floor; below it, a question with a field word is
    # still decided by the score: assistant/scope.py)
    open_rows = [row for row in below if (row[3].similarity or 0.0) >= floor]
    print(f"\nsure similarity {sure}: {len(decided) - len(below)} readings in scope by it; floor {floor}: "
          f"{len(below) - len(open_rows)} out by it")
    x = np.array([features(row[3]) for row in open_rows])
    y = np.array([float(row[2].in_scope) for row in open_rows])
    beta = fit(x, y, not args.unbalanced)
    print("weights:", ", ".join(f"{n} {v:.3f}" for n, v in zip(("intercept", *FEATURES), beta, strict=True)))
    fitted = ScopeWeights(*(float(v) for v in beta), threshold=0.0, sure_similarity=sure, floor_similarity=floor)
    cut = threshold(np.array([fitted.score(row[3]) for row in open_rows]), y)
    weights = ScopeWeights(*(float(v) for v in beta), threshold=round(cut, 3), sure_similarity=sure,
                           floor_similarity=floor)
    print(f"threshold {cut:.3f}")
    print(f"fitted on {len(open_rows)} of {len(rows)} question readings (the rest decided by the sure rules)")
    print_errors(args, indexes, rows, weights)
    if args.cv:  # leave one question reading out: fit, cut, decide it
        wrong_in = wrong_out = 0
        for i in range(len(y)):
            keep = np.arange(len(y)) != i
            b = fit(x[keep], y[keep], not args.unbalanced)
            w = ScopeWeights(*(float(v) for v in b), threshold=0.0, sure_similarity=sure, floor_similarity=floor)
            t = threshold(np.array([w.score(open_rows[j][3]) for j in np.flatnonzero(keep)]), y[keep])
            accepted = w.score(open_rows[i][3]) >= t
            wrong_in += bool(y[i] and not accepted)
            wrong_out += bool(not y[i] and accepted)
        print(f"leave-one-out: {wrong_in} of {int(y.sum())} in-scope readings rejected, "
              f"{wrong_out} of {int(len(y) - y.sum())} out-of-scope accepted")
    if args.scores:
        near = sorted((weights.score(r[3]), r[0], r[2].in_scope, r[2].id, r[2].query) for r in open_rows)
        print("\n".join(f"  {s:+.2f} {i} {'in ' if g else 'out'} {q_id} {q[:70]}" for s, i, g, q_id, q in near
                        if abs(s) < args.scores))
    if args.write:
        write_weights(beta, cut, sure, floor)
        print(f"written to {MODEL.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
