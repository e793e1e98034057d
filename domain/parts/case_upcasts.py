"""How a snapshot of a case taken by an older class version becomes today's state
(`Case.upcast_vN_vN+1`, run by the codec before decoding: adapters/store/codec.py).

A part of `Case` (domain/case.py), whose class version each function raises by one.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.partners import give_organisation
from domain.parts.case_stages import REFLECTION_PERIOD
from domain.reflection import ReflectionPeriod


def reflection_as_value(state: dict[str, Any]) -> None:
    """v1 -> v2: its `reflection_ends_on` was a legacy 90-day period."""
    ends = state.pop("reflection_ends_on")
    state["reflection"] = None
    if ends is not None:
        start = date.fromisoformat(ends) - REFLECTION_PERIOD
        legacy = ReflectionPeriod.legacy(start, date.fromisoformat(ends))
        state["reflection"] = {**vars(legacy), "started_on": start.isoformat(), "ends_on": ends}


def no_best_interests(state: dict[str, Any]) -> None:
    """v3 -> v4: taken before best-interests assessments: none."""
    state["best_interests"] = []


def no_care_plan(state: dict[str, Any]) -> None:
    """v5 -> v6: taken before the care plan and the services consent's withdrawal."""
    state["care_plan_id"] = None
    state["services_consent_withdrawn_on"] = None


def no_proceedings(state: dict[str, Any]) -> None:
    """v6 -> v7: taken before criminal proceedings."""
    state["proceedings_ids"] = []


def no_returns(state: dict[str, Any]) -> None:
    """v7 -> v8: taken before returns across a border."""
    state["return_ids"], state["open_return_ids"] = [], []


def partners_by_id(state: dict[str, Any]) -> None:
    """v8 -> v9: taken before partners by id: the organisations its names mean, or none."""
    give_organisation(state["referral"], "organisation")
    for referral in state["referrals"].values():
        give_organisation(referral, "partner")
    for screening_out in state.get("screenings_out", []):
        if screening_out["onward_referral"] is not None:
            give_organisation(screening_out["onward_referral"], "partner")


def no_handed_over_returns(state: dict[str, Any]) -> None:
    """v9 -> v10: which ended returns were handed over it cannot tell, so none (the
    repository replays such a record from its events: services/snapshots.py)."""
    state["handed_over_return_ids"] = []
