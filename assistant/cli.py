"""Command line: a thin shell over the library (``assistant --help``)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from assistant.settings import Settings

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
_DEFAULT_QUERIES = Path(__file__).resolve().parent.parent / "eval" / "dev_queries.jsonl"


def _settings(args: argparse.Namespace) -> Settings:
    overrides = {}
    if getattr(args, "corpus", None):
        overrides["corpus"] = Path(args.corpus)
    if getattr(args, "index", None):
        overrides["index"] = Path(args.index)
    return Settings(**overrides)


def _warn(warnings: Sequence[object]) -> None:
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)


def _print_json(data: object) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


# --------------------------------------------------------------------------- networks / show


def cmd_networks(args: argparse.Namespace) -> int:
    from assistant.network import load_networks, network_to_json

    settings = _settings(args)
    loaded = load_networks(settings.corpus, settings.max_file_bytes)
    _warn(loaded.warnings)
    if args.json:
        _print_json([network_to_json(n) for n in loaded.networks])
        return EXIT_OK
    if not loaded.networks:
        print(f"No networks found in {settings.corpus}.")
        return EXIT_OK
    for network in loaded.networks:
        year = network.founding_year or "?"
        docs = ", ".join(d.source for d in network.documents)
        print(f"{network.id:<14} {network.name} — {network.location} (founded {year})")
        print(f"{'':<14} documents: {docs}")
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    from assistant.network import find_network, load_networks, network_to_json
    from assistant.present import format_network

    settings = _settings(args)
    loaded = load_networks(settings.corpus, settings.max_file_bytes)
    _warn(loaded.warnings)
    network = find_network(loaded.networks, args.network)
    if network is None:
        known = ", ".join(n.id for n in loaded.networks) or "none"
        print(f"error: no network '{args.network}' (known: {known})", file=sys.stderr)
        return EXIT_ERROR
    if args.json:
        _print_json(network_to_json(network))
    else:
        print(format_network(network))
    return EXIT_OK


# --------------------------------------------------------------------------- ingest / ask / eval


class _Bar:
    """A tqdm progress bar per stage, on stderr."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self.bars: dict[str, object] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        from tqdm import tqdm

        bar = self.bars.get(stage)
        if bar is None:
            bar = self.bars[stage] = tqdm(total=total, desc=f"{stage:<6}", unit="unit" if stage == "embed" else "step",
                                          file=sys.stderr, leave=True, dynamic_ncols=True)
        bar.n = done  # type: ignore[attr-defined]
        bar.refresh()  # type: ignore[attr-defined]
        if done >= total:
            bar.close()  # type: ignore[attr-defined]

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()  # type: ignore[attr-defined]


def _notify(message: str) -> None:
    print(message, file=sys.stderr)


def _text_of(argument: str) -> str:
    """A command-line argument as text: bytes that were not UTF-8 become U+FFFD."""
    return argument.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _stdin_lines() -> Iterator[str]:
    """Questions from stdin, one per line; undecodable bytes become U+FFFD."""
    binary = getattr(sys.stdin, "buffer", None)
    if binary is None:  # a text stream without bytes underneath (tests, embedding)
        yield from (line.rstrip("\r\n") for line in sys.stdin)
        return
    for raw in binary:
        yield raw.decode("utf-8", "replace").rstrip("\r\n")


