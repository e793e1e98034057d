"""`journey export htcds --out DIR`: the analysts' de-identified HTCDS 2.0 dataset.

k and the table threshold default to CTDC's 11; anything lower is refused unless
`--allow-small-k` is given, so a weaker release is always a deliberate choice.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TypeAlias

from adapters.cli.progress import counting
from adapters.reports.htcds_files import ExportOptions, ExportSummary, export_htcds
from adapters.run.bootstrap import build
from adapters.run.clock import utc_now
from adapters.settings import ConfigError, Settings
from projections.htcds_export import CTDC_K

Actions: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def add_actions(export_actions: Actions) -> None:
    htcds = export_actions.add_parser(
        "htcds", help="de-identified victims dataset (HTCDS 2.0), k-anonymous, with tables"
    )
    htcds.add_argument("--out", type=Path, required=True, help="directory for the files")
    htcds.add_argument("--k", type=int, default=CTDC_K, help=f"k-anonymity (default {CTDC_K})")
    htcds.add_argument(
        "--min-count",
        type=int,
        default=CTDC_K,
        help=f"table counts below this are shown as <N (default {CTDC_K})",
    )
    htcds.add_argument(
        "--max-suppressed",
        type=float,
        default=ExportOptions.max_suppressed,
        help="share of rows that may be dropped whole, when suppressing cells cannot place "
        "them (default 0.05)",
    )
    htcds.add_argument(
        "--allow-small-k",
        action="store_true",
        help=f"accept --k or --min-count below {CTDC_K} (2 at least)",
    )
    htcds.add_argument("--quiet", action="store_true", help="no progress on a terminal")
    htcds.set_defaults(run=cmd_htcds)


def options_from(args: argparse.Namespace) -> ExportOptions:
    """The options, or a ConfigError naming the one that is wrong."""
    least = 2 if args.allow_small_k else CTDC_K
    hint = "" if args.allow_small_k else " (lower only with --allow-small-k, never below 2)"
    for flag, value in (("--k", args.k), ("--min-count", args.min_count)):
        if value < least:
            raise ConfigError(f"{flag}: must be at least {least}, got {value}{hint}")
    if not 0 <= args.max_suppressed <= 1:
        raise ConfigError(f"--max-suppressed: a fraction 0..1, got {args.max_suppressed}")
    return ExportOptions(args.k, args.min_count, args.max_suppressed)


def cmd_htcds(args: argparse.Namespace, settings: Settings) -> int:
    options = options_from(args)
    if args.out.exists() and not args.out.is_dir():
        raise ConfigError(f"--out: {args.out} exists and is not a directory")
    journey = build(settings)
    try:
        with counting("read the store", "records", quiet=args.quiet) as count:
            summary = export_htcds(journey, args.out, options, utc_now(), progress=count)
    finally:
        journey.close()
    print(describe(summary))
    return 0


def describe(summary: ExportSummary) -> str:
    meta = summary.metadata
    levels = ", ".join(
        f"{name}: {q['generalisation']}" for name, q in meta["quasi_identifiers"].items()
    )
    cells = ", ".join(
        f"{name}: {q['cells_suppressed']}"
        for name, q in meta["quasi_identifiers"].items()
        if q["cells_suppressed"]
    )
    return (
        f"exported {meta['rows_exported']} victims (k={meta['k']}, achieved "
        f"{meta['achieved_k']}; {meta['rows_suppressed']} of "
        f"{meta['rows_before_suppression']} rows dropped; "
        f"left out: {meta['excluded'] or 'none'}) at position {meta['source_position']}\n"
        f"with citizenship: {meta['rows_with_citizenship']}, with exploitation type: "
        f"{meta['rows_with_exploitation_type']}; "
        f"information loss {meta['information_loss']:.1%}\n"
        f"generalised: {levels}\n"
        f"cells suppressed: {cells or 'none'}\n"
        f"files in {summary.out}: {', '.join(summary.files)}"
    )
