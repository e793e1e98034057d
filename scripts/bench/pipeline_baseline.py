"""Stage 4 of `pipeline`: the library's own `ProjectionRunner` keeping a caseload
equivalent to ours (Projection + PostgresTrackingRecorder subclass) over the same store,
and the comparison of the two tables.
"""

from __future__ import annotations

import time
from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import (
    Tracking,
)
from eventsourcing.postgres import PostgresDatastore, PostgresTrackingRecorder
from eventsourcing.projection import Projection, ProjectionRunner
from psycopg import sql
from sqlalchemy import Engine, text

from adapters.settings import store_env
from domain.case import Case
from domain.local_time import local_date
from domain.vocab import (
    ApprovalSubject,
    Stage,
)
from projections.caseload import FIRST_ASSESSMENT_DUE, REVIEW_INTERVAL
from projections.model import physical_name
from scripts.bench.pipeline_load import BASELINE_NAME, CASE_TOPICS, CASELOAD_COLUMNS, Loaded
from services.app import JourneyApp


class CaseloadBaselineView(PostgresTrackingRecorder):
    """The caseload as a materialised view in the library's own style (its PostgreSQL
    `EventCounters` example): a tracking recorder whose methods each write one row
    change and the tracking record in one transaction of the view's datastore."""

    def __init__(self, datastore: PostgresDatastore, **kwargs: Any) -> None:
        super().__init__(datastore, **kwargs)
        self.table = self.tracking_table_name.removesuffix("_tracking")
        self.check_identifier_length(self.table)
        self.sql_create_statements.append(self._sql(BASELINE_TABLE_SQL))
        self.upsert_statement = self._sql(BASELINE_UPSERT_SQL)
        self._updates: dict[tuple[str, ...], sql.Composed] = {}

    def _sql(self, template: str) -> sql.Composed:
        return sql.SQL(template).format(
            sql.Identifier(self.datastore.schema), sql.Identifier(self.table)
        )

    def open_case(self, row: dict[str, Any], tracking: Tracking) -> None:
        self._write(self.upsert_statement, row, tracking)

    def change_case(self, case_id: str, values: dict[str, Any], tracking: Tracking) -> None:
        self._write(self._update(tuple(values)), {**values, "case_id": case_id}, tracking)

    def _update(self, columns: tuple[str, ...]) -> sql.Composed:
        if columns not in self._updates:
            assignments = sql.SQL(", ").join(
                sql.SQL("{} = {}").format(sql.Identifier(c), sql.Placeholder(c)) for c in columns
            )
            self._updates[columns] = sql.SQL(
                "UPDATE {}.{} SET {} WHERE case_id = %(case_id)s"
            ).format(sql.Identifier(self.datastore.schema), sql.Identifier(self.table), assignments)
        return self._updates[columns]

    def _write(self, statement: sql.Composed, params: dict[str, Any], tracking: Tracking) -> None:
        with self.datastore.transaction(commit=True) as curs:
            self._insert_tracking(curs, tracking)
            curs.execute(statement, params, prepare=True)


