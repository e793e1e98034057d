"""Beneficiary: registration, personal data, status decision, profile, guardian, consents."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from typing import Any, TypeVar
from uuid import NAMESPACE_URL, UUID, uuid5

import pytest
from eventsourcing.domain import Aggregate
from hypothesis import given as for_all
from hypothesis import settings
from hypothesis import strategies as st

from domain.beneficiary import Beneficiary
from domain.checks.person import age_band_for
from domain.errors import DomainError, InvalidInput, RuleViolated
from domain.parts.beneficiary_consents import consent_key
from domain.values import ConsentRecord, ExploitationProfile, Guardian, PersonalData
from domain.vocab import (
    AgeBand,
    ConsentGiver,
    ConsentKind,
    ControlMethod,
    DecidingBody,
    ExploitationType,
    Gender,
    GuardianKind,
    RecruitmentMethod,
    RelationshipToTrafficker,
    TraffickingScope,
    TraffickingStatus,
    Vulnerability,
)
from tests.unit.dsl import at, given, history, then, when

X = TypeVar("X", bound=DomainError)
Command = Callable[[Beneficiary], object]

CODE = "PVPT-2026-0001"
LABEL = f"beneficiary {CODE}"
ADULT = PersonalData("Arta", "Krasniqi", date(1999, 4, 1), phone="+383 44 111 222")
CHILD = PersonalData("Blerta", "Gashi", date(2010, 6, 1))
GUARDIAN = Guardian(GuardianKind.PARENT, "Drita Gashi", "+383 45 333 444")
SERVICES = ConsentKind.SERVICES
SHARING = ConsentKind.SHARING
REPORTING = ConsentKind.ANONYMISED_REPORTING
BY_SELF = ConsentGiver.BENEFICIARY
BY_GUARDIAN = ConsentGiver.GUARDIAN


def register(
    *,
    code: str = CODE,
    personal: PersonalData = ADULT,
    age: int = 26,
    citizenships: tuple[str, ...] = ("XK",),
    languages: tuple[str, ...] = ("sq", "en"),
    moment: datetime | None = None,
    actor: str = "ana",
) -> Beneficiary:
    return Beneficiary.register(
        code,
        personal,
        Gender.FEMININE,
        age,
        citizenships,
        languages,
        TraffickingScope.INTERNATIONAL,
        actor=actor,
        at=moment or at(),
    )


def adult(*commands: Command) -> Beneficiary:
    return given(Beneficiary, history(register, *commands))


def minor(*commands: Command) -> Beneficiary:
    return given(Beneficiary, history(lambda: register(personal=CHILD, age=15), *commands))


def pending(b: Beneficiary) -> list[Aggregate.Event]:
    return list(b.collect_events())  # type: ignore[arg-type]


def refused(b: Beneficiary, command: Command, error: type[X]) -> X:
    """Run a command expected to fail with exactly `error`; nothing may be pending after."""
    with pytest.raises(error) as caught:
        command(b)
    assert type(caught.value) is error
    assert pending(b) == []
    return caught.value


def invalid(b: Beneficiary, command: Command, field: str) -> None:
    err = refused(b, command, InvalidInput)
    assert err.field == field
    assert str(err).startswith(f"{field}: ")


def violated(b: Beneficiary, command: Command, rule: str) -> RuleViolated:
    err = refused(b, command, RuleViolated)
    assert err.rule == rule
    assert LABEL in err.message
    return err


def invalid_registration(field: str, **kwargs: Any) -> None:
    with pytest.raises(InvalidInput) as caught:
        register(**kwargs)
    assert type(caught.value) is InvalidInput
    assert caught.value.field == field
    assert str(caught.value).startswith(f"{field}: ")


def decide(status: TraffickingStatus = TraffickingStatus.ACTUAL, day: float = 1) -> Command:
    return lambda b: b.decide_trafficking_status(
        status, DecidingBody.POLICE, actor="ana", at=at(day)
    )


def appoint(guardian: Guardian = GUARDIAN, day: float = 1) -> Command:
    return lambda b: b.appoint_guardian(guardian, actor="ana", at=at(day))


def org(partner: str | None) -> UUID | None:
    """A registered organisation's id, one per name (the registry is the services')."""
    return None if partner is None else uuid5(NAMESPACE_URL, partner.strip())


def give(
    kind: ConsentKind = SERVICES,
    by: ConsentGiver = BY_SELF,
    partner: str | None = None,
    day: float = 2,
) -> Command:
    organisation = org(partner) if kind is SHARING else None
    return lambda b: b.give_consent(
        kind, by, partner, organisation_id=organisation, actor="ana", at=at(day)
    )


def withdraw(kind: ConsentKind = SERVICES, partner: str | None = None, day: float = 3) -> Command:
    organisation = org(partner) if kind is SHARING else None
    return lambda b: b.withdraw_consent(kind, organisation_id=organisation, actor="ben", at=at(day))


def profile(
    types: tuple[ExploitationType, ...] = (ExploitationType.SEXUAL_EXPLOITATION,),
    day: float = 1,
) -> Command:
    return lambda b: b.record_exploitation_profile(
        types,
        (ControlMethod.DEBT_BONDAGE, ControlMethod.WITHHOLDS_DOCUMENTS),
        (RecruitmentMethod.THROUGH_ONLINE_SOCIAL_NETWORKS,),
        RelationshipToTrafficker.ACQUAINTED,
        (Vulnerability.POVERTY,),
        actor="ana",
        at=at(day),
    )


# ------------------------------------------------------------------- register


def test_register_records_the_person_as_a_possible_victim() -> None:
    b = register(
        personal=replace(ADULT, given_name="  Arta ", email=" "), citizenships=("XK", "AL", "XK")
    )
    then(
        pending(b),
        (
            Beneficiary.Registered,
            {
                "code": CODE,
                "personal": replace(ADULT, email=None),
                "gender": Gender.FEMININE,
                "age_at_identification": 26,
                "citizenships": ("XK", "AL"),
                "languages": ("sq", "en"),
                "scope": TraffickingScope.INTERNATIONAL,
                "actor": "ana",
            },
        ),
    )
    assert b.label == LABEL
    assert b.trafficking_status is TraffickingStatus.POSSIBLE
    assert (b.age_band, b.is_minor, b.has_guardian, b.consents) == (
        AgeBand.AGE_24_26,
        False,
        False,
        {},
    )


def test_a_registered_beneficiary_replays_to_the_same_state() -> None:
    b = adult(decide(), profile(), give())
    assert b.code == CODE
    assert b.personal == ADULT
    assert b.trafficking_status is TraffickingStatus.ACTUAL
    assert b.deciding_body is DecidingBody.POLICE
    assert b.status_decided_on == at(1).date()
    assert b.has_consent(SERVICES)


def test_personal_data_is_never_copied_outside_the_personal_value() -> None:
    b = adult(give(SHARING, partner="IOM"))
    for name, value in vars(b).items():
        if name != "personal":
            assert "Arta" not in repr(value), name
            assert "Krasniqi" not in repr(value), name


@pytest.mark.parametrize(
    ("age", "band", "is_minor"),
    [
        (0, AgeBand.AGE_0_8, True),
        (8, AgeBand.AGE_0_8, True),
        (9, AgeBand.AGE_9_17, True),
        (17, AgeBand.AGE_9_17, True),
        (18, AgeBand.AGE_18_20, False),
        (20, AgeBand.AGE_18_20, False),
        (21, AgeBand.AGE_21_23, False),
        (26, AgeBand.AGE_24_26, False),
        (29, AgeBand.AGE_27_29, False),
        (38, AgeBand.AGE_30_38, False),
        (47, AgeBand.AGE_39_47, False),
        (48, AgeBand.AGE_48_PLUS, False),
        (120, AgeBand.AGE_48_PLUS, False),
    ],
)
def test_age_band_and_minor_flag_derive_from_age_at_identification(
    age: int, band: AgeBand, is_minor: bool
) -> None:
    b = register(age=age)
    assert (b.age_band, b.is_minor) == (band, is_minor)
    assert age_band_for(age) is band


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("code", {"code": "PVPT-26-0001"}),
        ("code", {"code": "PVPT-2026-001"}),
        ("code", {"code": "Arta Krasniqi"}),
        ("age_at_identification", {"age": -1}),
        ("age_at_identification", {"age": 121}),
        ("personal.given_name", {"personal": replace(ADULT, given_name="  ")}),
        ("personal.family_name", {"personal": replace(ADULT, family_name="")}),
        ("personal.birth_date", {"personal": replace(ADULT, birth_date=date(2026, 3, 3))}),
        ("citizenships", {"citizenships": ()}),
        ("citizenships", {"citizenships": ("Kosovo",)}),
        ("languages", {"languages": ("Albanian",)}),
        ("at", {"moment": datetime(2026, 3, 2, 9, 0)}),
        ("actor", {"actor": " "}),
    ],
)
def test_register_refuses_invalid_input(field: str, kwargs: dict[str, Any]) -> None:
    invalid_registration(field, **kwargs)


def test_age_band_outside_the_range_is_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        age_band_for(-3)
    assert caught.value.field == "age_at_identification"


# ---------------------------------------------------------- personal data


def test_update_personal_data() -> None:
    b = adult()
    new = replace(ADULT, phone="+383 49 555 666", address=" Prishtinë ")
    events = when(b, lambda b: b.update_personal_data(new, actor="ana", at=at(1)))
    then(events, (Beneficiary.PersonalDataUpdated, {"personal": replace(new, address="Prishtinë")}))
    assert b.personal.address == "Prishtinë"


def test_update_personal_data_refuses_no_change() -> None:
    same = replace(ADULT, given_name=" Arta ")
    violated(adult(), lambda b: b.update_personal_data(same, actor="ana", at=at(1)), "no_change")


@pytest.mark.parametrize(
    ("field", "personal"),
    [
        ("personal.given_name", replace(ADULT, given_name=" ")),
        ("personal.family_name", replace(ADULT, family_name="")),
        ("personal.birth_date", replace(ADULT, birth_date=date(2026, 3, 4))),
        ("personal.phone", replace(ADULT, phone="9" * 51)),
    ],
)
def test_update_personal_data_refuses_invalid_input(field: str, personal: PersonalData) -> None:
    invalid(adult(), lambda b: b.update_personal_data(personal, actor="ana", at=at(1)), field)


# ----------------------------------------------------------- status decision


@pytest.mark.parametrize("status", [TraffickingStatus.ACTUAL, TraffickingStatus.NOT_A_VICTIM])
def test_decide_trafficking_status(status: TraffickingStatus) -> None:
    b = adult()
    then(
        when(b, decide(status)),
        (
            Beneficiary.TraffickingStatusDecided,
            {"status": status, "deciding_body": DecidingBody.POLICE},
        ),
    )
    assert b.trafficking_status is status


def test_deciding_possible_is_refused() -> None:
    invalid(adult(), decide(TraffickingStatus.POSSIBLE), "status")


@pytest.mark.parametrize("first", [TraffickingStatus.ACTUAL, TraffickingStatus.NOT_A_VICTIM])
def test_a_second_decision_by_the_old_route_is_refused_while_one_is_in_force(
    first: TraffickingStatus,
) -> None:
    """One formal decision in force at a time (review of issue 14, item 19): a new one
    revises it (ReviseIdentification); DecideTraffickingStatus does not add another."""
    b = adult(decide(first))
    with pytest.raises(RuleViolated) as caught:
        decide(TraffickingStatus.ACTUAL, 2)(b)
    assert caught.value.rule == "formal_identification_in_force"
    assert list(b.collect_events()) == []


def test_two_stored_decisions_replay_the_latest_in_force() -> None:
    """Stored before the rule: two TraffickingStatusDecided load as they were."""

    def stored(status: TraffickingStatus, day: float) -> Command:
        return lambda b: b._record(
            b.TraffickingStatusDecided, "ana", at(day), status=status,
            deciding_body=DecidingBody.POLICE, decided_on=at(day).date(), status_in_force=status,
        )  # fmt: skip

    b = adult(stored(TraffickingStatus.NOT_A_VICTIM, 1), stored(TraffickingStatus.ACTUAL, 2))
    assert b.trafficking_status is TraffickingStatus.ACTUAL
    assert [d.number for d in b.identifications] == [1, 2]


# ------------------------------------------------------- exploitation profile


def test_record_exploitation_profile_deduplicates_in_order() -> None:
    b = adult()
    types = (
        ExploitationType.FORCED_LABOUR,
        ExploitationType.FORCED_BEGGING,
        ExploitationType.FORCED_LABOUR,
    )
    expected = ExploitationProfile(
        (ExploitationType.FORCED_LABOUR, ExploitationType.FORCED_BEGGING),
        (ControlMethod.DEBT_BONDAGE, ControlMethod.WITHHOLDS_DOCUMENTS),
        (RecruitmentMethod.THROUGH_ONLINE_SOCIAL_NETWORKS,),
        RelationshipToTrafficker.ACQUAINTED,
        (Vulnerability.POVERTY,),
    )
    then(when(b, profile(types)), (Beneficiary.ExploitationProfileRecorded, {"profile": expected}))
    assert b.exploitation == expected


def test_a_new_exploitation_profile_replaces_the_previous_one() -> None:
    b = adult(profile())
    events = when(
        b,
        lambda b: b.record_exploitation_profile(
            (ExploitationType.SERVITUDE,), actor="ana", at=at(2)
        ),
    )
    new = ExploitationProfile((ExploitationType.SERVITUDE,))
    then(events, (Beneficiary.ExploitationProfileRecorded, {"profile": new}))
    assert b.exploitation == new


def test_exploitation_profile_needs_a_type() -> None:
    invalid(adult(), profile(()), "types")


def test_the_same_exploitation_profile_is_refused() -> None:
    violated(adult(profile()), profile(day=2), "no_change")


# ------------------------------------------------------------------- guardian


def test_appoint_guardian_for_a_minor() -> None:
    b = minor()
    padded = replace(GUARDIAN, name=" Drita Gashi ", contact=" ")
    then(
        when(b, appoint(padded)),
        (Beneficiary.GuardianAppointed, {"guardian": replace(GUARDIAN, contact=None)}),
    )
    assert b.has_guardian


def test_a_guardian_can_be_replaced() -> None:
    other = Guardian(GuardianKind.APPOINTED_LEGAL_GUARDIAN, "QPS Prishtinë")
    b = minor(appoint())
    then(when(b, appoint(other, 2)), (Beneficiary.GuardianAppointed, {"guardian": other}))
    assert b.guardian == other


def test_an_adult_gets_no_guardian() -> None:
    err = violated(adult(), appoint(), "not_a_minor")
    assert "minor" in err.message


def test_the_same_guardian_is_refused() -> None:
    violated(minor(appoint()), appoint(day=2), "no_change")


def test_a_guardian_needs_a_name() -> None:
    invalid(minor(), appoint(replace(GUARDIAN, name=" ")), "guardian.name")


# ------------------------------------------------------------------- consents


def test_an_adult_gives_consent_to_services() -> None:
    b = adult()
    then(
        when(b, give()),
        (Beneficiary.ConsentGiven, {"kind": SERVICES, "partner": None, "given_by": BY_SELF}),
    )
    assert b.has_consent(SERVICES)
    assert b.consents == {"services": ConsentRecord(SERVICES, None, BY_SELF, "ana", at(2).date())}


def test_sharing_consent_names_one_organisation() -> None:
    b = adult(give(SHARING, partner="Caritas"))
    then(
        when(b, give(SHARING, partner=" IOM ")),
        (Beneficiary.ConsentGiven, {"partner": "IOM", "organisation_id": org("IOM")}),
    )
    assert b.may_share_with(uuid5(NAMESPACE_URL, "IOM"))
    assert not b.may_share_with(uuid5(NAMESPACE_URL, "UNICEF"))
    assert not b.has_consent(SHARING)
    assert b.sharing_partners == (org("Caritas"), org("IOM"))
    assert set(b.consents) == {consent_key(SHARING, org("Caritas")), f"sharing:{org('IOM')}"}


@pytest.mark.parametrize(("kind", "organisation"), [(SHARING, None), (SERVICES, org("IOM"))])
def test_consent_organisation_only_and_always_for_sharing(
    kind: ConsentKind, organisation: UUID | None
) -> None:
    command: Command = lambda b: b.give_consent(  # noqa: E731 -- the command under test
        kind, BY_SELF, "IOM" if organisation else None, organisation_id=organisation,
        actor="ana", at=at(2),
    )  # fmt: skip
    invalid(adult(), command, "organisation_id")


def test_a_guardian_gives_a_minors_consent() -> None:
    b = minor(appoint())
    then(when(b, give(REPORTING, BY_GUARDIAN)), (Beneficiary.ConsentGiven, {"kind": REPORTING}))
    assert b.consents["anonymised_reporting"].given_by is BY_GUARDIAN


@pytest.mark.parametrize(("kind", "partner"), [(SHARING, "  "), (SERVICES, "IOM"), (REPORTING, "")])
def test_consent_partner_only_and_always_for_sharing(
    kind: ConsentKind, partner: str | None
) -> None:
    command: Command = lambda b: b.give_consent(  # noqa: E731 -- the command under test
        kind, BY_SELF, partner, organisation_id=org("IOM") if kind is SHARING else None,
        actor="ana", at=at(2),
    )  # fmt: skip
    invalid(adult(), command, "partner")


def test_an_adults_consent_is_their_own() -> None:
    invalid(adult(), give(by=BY_GUARDIAN), "given_by")


def test_a_minors_consent_is_the_guardians() -> None:
    invalid(minor(appoint()), give(by=BY_SELF), "given_by")


def test_a_minors_consent_needs_an_appointed_guardian() -> None:
    violated(minor(), give(by=BY_GUARDIAN), "guardian_required")


def test_consent_already_in_force_is_refused() -> None:
    violated(
        adult(give(SHARING, partner="IOM")),
        give(SHARING, partner="IOM", day=3),
        "consent_already_given",
    )


def test_withdraw_consent() -> None:
    b = adult(give(), give(SHARING, partner="IOM"))
    then(
        when(b, withdraw(SHARING, " IOM ")),
        (Beneficiary.ConsentWithdrawn, {"kind": SHARING, "partner": "IOM", "actor": "ben"}),
    )
    assert not b.may_share_with(uuid5(NAMESPACE_URL, "IOM"))
    assert b.has_consent(SERVICES)


def test_consent_can_be_given_again_after_withdrawal() -> None:
    b = adult(give(), withdraw())
    then(when(b, give(day=4)), (Beneficiary.ConsentGiven, {"kind": SERVICES}))


@pytest.mark.parametrize(("kind", "partner"), [(SERVICES, None), (SHARING, "UNICEF")])
def test_withdrawing_consent_not_in_force_is_refused(
    kind: ConsentKind, partner: str | None
) -> None:
    violated(adult(give(SHARING, partner="IOM")), withdraw(kind, partner), "consent_not_given")


@pytest.mark.parametrize(("kind", "organisation"), [(SHARING, None), (SERVICES, org("IOM"))])
def test_withdraw_consent_checks_the_organisation(
    kind: ConsentKind, organisation: UUID | None
) -> None:
    command: Command = lambda b: b.withdraw_consent(  # noqa: E731 -- the command under test
        kind, organisation_id=organisation, actor="ben", at=at(3)
    )
    invalid(adult(give()), command, "organisation_id")


# ------------------------------------------------------------------------ time


def test_a_time_without_zone_is_refused() -> None:
    naive = datetime(2026, 3, 3, 9, 0)  # no tzinfo: the point of the test
    invalid(
        adult(),
        lambda b: b.decide_trafficking_status(
            TraffickingStatus.ACTUAL, DecidingBody.NGO, actor="ana", at=naive
        ),
        "at",
    )


def test_a_clock_a_little_behind_the_last_change_is_accepted() -> None:
    """Order is the version's, not the timestamp's (servers' clocks may differ)."""
    b = adult(give(day=5))
    events = when(b, give(SHARING, partner="IOM", day=4))
    assert [e.originator_version for e in events] == [b.version]
    assert b.may_share_with(uuid5(NAMESPACE_URL, "IOM"))


# ------------------------------------------------------------------- property

KEYS = [(SERVICES, None), (REPORTING, None), (SHARING, "IOM"), (SHARING, "Caritas")]


@settings(max_examples=60, deadline=None, database=None)
@for_all(st.lists(st.tuples(st.booleans(), st.sampled_from(KEYS)), max_size=25))
def test_consents_follow_the_last_action_per_key(
    actions: list[tuple[bool, tuple[ConsentKind, str | None]]],
) -> None:
    b = register()
    events = pending(b)
    in_force: dict[str, bool] = {}
    for step, (giving, (kind, partner)) in enumerate(actions, start=1):
        key = consent_key(kind, org(partner))
        command = give(kind, partner=partner, day=step) if giving else withdraw(kind, partner, step)
        if in_force.get(key, False) is giving:
            violated(b, command, "consent_already_given" if giving else "consent_not_given")
        else:
            events += when(b, command)
        in_force[key] = giving
        for k, p in KEYS:
            assert b.has_consent(k, org(p)) is in_force.get(consent_key(k, org(p)), False)
    assert given(Beneficiary, events).consents == b.consents
