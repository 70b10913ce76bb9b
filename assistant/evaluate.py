"""Evaluation: graded dev queries -> nDCG@5, recall@5 and MRR per language.

Judgments are at the (network, section) level, so a ranked list of items is
first reduced to the distinct (network, section) pairs in rank order. The
project's retrieval is compared in the same run with BM25-only and dense-only
retrieval over the same units.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple, TypedDict

import numpy as np
from pydantic import BaseModel, Field

from assistant.embedding import Encoder
from assistant.index import SearchIndex
from assistant.retrieve import BM25_ONLY, DENSE_ONLY, RetrievalConfig, Scored, retrieve
from assistant.scope import in_by_closeness_alone
from assistant.scope_model import prototype_margins, scope_model
from assistant.settings import Settings

K = 5
#: Items retrieved per query before reducing to (network, section) pairs.
DEPTH = 30


class Query(BaseModel):
    id: str
    language: str
    query: str
    in_scope: bool = True
    voice: str | None = None
    judgments: dict[str, int] = Field(default_factory=dict)
    note: str | None = None
    #: Which split of the growth networks a query is about (tune, unseen, fresh, …: eval/growth/split.json).
    split: str | None = None


def load_queries(path: Path) -> list[Query]:
    queries = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                queries.append(Query.model_validate_json(line))
            except ValueError as exc:
                raise ValueError(f"{path}:{number}: invalid query line: {exc}") from exc
    return queries


def ranked_pairs(pairs: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(pairs))


def ndcg_at_k(ranked: Sequence[str], judgments: dict[str, int], k: int = K) -> float:
    dcg = sum((2 ** judgments.get(p, 0) - 1) / math.log2(i + 2) for i, p in enumerate(ranked[:k]))
    ideal = sorted(judgments.values(), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg > 0 else 0.0


def recall_at_k(ranked: Sequence[str], judgments: dict[str, int], k: int = K) -> float:
    relevant = {p for p, g in judgments.items() if g >= 2}
    return len(relevant.intersection(ranked[:k])) / len(relevant) if relevant else 0.0


def reciprocal_rank(ranked: Sequence[str], judgments: dict[str, int]) -> float:
    for i, pair in enumerate(ranked):
        if judgments.get(pair, 0) >= 2:
            return 1.0 / (i + 1)
    return 0.0


@dataclass(frozen=True)
class QueryResult:
    query: Query
    pairs: list[str]
    matched: bool
    ndcg: float
    recall: float
    rr: float
    #: Does a best-graded answer's network have a document in the question's language?
    #: (None: out of scope.) Splits the figures by the same-language pull of the model.
    same_language: bool | None = None


def answer_in_question_language(index: SearchIndex, query: Query) -> bool | None:
    """Whether a network graded best for ``query`` has a document in the question's language."""
    if not query.in_scope or not query.judgments:
        return None
    best = max(query.judgments.values())
    networks = {pair.split("/")[0] for pair, grade in query.judgments.items() if grade == best}
    return any((network := index.network(nid)) is not None and query.language in network.languages
               for nid in networks)


def _result(index: SearchIndex, query: Query, pairs: list[str], matched: bool) -> QueryResult:
    scored = query.in_scope
    return QueryResult(
        query=query, pairs=pairs, matched=matched,
        ndcg=ndcg_at_k(pairs, query.judgments) if scored else 0.0,
        recall=recall_at_k(pairs, query.judgments) if scored else 0.0,
        rr=reciprocal_rank(pairs, query.judgments) if scored else 0.0,
        same_language=answer_in_question_language(index, query),
    )


def run_queries(
    index: SearchIndex, encoder: Encoder, queries: Sequence[Query], config: RetrievalConfig
) -> list[QueryResult]:
    results = []
    for q in queries:
        retrieval = retrieve(index, encoder, q.query, top_k=DEPTH, config=config)
        pairs = ranked_pairs(f"{h.unit.network_id}/{h.unit.section.value}" for h in retrieval.hits)
        results.append(_result(index, q, pairs, retrieval.matched))
    return results