BASELINE_TABLE_SQL = (
    "CREATE TABLE IF NOT EXISTS {0}.{1} ("
    "case_id varchar(36) PRIMARY KEY, case_number varchar(32) NOT NULL, "
    "beneficiary_code varchar(32) NOT NULL, caseworker varchar(100), "
    "stage varchar(32) NOT NULL, risk_level varchar(16), opened_on date NOT NULL, "
    "last_activity_at timestamptz NOT NULL, risk_assessed_on date, "
    "next_review_due date NOT NULL, position integer NOT NULL)"
)
BASELINE_UPSERT_SQL = (
    "INSERT INTO {0}.{1} (case_id, case_number, beneficiary_code, caseworker, stage, "
    "risk_level, opened_on, last_activity_at, risk_assessed_on, next_review_due, position) "
    "VALUES ("
    "%(case_id)s, %(case_number)s, %(beneficiary_code)s, %(caseworker)s, %(stage)s, "
    "%(risk_level)s, %(opened_on)s, %(last_activity_at)s, %(risk_assessed_on)s, "
    "%(next_review_due)s, %(position)s) ON CONFLICT (case_id) DO UPDATE SET "
    "case_number = EXCLUDED.case_number, beneficiary_code = EXCLUDED.beneficiary_code, "
    "caseworker = EXCLUDED.caseworker, stage = EXCLUDED.stage, "
    "risk_level = EXCLUDED.risk_level, opened_on = EXCLUDED.opened_on, "
    "last_activity_at = EXCLUDED.last_activity_at, "
    "risk_assessed_on = EXCLUDED.risk_assessed_on, "
    "next_review_due = EXCLUDED.next_review_due, position = EXCLUDED.position"
)
BASELINE_PER_EVENT = (
    "per Case event (the runner subscribes with topics = the Case event classes, so the "
    "store filters the rest): the library's subscription decodes the stored event with "
    "the application's mapper, ProjectionRunner calls the @singledispatchmethod "
    "process_event, whose handler opens one transaction on the view's pooled connection "
    "(datastore.transaction(commit=True)), upserts the tracking row "
    "(_insert_tracking, prepared) and runs one prepared statement: Case.Opened -> "
    "INSERT .. ON CONFLICT (case_id) DO UPDATE of the whole row, every other Case event "
    "-> UPDATE .. WHERE case_id of the columns it changes plus last_activity_at and "
    "position; then COMMIT"
)
_BASELINE_STAGES: dict[type[Any], Stage] = {
    Case.ScreeningStarted: Stage.SCREENING,
    Case.ScreenedIn: Stage.REFLECTION_PERIOD,
    Case.ScreenedOut: Stage.CLOSED,
    Case.AssessmentStarted: Stage.ASSESSMENT,
    Case.ReintegrationStarted: Stage.REINTEGRATION,
    Case.FollowUpStarted: Stage.FOLLOW_UP,
}
_BASELINE_APPROVED: dict[ApprovalSubject, Stage] = {
    ApprovalSubject.ASSESSMENT: Stage.CASE_PLAN,
    ApprovalSubject.CASE_PLAN: Stage.SERVICE_PROVISION,
    ApprovalSubject.CLOSURE: Stage.CLOSED,
}
StageEvent = (
    Case.ScreeningStarted
    | Case.ScreenedIn
    | Case.ScreenedOut
    | Case.AssessmentStarted
    | Case.ReintegrationStarted
    | Case.FollowUpStarted
)


def activity(domain_event: Any, tracking: Tracking) -> dict[str, Any]:
    return {"last_activity_at": domain_event.timestamp, "position": tracking.notification_id}


