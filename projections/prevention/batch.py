"""How each prevention event (and a case opened from a disclosure) changes the rows one
batch touches: loaded once, changed in memory, written once, then the touched
campaigns' progress recounted (projections/prevention/progress.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Table

from domain.disclosure_ref import DisclosureRef
from domain.local_time import local_date
from domain.prevention.values import CampaignPlan
from domain.prevention.vocab import DisclosureRoute
from projections.model import Change
from projections.prevention import progress
from projections.prevention.children import ChildRows
from projections.prevention.rows import (
    Row,
    audience_rows,
    detail_columns,
    figure_columns,
    first_row,
    located,
    material_rows,
    reach_rows,
)
from projections.rows import RowCache

ACTIVITY, CAMPAIGN, CASE = "PreventionActivity", "Campaign", "Case"


class PreventionRows:
    """The rows of one batch: activities with their lines, campaigns with indicators."""

    def __init__(self, conn: Connection, tables: dict[str, Table], changes: list[Change]) -> None:
        self.conn = conn
        self.activities = RowCache(conn, tables["prevention_activities"], ("activity_id",))
        self.reach = ChildRows(conn, tables["prevention_reach"], "activity_id")
        self.audience = ChildRows(conn, tables["prevention_audience"], "activity_id")
        self.materials = ChildRows(conn, tables["prevention_materials"], "activity_id")
        self.referrals = ChildRows(conn, tables["prevention_referrals"], "activity_id")
        self.campaigns = RowCache(conn, tables["prevention_campaigns"], ("campaign_id",))
        self.indicators = ChildRows(conn, tables["prevention_indicators"], "campaign_id")
        self.tables = tables
        self.touched: set[str] = set()  # campaigns whose progress to recount
        ids = [str(c.aggregate_id) for c in changes if c.aggregate_type == ACTIVITY]
        ids += [str(ref.activity_id) for c in changes if (ref := disclosure_of(c)) is not None]
        self.activities.prefetch((i,) for i in ids)
        for lines in self.lines:
            lines.prefetch(ids)

    @property
    def lines(self) -> tuple[ChildRows, ...]:
        """The tables with one row per line of an activity."""
        return (self.reach, self.audience, self.materials, self.referrals)

    def activity(self, change: Change, activity_id: str) -> Row:
        row = self.activities.get((activity_id,))
        if row is None:
            msg = f"{change.event_type} for prevention activity {activity_id} never recorded"
            raise LookupError(msg)
        return row

    def touch(self, campaign_id: str | None) -> None:
        if campaign_id is not None:
            self.touched.add(campaign_id)

    def flush(self) -> None:
        self.activities.flush()
        for lines in self.lines:
            lines.flush()
        progress.recount(self.conn, self.tables, self.campaigns, self.indicators, self.touched)
        self.campaigns.flush()
        self.indicators.flush()


def disclosure_of(change: Change) -> DisclosureRef | None:
    """The disclosure a case was opened from, for a Case.Opened that names one."""
    if change.event_type != "Case.Opened":
        return None
    ref: DisclosureRef | None = change.fields["referral"].prevention_disclosure
    return ref


def apply_change(rows: PreventionRows, change: Change) -> None:
    handler = _HANDLERS.get(change.event_type)
    if handler is not None:
        handler(rows, change)


# ----------------------------------------------------------------- activities


def _recorded(rows: PreventionRows, change: Change) -> None:
    f, activity_id = change.fields, str(change.aggregate_id)
    row = first_row(activity_id, f["details"], f["reach"], change.position)
    rows.activities.put((activity_id,), row)
    _replace_figures(rows, row, f["reach"])
    rows.referrals.replace(activity_id, [])
    rows.touch(row["campaign_id"])


def _details_corrected(rows: PreventionRows, change: Change) -> None:
    row = rows.activity(change, str(change.aggregate_id))
    rows.touch(row["campaign_id"])  # the campaign it leaves, if it moves
    row = {**row, **detail_columns(change.fields["details"])}
    _save(rows, change, {**row, "corrections": row["corrections"] + 1})
    for lines in rows.lines:
        lines.update(row["activity_id"], **located(row))
    rows.touch(row["campaign_id"])


def _reach_corrected(rows: PreventionRows, change: Change) -> None:
    row = rows.activity(change, str(change.aggregate_id))
    reach = change.fields["reach"]
    row = {**row, **figure_columns(reach), "corrections": row["corrections"] + 1}
    _save(rows, change, row)
    _replace_figures(rows, row, reach)
    rows.touch(row["campaign_id"])


def _replace_figures(rows: PreventionRows, row: Row, reach: Any) -> None:
    activity_id = row["activity_id"]
    rows.reach.replace(activity_id, reach_rows(row, reach))
    rows.audience.replace(activity_id, audience_rows(row, reach))
    rows.materials.replace(activity_id, material_rows(row, reach))


def _disclosure_recorded(rows: PreventionRows, change: Change) -> None:
    row = rows.activity(change, str(change.aggregate_id))
    disclosure = change.fields["disclosure"]
    to_assistance = disclosure.route is DisclosureRoute.DIRECT_ASSISTANCE
    row = {
        **row,
        "disclosures": row["disclosures"] + 1,
        "disclosures_to_assistance": row["disclosures_to_assistance"] + to_assistance,
    }
    _save(rows, change, row)
    line = {
        "activity_id": row["activity_id"],
        "number": disclosure.number,
        **located(row),
        "kind": disclosure.kind.value,
        "route": disclosure.route.value,
        "cases_opened": 0,
        "first_case_opened_on": None,
    }
    rows.referrals.replace(row["activity_id"], [*rows.referrals.of(row["activity_id"]), line])
    rows.touch(row["campaign_id"])


def _withdrawn(rows: PreventionRows, change: Change) -> None:
    """Kept, flagged, and left out of every count: its lines go."""
    row = rows.activity(change, str(change.aggregate_id))
    _save(rows, change, {**row, "withdrawn": 1})
    for lines in rows.lines:
        lines.replace(row["activity_id"], [])
    rows.touch(row["campaign_id"])


def _save(rows: PreventionRows, change: Change, row: Row) -> None:
    rows.activities.put((row["activity_id"],), {**row, "position": change.position})


# -------------------------------------------------------------------- cases


def _case_opened(rows: PreventionRows, change: Change) -> None:
    """One more case opened from the disclosure; nothing of the case is kept."""
    ref = disclosure_of(change)
    if ref is None:
        return
    activity_id = str(ref.activity_id)
    row = rows.activity(change, activity_id)
    rows.activities.put((activity_id,), {**row, "cases_opened": row["cases_opened"] + 1})
    opened_on = local_date(change.at)
    lines = rows.referrals.of(activity_id)
    for line in lines:
        if line["number"] == ref.number:
            first = line["first_case_opened_on"]
            line["cases_opened"] += 1
            line["first_case_opened_on"] = opened_on if first is None else min(first, opened_on)
    rows.referrals.replace(activity_id, lines)


# ---------------------------------------------------------------- campaigns


def _launched(rows: PreventionRows, change: Change) -> None:
    _plan(rows, change, revisions=0)


def _revised(rows: PreventionRows, change: Change) -> None:
    campaign_id = str(change.aggregate_id)
    row = rows.campaigns.get((campaign_id,))
    if row is None:
        msg = f"{change.event_type} for campaign {campaign_id} never launched"
        raise LookupError(msg)
    _plan(rows, change, row["revisions"] + 1, row)


def _plan(rows: PreventionRows, change: Change, revisions: int, row: Row | None = None) -> None:
    campaign_id, plan = str(change.aggregate_id), change.fields["plan"]
    counted = {"activities": 0, "people": 0} if row is None else row
    rows.campaigns.put(
        (campaign_id,),
        {
            **plan_columns(campaign_id, plan),
            "revisions": revisions,
            "activities": counted["activities"],
            "people": counted["people"],
            "position": change.position,
        },
    )
    rows.indicators.replace(campaign_id, progress.planned(campaign_id, plan))
    rows.touch(campaign_id)


def plan_columns(campaign_id: str, plan: CampaignPlan) -> Row:
    return {
        "campaign_id": campaign_id,
        "name": plan.name,
        "starts_on": plan.starts_on,
        "ends_on": plan.ends_on,
        "target_groups": ",".join(group.value for group in plan.target_groups),
        "municipalities": ",".join(plan.municipalities) or None,
        "grant_reference": plan.grant,
        "partners": len(plan.partner_ids),
        "indicators": len(plan.indicators),
    }


_HANDLERS: dict[str, Callable[[PreventionRows, Change], None]] = {
    "PreventionActivity.Recorded": _recorded,
    "PreventionActivity.DetailsCorrected": _details_corrected,
    "PreventionActivity.ReachCorrected": _reach_corrected,
    "PreventionActivity.DisclosureRecorded": _disclosure_recorded,
    "PreventionActivity.Withdrawn": _withdrawn,
    "Campaign.Launched": _launched,
    "Campaign.Revised": _revised,
    "Case.Opened": _case_opened,
}
