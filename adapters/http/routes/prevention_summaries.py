"""The two summaries of the prevention read model a manager asks for (issue 16;
docs/read-models/prevention.md, "The two questions"), filtered as its lists are
(adapters/http/routes/prevention_reports.py `where`):

- `GET /api/v1/prevention/reports/reach/summary?group=pupils&municipality=20,25
  &from=2026-04-01&to=2026-06-30`: people reached, by sex, and the knowledge change of
  the activities that met them (count-weighted);
- `GET /api/v1/prevention/reports/referrals/summary?from=2026-01-01&to=2026-12-31`:
  disclosures, where they were referred, and the cases opened from them.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

import msgspec
from litestar import Request, get
from litestar.di import NamedDependency, Provide
from litestar.handlers import HTTPRouteHandler
from litestar.params import QueryParameter
from msgspec import Meta
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from adapters.http.routes.fields import Share
from adapters.http.routes.paging import PageRequest, ReadModelBehind, await_position
from adapters.http.routes.parameters import DEFAULT_WAIT_SECONDS, WaitFor, WaitTimeout
from adapters.http.routes.prevention_reports import (
    MODEL,
    REPORTS,
    TAGS,
    prevention_report_handlers,
    require_reader,
    where,
)
from adapters.privacy.accounts import User
from projections.prevention.query import GroupFilter, Where, reach_summary, referral_summary

Mean = Annotated[float | None, Meta(description="count-weighted mean; null untested", examples=[6])]
BySex = Annotated[
    dict[str, int],
    Meta(description="people by sex: female, male, not_recorded", examples=[{"female": 33}]),
]


_PRE = {"count": 66, "mean": 4.94, "score_share": 0.49, "passed": 14, "pass_share": 0.21}
_POST = {"count": 65, "mean": 7.34, "score_share": 0.73, "passed": 44, "pass_share": 0.68}


class TestSummary(msgspec.Struct, frozen=True):
    """One test (pre or post) over several activities, weighted by who took it."""

    count: Annotated[int, Meta(ge=0, description="who took it, all activities", examples=[66])]
    mean: Mean
    score_share: Annotated[
        float | None,
        Meta(description="weighted mean as a share of each test's maximum", examples=[0.49]),
    ]
    passed: Annotated[int, Meta(ge=0, description="who reached the pass mark", examples=[14])]
    pass_share: Share


class KnowledgeSummary(msgspec.Struct, frozen=True):
    """The knowledge change of the activities counted: pre- and post-session tests."""

    activities_tested: Annotated[
        int, Meta(ge=0, description="of the activities, those with tests", examples=[3])
    ]
    pre: Annotated[TestSummary, Meta(description="the tests before the sessions", examples=[_PRE])]
    post: Annotated[TestSummary, Meta(description="the tests after the sessions", examples=[_POST])]


class ReachSummaryAnswer(msgspec.Struct, frozen=True):
    """People of the group met in person under the filters, by sex, and their scores."""

    people: Annotated[int, Meta(ge=0, description="people met in person", examples=[66])]
    by_sex: BySex
    activities: Annotated[int, Meta(ge=0, description="activities that met them", examples=[3])]
    knowledge: Annotated[
        KnowledgeSummary,
        Meta(
            description="the knowledge change of the activities that met them",
            examples=[{"activities_tested": 3, "pre": _PRE, "post": _POST}],
        ),
    ]


class ReferralSummaryAnswer(msgspec.Struct, frozen=True):
    """Disclosures at activities under the filters and the cases opened from them."""

    disclosures: Annotated[int, Meta(ge=0, description="disclosures made", examples=[3])]
    referred: Annotated[int, Meta(ge=0, description="of them referred onwards", examples=[2])]
    to_direct_assistance: Annotated[
        int, Meta(ge=0, description="of them referred to PVPT's direct assistance", examples=[2])
    ]
    cases_opened: Annotated[int, Meta(ge=0, description="cases opened from them", examples=[1])]
    by_route: Annotated[
        dict[str, int],
        Meta(description="disclosures per route", examples=[{"direct_assistance": 2}]),
    ]
    by_kind: Annotated[
        dict[str, int], Meta(description="disclosures per kind", examples=[{"exploitation": 1}])
    ]


SUMMARY = {"filters": Provide(where, sync_to_thread=False)}


def _read(request: Request[User, Any, Any], wait: int | None, timeout: float, ask: Any) -> Any:
    """Wait if asked, then answer from the views (503 naming the model before it is built)."""
    require_reader(request)
    await_position(request, MODEL, PageRequest(1, None, wait, timeout))
    engine: Engine = request.app.state.read_engine
    with engine.connect() as conn:
        try:
            return ask(conn)
        except DBAPIError:
            conn.rollback()
    raise ReadModelBehind(MODEL, 0, wait, built=False)


@get(
    f"{REPORTS}/reach/summary",
    sync_to_thread=True,
    tags=TAGS,
    dependencies=SUMMARY,
    operation_id="summarisePreventionReach",
    summary="Summarise prevention reach",
    description="People met in person under the filters (`group`: pupils — school grades "
    "1-12 —, students — pupils and university students — or one participant group), by "
    "sex, and the count-weighted knowledge change of the activities that met them. "
    "Readers of read models.",
)
def reach_summary_route(
    request: Request[User, Any, Any],
    filters: NamedDependency[Where],
    group: Annotated[
        GroupFilter | None, QueryParameter(description="whom to count; all groups if absent")
    ] = None,
    wait_for_position: WaitFor = None,
    wait_timeout: WaitTimeout = DEFAULT_WAIT_SECONDS,
) -> ReachSummaryAnswer:
    found = _read(
        request, wait_for_position, wait_timeout, lambda c: reach_summary(c, filters, group)
    )
    return msgspec.convert(asdict(found), ReachSummaryAnswer)


@get(
    f"{REPORTS}/referrals/summary",
    sync_to_thread=True,
    tags=TAGS,
    dependencies=SUMMARY,
    operation_id="summarisePreventionReferrals",
    summary="Summarise referrals from prevention",
    description="Disclosures at activities held under the filters, where they were "
    "referred, and the cases opened from them (counted, never named). Readers of read "
    "models.",
)
def referral_summary_route(
    request: Request[User, Any, Any],
    filters: NamedDependency[Where],
    wait_for_position: WaitFor = None,
    wait_timeout: WaitTimeout = DEFAULT_WAIT_SECONDS,
) -> ReferralSummaryAnswer:
    found = _read(request, wait_for_position, wait_timeout, lambda c: referral_summary(c, filters))
    return msgspec.convert(asdict(found), ReferralSummaryAnswer)


def prevention_handlers() -> list[HTTPRouteHandler]:
    """The prevention read model's lists and summaries."""
    return [*prevention_report_handlers(), reach_summary_route, referral_summary_route]