def run_chat_queries(index: SearchIndex, encoder: Encoder, queries: Sequence[Query]) -> list[QueryResult]:
    """Each query as the first turn of a fresh chat; pairs from the cited quotes in display order."""
    from assistant.chat import chat_turn
    from assistant.index import NetworkProfiles

    profiles = NetworkProfiles(index)  # computed at ingest, read when needed
    results = []
    for q in queries:
        answer = chat_turn(index, encoder, profiles, q.query)
        pairs = ranked_pairs(f"{quote.network_id}/{quote.section}" for quote in answer.answer)
        results.append(_result(index, q, pairs, answer.matched))
    return results


#: The name of the chat answer's row in reports (the cited quotes as the app shows them).
CHAT = "kompass chat answer"


#: Rows of a summary that are not a question language.
NOT_LANGUAGES = frozenset({"out_of_scope", "same_language", "other_language"})


def summarise(results: Sequence[QueryResult]) -> dict[str, dict[str, float]]:
    """Metrics per language and overall, plus out-of-scope accuracy."""
    table: dict[str, dict[str, float]] = {}
    in_scope = [r for r in results if r.query.in_scope]
    for lang in sorted({r.query.language for r in in_scope}) + ["all"]:
        rows = [r for r in in_scope if lang == "all" or r.query.language == lang]
        if not rows:
            continue
        table[lang] = {
            "ndcg@5": sum(r.ndcg for r in rows) / len(rows),
            "recall@5": sum(r.recall for r in rows) / len(rows),
            "mrr": sum(r.rr for r in rows) / len(rows),
            "queries": float(len(rows)),
            "unmatched_in_scope": float(sum(not r.matched for r in rows)),
        }
    for key, same in (("same_language", True), ("other_language", False)):
        rows = [r for r in in_scope if r.same_language is same]
        if rows:  # the same-language pull: answers in the question's language vs in another
            table[key] = {"ndcg@5": sum(r.ndcg for r in rows) / len(rows), "queries": float(len(rows))}
    out = [r for r in results if not r.query.in_scope]
    table["out_of_scope"] = {
        "queries": float(len(out)),
        "correctly_unmatched": float(sum(not r.matched for r in out)),
    }
    return table


SYSTEMS: dict[str, RetrievalConfig] = {
    "kompass": RetrievalConfig(),
    "bm25-only": BM25_ONLY,
    "dense-only": DENSE_ONLY,
}


#: One component switched off (or swapped) at a time: what each is worth on the dev set.
ABLATIONS: dict[str, RetrievalConfig] = {
    "kompass": RetrievalConfig(),
    "rrf fusion instead of weighted": replace(RetrievalConfig(), fusion="rrf"),
    "- concepts": replace(RetrievalConfig(), concepts=0.0, use_concepts=False),
    "- concept IDF": replace(RetrievalConfig(), concept_idf=False),
    "- BM25": replace(RetrievalConfig(), bm25=0.0, use_bm25=False),
    "- intent sections": replace(RetrievalConfig(), intent=0.0),
    "- network aggregation": replace(RetrievalConfig(), network=0.0),
    "- named network": replace(RetrievalConfig(), named=0.0),
    "- named places": replace(RetrievalConfig(), place=0.0),
    "- section units lift items": replace(RetrievalConfig(), section_to_items=0.0),
    "- facts penalty": replace(RetrievalConfig(), facts_penalty=0.0),
    "- pair-diverse ranking": replace(RetrievalConfig(), pair_rank=False),
    "+ corpus section prior": replace(RetrievalConfig(), concept_section=0.1),
    "- typo correction": replace(RetrievalConfig(), typos=False),
    "- word translations": replace(RetrievalConfig(), word_translations=False),
    "+ problem questions lift challenges": replace(RetrievalConfig(), problem_intent=0.2),
    "- section examples": replace(RetrievalConfig(), section_examples=0.0),
    "- word match": replace(RetrievalConfig(), word_match=0.0),
    "- bare name asks for the overview": replace(RetrievalConfig(), bare_name_overview=0.0),
    "- overview lift": replace(RetrievalConfig(), overview=0.0),
    "- strict intents lift their sections": replace(RetrievalConfig(), strict_intent=0.0),
    "+ network diversity": replace(RetrievalConfig(), network_diversity=0.05),
    "+ concept length normalisation": replace(RetrievalConfig(), concept_length=0.3),
    "- same-language offset": replace(RetrievalConfig(), same_language=0.0),
    "scope: cosine only (0.21, no word signals)": replace(RetrievalConfig(), scope_rules=False, min_dense=0.21),
}


