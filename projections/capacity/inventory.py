"""A facility's bed inventory (HMIS periods of start, end and beds), stored as JSON."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from domain.values import BedInventory


def with_period(inventory: list[BedInventory], period: BedInventory) -> list[BedInventory]:
    """As the facility records it: the current period ends the night before
    `period` starts (or is replaced if it starts the same day)."""
    *earlier, current = inventory
    if current.start < period.start:
        earlier.append(replace(current, end=period.start - timedelta(days=1)))
    return [*earlier, period]


def beds_on(inventory: Iterable[BedInventory], night: date) -> int:
    for period in inventory:
        if period.start <= night and (period.end is None or night <= period.end):
            return period.beds
    return 0


def dump_inventory(inventory: Iterable[BedInventory]) -> str:
    return json.dumps([_period_json(period) for period in inventory])


def _period_json(period: BedInventory) -> dict[str, Any]:
    end = None if period.end is None else period.end.isoformat()
    return {"start": period.start.isoformat(), "end": end, "beds": period.beds}


def load_inventory(text: str) -> list[BedInventory]:
    return [
        BedInventory(
            period["beds"],
            date.fromisoformat(period["start"]),
            None if period["end"] is None else date.fromisoformat(period["end"]),
        )
        for period in json.loads(text)
    ]
