"""Command line: a thin shell over the library (``assistant --help``)."""

from __future__ import annotations

import argparse
import codecs
import json
import os
import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.settings import Settings, SettingsError, load_settings

if TYPE_CHECKING:
    from assistant.chat import Conversation
    from assistant.recommend import Answer, Engine

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
_DEFAULT_QUERIES = Path(__file__).resolve().parent.parent / "eval" / "dev_queries.jsonl"


def _settings(args: argparse.Namespace) -> Settings:
    overrides: dict[str, Any] = {}  # Any: Settings' keyword arguments differ in type
    if getattr(args, "corpus", None):
        overrides["corpus"] = Path(args.corpus)
    if getattr(args, "index", None):
        overrides["index"] = Path(args.index)
    return load_settings(**overrides)


def _text(key: str, **values: object) -> str:
    """One of the CLI's own messages (errors, progress) in the environment's language
    (:func:`assistant.i18n.environment_language`); ``--help`` stays English."""
    from assistant.i18n import environment_language, t

    return t(key, environment_language(os.environ), **values)


def _error(key: str, **values: object) -> None:
    _say(_text("cli_error", message=_text(key, **values)), error=True)


def _say(text: object, *, error: bool = False) -> None:
    """Print one line of text mode: whatever a sheet, a file name or an argument holds
    is shown, never acted on by the terminal (see :func:`assistant.text.terminal_safe`)."""
    from assistant.text import terminal_safe

    print(terminal_safe(str(text)), file=sys.stderr if error else sys.stdout)


def _say_lines(text: str) -> None:
    """A report of several lines, each made terminal-safe."""
    for line in text.split("\n"):
        _say(line)


def _warn(warnings: Sequence[object]) -> None:
    for warning in warnings:
        _say(_text("cli_warning", message=warning), error=True)


#: Characters JSON may carry raw but readers treat as line breaks or controls
#: (str.splitlines() splits at U+0085, U+2028, U+2029): written as \u escapes.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029]")


def _json(data: object, indent: int | None = None) -> str:
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _print_json(data: object) -> None:
    print(_json(data, indent=2))


# --------------------------------------------------------------------------- networks / show


def cmd_networks(args: argparse.Namespace) -> int:
    from assistant.network import load_networks, network_to_json

    settings = _settings(args)
    loaded = load_networks(settings.corpus, settings.max_file_bytes, settings.follow_links)
    _warn(loaded.warnings)
    if args.json:
        _print_json([network_to_json(n) for n in loaded.networks])
        return EXIT_OK
    if not loaded.networks:
        _say(_text("cli_no_networks", corpus=settings.corpus))
        return EXIT_OK
    for network in loaded.networks:
        year = network.founding_year or "?"
        docs = ", ".join(d.source for d in network.documents)
        _say(f"{network.id:<14} " + _text("cli_network_line", name=network.name, location=network.location,
                                          year=year))
        _say(f"{'':<14} " + _text("cli_network_documents", documents=docs))
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    from assistant.languages import SUPPORTED
    from assistant.network import find_network, load_networks, network_to_json
    from assistant.views.terminal import format_network

    if args.lang not in SUPPORTED:
        _error("cli_lang_choices", languages=", ".join(SUPPORTED))
        return EXIT_USAGE
    settings = _settings(args)
    loaded = load_networks(settings.corpus, settings.max_file_bytes, settings.follow_links)
    _warn(loaded.warnings)
    network = find_network(loaded.networks, args.network)
    if network is None:
        known = ", ".join(n.id for n in loaded.networks) or _text("cli_none_known")
        _error("cli_no_network", network=args.network, known=known)
        return EXIT_ERROR
    if args.json:
        _print_json(network_to_json(network))
    else:
        print(format_network(network, args.lang))
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
    _say(message, error=True)