def evaluate(
    index: SearchIndex, encoder: Encoder, queries: Sequence[Query],
    systems: dict[str, RetrievalConfig] | None = None,
) -> dict[str, dict[str, dict[str, float]]]:
    """Every system on the same queries and units, in one run; by default also the chat
    answer (what the app shows, in display order) next to ``ask``'s ranking."""
    report = {name: summarise(run_queries(index, encoder, queries, cfg)) for name, cfg in (systems or SYSTEMS).items()}
    if systems is None:
        report[CHAT] = summarise(run_chat_queries(index, encoder, queries))
    return report


# --------------------------------------------------------------------------- networks not tuned on

EVAL_DIR = Path(__file__).resolve().parent.parent / "eval"


def growth_splits(eval_dir: Path = EVAL_DIR) -> list[str]:
    """The splits of the growth networks, in report order: the lists of eval/growth/split.json
    (``tune``, ``unseen``, ``fresh``, ``fresh2``, …), so a new clean split is added as data."""
    path = eval_dir / "growth" / "split.json"
    split = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(split, dict):
        raise ValueError(f"{path}: expected an object of split name -> network ids")
    return [name for name, networks in split.items() if isinstance(networks, list)]


def growth_sets(eval_dir: Path = EVAL_DIR) -> dict[str, list[Query]]:
    """The query sets of the unseen-network evaluation, in report order.

    ``seed dev`` and ``holdout`` are the seed questions (eval/); then one set per split of
    eval/growth/split.json (:func:`growth_splits`), ``growth <split>``, eval/growth/queries.jsonl
    by its ``split`` field: weights, vocabulary and thresholds may be tuned on ``tune``;
    ``unseen`` is only reported; each ``fresh…`` split (networks and questions added in a later
    session, after the one before it had been read in aggregate) is a test nobody has tuned on
    or read per-question results of, the last one the clean test for later changes
    (eval/growth/README.md tells each one's history).
    """
    growth = load_queries(eval_dir / "growth" / "queries.jsonl")
    sets = {"seed dev": load_queries(eval_dir / "dev_queries.jsonl"),
            "holdout": load_queries(eval_dir / "holdout_queries.jsonl")}
    for split in growth_splits(eval_dir):
        sets[f"growth {split}"] = [q for q in growth if q.split == split]
    return sets


def scope_sets(eval_dir: Path = EVAL_DIR) -> dict[str, list[Query]]:
    """The blind scope sets (questions that measure only the out-of-scope decision, no
    judgments): eval/growth/scope.jsonl by its halves, ``scope tune`` may be read and fitted
    on, ``scope test`` is reported in aggregate only; and ``scope test2``
    (eval/growth/scope2.jsonl, session 8: another author, who had not read the scope model's
    examples), reported in aggregate only; ``scope test3`` (eval/growth/scope3.jsonl, session 13:
    near misses written next to the sheets' content, committed before anything ran on them),
    reported in aggregate only; and ``scope fit`` (eval/growth/scope_fit.jsonl,
    session 9: first-person planner questions and near misses written for the fit, readable)."""
    scope = load_queries(eval_dir / "growth" / "scope.jsonl")
    return {"scope tune": [q for q in scope if q.split == "scope-tune"],
            "scope test": [q for q in scope if q.split == "scope-test"],
            "scope test2": load_queries(eval_dir / "growth" / "scope2.jsonl"),
            "scope test3": load_queries(eval_dir / "growth" / "scope3.jsonl"),
            "scope fit": load_queries(eval_dir / "growth" / "scope_fit.jsonl")}


class ScopeCounts(NamedTuple):
    """One set's scope decisions (kompass)."""

    accepted: int  # in-scope questions accepted
    inside: int  # in-scope questions
    rejected: int  # out-of-scope questions rejected
    outside: int  # out-of-scope questions
    #: Questions in scope by the sure similarity alone (the score would reject them), in-scope ones
    #: and out-of-scope ones: the rule whose masked cosine grows as sheets are added (docs/retrieval.md).
    close_inside: int = 0
    close_outside: int = 0


