"""Prevention records, read: a campaign and an activity by id (issue 16).

`GET /api/v1/prevention/campaigns/{ref}` and `GET /api/v1/prevention/activities/{ref}`:
the record from the event store, now or as it stood (`as_of`, `version`: read:history),
through the one disclosure policy (services/prevention_views.py): the reasons given for
a revision, a correction or a withdrawal are free text, withheld from the roles that may
not read personal data. Both need read:prevention (prevention officers, case managers,
auditors, admins); what a read showed goes to the access log as every record read's.
The commands are in adapters/http/routes/commands.py.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get
from litestar.handlers import HTTPRouteHandler

from adapters.http.routes.record_changes import with_changes
from adapters.http.routes.record_refs import PreventionActivityRef, PreventionCampaignRef
from adapters.http.routes.records import (
    PAST,
    WITHHOLDING,
    AsOf,
    Version,
    load_record,
)
from adapters.privacy.accounts import User
from domain.prevention.activity import PreventionActivity
from domain.prevention.campaign import Campaign
from services.access import READ_PREVENTION
from services.prevention_views import ActivityView, CampaignView, activity_view, campaign_view

TAGS = ["prevention"]
CAMPAIGN, ACTIVITY = "campaign", "prevention_activity"  # record types, as the history's
REASONS = " The reasons for its changes are free text: withheld from roles without personal data."


@get(
    "/api/v1/prevention/campaigns/{ref:str}",
    sync_to_thread=True,
    tags=TAGS,
    operation_id="getPreventionCampaign",
    summary="A prevention campaign by id",
    description="A prevention campaign or project: its plan (name, aims, period, target "
    "groups, municipalities, grant, partners, planned indicators) and its revisions; from "
    "the event store (current). Needs read:prevention." + REASONS + WITHHOLDING + PAST,
)
def get_campaign(
    request: Request[User, Any, Any],
    ref: PreventionCampaignRef,
    as_of: AsOf = None,
    version: Version = None,
) -> Response[CampaignView]:
    campaign = load_record(request, READ_PREVENTION, Campaign, ref, as_of=as_of, version=version)
    return with_changes(request, campaign, CAMPAIGN, campaign_view)


@get(
    "/api/v1/prevention/activities/{ref:str}",
    sync_to_thread=True,
    tags=TAGS,
    operation_id="getPreventionActivity",
    summary="A prevention activity by id",
    description="A prevention activity: what, when, where and by whom, whom it reached "
    "(counted by group, sex and age band, never named; audience figures apart), materials, "
    "knowledge scores, the disclosures made at it (by number), whether it was withdrawn, and "
    "its corrections; from the event store (current). Needs read:prevention."
    + REASONS
    + WITHHOLDING
    + PAST,
)
def get_activity(
    request: Request[User, Any, Any],
    ref: PreventionActivityRef,
    as_of: AsOf = None,
    version: Version = None,
) -> Response[ActivityView]:
    activity = load_record(
        request, READ_PREVENTION, PreventionActivity, ref, as_of=as_of, version=version
    )
    return with_changes(request, activity, ACTIVITY, activity_view)


def prevention_handlers() -> list[HTTPRouteHandler]:
    return [get_campaign, get_activity]
