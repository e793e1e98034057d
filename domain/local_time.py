"""The one rule for time (docs/time.md).

An *instant* (when a command was decided, when an event was stored) is a
timezone-aware datetime; tables keep it timezone-aware and the API sends it in
UTC with `Z`. A *calendar day* that staff mean (an admission day, a follow-up
day, a night in a shelter, "today" for what is overdue) is the date on Kosovo's
clock: Europe/Belgrade, Central European Time (+01:00, +02:00 in summer), typed
as a date. So an event at 00:30 in Prishtina (23:30 UTC the day before) belongs
to the Prishtina day.

Standard library only, so the domain, the services, the read models and the
adapters all derive days the same way.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

KOSOVO = ZoneInfo("Europe/Belgrade")  # Kosovo keeps CET/CEST, as Belgrade does
KOSOVO_ZONE_NAME = "Europe/Belgrade"


def _aware(instant: datetime) -> datetime:
    if instant.tzinfo is None or instant.utcoffset() is None:
        msg = f"{instant.isoformat()} has no time zone: an instant must say which"
        raise ValueError(msg)
    return instant


def local_time(instant: datetime) -> datetime:
    """The same instant on Kosovo's clock."""
    return _aware(instant).astimezone(KOSOVO)


def local_date(instant: datetime) -> date:
    """The calendar day in Kosovo on which `instant` falls."""
    return local_time(instant).date()


def utc(instant: datetime) -> datetime:
    """The same instant in UTC: how tables and the API give instants."""
    return _aware(instant).astimezone(UTC)


def instants_in_utc(value: Any) -> Any:
    """Plain data (dicts, lists, scalars) with every aware datetime in it in UTC: how
    answers leave the service, over HTTP and from the CLI."""
    if isinstance(value, dict):
        return {key: instants_in_utc(item) for key, item in value.items()}
    if isinstance(value, list):
        return [instants_in_utc(item) for item in value]
    if isinstance(value, datetime) and value.tzinfo is not None:
        return utc(value)
    return value