def scope_decisions(index: SearchIndex, encoder: Encoder, sets: dict[str, list[Query]]) -> dict[str, ScopeCounts]:
    """Per set: the scope decisions of the project's ranking, and how many of the accepted
    questions only the sure similarity let in."""
    weights = scope_model().weights
    counts = {}
    for name, queries in sets.items():
        tally = [0, 0, 0, 0, 0, 0]
        for q in queries:
            retrieval = retrieve(index, encoder, q.query, top_k=DEPTH, config=RetrievalConfig())
            scored = retrieval.scored[0] if retrieval.scored is not None else None
            alone = (scored is not None and scored.scope is not None
                     and in_by_closeness_alone(scored.scope, weights, _scope_score(encoder, scored)))
            tally[0 if q.in_scope else 2] += retrieval.matched == q.in_scope
            tally[1 if q.in_scope else 3] += 1
            tally[4 if q.in_scope else 5] += alone
        counts[name] = ScopeCounts(*tally)
    return counts


def _scope_score(encoder: Encoder, scored: Scored) -> float:
    """The scope score of a retrieval's question, with the prototype margins (the decision skips
    them once the similarity decides)."""
    assert scored.scope is not None
    signals = scored.scope.signals
    if signals.sheet_margin is None and np.any(scored.analysis.vector):
        sheet, field_ = prototype_margins(encoder, scored.analysis.vector, scored.analysis.section_similarities)
        signals = replace(signals, sheet_margin=sheet, field_margin=field_)
    return scope_model().weights.score(signals)


def format_scope(counts: Mapping[str, ScopeCounts | tuple[int, int, int, int]], background: float | None = None) -> str:
    """One table of the scope decisions, a row per set; with ``background``, the index's off-topic
    background (:func:`assistant.scope_model.off_topic_background`) and the sure similarity after it."""
    lines = ["| scope decisions (kompass): set | in scope accepted | out of scope rejected "
             "| in by the sure similarity alone: in scope, out of scope |", "|---|---|---|---|"]
    for name, row in counts.items():
        c = ScopeCounts(*row)
        lines.append(f"| {name} | {c.accepted}/{c.inside} | {c.rejected}/{c.outside} "
                     f"| {c.close_inside}, {c.close_outside} |")
    if background is not None:
        lines += ["", f"Off-topic background of this index (median best cosine of the off-topic examples to a unit): "
                  f"{background:.3f}; sure similarity {scope_model().weights.sure_similarity:.3f}."]
    return "\n".join(lines)


def merge_corpora(sources: dict[str, Path], target: Path) -> None:
    """Mirror several corpus folders into ``target/<name>/`` (one corpus for one index).

    Files are copied only when their content changed and removed when gone, so the
    index built over ``target`` stays up to date incrementally.
    """
    import shutil

    from assistant.corpus import iter_corpus_files

    wanted: set[Path] = set()
    for name, source in sources.items():
        for path in iter_corpus_files(source):
            if not path.is_file():
                continue
            copy = target / name / path.relative_to(source)
            wanted.add(copy)
            if copy.is_file() and copy.read_bytes() == path.read_bytes():
                continue
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, copy)
    if target.is_dir():
        for path in iter_corpus_files(target):
            if path not in wanted:
                path.unlink()


def default_work_dir() -> Path:
    """Where the unseen-network evaluation keeps its corpus copy and index (never embeddings/)."""
    import os

    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "netzwerk-kompass" / "eval-growth"


def growth_settings(work_dir: Path, seed_corpus: Path, eval_dir: Path = EVAL_DIR) -> Settings:
    """Settings of an index over the seed corpus plus eval/growth/corpus, under ``work_dir``."""
    corpus = work_dir / "corpus"
    merge_corpora({"seeds": seed_corpus, "growth": eval_dir / "growth" / "corpus"}, corpus)
    return Settings(corpus=corpus, index=work_dir / "embeddings")


def evaluate_sets(
    index: SearchIndex, encoder: Encoder, sets: dict[str, list[Query]],
    systems: dict[str, RetrievalConfig] | None = None,
) -> dict[str, dict[str, dict[str, dict[str, float]]]]:
    """Every system on every query set, same index, one run: set -> system -> table."""
    return {name: evaluate(index, encoder, queries, systems) for name, queries in sets.items()}


