"""`journey audit replay CASE`: a case and its related records as they stood.

    journey audit replay PVPT-C-2026-0001 --as-of 2026-03-02T12:00:00Z
    journey audit replay PVPT-C-2026-0001 --version 12
    journey audit replay PVPT-C-2026-0001 --history > case.json

Prints JSON: the case, its beneficiary, its shelter stays and its plans as of
the moment (default: now), or with --history every event of them and the
access log. Fields are withheld by role exactly as over HTTP (adapters/audit/history_export.py;
the default role is auditor), and a replay that shows personal data or notes is
written to the access log under --actor, as an HTTP read would be.
"""

from __future__ import annotations

import argparse
import getpass
from datetime import datetime
from typing import Any, TypeAlias
from uuid import UUID

import msgspec

from adapters.audit import history_export
from adapters.audit.access_log import AccessLog
from adapters.run.bootstrap import Journey, build
from adapters.settings import Settings
from adapters.store.read_database import read_engine_of
from domain.case import Case
from domain.local_time import instants_in_utc, local_date
from services.access import READ_HISTORY, Role, allowed
from services.beneficiary_views import BeneficiaryView
from services.case_views import CaseView
from services.queries import CaseRecords
from services.record_views import PlanView, StayView
from services.references import resolve
from services.views import beneficiary_view, case_view, plan_view, stay_view

Actions: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
ROUTE = "journey audit replay"
HISTORY_READERS = [role.value for role in Role if allowed(role, READ_HISTORY)]


class CaseReplay(msgspec.Struct, frozen=True):
    """A case and its related records, all as they stood at `as_of`."""

    as_of: datetime  # asked for, or when the case's shown version was recorded
    case: CaseView
    beneficiary: BeneficiaryView
    stays: list[StayView]
    plans: list[PlanView]


def add_action(audit_actions: Actions) -> None:
    parser = audit_actions.add_parser(
        "replay", help="a case and its beneficiary, stays and plans as they stood"
    )
    parser.add_argument("case", metavar="CASE", help="case number (PVPT-C-2026-0001) or id")
    when = parser.add_mutually_exclusive_group()
    when.add_argument("--as-of", type=moment, help="RFC 3339 time with a zone (when recorded)")
    when.add_argument("--version", type=int, help="the case after this many events")
    when.add_argument("--history", action="store_true", help="every event and the access log")
    parser.add_argument(
        "--role",
        choices=HISTORY_READERS,
        default=Role.AUDITOR.value,
        help="show what this role may see (default auditor: personal data withheld)",
    )
    parser.add_argument("--actor", default=getpass.getuser(), help="who reads (access log)")
    parser.set_defaults(run=cmd_replay)


def moment(text: str) -> datetime:
    """argparse type: an ISO time that carries a zone."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        msg = f"{text!r} is not an ISO time like 2026-03-02T12:00:00Z"
        raise argparse.ArgumentTypeError(msg) from None
    if value.tzinfo is None:
        raise argparse.ArgumentTypeError(f"{text!r} has no time zone (add Z or +01:00)")
    return value


def cmd_replay(args: argparse.Namespace, settings: Settings) -> int:
    journey = build(settings)
    engine = read_engine_of(settings)
    try:
        log = AccessLog(engine)
        role, case_id = Role(args.role), resolve(Case, args.case, "CASE").id
        if args.history:
            output: msgspec.Struct = history(journey, log, case_id, args.actor, role)
        else:
            records = journey.queries.case_records(case_id, args.as_of, args.version)
            output = case_replay(records, log, args.actor, role)
        plain = msgspec.to_builtins(output, builtin_types=(datetime,))
        text = msgspec.json.encode(instants_in_utc(plain))  # in UTC, as the API sends them
        print(msgspec.json.format(text, indent=2).decode())
    finally:
        journey.close()
        engine.dispose()
    return 0


def history(journey: Journey, log: AccessLog, case_id: UUID, actor: str, role: Role) -> Any:
    case = journey.queries.case(case_id)
    events = journey.queries.case_history(case_id)
    return history_export.case_history(events, case, actor=actor, role=role, log=log, route=ROUTE)


def case_replay(records: CaseRecords, log: AccessLog, actor: str, role: Role) -> CaseReplay:
    """The records as `role` may see them; the identifying data they showed is logged."""
    shown: dict[tuple[str, UUID], set[str]] = {}

    def seen(kind: str, record_id: UUID, view: Any, showed: set[str]) -> Any:
        if showed:
            shown[(kind, record_id)] = showed
        return view

    day = local_date(records.as_of)
    case = seen("case", records.case.id, *case_view(records.case, role, records.beneficiary, day))
    beneficiary = seen(
        "beneficiary", records.beneficiary.id, *beneficiary_view(records.beneficiary, role, day)
    )
    stays = [seen("stay", s.id, *stay_view(s, role)) for s in records.stays]
    plans = [seen("plan", p.id, *plan_view(p, role)) for p in records.plans]
    history_export.log_shown(
        log, actor, role, shown, f"{ROUTE} --as-of {records.as_of.isoformat()}"
    )
    return CaseReplay(records.as_of, case, beneficiary, stays, plans)
