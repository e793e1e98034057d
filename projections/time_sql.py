"""The rule for time (docs/time.md, `domain.local_time`) in tables and views.

- `Instant`: the column type of every instant in a read model. It stores the
  instant in UTC and reads it back timezone-aware in UTC on both databases: a
  `timestamp with time zone` on PostgreSQL, ISO text ending in `+00:00` on SQLite.
- `local_date_sql` / `local_today_sql`: Kosovo's calendar day of an instant, and
  today's, in SQL. Views that compute something "as of today" use them, so a view
  read at 23:30 UTC counts the next Prishtina day on either database, whatever the
  session's time zone. SQLite has no time-zone database: its expression applies
  the EU's summer-time rule (last Sunday of March to last Sunday of October, at
  01:00 UTC), which Europe/Belgrade keeps; the tests compare both with zoneinfo.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Dialect
from sqlalchemy.dialects import sqlite
from sqlalchemy.types import TypeDecorator, TypeEngine

from domain.local_time import KOSOVO_ZONE_NAME, utc

_SQLITE_FORMAT = (
    "%(year)04d-%(month)02d-%(day)02d %(hour)02d:%(minute)02d:%(second)02d.%(microsecond)06d+00:00"
)
_SQLITE_PARSE = r"(\d+)-(\d+)-(\d+)[ T](\d+):(\d+):(\d+)(?:\.(\d{6}))?"


class Instant(TypeDecorator[datetime]):
    """An instant: written in UTC, read back aware in UTC (naive values are refused)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            text_with_offset = sqlite.DATETIME(  # type: ignore[no-untyped-call]
                storage_format=_SQLITE_FORMAT, regexp=_SQLITE_PARSE
            )
            return dialect.type_descriptor(text_with_offset)
        return dialect.type_descriptor(DateTime(timezone=True))

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else utc(value)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return utc(value if value.tzinfo is not None else value.replace(tzinfo=UTC))


def local_date_sql(dialect: str, instant: str) -> str:
    """SQL for the Kosovo calendar day of the instant `instant` (an SQL expression)."""
    if dialect == "postgresql":
        return f"CAST(({instant}) AT TIME ZONE '{KOSOVO_ZONE_NAME}' AS DATE)"
    in_summer = (
        f"datetime({instant}) >= {_last_sunday_1am_utc(instant, 2)} "
        f"AND datetime({instant}) < {_last_sunday_1am_utc(instant, 9)}"
    )
    return f"date({instant}, CASE WHEN {in_summer} THEN '+2 hours' ELSE '+1 hours' END)"


def _last_sunday_1am_utc(instant: str, months_after_january: int) -> str:
    """SQLite: 01:00 UTC on the last Sunday of the month (of a 31-day month) of `instant`'s
    year that is `months_after_january` after January (2: March, 9: October)."""
    last_sunday = (
        f"date({instant}, 'start of year', '+{months_after_january} months', '+24 days', "
        "'weekday 0')"
    )
    return f"datetime({last_sunday}, '+1 hour')"


def local_today_sql(dialect: str) -> str:
    """SQL for today's date in Kosovo, as the view is read."""
    return local_date_sql(dialect, "CURRENT_TIMESTAMP" if dialect == "postgresql" else "'now'")


def days_between_sql(dialect: str, start: str, end: str) -> str:
    """SQL for the whole days from date `start` to date `end` (an integer)."""
    if dialect == "postgresql":
        return f"({end} - {start})"
    return f"CAST(julianday({end}) - julianday({start}) AS INTEGER)"


def month_sql(dialect: str, day: str) -> str:
    """SQL for the month of date `day` as `YYYY-MM` text (null for null): what a published
    view shows instead of the day."""
    if dialect == "postgresql":
        return f"to_char({day}, 'YYYY-MM')"
    return f"strftime('%Y-%m', {day})"