def format_sets(report: dict[str, dict[str, dict[str, dict[str, float]]]]) -> str:
    """One table, the sets side by side (rows: set / system)."""
    lines = ["| set | system | nDCG@5 de | nDCG@5 en | nDCG@5 tr | nDCG@5 all | recall@5 all | MRR all "
             "| out-of-scope unmatched | nDCG@5 answer in the question's language / in another |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for set_name, systems in report.items():
        for name, table in systems.items():
            cells = [f"{table[lang]['ndcg@5']:.3f}" if lang in table else "-" for lang in ("de", "en", "tr", "all")]
            lines.append(f"| {set_name} | {name} | " + " | ".join([*cells, *_overall_cells(table)])
                         + f" | {_language_split(table)} |")
    return "\n".join(lines)


def _overall_cells(table: dict[str, dict[str, float]]) -> list[str]:
    """recall@5 and MRR over all questions, and the out-of-scope questions left unmatched."""
    oos = table["out_of_scope"]
    return [f"{table['all']['recall@5']:.3f}", f"{table['all']['mrr']:.3f}",
            f"{int(oos['correctly_unmatched'])}/{int(oos['queries'])}"]


def _language_split(table: dict[str, dict[str, float]]) -> str:
    parts = [f"{table[key]['ndcg@5']:.3f} ({int(table[key]['queries'])})" if key in table else "-"
             for key in ("same_language", "other_language")]
    return " / ".join(parts)


def format_table(report: dict[str, dict[str, dict[str, float]]]) -> str:
    langs = [k for k in next(iter(report.values())) if k not in NOT_LANGUAGES]
    header = " | ".join(f"nDCG@5 {lang}" for lang in langs)
    lines = [f"| system | {header} | recall@5 all | MRR all | out-of-scope unmatched |",
             "|---|" + "---|" * (len(langs) + 3)]
    for name, table in report.items():
        cells = [f"{table[lang]['ndcg@5']:.3f}" for lang in langs]
        lines.append(f"| {name} | " + " | ".join([*cells, *_overall_cells(table)]) + " |")
    return "\n".join(lines)


def save_report(report: Mapping[str, object], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


class FeedbackReport(TypedDict):
    """What ``feedback_report`` finds in the app's votes (printed, or dumped as JSON)."""

    votes: int
    up: int
    down: int
    per_language: dict[str, dict[str, int]]
    most_down_voted_quotes: list[tuple[str, int]]
    down_voted_questions: list[str]


def feedback_report(records: Sequence[object]) -> FeedbackReport:
    """Thumbs up/down from the app (``assistant.feedback``): approval per question
    language, and the quotes most often shown in down-voted answers."""
    from collections import Counter

    from assistant.feedback import FeedbackRecord, latest_votes

    votes: list[FeedbackRecord] = latest_votes(records)  # type: ignore[arg-type]
    per_language: dict[str, dict[str, int]] = {}
    for vote in votes:
        row = per_language.setdefault(vote.language, {"up": 0, "down": 0})
        row[vote.rating] += 1
    down = Counter(rid for v in votes if not v.positive for rid in v.result_ids)
    return {
        "votes": len(votes),
        "up": sum(v.positive for v in votes),
        "down": sum(not v.positive for v in votes),
        "per_language": per_language,
        "most_down_voted_quotes": down.most_common(10),
        "down_voted_questions": [v.question for v in votes if not v.positive][:20],
    }


def format_feedback(report: FeedbackReport) -> str:
    lines = [f"{report['votes']} votes: {report['up']} up, {report['down']} down"]
    for lang, row in sorted(report["per_language"].items()):
        total = row["up"] + row["down"]
        lines.append(f"  {lang}: {row['up']}/{total} up ({row['up'] / total:.0%})")
    if report["most_down_voted_quotes"]:
        lines.append("Quotes most often shown in down-voted answers:")
        lines += [f"  {n}x {rid}" for rid, n in report["most_down_voted_quotes"]]
    if report["down_voted_questions"]:
        lines.append("Down-voted questions (add them to the dev set with judgments):")
        lines += [f"  - {q}" for q in report["down_voted_questions"]]
    return "\n".join(lines)
