"""How each Grant and Campaign event changes the grants tables. Grants are few and change
seldom: each event is written at once, a revision replacing the grant's budget lines and
indicators as a whole."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Table, delete, insert, update

from domain.funding.checks import reference_key
from domain.funding.values import Attribution, GrantTerms
from projections.model import Change

GRANT, CAMPAIGN = "Grant", "Campaign"
Tables = dict[str, Table]


def apply_change(conn: Connection, tables: Tables, change: Change) -> None:
    handler = HANDLERS.get(change.event_type)
    if handler is not None:
        handler(conn, tables, change)


def _terms_row(terms: GrantTerms) -> dict[str, Any]:
    donor = terms.donor
    return {
        "donor": None if donor.organisation_id is None else str(donor.organisation_id),
        "donor_name": donor.name or "",
        "title": terms.title,
        "starts_on": terms.starts_on,
        "ends_on": terms.ends_on,
        "currency": terms.currency,
        "budget_total": sum(line.amount for line in terms.budget_lines),
    }


def _write_terms(conn: Connection, tables: Tables, grant_id: str, terms: GrantTerms) -> None:
    lines, indicators = tables["grant_budget_lines"], tables["grant_indicators"]
    conn.execute(delete(lines).where(lines.c.grant_id == grant_id))
    conn.execute(delete(indicators).where(indicators.c.grant_id == grant_id))
    if terms.budget_lines:
        conn.execute(
            insert(lines),
            [
                {
                    "grant_id": grant_id,
                    "line_code": line.code,
                    "line_number": number,
                    "name": line.name,
                    "amount": line.amount,
                }
                for number, line in enumerate(terms.budget_lines, start=1)
            ],
        )
    if terms.indicators:
        conn.execute(
            insert(indicators),
            [
                {
                    "grant_id": grant_id,
                    "indicator_code": item.code,
                    "indicator_number": number,
                    "name": item.name,
                    "measure": item.measure.value,
                    "target": item.target,
                    "disaggregate_by": None
                    if item.disaggregate_by is None
                    else item.disaggregate_by.value,
                }
                for number, item in enumerate(terms.indicators, start=1)
            ],
        )


def _moved(change: Change) -> dict[str, Any]:
    return {"version": change.version, "position": change.position}


def _grant_update(conn: Connection, tables: Tables, change: Change, **values: Any) -> None:
    grants = tables["grants"]
    conn.execute(
        update(grants)
        .where(grants.c.grant_id == str(change.aggregate_id))
        .values(**values, **_moved(change))
    )


def _opened(conn: Connection, tables: Tables, change: Change) -> None:
    grant_id = str(change.aggregate_id)
    reference: str = change.fields["reference"]
    terms: GrantTerms = change.fields["terms"]
    row = {
        "grant_id": grant_id,
        "reference": reference,
        "reference_key": reference_key(reference),
        **_terms_row(terms),
        "status": "active",
        "closed_on": None,
        "revisions": 0,
        **_moved(change),
    }
    conn.execute(insert(tables["grants"]), [row])
    _write_terms(conn, tables, grant_id, terms)


def _revised(conn: Connection, tables: Tables, change: Change) -> None:
    terms: GrantTerms = change.fields["terms"]
    grants = tables["grants"]
    _grant_update(conn, tables, change, **_terms_row(terms), revisions=grants.c.revisions + 1)
    _write_terms(conn, tables, str(change.aggregate_id), terms)


def _closed(conn: Connection, tables: Tables, change: Change) -> None:
    _grant_update(conn, tables, change, status="closed", closed_on=change.fields["closed_on"])


def record_id_of(attribution: Attribution) -> str:
    """The attributed record's id as the view shows it: a service is its care plan's id and
    its number (`<care plan id>:<number>`), every other record its own id."""
    if attribution.service_number is None:
        return str(attribution.record_id)
    return f"{attribution.record_id}:{attribution.service_number}"


def _attributed(conn: Connection, tables: Tables, change: Change) -> None:
    a: Attribution = change.fields["attribution"]
    grant_id = str(change.aggregate_id)
    row = {
        "grant_id": grant_id,
        "attribution_number": a.number,
        "attribution_id": f"{grant_id}:{a.number}",
        "budget_line": a.budget_line,
        "record_kind": a.record_kind.value,
        "record_id": record_id_of(a),
        "service_number": a.service_number,
        "case_id": None if a.case_id is None else str(a.case_id),
        "person_id": None if a.person_id is None else str(a.person_id),
        "attributed_on": a.attributed_on,
        "ended_on": None,
    }
    conn.execute(insert(tables["grant_attributions_recorded"]), [row])
    _grant_update(conn, tables, change)


def _attribution_ended(conn: Connection, tables: Tables, change: Change) -> None:
    recorded = tables["grant_attributions_recorded"]
    conn.execute(
        update(recorded)
        .where(
            recorded.c.grant_id == str(change.aggregate_id),
            recorded.c.attribution_number == change.fields["number"],
        )
        .values(ended_on=change.fields["ended_on"])
    )
    _grant_update(conn, tables, change)


def _campaign_plan(conn: Connection, tables: Tables, change: Change) -> None:
    """A campaign launched or revised: its grant reference, kept or removed."""
    references = tables["grant_campaign_references"]
    campaign_id = str(change.aggregate_id)
    conn.execute(delete(references).where(references.c.campaign_id == campaign_id))
    plan = change.fields["plan"]
    if plan.grant is None:
        return
    row = {
        "campaign_id": campaign_id,
        "grant_reference": plan.grant,
        "reference_key": reference_key(plan.grant),
        "starts_on": plan.starts_on,
        "ends_on": plan.ends_on,
    }
    conn.execute(insert(references), [row])


HANDLERS: dict[str, Callable[[Connection, Tables, Change], None]] = {
    "Grant.Opened": _opened,
    "Grant.Revised": _revised,
    "Grant.Closed": _closed,
    "Grant.Attributed": _attributed,
    "Grant.AttributionEnded": _attribution_ended,
    "Campaign.Launched": _campaign_plan,
    "Campaign.Revised": _campaign_plan,
}