def cmd_ingest(args: argparse.Namespace) -> int:
    from assistant.index import IndexLocked, build_index

    settings = _settings(args)
    bar = _Bar(not args.quiet)
    try:
        report = build_index(settings, progress=bar)
    except IndexLocked as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except OSError as exc:
        print(f"error: cannot write the index to {settings.index}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_ERROR
    finally:
        bar.close()
    _warn(report.warnings)
    print(
        f"Indexed {report.networks} networks, {report.units} units into {report.directory} "
        f"({report.embedded} embedded, {report.reused} reused) in {report.seconds:.1f} s."
    )
    return EXIT_OK


def _answer_json(answer: object) -> str:
    return json.dumps(answer.model_dump(mode="json"), ensure_ascii=False)  # type: ignore[attr-defined]


def _print_answer(answer: object, explain: bool) -> None:
    from assistant.present import format_answer

    print(format_answer(answer, explain=explain))  # type: ignore[arg-type]


def cmd_ask(args: argparse.Namespace) -> int:
    from assistant.index import IndexLocked
    from assistant.recommend import load_engine

    if args.top_k < 1:
        print("error: --top-k must be at least 1", file=sys.stderr)
        return EXIT_USAGE
    settings = _settings(args)
    bar = _Bar(True)
    try:
        engine = load_engine(settings, progress=bar, notify=_notify)
    except IndexLocked as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except OSError as exc:
        print(f"error: cannot build the index in {settings.index}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_ERROR
    finally:
        bar.close()
    questions = [_text_of(args.question)] if args.question is not None else _stdin_lines()
    for question in questions:
        answer = engine.ask(question, top_k=args.top_k)
        if args.json:
            print(_answer_json(answer), flush=True)
        else:
            _print_answer(answer, args.explain)
    return EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    from assistant.evaluate import evaluate, format_table, load_queries, save_report
    from assistant.recommend import load_engine

    settings = _settings(args)
    if args.feedback is not None:
        return _eval_feedback(Path(args.feedback) if args.feedback else settings.feedback, args.json)
    engine = load_engine(settings, notify=_notify)
    queries = load_queries(Path(args.queries))
    from assistant.evaluate import ABLATIONS

    report = evaluate(engine.index, engine.encoder, queries, ABLATIONS if args.ablation else None)
    if args.json:
        _print_json(report)
    else:
        print(f"{len(queries)} queries from {args.queries}\n")
        print(format_table(report))
    if args.save:
        save_report(report, Path(args.save))
    return EXIT_OK


def cmd_bench(args: argparse.Namespace) -> int:
    from assistant.bench import DEFAULT_SIZES, BenchOptions, WorkerError, bench_main, parse_sizes

    try:
        sizes = parse_sizes(args.sizes) if args.sizes is not None else (
            [100, 1_000] if args.quick else list(DEFAULT_SIZES))
    except ValueError:
        print(f"error: --sizes must be comma-separated integers, got {args.sizes!r}", file=sys.stderr)
        return EXIT_USAGE
    if args.queries < 1:
        print("error: --queries must be at least 1", file=sys.stderr)
        return EXIT_USAGE
    flags = [("--quick", args.quick), ("--no-browser", args.no_browser), ("--keep", args.keep),
             (f"--cold-runs {args.cold_runs}", args.cold_runs != 5), (f"--budget {args.budget:g}", args.budget != 240),
             (f"--max-ingest-minutes {args.max_ingest_minutes:g}", args.max_ingest_minutes != 15)]
    command = (f"assistant bench --sizes {','.join(map(str, sizes)) or 0} --queries {args.queries}"
               + "".join(f" {flag}" for flag, on in flags if on))
    options = BenchOptions(
        sizes=sizes, queries=args.queries, out=Path(args.out) if args.out else None,
        browser=not args.no_browser, quick=args.quick, cold_runs=args.cold_runs,
        work_dir=Path(args.work_dir) if args.work_dir else None, keep=args.keep,
        query_budget_s=args.budget, max_ingest_minutes=args.max_ingest_minutes, command=command,
    )
    try:
        bench_main(options)
    except WorkerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_OK


def _eval_feedback(path: Path, as_json: bool) -> int:
    import warnings

    from assistant.evaluate import feedback_report, format_feedback
    from assistant.feedback import read_feedback

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        records = read_feedback(path)
    _warn([w.message for w in caught])
    report = feedback_report(records)
    if as_json:
        _print_json(report)
    elif not records:
        print(f"No feedback in {path} yet.")
    else:
        print(format_feedback(report))
    return EXIT_OK


# --------------------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="assistant",
        description="netzwerk-kompass: offline DE/EN/TR recommendations from integration-network "
        "fact sheets, with verbatim citations.",
        epilog="Environment: KOMPASS_CORPUS and KOMPASS_INDEX set the default directories, "
        "KOMPASS_MODEL the embedding model.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    corpus_help = "corpus directory (default: $KOMPASS_CORPUS or ./corpus)"

    p = sub.add_parser("networks", help="list the parsed networks")
    p.add_argument("--corpus", metavar="DIR", help=corpus_help)
    p.add_argument("--json", action="store_true", help="print one JSON array, each network whole")
    p.set_defaults(func=cmd_networks)

    p = sub.add_parser("show", help="show one network's profile with sources")
    p.add_argument("network", metavar="NETWORK", help="network id, city or name, e.g. erfurt")
    p.add_argument("--corpus", metavar="DIR", help=corpus_help)
    p.add_argument("--json", action="store_true", help="print the profile as JSON")
    p.set_defaults(func=cmd_show)

    index_help = "index directory (default: $KOMPASS_INDEX or ./embeddings)"
    p = sub.add_parser("ingest", help="parse the corpus and build or update the index")
    p.add_argument("--corpus", metavar="DIR", help=corpus_help)
    p.add_argument("--index", metavar="DIR", help=index_help)
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser(
        "ask",
        help="ask a question (or one per line on stdin)",
        description="Find success factors and lessons learnt that match a situation or question "
        "(German, English or Turkish). Without QUESTION, reads one question per line from stdin. "
        "The index is built or updated first if needed.",
    )
    p.add_argument("question", nargs="?", metavar="QUESTION", help="the question; omit to read stdin")
    p.add_argument("--top-k", type=int, default=5, metavar="N", help="number of results (default 5)")
    p.add_argument("--json", action="store_true", help="one JSON object per question, one per line")
    p.add_argument("--explain", action="store_true", help="show why each result matches")
    p.add_argument("--corpus", metavar="DIR", help=corpus_help)
    p.add_argument("--index", metavar="DIR", help=index_help)
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("eval", help="nDCG@5, recall@5 and MRR per language vs BM25-only and dense-only")
    p.add_argument("--queries", default=str(_DEFAULT_QUERIES), metavar="FILE",
                   help="graded queries (JSONL; default eval/dev_queries.jsonl)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--save", metavar="FILE", help="also write the JSON report to FILE")
    p.add_argument("--feedback", nargs="?", const="", metavar="FILE",
                   help="summarise the app's thumbs up/down instead (default file: $KOMPASS_FEEDBACK "
                   "or feedback/feedback.jsonl)")
    p.add_argument("--ablation", action="store_true",
                   help="instead of the baselines, switch off one retrieval component at a time")
    p.add_argument("--corpus", metavar="DIR", help=corpus_help)
    p.add_argument("--index", metavar="DIR", help=index_help)
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser(
        "bench",
        help="benchmark latency, cold start, ingest and scale; write docs/benchmarks.md",
        description="Measure warm query latency (p50/p95 of ask, retrieval and the bare query embedding "
        "as floor), cold start (CLI and Streamlit in headless chromium), ingest time and peak RSS (full and "
        "incremental), and scale on synthetic corpora (ingest, index size, RSS, query latency, exact vs "
        "HNSW/IVF FAISS). Prints a summary table and writes the full markdown report. Temporary corpora and "
        "indexes live under /tmp. A full run takes long on 2 cores; --quick or small --sizes for a look.",
        epilog="Examples: assistant bench | assistant bench --quick | "
        "assistant bench --sizes 5,20 --queries 20 --no-browser --out /tmp/bench.md (the CI smoke run)",
    )
    p.add_argument("--sizes", metavar="N,N,...", default=None,
                   help="synthetic corpus sizes in sheets (default 100,1000,10000; with --quick 100,1000; "
                   "0 = no scale runs)")
    p.add_argument("--queries", type=int, default=220, metavar="N",
                   help="questions per latency measurement: the dev set cycled and perturbed (default 220)")
    p.add_argument("--out", default=str(_DEFAULT_QUERIES.parent.parent / "docs" / "benchmarks.md"),
                   metavar="FILE", help="markdown report to write (default docs/benchmarks.md; '' = none)")
    p.add_argument("--no-browser", action="store_true",
                   help="skip the Streamlit cold start in headless chromium")
    p.add_argument("--quick", action="store_true",
                   help="fewer repetitions: 1 cold CLI run, no torch probe, no incremental runs at scale, "
                   "no advise at scale")
    p.add_argument("--cold-runs", type=int, default=5, metavar="N", help="cold CLI runs (default 5)")
    p.add_argument("--budget", type=float, default=240.0, metavar="SECONDS",
                   help="time budget of each scale point's query loop (default 240; at least 20 questions)")
    p.add_argument("--max-ingest-minutes", type=float, default=15.0, metavar="MIN",
                   help="above this projected embedding time a scale point uses the documented stand-in "
                   "shortcut (default 15)")
    p.add_argument("--work-dir", metavar="DIR", help="where temporary corpora and indexes go (default: new /tmp dir)")
    p.add_argument("--keep", action="store_true", help="keep the temporary corpora and indexes")
    p.set_defaults(func=cmd_bench)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # Never die on printing: replace what the terminal's encoding cannot show.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or EXIT_OK)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
