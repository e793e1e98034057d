"""Decisions that depend on another record are saved with it, so a concurrent change
of that record makes the decision run again on fresh state (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any
from uuid import UUID

import pytest

from adapters.run.bootstrap import Journey, build
from domain.errors import ConsentRequired, RuleViolated
from domain.vocab import (
    ConsentGiver,
    ConsentKind,
    OutgoingReferralReason,
    RiskLevel,
)
from services.commands.beneficiary import GiveConsent, WithdrawConsent
from services.commands.case import AssessRisk
from services.commands.referrals import ReferOut
from services.commands.shelter import AdmitToShelter
from tests.support.factories import WORKER, case_in_service_provision, facility, open_case, register
from tests.support.partners import partner


@pytest.fixture
def journeys(database_url: str) -> Iterator[tuple[Journey, Journey]]:
    first, second = build(database_url), build(database_url)
    yield first, second
    first.close()
    second.close()


def _interleave(journey: Journey, after_loading: UUID, meanwhile: Callable[[], object]) -> None:
    """Run `meanwhile` (another server's command) right after `after_loading` is loaded,
    once — as if it committed between this command's read and its save."""
    original = journey.app.load
    done: list[bool] = []

    def load(kind: Any, record_id: UUID, version: int | None = None) -> Any:
        record = original(kind, record_id, version)
        if record_id == after_loading and not done:
            done.append(True)
            meanwhile()
        return record

    journey.app.load = load  # type: ignore[method-assign]


def test_a_consent_withdrawn_while_referring_stops_the_referral(
    journeys: tuple[Journey, Journey],
) -> None:
    mine, theirs = journeys
    beneficiary_id = register(mine)
    case_id = open_case(mine, beneficiary_id)
    iom = partner(mine)
    mine.bus.execute(
        beneficiary_id,
        GiveConsent(
            kind=ConsentKind.SHARING, given_by=ConsentGiver.BENEFICIARY, organisation_id=iom
        ),
        actor=WORKER,
    )
    withdraw = WithdrawConsent(kind=ConsentKind.SHARING, organisation_id=iom)
    _interleave(
        mine, beneficiary_id, lambda: theirs.bus.execute(beneficiary_id, withdraw, actor="ana")
    )
    refer = ReferOut(organisation_id=iom, reason=OutgoingReferralReason.OTHER)
    with pytest.raises(ConsentRequired):
        mine.bus.execute(case_id, refer, actor=WORKER)
    assert theirs.queries.case(case_id).referrals == {}


def test_a_risk_raised_to_high_while_admitting_stops_the_admission(
    journeys: tuple[Journey, Journey],
) -> None:
    mine, theirs = journeys
    case_id = case_in_service_provision(mine)
    shelter = facility(mine)
    _interleave(
        mine,
        case_id,
        lambda: theirs.bus.execute(case_id, AssessRisk(level=RiskLevel.HIGH), actor="ana"),
    )
    with pytest.raises(RuleViolated, match="Interim Security Facility") as refusal:
        mine.bus.execute(None, AdmitToShelter(case_id=case_id, facility_id=shelter), actor=WORKER)
    assert refusal.value.rule == "high_risk"
    assert theirs.queries.facility(shelter).occupancy == 0


def test_a_case_holds_one_bed_at_a_time(journeys: tuple[Journey, Journey]) -> None:
    mine, _ = journeys
    case_id = case_in_service_provision(mine)
    shelter = facility(mine)
    mine.bus.execute(None, AdmitToShelter(case_id=case_id, facility_id=shelter), actor=WORKER)
    with pytest.raises(RuleViolated, match="already in a shelter") as refusal:
        mine.bus.execute(None, AdmitToShelter(case_id=case_id, facility_id=shelter), actor=WORKER)
    assert refusal.value.rule == "already_admitted"
    assert mine.queries.facility(shelter).occupancy == 1