def _text_of(argument: str, max_chars: int) -> str:
    """A command-line argument as text, cut to what is read of a question (see
    :func:`assistant.text.bound_question`); bytes that were not UTF-8 become U+FFFD."""
    from assistant.text import raw_question_limit

    kept = argument[: raw_question_limit(max_chars) + 1]  # one more: still seen as cut
    return kept.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _stdin_lines(max_chars: int) -> Iterator[str]:
    """Questions from stdin, one per line, each cut in bytes as it is read (a 50 MB line
    is never held whole); undecodable bytes become U+FFFD."""
    from assistant.text import question_byte_limit, raw_question_limit

    binary = getattr(sys.stdin, "buffer", None)
    if binary is None:  # a text stream without bytes underneath (tests, embedding)
        limit = raw_question_limit(max_chars) + 1
        yield from (line.rstrip("\r\n")[:limit] for line in sys.stdin)
        return
    limit = question_byte_limit(max_chars)
    while raw := binary.readline(limit):
        if len(raw) == limit and not raw.endswith(b"\n"):
            while (rest := binary.readline(1 << 16)) and not rest.endswith(b"\n"):
                pass  # the rest of an overlong line is read and dropped, a chunk at a time
        decoder = codecs.getincrementaldecoder("utf-8")("replace")
        yield decoder.decode(raw).rstrip("\r\n")  # a character cut in half is dropped


def cmd_ingest(args: argparse.Namespace) -> int:
    from assistant.embedding import EmbeddingModelError
    from assistant.index import IndexError_, build_index

    settings = _settings(args)
    bar = _Bar(not args.quiet)
    try:
        report = build_index(settings, progress=bar)
    except (IndexError_, EmbeddingModelError) as exc:  # locked, a folder not the index's, no model
        _say(_text("cli_error", message=exc), error=True)
        return EXIT_ERROR
    except OSError as exc:
        _error("cli_cannot_write_index", path=settings.index, reason=exc.strerror or exc)
        return EXIT_ERROR
    finally:
        bar.close()
    _warn(report.warnings)
    _say(_text("cli_indexed", networks=report.networks, units=report.units, directory=report.directory,
               embedded=report.embedded, reused=report.reused, seconds=f"{report.seconds:.1f}"))
    return EXIT_OK


def _answer_json(answer: Answer) -> str:
    from assistant.views.terminal import ask_contract

    return _json(ask_contract(answer))


def _print_answer(answer: Answer, explain: bool) -> None:
    from assistant.views.terminal import format_answer

    print(format_answer(answer, explain=explain))


def _engine(settings: Settings, *, show_progress: bool = False) -> Engine | None:
    """The engine (building the index if needed, with progress bars on stderr if asked),
    or None after an error message."""
    from assistant.embedding import EmbeddingModelError
    from assistant.index import IndexError_
    from assistant.recommend import load_engine

    bar = _Bar(True) if show_progress else None
    try:
        return load_engine(settings, progress=bar, notify=_notify)
    except (IndexError_, EmbeddingModelError) as exc:  # locked, a folder not the index's, no model
        _say(_text("cli_error", message=exc), error=True)
    except OSError as exc:
        _error("cli_cannot_build_index", path=settings.index, reason=exc.strerror or exc)
    finally:
        if bar is not None:
            bar.close()
    return None


def cmd_ask(args: argparse.Namespace) -> int:
    if args.top_k < 1:
        _error("cli_top_k")
        return EXIT_USAGE
    settings = _settings(args)
    engine = _engine(settings, show_progress=True)
    if engine is None:
        return EXIT_ERROR
    limit = settings.max_query_chars
    questions = [_text_of(args.question, limit)] if args.question is not None else _stdin_lines(limit)
    for question in questions:
        answer = engine.ask(question, top_k=args.top_k)
        if args.json:
            print(_answer_json(answer), flush=True)
        else:
            _print_answer(answer, args.explain)
    return EXIT_OK


