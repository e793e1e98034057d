"""The HTTP API for staff UIs (Litestar): wiring of routes, security and errors."""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path

from litestar import Litestar, Router
from litestar.datastructures import State
from sqlalchemy import Engine

from adapters.audit.access_log import AccessLog
from adapters.audit.verification import IntegrityCheck
from adapters.http import idempotency
from adapters.http.caching import cache_headers, etag_middleware
from adapters.http.console import console_handlers
from adapters.http.cors import Cors, cors_headers, preflight
from adapters.http.docs_pages import OfflineSwagger, docs_handlers
from adapters.http.forwarded import TrustedProxies
from adapters.http.idempotency import IdempotencyKeys
from adapters.http.instants import answer_in_utc
from adapters.http.limits import Limits, body_guard, head_limit
from adapters.http.openapi import AUTHENTICATED, GenericNames, openapi_config
from adapters.http.problems import HANDLERS
from adapters.http.query_params import checked_query
from adapters.http.route_problems import declare_problems
from adapters.http.routes import prevention_sheets
from adapters.http.routes.case_ids import case_id_handlers
from adapters.http.routes.commands import command_handlers
from adapters.http.routes.documents import document_handlers
from adapters.http.routes.due import due_handlers
from adapters.http.routes.grants import grant_handlers
from adapters.http.routes.health import health_handlers
from adapters.http.routes.integrity import integrity_handlers
from adapters.http.routes.lists import list_handlers
from adapters.http.routes.metrics import (
    count_response,
    metrics,
    pipeline_registry,
    request_middleware,
)
from adapters.http.routes.organisations import organisation_handlers
from adapters.http.routes.paging import ReadModelBehind, read_model_behind
from adapters.http.routes.prevention import prevention_handlers
from adapters.http.routes.prevention_sheets import prevention_sheet_handlers
from adapters.http.routes.proceedings import proceedings_handlers
from adapters.http.routes.readmodels import read_model_handlers
from adapters.http.routes.records import record_handlers
from adapters.http.routes.reports import report_handlers
from adapters.http.routes.retention import retention_handlers
from adapters.http.routes.search import search_handlers
from adapters.http.routes.sign_in import public_sign_in_handlers, session_handlers
from adapters.http.scope import ScopeCheck
from adapters.http.security import staff_authentication
from adapters.http.value_schemas import DescribedEnums, DescribedValueSchemas
from adapters.privacy.accounts import Accounts, Throttle
from adapters.privacy.credentials import Credentials
from adapters.privacy.master_key import KEY_BYTES, MasterKeys
from adapters.privacy.sessions import DEFAULT_IDLE, Sessions
from adapters.reports.period.suppression import DEFAULT_MIN_CELL
from adapters.run.bootstrap import Journey
from domain.retention.policy import RetentionRules
from projections import catalog
from projections.due import DEFAULT_NO_CONTACT_DAYS
from services.documents import DEFAULT_MAX_BYTES


def _api(max_document_bytes: int) -> Router:
    """Every /api/v1 route, registered at once: Litestar wraps a sync handler for its
    thread again when a later registration adds a handler to the same path (GET and
    POST /api/v1/cases), and the doubly wrapped handler answers a coroutine."""
    handlers = [*command_handlers(), *record_handlers(), *list_handlers(), *read_model_handlers()]
    handlers += search_handlers()
    handlers += due_handlers()  # issue 14: what is due
    handlers += proceedings_handlers()  # criminal proceedings (issue 15, justice)
    handlers += document_handlers(max_document_bytes)  # documents (issue 14, section 7)
    handlers += organisation_handlers()  # partner organisations (issue 15)
    handlers += prevention_handlers()  # prevention campaigns and activities (issue 16)
    handlers += prevention_sheet_handlers()  # attendance sheets over HTTP (issue 18)
    handlers += report_handlers()  # period reports (issue 17)
    handlers += grant_handlers()  # grants and attribution (issue 17)
    handlers += retention_handlers()  # retention of personal data (issue 17)
    handlers += case_id_handlers()  # a case's id by its number, for shelters (issue 18)
    handlers += integrity_handlers()  # the auditor's verification (issue 18)
    handlers += session_handlers()  # the console's session: who, sign-out (issue 18)
    return Router(path="/", route_handlers=handlers, security=AUTHENTICATED)


def create_app(
    journey: Journey,
    read_engine: Engine,
    accounts: Accounts,
    throttle: Throttle | None = None,
    limits: Limits | None = None,
    *,
    proxies: TrustedProxies | None = None,
    cors_origins: tuple[str, ...] = (),
    no_contact_days: int = DEFAULT_NO_CONTACT_DAYS,
    retention_rules: RetentionRules | None = None,
    report_min_cell: int = DEFAULT_MIN_CELL,
    master_keys: MasterKeys | None = None,
    session_idle: timedelta = DEFAULT_IDLE,
    integrity: IntegrityCheck | None = None,
    data_dir: Path | None = None,
) -> Litestar:
    """The API on `journey` and the read database. `master_keys` seal the second
    factors' secrets: `journey serve` passes the installation's; without them (tests,
    the description) a key of this process only is made, and enrolments do not outlive it.
    `data_dir`: the directory whose disk /metrics reports (none: no disk gauges)."""
    limits = limits or Limits()
    documents = journey.documents
    max_document_bytes = DEFAULT_MAX_BYTES if documents is None else documents.max_bytes
    cors = Cors.of(cors_origins)
    catalog.create_catalog(read_engine)
    keys = master_keys or MasterKeys((secrets.token_bytes(KEY_BYTES),))
    sessions = Sessions(read_engine, session_idle)
    state = State(
        {
            "journey": journey,
            "bus": journey.bus,
            "read_engine": read_engine,
            "scope": ScopeCheck(journey.queries, read_engine),
            "access_log": AccessLog(read_engine),
            "idempotency": IdempotencyKeys(read_engine),
            "pipeline_metrics": pipeline_registry(journey, read_engine, data_dir),
            "no_contact_days": no_contact_days,
            "retention_rules": retention_rules or RetentionRules(),
            "report_min_cell": report_min_cell,
            "credentials": Credentials(read_engine, keys),
            "sessions": sessions,
            "integrity": integrity,
            "proxies": proxies or TrustedProxies(),
        }
    )
    app = Litestar(
        route_handlers=[
            *health_handlers(),
            metrics,
            _api(max_document_bytes),
            *public_sign_in_handlers(),  # no session yet (issue 18)
            *docs_handlers(),
            *console_handlers(),
        ],
        middleware=[
            request_middleware,
            preflight(cors),
            head_limit(limits),
            staff_authentication(accounts, sessions, throttle or Throttle(), proxies),
            etag_middleware,
        ],
        exception_handlers={
            **HANDLERS,
            **idempotency.HANDLERS,
            **prevention_sheets.HANDLERS,
            ReadModelBehind: read_model_behind,
        },
        before_send=[count_response, cache_headers, cors_headers(cors)],
        after_request=answer_in_utc,
        before_request=checked_query(body_guard(limits)),
        request_max_body_size=limits.max_body_bytes,
        state=state,
        openapi_config=openapi_config(render_plugins=[OfflineSwagger()]),
        plugins=[GenericNames(), DescribedValueSchemas(), DescribedEnums()],  # own descriptions
        debug=False,
        logging_config=None,  # every process's one configuration: adapters/observability/logs.py
    )
    declare_problems(app)  # per route, the problems it can answer (route_problems.py)
    return app
