"""`journey retention`: retention of personal data from the command line (issue 17,
section 5; docs/retention.md). Administrators run it; `--by` names who acts, as the
history keeps it.

- `due`: the beneficiaries whose retention period ends within a month or has ended (the
  `due` read model's `retention_end` items, with the retention settings as they are now);
- `propose CODE… --by USER`: a batch of those whose retention ended, checked now against
  the policy (refused, naming each one not due);
- `approve BATCH --by USER [--comment TEXT]`, `reject BATCH --by USER --reason TEXT`: by
  an administrator other than the one who proposed it;
- `execute BATCH --by USER`: erase each one still due (checked again), in one transaction;
- `report`: what was erased under the policy: batches, and the erased by batch, year of
  closure and rule. No personal data in any of them.

Exit codes: 0 done, 1 a read model not built yet, 2 a refusal (journey's own message).
"""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime
from typing import Any

from adapters.cli.due import print_rows
from adapters.cli.tables import plain_table, print_table
from adapters.run.bootstrap import build
from adapters.settings import Settings, retention_rules
from adapters.store.read_database import read_engine_of
from domain.errors import InvalidInput
from domain.local_time import local_date
from domain.retention.batch import RetentionBatch
from projections.due import DueKind
from projections.due.query import DueQuery, NotBuilt, due_rows
from projections.retention import query as report_query
from services.commands.retention import (
    ApproveRetentionErasure,
    ExecuteRetentionErasure,
    ProposeRetentionErasure,
    RejectRetentionErasure,
)
from services.references import resolve

NOT_BUILT = 1
EXAMPLES = """examples:
  journey retention due
  journey retention propose PVPT-2019-0004 PVPT-2019-0011 --by arta.manager
  journey retention approve BATCH-ID --by besa.admin --comment "checked with the DPO"
  journey retention execute BATCH-ID --by besa.admin
  journey retention report
"""


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    group = commands.add_parser(
        "retention",
        help="retention of personal data: what is due, batches of erasures, report",
        description=__doc__,
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = group.add_subparsers(required=True, metavar="ACTION")
    due = actions.add_parser("due", help="beneficiaries whose retention ends or has ended")
    due.set_defaults(run=cmd_due)
    propose = actions.add_parser("propose", help="propose a batch of erasures")
    propose.add_argument("codes", nargs="+", help="beneficiaries' codes (PVPT-2019-0004) or ids")
    _by(propose)
    propose.set_defaults(run=cmd_propose)
    approve = actions.add_parser("approve", help="approve a proposed batch (not your own)")
    approve.add_argument("batch", help="the batch's id")
    approve.add_argument("--comment", help="a comment (optional)")
    _by(approve)
    approve.set_defaults(run=cmd_approve)
    reject = actions.add_parser("reject", help="reject a proposed batch (not your own)")
    reject.add_argument("batch", help="the batch's id")
    reject.add_argument("--reason", required=True, help="why")
    _by(reject)
    reject.set_defaults(run=cmd_reject)
    execute = actions.add_parser("execute", help="erase the beneficiaries of an approved batch")
    execute.add_argument("batch", help="the batch's id")
    _by(execute)
    execute.set_defaults(run=cmd_execute)
    report = actions.add_parser("report", help="what was erased under the retention policy")
    report.set_defaults(run=cmd_report)


def _by(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--by", required=True, help="the administrator who acts (recorded)")


def _actor(name: str) -> str:
    if not name.strip():
        raise InvalidInput("by", "must name the administrator who acts")
    return name


def cmd_due(_: argparse.Namespace, settings: Settings) -> int:
    engine = read_engine_of(settings)
    query = DueQuery(kind=DueKind.RETENTION_END.value)
    try:
        with engine.connect() as conn:
            rows = due_rows(conn, query, settings.no_contact_days, retention_rules(settings))
    except NotBuilt as error:
        print(f"journey retention due: {error}")
        return NOT_BUILT
    finally:
        engine.dispose()
    print_rows(rows)
    today = local_date(datetime.now(UTC))
    ended = sum(1 for row in rows if _day(row["due_on"]) <= today)
    print(f"{len(rows)} beneficiary(ies), {ended} whose retention has ended")
    return 0


def _day(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def cmd_propose(args: argparse.Namespace, settings: Settings) -> int:
    journey = build(settings)
    try:
        command = ProposeRetentionErasure(beneficiaries=tuple(args.codes))
        result = journey.bus.execute(None, command, actor=_actor(args.by))
    finally:
        journey.close()
    print(
        f"proposed retention batch {result.id} ({len(args.codes)} beneficiaries); another "
        f"administrator approves it: journey retention approve {result.id} --by USER"
    )
    return 0


def cmd_approve(args: argparse.Namespace, settings: Settings) -> int:
    command = ApproveRetentionErasure(comment=args.comment)
    batch_id = _run_on_batch(settings, args, command)
    print(f"approved retention batch {batch_id}; execute it: journey retention execute {batch_id}")
    return 0


def cmd_reject(args: argparse.Namespace, settings: Settings) -> int:
    batch_id = _run_on_batch(settings, args, RejectRetentionErasure(reason=args.reason))
    print(f"rejected retention batch {batch_id}; nothing was erased")
    return 0


def cmd_execute(args: argparse.Namespace, settings: Settings) -> int:
    journey = build(settings)
    try:
        batch_id = resolve(RetentionBatch, args.batch, "batch").id
        journey.bus.execute(batch_id, ExecuteRetentionErasure(), actor=_actor(args.by))
        batch = journey.app.load(RetentionBatch, batch_id)
    finally:
        journey.close()
    print(f"executed retention batch {batch_id}: {len(batch.erased)} erased, keys destroyed")
    for entry in batch.left_out:
        print(f"  left out {entry.beneficiary_code}: {entry.reason}")
    return 0


def _run_on_batch(settings: Settings, args: argparse.Namespace, command: Any) -> str:
    journey = build(settings)
    try:
        batch_id = resolve(RetentionBatch, args.batch, "batch").id
        journey.bus.execute(batch_id, command, actor=_actor(args.by))
    finally:
        journey.close()
    return str(batch_id)


def cmd_report(_: argparse.Namespace, settings: Settings) -> int:
    engine = read_engine_of(settings)
    try:
        with engine.connect() as conn:
            report = report_query.report(conn)
    except report_query.NotBuilt as error:
        print(f"journey retention report: {error}")
        return NOT_BUILT
    finally:
        engine.dispose()
    for title, rows in report.items():
        if not rows:
            print(f"{title}:\n  (none)\n")
            continue
        headings = list(rows[0])
        cells = [["" if row[h] is None else str(row[h]) for h in headings] for row in rows]
        print_table(headings, cells, f"{title}:\n{plain_table(headings, cells)}\n", title=title)
    return 0