def cmd_chat(args: argparse.Namespace) -> int:
    from assistant.chat import Conversation
    from assistant.languages import SUPPORTED
    from assistant.views.terminal import chat_contract, format_chat

    if args.lang is not None and args.lang not in SUPPORTED:
        _error("cli_lang_choices", languages=", ".join(SUPPORTED))
        return EXIT_USAGE
    settings = _settings(args)
    engine = _engine(settings, show_progress=True)
    if engine is None:
        return EXIT_ERROR
    conversation = Conversation()
    limit = settings.max_query_chars
    questions = [_text_of(args.question, limit)] if args.question is not None else _stdin_lines(limit)
    for question in questions:
        if args.fresh:
            conversation = Conversation()
        answer = engine.chat(question, conversation=conversation,
                             ui_language=args.lang or _fallback_language(engine, question, conversation))
        conversation.turns.append(answer)
        asked = [question, *(turn.query for turn in conversation.turns)]
        if args.json:
            print(_json(chat_contract(answer, asked)), flush=True)
        else:
            print(format_chat(answer, asked), flush=True)
    return EXIT_OK


def _fallback_language(engine: Engine, question: str, conversation: Conversation) -> str | None:
    """The answer's language without ``--lang``: None (the question's) unless the question is only
    names of networks ("Dortmund vs Erfurt", "Halberstadt"), asked in no language: then the
    conversation's, else the terminal's as the CLI's messages use (English by default), never a
    guess from the names (s14 tester T18: "Dortmund vs Erfurt" was answered in Turkish)."""
    from assistant.i18n import environment_language

    if not engine.names_only(question):
        return None
    return conversation.turns[-1].ui_language if conversation.turns else environment_language(os.environ)


def cmd_eval(args: argparse.Namespace) -> int:
    from assistant.evaluate import evaluate, format_table, load_queries, save_report
    settings = _settings(args)
    if args.feedback is not None:
        return _eval_feedback(Path(args.feedback) if args.feedback else settings.feedback, args.json)
    from assistant.evaluate import ABLATIONS

    if args.growth:
        return _eval_growth(args, settings)
    engine = _engine(settings)
    if engine is None:
        return EXIT_ERROR
    queries = load_queries(Path(args.queries))

    report = evaluate(engine.index, engine.encoder, queries, ABLATIONS if args.ablation else None)
    if args.json:
        _print_json(report)
    else:
        _say(_text("cli_queries_from", n=len(queries), path=args.queries))
        _say("")
        _say_lines(format_table(report))
    if args.save:
        save_report(report, Path(args.save))
    return EXIT_OK


