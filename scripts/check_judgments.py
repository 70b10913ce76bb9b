"""Validate a graded-question file (JSON lines) against the networks the CLI parses.

    .venv/bin/python scripts/check_judgments.py [QUERIES] [--corpus DIR ...]

Defaults: eval/growth/queries.jsonl against corpus/ and eval/growth/corpus/. Every line must
parse as a JSON object; every judgment key must be `network/section` with a network id that
`assistant networks --json` lists for one of the corpora, a section of the template
(assistant.models.SectionKind) that the network has items in (general and contact are built
from the facts), and a grade 1, 2 or 3; every in-scope question needs a grade >= 2 and an
out-of-scope one no judgments. Prints one line per problem (file:line) and exits 1 if any.
Written when the older growth questions' judgments were completed for the fresh2 networks.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from assistant.models import SectionKind

ROOT = Path(__file__).resolve().parent.parent
FACT_SECTIONS = {SectionKind.GENERAL.value, SectionKind.CONTACT.value}


def network_sections(corpora: list[Path]) -> dict[str, set[str]]:
    """Network id -> sections with items, as `assistant networks --json` reports them."""
    found: dict[str, set[str]] = {}
    for corpus in corpora:
        listing = subprocess.run(
            [sys.executable, "-m", "assistant", "networks", "--json", "--corpus", str(corpus)],
            capture_output=True, text=True, check=True, cwd=ROOT,
        )
        for network in json.loads(listing.stdout):
            kinds = {s["kind"] for s in network["sections"] if s["items"]}
            found.setdefault(network["id"], set()).update(kinds | FACT_SECTIONS)
    return found


def problems_in_line(number: int, line: str, networks: dict[str, set[str]]) -> list[str]:
    try:
        query = json.loads(line)
    except json.JSONDecodeError as error:
        return [f"{number}: not JSON ({error.msg})"]
    if not isinstance(query, dict) or not isinstance(query.get("judgments"), dict):
        return [f"{number}: not an object with a judgments object"]
    name = f"{number} ({query.get('id', '?')})"
    found = []
    template = {kind.value for kind in SectionKind}
    for key, grade in query["judgments"].items():
        network_id, slash, section = key.partition("/")
        if not slash or network_id not in networks:
            found.append(f"{name}: unknown network in {key!r}")
        elif section not in template:
            found.append(f"{name}: {section!r} is not a template section")
        elif section not in networks[network_id]:
            found.append(f"{name}: {network_id} has no {section} section")
        if type(grade) is not int or grade not in (1, 2, 3):
            found.append(f"{name}: grade {grade!r} for {key} is not 1, 2 or 3")
    grades = query["judgments"].values()
    if query.get("in_scope") is True and not any(g in (2, 3) for g in grades):
        found.append(f"{name}: in scope without a grade >= 2")
    if query.get("in_scope") is False and query["judgments"]:
        found.append(f"{name}: out of scope but judged")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description="validate graded questions against the parsed corpora")
    parser.add_argument("queries", nargs="?", type=Path, default=ROOT / "eval" / "growth" / "queries.jsonl")
    parser.add_argument("--corpus", type=Path, action="append", help="corpus directory (repeatable)")
    args = parser.parse_args()
    corpora = args.corpus or [ROOT / "corpus", ROOT / "eval" / "growth" / "corpus"]
    networks = network_sections(corpora)
    lines = args.queries.read_text(encoding="utf-8").splitlines()
    problems = [f"{args.queries}:{p}" for n, line in enumerate(lines, 1) if line.strip()
                for p in problems_in_line(n, line, networks)]
    print("\n".join(problems) if problems else
          f"{args.queries}: {len(lines)} lines, {sum(len(json.loads(x)['judgments']) for x in lines if x.strip())} "
          f"judgments on {len(networks)} networks: all valid")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