class CaseloadBaseline(Projection[CaseloadBaselineView]):
    name = BASELINE_NAME
    topics = CASE_TOPICS

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        """Any other Case event: only the activity columns change."""
        self._change(domain_event, {}, tracking)

    @process_event.register
    def opened(self, domain_event: Case.Opened, tracking: Tracking) -> None:
        opened_on = local_date(domain_event.timestamp)  # days are Kosovo's, as in ours
        row = {
            "case_id": str(domain_event.originator_id),
            "case_number": domain_event.case_number,
            "beneficiary_code": domain_event.beneficiary_code,
            "caseworker": None,
            "stage": Stage.INTAKE.value,
            "risk_level": None,
            "opened_on": opened_on,
            "risk_assessed_on": None,
            "next_review_due": opened_on + FIRST_ASSESSMENT_DUE,
            **activity(domain_event, tracking),
        }
        self.view.open_case(row, tracking)

    @process_event.register
    def assigned(self, domain_event: Case.CaseworkerAssigned, tracking: Tracking) -> None:
        self._change(domain_event, {"caseworker": domain_event.caseworker}, tracking)

    @process_event.register
    def assessed(self, domain_event: Case.RiskAssessed, tracking: Tracking) -> None:
        on = domain_event.assessed_on  # the day stated, not the day recorded
        values = {
            "risk_level": domain_event.level.value,
            "risk_assessed_on": on,
            "next_review_due": on + REVIEW_INTERVAL[domain_event.level],
        }
        self._change(domain_event, values, tracking)

    @process_event.register
    def staged(self, domain_event: StageEvent, tracking: Tracking) -> None:
        stage = _BASELINE_STAGES[type(domain_event)]
        if isinstance(domain_event, Case.ScreenedIn) and domain_event.reflection_ends_on is None:
            stage = Stage.ASSESSMENT  # screened in since the reflection period is a clock
        self._change(domain_event, {"stage": stage.value}, tracking)

    @process_event.register
    def approved(self, domain_event: Case.ApprovalGranted, tracking: Tracking) -> None:
        stage = _BASELINE_APPROVED[domain_event.subject]
        self._change(domain_event, {"stage": stage.value}, tracking)

    @process_event.register
    def reopened(self, domain_event: Case.Reopened, tracking: Tracking) -> None:
        self._change(domain_event, {"stage": Stage(domain_event.stage).value}, tracking)

    def _change(self, domain_event: Any, values: dict[str, Any], tracking: Tracking) -> None:
        values = {**values, **activity(domain_event, tracking)}
        self.view.change_case(str(domain_event.originator_id), values, tracking)


def run_baseline(url: str, loaded: Loaded) -> dict[str, Any]:
    """The library's ProjectionRunner over the same store, until it tracked the last Case event."""
    started = time.perf_counter()
    runner: ProjectionRunner[JourneyApp, CaseloadBaselineView]
    with ProjectionRunner(
        application_class=JourneyApp,
        projection_class=CaseloadBaseline,
        view_class=CaseloadBaselineView,
        env=store_env(url),
    ) as runner:
        while (runner.view.max_tracking_id(runner.app_name) or 0) < loaded.last_case_position:
            runner.run_forever(timeout=0.01)
            if runner.is_interrupted.is_set():
                raise SystemExit("the library's projection runner stopped early")
        seconds = time.perf_counter() - started
    return {
        "events": loaded.events,
        "case_events_processed": loaded.case_events,
        "seconds": seconds,
        "events_per_s": loaded.events / seconds,
        "case_events_per_s": loaded.case_events / seconds,
        "table": f"{BASELINE_NAME}, tracking in {BASELINE_NAME}_tracking",
        "per_event": BASELINE_PER_EVENT,
    }


NO_SQLITE_BASELINE = (
    "not run on SQLite: eventsourcing's SQLiteApplicationRecorder has no subscriptions, "
    "which its ProjectionRunner needs"
)


def library_baseline(
    url: str, engine: Engine, loaded: Loaded, rebuilds: dict[str, Any]
) -> dict[str, Any]:
    """The library runner's figures and its caseload compared with ours (PostgreSQL)."""
    if not url.startswith("postgres"):
        return {"skipped": NO_SQLITE_BASELINE}
    print("[baseline] eventsourcing ProjectionRunner ...", flush=True)
    baseline = run_baseline(url, loaded)
    generation = rebuilds.get("caseload", {}).get("generation")
    if generation is not None:
        baseline["compared_with_ours"] = compare_caseloads(engine, generation)
    return baseline


def compare_caseloads(engine: Engine, generation: int) -> dict[str, Any]:
    """Ours (the rebuilt generation's table) against the baseline's table, row by row."""
    ours = physical_name("caseload", generation)
    queries = [
        text(f'SELECT {CASELOAD_COLUMNS} FROM "{name}" ORDER BY case_id')  # noqa: S608
        for name in (ours, BASELINE_NAME)
    ]
    with engine.connect() as conn:
        ours_rows, baseline_rows = (conn.execute(q).all() for q in queries)
    return {"rows": len(ours_rows), "identical": ours_rows == baseline_rows}