def _eval_growth(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.evaluate import (
        ABLATIONS,
        default_work_dir,
        evaluate_sets,
        format_scope,
        format_sets,
        growth_sets,
        growth_settings,
        save_report,
        scope_decisions,
        scope_sets,
    )
    from assistant.scope_model import off_topic_background

    work_dir = Path(args.work_dir) if args.work_dir else default_work_dir()
    try:
        grown = growth_settings(work_dir, settings.corpus)
    except OSError as exc:
        _error("cli_cannot_prepare_eval", path=work_dir, reason=exc.strerror or exc)
        return EXIT_ERROR
    engine = _engine(grown)
    if engine is None:
        return EXIT_ERROR
    sets = growth_sets()
    report = evaluate_sets(engine.index, engine.encoder, sets, ABLATIONS if args.ablation else None)
    if args.json:
        _print_json(report)
    else:
        counts = ", ".join(f"{name} {len(queries)}" for name, queries in sets.items())
        _say(_text("cli_growth_index", corpus=settings.corpus, networks=len(engine.index.networks), path=work_dir,
                   counts=counts))
        _say("")
        _say_lines(format_sets(report))
        _say("")
        _say_lines(format_scope(scope_decisions(engine.index, engine.encoder, {**sets, **scope_sets()}),
                                off_topic_background(engine.index, engine.encoder)))
    if args.save:
        save_report(report, Path(args.save))
    return EXIT_OK


def _eval_feedback(path: Path, as_json: bool) -> int:
    import warnings

    from assistant.evaluate import feedback_report, format_feedback
    from assistant.feedback import read_feedback

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            records = read_feedback(path)
        except OSError as exc:  # a folder, a pipe, no permission
            _error("cli_cannot_read_feedback", path=path, reason=exc.strerror or exc)
            return EXIT_ERROR
    _warn([w.message for w in caught])
    report = feedback_report(records)
    if as_json:
        _print_json(report)
    elif not records:
        _say(_text("cli_no_feedback", path=path))
    else:
        _say_lines(format_feedback(report))
    return EXIT_OK


# --------------------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="assistant",
        description="netzwerk-kompass: offline DE/EN/TR recommendations from integration-network "
        "fact sheets, with verbatim citations.",
        epilog="Environment: KOMPASS_CORPUS and KOMPASS_INDEX set the default directories, "
        "KOMPASS_MODEL the embedding model, KOMPASS_THREADS its threads, KOMPASS_MAX_QUERY_CHARS and "
        "KOMPASS_MAX_FILE_BYTES the limits on questions and corpus files, KOMPASS_FOLLOW_LINKS=true "
        "follows symbolic links out of the corpus. A bad value is refused, naming the variable.",
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
    p.add_argument("--lang", metavar="LANG", default="en",
                   help="language of the labels around the quotes: one of the supported languages (default: en)")
    p.set_defaults(func=cmd_show)

    index_help = ("index folder (default: $KOMPASS_INDEX or ./embeddings); must be new, empty or an "
                  "index folder already: any other folder is refused, nothing in it is touched")
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

    p = sub.add_parser(
        "chat",
        help="the chat answer, as the app shows it (or a conversation, one turn per stdin line)",
        description="Answer like the chat app: a short answer in the asker's language, the numbered "
        "quotes in display order (facts, direct answer, then for a described situation the closest "
        "networks' success factors, lessons and transferability), the closest networks and follow-up "
        "questions. Without QUESTION, reads stdin: each line is the next turn of one conversation "
        "(later turns show only what is new), or, with --fresh, a conversation of its own.",
    )
    p.add_argument("question", nargs="?", metavar="QUESTION", help="the question; omit to read stdin")
    p.add_argument("--json", action="store_true", help="one JSON object per turn, one per line")
    p.add_argument("--fresh", action="store_true", help="each stdin line starts a new conversation")
    p.add_argument("--lang", metavar="LANG", help="language of the summary and messages: one of the "
                   "language files, de, en or tr (default: the question's; for network names alone, "
                   "\"Dortmund vs Erfurt\", the conversation's or the terminal's)")
    p.add_argument("--corpus", metavar="DIR", help=corpus_help)
    p.add_argument("--index", metavar="DIR", help=index_help)
    p.set_defaults(func=cmd_chat)

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
    p.add_argument("--growth", action="store_true",
                   help="networks not tuned on: index the corpus plus eval/growth/corpus (in --work-dir) and "
                   "report the seed dev set, the holdout and each split of eval/growth/split.json "
                   "(tune, unseen, fresh, fresh2, ...) side by side, "
                   "each also split by whether the answer is in the question's language; "
                   "then the scope decisions of every set, of the blind scope set's halves "
                   "(eval/growth/scope.jsonl), of the second and third blind scope sets (eval/growth/scope2.jsonl, "
                   "eval/growth/scope3.jsonl) and of the "
                   "readable scope fit set (eval/growth/scope_fit.jsonl), with how many questions of each only the "
                   "sure similarity let in, and the index's off-topic background")
    p.add_argument("--work-dir", metavar="DIR",
                   help="with --growth: where the merged corpus and its index live "
                   "(default $XDG_CACHE_HOME/netzwerk-kompass/eval-growth; never embeddings/)")
    p.add_argument("--corpus", metavar="DIR", help=corpus_help)
    p.add_argument("--index", metavar="DIR", help=index_help)
    p.set_defaults(func=cmd_eval)

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
    except SettingsError as exc:
        _say(_text("cli_error", message=exc), error=True)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(_text("cli_interrupted"), file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
