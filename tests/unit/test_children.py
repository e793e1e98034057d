"""Children: minor status by day, age estimates, the guardian's appointment, a guardian's
consent to renew, and best-interests assessments before key decisions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import UUID

import pytest

from domain.beneficiary import Beneficiary
from domain.case import Case
from domain.case_values import IncomingReferral
from domain.children import BestInterestsAssessment, GuardianAppointment, consent_renew_by
from domain.errors import DateInFuture, DateTooEarly, InvalidInput, RuleViolated
from domain.values import Guardian, PersonalData
from domain.vocab import (
    AgeBasis,
    AgeEstimateMethod,
    BestInterestsDecision,
    BestInterestsParticipant,
    ConsentGiver,
    ConsentKind,
    ErasureBasis,
    Gender,
    GuardianAppointedBy,
    GuardianKind,
    IncomingReferralReason,
    OrganisationType,
    TraffickingScope,
)
from tests.unit.dsl import T0, at, given, history, then, when

B = Callable[[Beneficiary], object]
C = Callable[[Case], object]
CODE = "PVPT-2026-0009"
# 2026-03-02 (T0) is day 0; this child turns 18 on 2026-09-15 (day 197).
TURNING = PersonalData("Blerta", "Gashi", date(2008, 9, 15))
NO_BIRTH_DATE = PersonalData("Vesa", "Morina")
GUARDIAN = Guardian(GuardianKind.APPOINTED_LEGAL_GUARDIAN, "Valbona Hoxha", "+38349111222")
CSW = GuardianAppointedBy.CENTRE_FOR_SOCIAL_WORK
DECISION = "QPS-PR-2026-041"
PLACEMENT = BestInterestsDecision.PLACEMENT
RETURN = BestInterestsDecision.RETURN
WHO = (BestInterestsParticipant.CHILD, BestInterestsParticipant.CENTRE_FOR_SOCIAL_WORK)
REFERRAL = IncomingReferral(
    "Kosovo Police",
    OrganisationType.LAW_ENFORCEMENT,
    date(2026, 3, 1),
    IncomingReferralReason.ADDITIONAL_SERVICES_REQUIRED,
)


def person(personal: PersonalData = TURNING, age: int = 17, *commands: B) -> Beneficiary:
    def register() -> Beneficiary:
        return Beneficiary.register(
            CODE,
            personal,
            Gender.FEMININE,
            age,
            ("XK",),
            ("sq",),
            TraffickingScope.DOMESTIC,
            actor="ana",
            at=at(),
        )

    return given(Beneficiary, history(register, *commands))


def estimate(years: int, day: float = 1, on: date | None = None) -> B:
    method = AgeEstimateMethod.MEDICAL_EXAMINATION
    return lambda b: b.estimate_age(years, method, on, actor="ana", at=at(day))


def appoint(day: float = 1, by: GuardianAppointedBy = CSW, reference: str | None = DECISION) -> B:
    return lambda b: b.appoint_guardian(GUARDIAN, by, None, reference, actor="ana", at=at(day))


def consent(by: ConsentGiver = ConsentGiver.GUARDIAN, day: float = 2) -> B:
    return lambda b: b.give_consent(ConsentKind.SERVICES, by, actor="ana", at=at(day))


def refused(record: Any, command: Callable[[Any], object], error: type[Exception]) -> Any:
    with pytest.raises(error) as caught:
        command(record)
    assert list(record.collect_events()) == []
    return caught.value


# ---------------------------------------------------------------- minor by day


def test_a_child_turns_18_on_the_18th_birthday() -> None:
    b = person()
    assert (b.adult_on, b.age_basis) == (date(2026, 9, 15), AgeBasis.BIRTH_DATE)
    assert b.is_minor_on(date(2026, 9, 14))
    assert not b.is_minor_on(date(2026, 9, 15))
    assert b.is_minor  # the age at identification keeps its meaning for reports


def test_born_on_29_february_turns_18_on_28_february() -> None:
    b = person(PersonalData("Ema", "Leap", date(2012, 2, 29)), 14)
    assert b.adult_on == date(2030, 2, 28)


def test_without_a_birth_date_the_age_at_identification_counts_from_registration() -> None:
    b = person(NO_BIRTH_DATE, 16)
    assert (b.adult_on, b.age_basis) == (date(2028, 3, 2), AgeBasis.AGE_AT_IDENTIFICATION)


def test_an_age_estimate_counts_when_no_birth_date_is_known() -> None:
    b = person(NO_BIRTH_DATE, 19, estimate(15, 3))
    assert (b.adult_on, b.age_basis) == (date(2029, 3, 5), AgeBasis.AGE_ESTIMATE)
    assert b.is_minor_on(date(2026, 3, 5))


def test_the_birth_date_outweighs_an_estimate() -> None:
    assert person(TURNING, 17, estimate(14)).adult_on == date(2026, 9, 15)


def test_after_erasure_the_estimate_or_the_age_at_identification_counts() -> None:
    erase: B = lambda b: b.erase(ErasureBasis.OBJECTION, "DPO-1", actor="ana", at=at(5))  # noqa: E731
    assert person(TURNING, 17, erase).adult_on == date(2027, 3, 2)


def test_estimate_age() -> None:
    b = person(NO_BIRTH_DATE)
    then(
        when(b, estimate(15, 3, date(2026, 3, 4))),
        (
            Beneficiary.AgeEstimated,
            {
                "age_years": 15,
                "method": AgeEstimateMethod.MEDICAL_EXAMINATION,
                "estimated_on": date(2026, 3, 4),
            },
        ),
    )


def test_an_estimate_is_an_age_and_a_day_not_in_the_future() -> None:
    assert refused(person(), estimate(121), InvalidInput).field == "age_years"
    assert refused(person(), estimate(-1), InvalidInput).field == "age_years"
    refused(person(), estimate(15, 1, date(2026, 3, 9)), DateInFuture)


def test_the_same_estimate_is_refused() -> None:
    b = person(NO_BIRTH_DATE, 16, estimate(15, 3))
    assert refused(b, estimate(15, 3), RuleViolated).rule == "no_change"


# ------------------------------------------------------------------- guardian


def test_a_centre_for_social_work_appoints_a_guardian() -> None:
    b = person()
    then(
        when(b, appoint()),
        (
            Beneficiary.GuardianAppointed,
            {"appointed_by": CSW, "appointed_on": date(2026, 3, 3), "reference": DECISION},
        ),
    )
    assert b.guardian_appointment == GuardianAppointment(CSW, date(2026, 3, 3), DECISION)


def test_an_authoritys_decision_names_its_number() -> None:
    assert refused(person(), appoint(reference=None), InvalidInput).field == "reference"
    bad = appoint(by=GuardianAppointedBy.COURT, reference="a court in Prishtina")
    assert refused(person(), bad, InvalidInput).field == "reference"
    then(
        when(person(), appoint(by=GuardianAppointedBy.OTHER, reference=None)),
        (Beneficiary.GuardianAppointed, {}),
    )


def test_no_guardian_is_appointed_once_the_child_turned_18() -> None:
    err = refused(person(TURNING, 17), appoint(200), RuleViolated)
    assert err.rule == "not_a_minor"


def test_a_new_decision_appoints_again() -> None:
    b = person(TURNING, 17, appoint())
    then(when(b, appoint(3, reference="QPS-PR-2026-077")), (Beneficiary.GuardianAppointed, {}))
    assert refused(b, appoint(4, reference="QPS-PR-2026-077"), RuleViolated).rule == "no_change"


# ------------------------------------------------------------------- consents


def test_a_guardians_consent_is_renewed_in_12_months_whatever_the_birth_date() -> None:
    """Turning 18 on 2026-09-15 or in 2032: the same day, so renew_by tells nothing of the
    birth date (docs/privacy.md)."""
    b = person(TURNING, 17, appoint())
    then(when(b, consent()), (Beneficiary.ConsentGiven, {"renew_by": date(2027, 3, 4)}))
    young = person(PersonalData("Ilir", "Berisha", date(2014, 1, 10)), 12, appoint())
    then(when(young, consent()), (Beneficiary.ConsentGiven, {"renew_by": date(2027, 3, 4)}))
    assert young.consents["services"].renew_by == b.consents["services"].renew_by


def test_renew_by_is_12_months_after_the_consent() -> None:
    assert consent_renew_by(date(2026, 9, 10)) == date(2027, 9, 10)
    assert consent_renew_by(date(2028, 2, 29)) == date(2029, 2, 28)


def test_a_persons_own_consent_has_no_renewal_day() -> None:
    b = person(TURNING, 17, appoint())
    then(
        when(b, consent(ConsentGiver.BENEFICIARY, 200)),
        (Beneficiary.ConsentGiven, {"renew_by": None}),
    )


def test_who_consents_follows_the_age_on_the_day() -> None:
    b = person(TURNING, 17, appoint())
    assert refused(b, consent(ConsentGiver.BENEFICIARY, 2), InvalidInput).field == "given_by"
    assert refused(b, consent(ConsentGiver.GUARDIAN, 200), InvalidInput).field == "given_by"


def test_a_child_who_became_a_minor_by_estimate_needs_a_guardian() -> None:
    b = person(NO_BIRTH_DATE, 19, estimate(15))
    assert refused(b, consent(), RuleViolated).rule == "guardian_required"


# ------------------------------------------------------------------- upcasts


def test_a_stored_v1_appointment_reads_as_the_centre_for_social_works() -> None:
    state: dict[str, Any] = {
        "guardian": {"kind": "appointed_legal_guardian", "name": "x", "contact": None},
        "timestamp": "2026-03-01T23:30:00+00:00",
    }
    Beneficiary.GuardianAppointed.upcast_v1_v2(state)
    assert (state["appointed_by"], state["appointed_on"], state["reference"]) == (
        "centre_for_social_work",
        "2026-03-02",
        None,
    )
    state["guardian"]["kind"] = "parent"
    Beneficiary.GuardianAppointed.upcast_v1_v2(state)
    assert state["appointed_by"] == "other"


def test_a_stored_v2_consent_of_a_guardian_is_renewed_in_12_months() -> None:
    state = {"given_by": "guardian", "given_on": "2026-03-31"}
    Beneficiary.ConsentGiven.upcast_v2_v3(state)
    assert state["renew_by"] == "2027-03-31"
    own = {"given_by": "beneficiary", "given_on": "2026-03-31"}
    Beneficiary.ConsentGiven.upcast_v2_v3(own)
    assert own["renew_by"] is None


def test_a_stored_v3_consent_renewed_by_the_month_of_majority_reads_as_12_months() -> None:
    state = {"given_by": "guardian", "given_on": "2026-03-04", "renew_by": "2026-09-01"}
    Beneficiary.ConsentGiven.upcast_v3_v4(state)
    assert state["renew_by"] == "2027-03-04"
    own = {"given_by": "beneficiary", "given_on": "2026-03-31", "renew_by": None}
    Beneficiary.ConsentGiven.upcast_v3_v4(own)
    assert own["renew_by"] is None


def test_a_stored_v3_snapshot_renews_its_guardians_consents_in_12_months() -> None:
    consent = {"kind": "services", "given_by": "guardian", "given_on": "2026-03-04"}
    state: dict[str, Any] = {"consents": {"services": {**consent, "renew_by": "2026-09-01"}}}
    Beneficiary.upcast_v3_v4(state)
    assert state["consents"]["services"]["renew_by"] == "2027-03-04"


def test_a_stored_v1_snapshot_gains_no_estimate_and_the_appointment() -> None:
    state: dict[str, Any] = {"guardian": None, "_modified_on": "2026-03-02T09:00:00+00:00"}
    Beneficiary.upcast_v2_v3(state)  # the children's step of the chain (v1 -> v2: identification)
    assert (state["age_estimate"], state["guardian_appointment"]) == (None, None)
    case_state: dict[str, Any] = {}
    Case.upcast_v3_v4(case_state)  # the children's step of the case's chain
    assert case_state == {"best_interests": []}


# ------------------------------------------------------------ best interests


def open_case(*commands: C) -> Case:
    def start() -> Case:
        case_id = UUID("0b6f3c1e-5a2d-4e8f-9c7b-1d2e3f4a5b6c")
        return Case.open("PVPT-C-2026-0009", case_id, CODE, REFERRAL, actor="ana", at=at())

    return given(Case, history(start, *commands))


def assess(child: Beneficiary, decision: BestInterestsDecision = PLACEMENT, day: float = 2) -> C:
    return lambda c: c.assess_best_interests(
        child,
        decision,
        " Placement in the shelter; the aunt's home is not yet safe. ",
        child_heard=True,
        participants=(*WHO, BestInterestsParticipant.CHILD),
        actor="ana",
        at=at(day),
    )


def test_assess_a_childs_best_interests_before_placement() -> None:
    child = person()
    case = open_case()
    then(
        when(case, assess(child)),
        (
            Case.BestInterestsAssessed,
            {
                "number": 1,
                "decision": PLACEMENT,
                "assessed_on": date(2026, 3, 4),
                "recommendation": "Placement in the shelter; the aunt's home is not yet safe.",
                "child_heard": True,
                "participants": WHO,
            },
        ),
    )
    assert case.best_interests[0] == BestInterestsAssessment(
        1, PLACEMENT, date(2026, 3, 4), case.best_interests[0].recommendation, True, WHO, "ana"
    )


def test_an_adult_has_no_best_interests_assessment() -> None:
    adult = person(TURNING, 17)
    assert refused(open_case(), assess(adult, day=200), RuleViolated).rule == "not_a_minor"


def test_an_assessment_names_who_took_part_and_recommends() -> None:
    nobody: C = lambda c: c.assess_best_interests(  # noqa: E731
        person(), PLACEMENT, "x", child_heard=True, participants=(), actor="ana", at=at(2)
    )
    assert refused(open_case(), nobody, InvalidInput).field == "participants"
    blank: C = lambda c: c.assess_best_interests(  # noqa: E731
        person(), PLACEMENT, " ", child_heard=True, participants=WHO, actor="ana", at=at(2)
    )
    assert refused(open_case(), blank, InvalidInput).field == "recommendation"


def test_an_assessment_is_not_before_the_referral() -> None:
    early: C = lambda c: c.assess_best_interests(  # noqa: E731
        person(),
        PLACEMENT,
        "x",
        child_heard=True,
        participants=WHO,
        assessed_on=date(2026, 2, 27),
        actor="ana",
        at=at(2),
    )
    refused(open_case(), early, DateTooEarly)


def test_a_child_is_placed_only_after_a_best_interests_assessment_for_placement() -> None:
    child = person()
    case = open_case(assess(child, RETURN))
    with pytest.raises(RuleViolated) as caught:
        case.require_best_interests(PLACEMENT, child, date(2026, 3, 5))
    assert caught.value.rule == "best_interests_required"
    case = open_case(assess(child, PLACEMENT, 5))
    with pytest.raises(RuleViolated):
        case.require_best_interests(PLACEMENT, child, date(2026, 3, 6))  # assessed on the 7th
    case.require_best_interests(PLACEMENT, child, date(2026, 3, 7))
    assert case.best_interests_assessed_for(RETURN, date(2026, 3, 7)) is None


def test_a_decision_about_an_adult_needs_no_assessment() -> None:
    open_case().require_best_interests(PLACEMENT, person(TURNING, 17), date(2026, 9, 15))
    assert T0.date() == date(2026, 3, 2)


def test_a_child_who_took_part_was_heard() -> None:
    unheard: C = lambda c: c.assess_best_interests(  # noqa: E731
        person(), PLACEMENT, "x", child_heard=False, participants=WHO, actor="ana", at=at(2)
    )
    assert refused(open_case(), unheard, InvalidInput).field == "child_heard"
    heard_apart: C = lambda c: c.assess_best_interests(  # noqa: E731
        person(),
        PLACEMENT,
        "Heard by the caseworker the day before.",
        child_heard=True,
        participants=(BestInterestsParticipant.CENTRE_FOR_SOCIAL_WORK,),
        actor="ana",
        at=at(2),
    )
    then(when(open_case(), heard_apart), (Case.BestInterestsAssessed, {"child_heard": True}))
