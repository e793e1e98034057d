"""Children on the store (both databases): a child is placed only after a best-interests
assessment, who consents changes on the 18th birthday, and the events and snapshots
stored before this (GuardianAppointed v1, ConsentGiven v2, v1 snapshots) still load."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.domain import Snapshot

from adapters.run.bootstrap import Journey
from adapters.run.clock import ScriptedClock
from adapters.run.demo import START
from domain.beneficiary import Beneficiary
from domain.case import Case
from domain.case_values import IncomingReferral
from domain.checks.field_dates import add_months
from domain.children import GuardianAppointment
from domain.errors import InvalidInput, RuleViolated
from domain.values import Guardian, PersonalData
from domain.vocab import (
    AgeBasis,
    AgeEstimateMethod,
    BestInterestsDecision,
    BestInterestsParticipant,
    ConsentGiver,
    ConsentKind,
    Gender,
    GuardianAppointedBy,
    GuardianKind,
    IncomingReferralReason,
    OrganisationType,
    RiskLevel,
    TraffickingScope,
)
from services.access import Role
from services.child_views import ADULT_ON_SHOWN, FROM_BIRTH_DATE, ChildStatus
from services.commands.beneficiary import AppointGuardian, GiveConsent, RegisterBeneficiary
from services.commands.case import AssessRisk, OpenCase
from services.commands.children import AssessBestInterests, EstimateAge
from services.commands.shelter import AdmitToShelter
from services.views import beneficiary_view, case_view
from tests.integration.test_field_dates import old_shape
from tests.support.factories import WORKER, facility

TODAY = START.date()
BIRTHDAY_18 = TODAY + timedelta(days=40)  # the child turns 18 during the case
CSW = GuardianAppointedBy.CENTRE_FOR_SOCIAL_WORK
GUARDIAN = Guardian(GuardianKind.APPOINTED_LEGAL_GUARDIAN, "Valbona Hoxha", "+38349111222")


def child(journey: Journey) -> UUID:
    birth = BIRTHDAY_18.replace(year=BIRTHDAY_18.year - 18)
    command = RegisterBeneficiary(
        personal=PersonalData("Blerta", "Gashi", birth),
        gender=Gender.FEMININE,
        age_at_identification=17,
        citizenships=("XK",),
        scope=TraffickingScope.DOMESTIC,
    )
    person = journey.bus.execute(None, command, actor=WORKER).id
    appointed = AppointGuardian(GUARDIAN, CSW, TODAY, "QPS-PR-2026-041")
    journey.bus.execute(person, appointed, actor=WORKER)
    return person


def case_of(journey: Journey, person: UUID) -> UUID:
    referral = IncomingReferral(
        "Kosovo Police",
        OrganisationType.LAW_ENFORCEMENT,
        TODAY - timedelta(days=1),
        IncomingReferralReason.ADDITIONAL_SERVICES_REQUIRED,
    )
    case = journey.bus.execute(
        None, OpenCase(beneficiary_id=person, referral=referral), actor=WORKER
    )
    journey.bus.execute(case.id, AssessRisk(level=RiskLevel.MEDIUM), actor=WORKER)
    return case.id


def assessment(decision: BestInterestsDecision) -> AssessBestInterests:
    return AssessBestInterests(
        decision=decision,
        recommendation="Shelter until the family home is safe.",
        child_heard=True,
        participants=(BestInterestsParticipant.CHILD, BestInterestsParticipant.GUARDIAN),
    )


def test_a_child_is_admitted_only_after_a_best_interests_assessment(journey: Journey) -> None:
    case_id = case_of(journey, child(journey))
    shelter = facility(journey)
    admit = AdmitToShelter(case_id=case_id, facility_id=shelter)
    journey.bus.execute(case_id, assessment(BestInterestsDecision.RETURN), actor=WORKER)
    with pytest.raises(RuleViolated) as caught:
        journey.bus.execute(None, admit, actor=WORKER)
    assert caught.value.rule == "best_interests_required"
    journey.bus.execute(case_id, assessment(BestInterestsDecision.PLACEMENT), actor=WORKER)
    journey.bus.execute(None, admit, actor=WORKER)
    case = journey.app.load(Case, case_id)
    assert case.active_stay_id is not None
    assert [a.decision for a in case.best_interests] == ["return", "placement"]


def test_the_18th_birthday_changes_who_consents(journey: Journey, clock: ScriptedClock) -> None:
    person = child(journey)
    services = GiveConsent(ConsentKind.SERVICES, ConsentGiver.GUARDIAN)
    journey.bus.execute(person, services, actor=WORKER)
    given = journey.app.load(Beneficiary, person).consents["services"]
    assert given.renew_by == add_months(TODAY, 12)  # not the month of majority (the birth month)
    clock.advance(days=41)
    reporting = GiveConsent(ConsentKind.ANONYMISED_REPORTING, ConsentGiver.GUARDIAN)
    with pytest.raises(InvalidInput):
        journey.bus.execute(person, reporting, actor=WORKER)
    own = GiveConsent(ConsentKind.ANONYMISED_REPORTING, ConsentGiver.BENEFICIARY)
    journey.bus.execute(person, own, actor=WORKER)
    case_id = case_of(journey, person)
    admit = AdmitToShelter(case_id=case_id, facility_id=facility(journey))
    journey.bus.execute(None, admit, actor=WORKER)  # an adult: no assessment needed


def test_an_age_estimate_makes_a_registered_adult_a_child(journey: Journey) -> None:
    command = RegisterBeneficiary(
        personal=PersonalData("Vesa", "Morina"),
        gender=Gender.FEMININE,
        age_at_identification=19,
        citizenships=("AL",),
        scope=TraffickingScope.INTERNATIONAL,
    )
    person = journey.bus.execute(None, command, actor=WORKER).id
    estimate = EstimateAge(age_years=15, method=AgeEstimateMethod.MEDICAL_EXAMINATION)
    journey.bus.execute(person, estimate, actor=WORKER)
    assert journey.app.load(Beneficiary, person).is_minor_on(TODAY)
    admit = AdmitToShelter(case_id=case_of(journey, person), facility_id=facility(journey))
    with pytest.raises(RuleViolated):
        journey.bus.execute(None, admit, actor=WORKER)


def test_events_and_snapshots_stored_before_still_load(
    journey: Journey, clock: ScriptedClock
) -> None:
    person_id = child(journey)
    case_id = case_of(journey, person_id)
    clock.advance(days=2)
    person = journey.app.load(Beneficiary, person_id)
    person.appoint_guardian(GUARDIAN, actor=WORKER, at=clock())
    person.give_consent(ConsentKind.SERVICES, ConsentGiver.GUARDIAN, actor=WORKER, at=clock())
    appointed, consent = person.collect_events()
    v1 = old_shape(journey, appointed, None, _without("appointed_by", "appointed_on", "reference"))
    v2 = old_shape(journey, consent, None, _as_v2)
    journey.app.recorder.insert_events([v1, v2])
    loaded = journey.app.load(Beneficiary, person_id)
    day = clock().date()
    assert loaded.guardian_appointment == GuardianAppointment(CSW, day, None)
    assert loaded.consents["services"].renew_by == date(day.year + 1, day.month, day.day)

    snapshot = old_shape(journey, Snapshot.take(loaded), None, _snapshot_without_children)
    case_snapshot = Snapshot.take(journey.app.load(Case, case_id))
    old_case = old_shape(journey, case_snapshot, None, lambda s: s["state"].pop("best_interests"))
    assert journey.app.snapshots is not None
    journey.app.snapshots.recorder.insert_events([snapshot, old_case])
    assert journey.app.load(Beneficiary, person_id).guardian_appointment == GuardianAppointment(
        CSW, day, None
    )
    assert journey.app.load(Case, case_id).best_interests == []


def _without(*names: str) -> Any:
    def change(state: dict[str, Any]) -> None:
        for name in names:
            del state[name]

    return change


def _as_v2(state: dict[str, Any]) -> None:
    del state["renew_by"]
    state["class_version"] = 2


def _snapshot_without_children(state: dict[str, Any]) -> None:
    del state["state"]["age_estimate"]
    del state["state"]["guardian_appointment"]


def test_the_case_shows_when_the_child_turned_18(journey: Journey) -> None:
    person_id = child(journey)
    case = journey.app.load(Case, case_of(journey, person_id))
    person = journey.app.load(Beneficiary, person_id)
    before, after = BIRTHDAY_18 - timedelta(days=1), BIRTHDAY_18
    child_before = case_view(case, Role.CASEWORKER, person, before)[0].child
    child_after = case_view(case, Role.CASEWORKER, person, after)[0].child
    assert child_before == ChildStatus(True, AgeBasis.BIRTH_DATE, None, False)
    assert child_after == ChildStatus(False, AgeBasis.BIRTH_DATE, None, True)  # adult since
    seen, shown = beneficiary_view(person, Role.CASEWORKER, after)
    assert (seen.child, shown) == (
        ChildStatus(False, AgeBasis.BIRTH_DATE, BIRTHDAY_18),
        {"personal", ADULT_ON_SHOWN},
    )
    withheld, _ = beneficiary_view(person, Role.AUDITOR, after)
    assert withheld.child is not None
    assert withheld.child.adult_on is None
    assert withheld.withheld["child.adult_on"] == FROM_BIRTH_DATE
