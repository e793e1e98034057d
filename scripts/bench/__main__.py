"""Benchmarks of the journey backend against plain `eventsourcing`.

    .venv/bin/python -m scripts.bench commands [--commands N] [--database sqlite|postgres|both]
    .venv/bin/python -m scripts.bench pipeline [--events N] [--database sqlite|postgres]
    .venv/bin/python -m scripts.bench api [--commands N] [--clients N] [--database ...]
    .venv/bin/python -m scripts.bench audit [--events N] [--commands N] [--database ...]
    .venv/bin/python -m scripts.bench asof|chain|crypto|backup|partitions [--smoke] ...

The first four also take --postgres-url URL and --json PATH (the figures as JSON), and
every one --smoke: tiny sizes (e.g. pipeline: 1,000 events, 2 s of freshness), so that
every stage runs and reports in seconds; CI runs every sub-command so
(tests/e2e/test_bench_smoke.py). Smoke figures mean nothing.

`commands` (commands.py): our command bus vs a plain `eventsourcing` Application doing
the same reads and saves, on SQLite and PostgreSQL; then our codec vs the library's.
`pipeline` (pipeline*.py): load, relay, rebuilds, the library's ProjectionRunner and
freshness (accepted -> visible in the `caseload` view).
`api` (api*.py): `journey serve` over HTTP, max throughput and a steady 100 commands/s,
against the in-process baseline of `commands`.
`audit` (audit.py): hash chain, as-of replay and encryption cost in one report, from
`chain`, `asof` and `crypto`, which also run alone and print their own tables, as do
`backup` (backup and restore vs SQLite's backup API and pg_dump) and `partitions`
(one worker vs N partition workers, PostgreSQL only).

PostgreSQL: --postgres-url, else $JOURNEY_TEST_POSTGRES_URL, else
postgresql://postgres@127.0.0.1:5432/test; unreachable -> `commands` runs SQLite only.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from typing import Any

from scripts.bench import (
    api,
    asof,
    audit,
    backup,
    chain,
    commands,
    crypto,
    partitions,
    pipeline,
)

BENCHMARKS = (commands, pipeline, api, audit, asof, chain, crypto, backup, partitions)


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="python -m scripts.bench",
        description=__doc__.splitlines()[0] if __doc__ else None,
    )
    sub = main.add_subparsers(dest="subcommand", required=True)
    for benchmark in BENCHMARKS:
        benchmark.add_parser(sub)
    return main


def main(argv: Sequence[str] | None = None) -> int:
    """Run one sub-command; those that return figures print them as JSON (and --json)."""
    args = parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], dict[str, Any] | None] = args.handler
    report = handler(args)
    if report is None:
        return 0
    text = json.dumps(report, indent=2, default=str)
    if args.json is not None:
        args.json.write_text(text + "\n")
    print("\n== JSON ==")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
