"""`journey backup FILE` and `journey restore FILE`: see adapters/backup/create.py,
adapters/backup/restore.py and docs/deployment.md ("Backup and restore")."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TypeAlias

from adapters.audit.signing_key import Verifier, load_signer
from adapters.backup.create import take_backup
from adapters.backup.format import BackupError
from adapters.backup.restore import RestoreReport, restore
from adapters.cli.progress import counting
from adapters.privacy import master_key
from adapters.settings import Settings, redacted

Actions: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
BACKUP_EXAMPLES = """examples:
  journey backup /srv/backups/journey-2026-03-01.jbk       # online; a count of rows on a terminal
  journey backup nightly.jbk --quiet                       # from cron: no progress
"""
RESTORE_EXAMPLES = """examples:
  journey restore journey-2026-03-01.jbk                   # into an empty installation
  journey restore journey-2026-03-01.jbk --erasures old-erasures.log --public-key auditor.pem
  journey restore journey-2026-03-01.jbk --force           # replace a drill's store and keys
"""


def add_commands(commands: Actions) -> None:
    backup = commands.add_parser(
        "backup",
        help="write an encrypted, consistent backup of the store and keys (online)",
        epilog=BACKUP_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    backup.add_argument("file", type=Path, help="the backup file to create")
    backup.add_argument("--quiet", action="store_true", help="no progress on a terminal")
    backup.set_defaults(run=cmd_backup)
    back = commands.add_parser(
        "restore",
        help="restore a backup into an empty installation",
        epilog=RESTORE_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    back.add_argument("file", type=Path, help="a file written by journey backup")
    back.add_argument(
        "--force", action="store_true", help="replace the store and keys of a non-empty target"
    )
    back.add_argument(
        "--erasures",
        type=Path,
        action="append",
        default=[],
        help="an erasure register to apply (repeatable; the target's own is always applied)",
    )
    back.add_argument("--public-key", type=Path, help="PEM key to verify checkpoints with")
    back.add_argument("--quiet", action="store_true", help="no progress on a terminal")
    back.set_defaults(run=cmd_restore)


def cmd_backup(args: argparse.Namespace, settings: Settings) -> int:
    if not settings.master_key_file.exists():
        raise BackupError(f"no master key file at {settings.master_key_file}: nothing to back up")
    master = master_key.load(settings.master_key_file)
    with counting("backup", "rows", quiet=args.quiet) as count:
        report = take_backup(settings, args.file, master, progress=count)
    counts = ", ".join(f"{count} {name}" for name, count in report.rows.items())
    print(
        f"backup {report.path}: {redacted(settings.database_url)} up to position {report.position}"
    )
    print(f"  {counts}")
    print(f"  {report.size:,} bytes in {report.seconds:.2f} s")
    print(f"  restorable only with the master key file {settings.master_key_file} (keep it apart)")
    return 0


def cmd_restore(args: argparse.Namespace, settings: Settings) -> int:
    registers = list(args.erasures)
    own = settings.erasure_log
    if own.exists() and own not in registers:
        registers.append(own)
    with counting("restore", "rows", quiet=args.quiet) as count:
        report = restore(
            args.file,
            settings,
            registers=registers,
            force=args.force,
            verifier=_verifier(settings, args.public_key),
            progress=count,
        )
    _print_report(args.file, settings, report, registers)
    return 1 if report.chain is not None and not report.chain.intact else 0


def _verifier(settings: Settings, public_key: Path | None) -> Verifier | None:
    if public_key is not None:
        return Verifier.from_pem(public_key)
    path = settings.chain_key
    return load_signer(path).verifier if path.exists() else None


def _print_report(
    path: Path, settings: Settings, report: RestoreReport, registers: list[Path]
) -> None:
    header = report.header
    print(
        f"restored {path} (taken {header.created_at.isoformat()} from a {header.source} store, "
        f"up to position {header.position}) into {redacted(settings.database_url)} "
        f"in {report.seconds:.2f} s"
    )
    print("  " + ", ".join(f"{count} {name}" for name, count in report.rows.items()))
    for name in report.skipped:
        print(f"  {name}: the target already had rows; kept its own")
    named = ", ".join(str(r) for r in registers) or "none"
    print(
        f"  erasures: {report.erased_beneficiaries} beneficiaries erased in the restored "
        f"history; {report.keys_destroyed_again} data keys destroyed again "
        f"(erasure registers: {named})"
    )
    if report.register_lines_elsewhere:
        print(
            f"  {report.register_lines_elsewhere} register lines name records of another "
            "store (another installation) and were not applied"
        )
    print(f"  hash chain: {_chain_line(report)}")
    print("next:")
    print("  1. journey up — the relay publishes the restored log to the stream and the")
    print("     workers build every read model from it. A target that had a stream or")
    print("     read models before (--force): delete both first (or `journey projections")
    print("     rebuild NAME` for each model once the stream holds only the restored log).")
    print("  2. journey audit verify — checks the chain against the signed checkpoints.")


def _chain_line(report: RestoreReport) -> str:
    chain = report.chain
    if chain is None:
        return "not verified here (no chain signing key; pass --public-key)"
    if chain.intact:
        return (
            f"intact over {chain.events_checked} events, "
            f"{chain.checkpoints_checked} checkpoints checked, {chain.unchained} not yet chained"
        )
    first = chain.first_problem
    return f"NOT INTACT: {first.describe() if first else 'see journey audit verify'}"
