"""Organisations: the partner registry as a list staff search and filter
(docs/read-models/organisations.md).

Fed by Organisation events only. One row per organisation, with its names in the three
languages, the folded words of every name (`search`: staff find "Qendra per Pune
Sociale" however they type it, in Albanian, Serbian or English), its kind and HTCDS
type, its place and the days it was active; `organisation_periods` holds each period of
activity, so "active on a day" is right for an organisation deactivated and reactivated.
Nothing here is about a person.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Column, Connection, Date, Integer, MetaData, String, Table, Text

from domain.name_folding import fold
from domain.organisation_values import HTCDS_TYPES, OrganisationDetails, OrganisationNames
from projections.model import Change, ReadModel, physical_name
from projections.rows import RowCache
from projections.time_sql import Instant


class Organisations(ReadModel):
    name = "organisations"
    aggregate_types = frozenset({"Organisation"})
    # In the reporting schema (ADR 35): no code, case number, staff name or free text.
    reporting_views = {
        "organisations": (
            "organisation_id",
            "key",
            "display_name",
            "name_sq",
            "name_sr",
            "name_en",
            "kind",
            "htcds_type",
            "country",
            "municipality",
            "city",
            "active_from",
            "active_to",
            "updated_at",
        ),
        "organisation_periods": (
            "organisation_id",
            "number",
            "active_from",
            "active_to",
        ),
    }

    def define(self, metadata: MetaData, generation: int) -> dict[str, Table]:
        return {
            "organisations": _organisations(metadata, generation),
            "organisation_periods": Table(
                physical_name("organisation_periods", generation),
                metadata,
                Column("organisation_id", String(36), primary_key=True),
                Column("number", Integer, primary_key=True),
                Column("active_from", Date, nullable=False),
                Column("active_to", Date),
            ),
        }

    def apply(self, conn: Connection, tables: dict[str, Table], batch: Sequence[Change]) -> None:
        rows = RowCache(conn, tables["organisations"], ("organisation_id",))
        periods = RowCache(conn, tables["organisation_periods"], ("organisation_id", "number"))
        for change in batch:
            if change.aggregate_type != "Organisation":
                continue
            key = (str(change.aggregate_id),)
            registered = change.event_type == "Organisation.Registered"
            row = _registered(change) if registered else rows.get(key)
            if row is None:
                msg = f"{change.event_type} for organisation {change.aggregate_id} never registered"
                raise LookupError(msg)
            row = dict(row)
            _evolve(row, periods, change)
            at = {"version": change.version, "updated_at": change.at, "position": change.position}
            rows.put(key, {**row, **at})
        rows.flush()
        periods.flush()


def _organisations(metadata: MetaData, generation: int) -> Table:
    return Table(
        physical_name("organisations", generation),
        metadata,
        Column("organisation_id", String(36), primary_key=True),
        Column("key", String(63), nullable=False, unique=True),
        Column("display_name", String(200), nullable=False),
        Column("name_sq", String(200)),
        Column("name_sr", String(200)),
        Column("name_en", String(200)),
        Column("search", Text, nullable=False),
        Column("kind", String(40), nullable=False),
        Column("htcds_type", String(40)),
        Column("country", String(2), nullable=False),
        Column("municipality", String(2)),
        Column("city", String(100)),
        Column("phone", String(16)),
        Column("active_from", Date, nullable=False),
        Column("active_to", Date),
        Column("periods", Integer, nullable=False),
        Column("version", Integer, nullable=False),
        Column("updated_at", Instant(), nullable=False),
        Column("position", Integer, nullable=False),
    )


def _registered(change: Change) -> dict[str, Any]:
    return {
        "organisation_id": str(change.aggregate_id),
        "key": change.fields["key"],
        "active_from": change.fields["active_from"],
        "active_to": None,
        "periods": 0,
    }


def _evolve(row: dict[str, Any], periods: RowCache, change: Change) -> None:
    fields = change.fields
    if "names" in fields:
        row.update(_names(row["key"], fields["names"]))
    if "details" in fields:
        row.update(_details(fields["details"]))
    if "active_from" in fields:  # registered or reactivated: a new period
        row["periods"] += 1
        row["active_to"] = None
        _period(periods, row, {"active_from": fields["active_from"], "active_to": None})
    elif change.event_type == "Organisation.Deactivated":
        row["active_to"] = fields["active_to"]
        key = (row["organisation_id"], row["periods"])
        _period(periods, row, {**(periods.get(key) or {}), "active_to": fields["active_to"]})


def _period(periods: RowCache, row: dict[str, Any], values: dict[str, Any]) -> None:
    key = (row["organisation_id"], row["periods"])
    periods.put(key, {"organisation_id": key[0], "number": key[1], **values})


def _names(key: str, names: OrganisationNames) -> dict[str, Any]:
    words = " ".join(fold(name) for name in (*names.all(), key.replace("-", " ")))
    return {
        "display_name": names.display,
        "name_sq": names.albanian,
        "name_sr": names.serbian,
        "name_en": names.english,
        "search": f" {words} ",
    }


def _details(details: OrganisationDetails) -> dict[str, Any]:
    htcds = details.htcds_type or HTCDS_TYPES[details.kind]
    return {
        "kind": details.kind.value,
        "htcds_type": None if htcds is None else htcds.value,
        "country": details.country,
        "municipality": details.municipality,
        "city": details.city,
        "phone": details.phone,
    }
