"""Command line: a thin shell over the library (``assistant --help``)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from assistant.settings import Settings

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
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
