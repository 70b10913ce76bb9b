"""Where an intent's two lists in intents.toml disagree: the questions its chat cues find and
its terms do not, and the other way round.

    .venv/bin/python scripts/intent_lists.py [QUESTIONS.jsonl ...]

An intent's `cues` (regular expressions: the chat's answer shape) and its `terms` (vocabulary
syntax: the ranking's section lift, BM25, the scope) sit in one table but are still two lists
(docs/retrieval.md, "One intent vocabulary"). Before merging them, or after adding a phrasing
to one, this shows what the other misses. Default questions: the seed dev set, the holdout and
the growth tune and unseen splits; never the clean test splits (fresh, fresh2, fresh3), whose
questions nobody tunes on. Compared: each [intent.*] table with cues and terms, [counting]
(a figure asked for) and [practice] (how to do something).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant.concepts import tag_concepts
from assistant.intents import QuestionIntent, analyse_intent, intent_data

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = [ROOT / "eval" / "dev_queries.jsonl", ROOT / "eval" / "holdout_queries.jsonl",
           ROOT / "eval" / "growth" / "queries.jsonl"]
CLEAN = ("fresh", "fresh2", "fresh3")


def questions(paths: list[Path]) -> list[str]:
    found = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                if record.get("split") not in CLEAN:
                    found.append(record["query"])
    return found


def by_cues(table: str, intent: QuestionIntent) -> bool:
    """Whether the chat's cues of ``table`` find the question analysed as ``intent``."""
    if table == "counting":
        return intent.counting
    if table == "practice":
        return intent.practice
    return table.removeprefix("intent.") in intent.intents


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("questions", nargs="*", type=Path, help="JSON lines with a 'query' (default: see above)")
    args = parser.parse_args(argv)
    texts = questions(args.questions or DEFAULT)
    has_cues = {f"intent.{i.id}" for i in intent_data().intents if i.cues} | {"counting", "practice"}
    tables = [t for t in intent_data().tagged if t.table in has_cues]
    disagree = 0
    for text in texts:
        intent, tags = analyse_intent(text, text), tag_concepts(text)
        for table in tables:
            cues, terms = by_cues(table.table, intent), table.concept in tags
            if cues != terms:
                disagree += 1
                print(f"[{table.table}] {'cues' if cues else 'terms'} only: {text}")
    print(f"{disagree} disagreements over {len(texts)} questions and {len(tables)} tables", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
