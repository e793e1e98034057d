"""Sharing consent matches by registered organisation, not by the words of a name
(issue 15, done-when): cases where the old free-text match would have allowed or
blocked the wrong referral. Events stored before the registry are read through their
upcasts (domain/partners.py, domain/reference/organisation_aliases.csv)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest

from domain.beneficiary import Beneficiary
from domain.care_plan import CarePlan
from domain.case import Case
from domain.errors import ConsentRequired
from domain.organisation import organisation_id
from domain.partners import aliases, label, organisation_named, unregistered
from domain.values import PersonalData
from domain.vocab import ConsentGiver, ConsentKind, Gender, TraffickingScope
from services.organisation_registry import read_registry
from tests.unit.dsl import at, given, history, then, when

IOM = organisation_id("iom-kosovo")
CSW_PRISHTINE = organisation_id("csw-prishtine")
CSW_PRIZREN = organisation_id("csw-prizren")
POLICE = organisation_id("kosovo-police")
SHARING = ConsentKind.SHARING
BY_SELF = ConsentGiver.BENEFICIARY


def register() -> Beneficiary:
    return Beneficiary.register(
        "PVPT-2026-0001",
        PersonalData("Arta", "Krasniqi"),
        Gender.FEMININE,
        26,
        ("XK",),
        ("sq",),
        TraffickingScope.DOMESTIC,
        actor="ana",
        at=at(),
    )


def consent(organisation: UUID, name: str, day: float = 1) -> Any:
    return lambda b: b.give_consent(
        SHARING, BY_SELF, name, organisation_id=organisation, actor="ana", at=at(day)
    )


def legacy_consent(partner: str, day: float = 1) -> Any:
    """A sharing consent as stored before the registry (ConsentGiven v4: the name only),
    read as the store reads it now: through the event's upcast."""
    state: dict[str, Any] = {"kind": "sharing", "partner": partner, "given_by": "beneficiary"}
    Beneficiary.ConsentGiven.upcast_v4_v5(state)
    found = state["organisation_id"]

    def record(b: Beneficiary) -> None:
        b._record(  # replaying a stored event, as the repository does
            Beneficiary.ConsentGiven,
            "ana",
            at(day),
            kind=SHARING,
            partner=partner,
            given_by=BY_SELF,
            given_on=at(day).date(),
            renew_by=None,
            organisation_id=None if found is None else UUID(found),
        )

    return record


def person(*commands: Any) -> Beneficiary:
    return given(Beneficiary, history(register, *commands))


def share(organisation: UUID, name: str) -> Any:
    return lambda b: b.share_with(organisation, name, "PVPT-C-2026-0001", 1, actor="ana", at=at(5))


def refused(b: Beneficiary, organisation: UUID, name: str) -> None:
    with pytest.raises(ConsentRequired) as caught:
        share(organisation, name)(b)
    assert name in caught.value.message
    assert list(b.collect_events()) == []


# ------------------------------------------------------- the wrong referral allowed


def test_legacy_consent_to_centre_for_social_work_allows_no_particular_centre() -> None:
    """Consent stored to "Centre for Social Work", given for the Prishtinë centre: the
    old free-text key matched a referral to any centre so named, Prizren's too."""
    b = person(legacy_consent("Centre for Social Work"))
    assert b.consents["sharing:unregistered:Centre for Social Work"].organisation_id is None
    refused(b, CSW_PRIZREN, "Centre for Social Work")
    refused(b, CSW_PRISHTINE, "Centre for Social Work")


def test_consent_to_one_centre_for_social_work_does_not_cover_another() -> None:
    b = person(consent(CSW_PRISHTINE, "Qendra për Punë Sociale Prishtinë"))
    refused(b, CSW_PRIZREN, "Qendra për Punë Sociale Prizren")
    assert not b.may_share_with(CSW_PRIZREN)


# ------------------------------------------------------- the right referral blocked


def test_consent_to_iom_covers_iom_after_it_is_renamed() -> None:
    b = person(consent(IOM, "IOM Kosovo"))
    then(
        when(b, share(IOM, "IOM - UN Migration, Kosovo")),
        (
            Beneficiary.SharedWithPartner,
            {"organisation_id": IOM, "partner": "IOM - UN Migration, Kosovo"},
        ),
    )


def test_legacy_consent_to_iom_covers_a_referral_to_iom_kosovo() -> None:
    """ "IOM" and "IOM Kosovo" are one organisation: the old key blocked the referral."""
    b = person(legacy_consent("IOM"))
    assert b.may_share_with(IOM)
    then(
        when(b, share(IOM, "IOM Kosovo")),
        (Beneficiary.SharedWithPartner, {"organisation_id": IOM, "partner": "IOM Kosovo"}),
    )


def test_legacy_consent_is_withdrawn_by_the_organisation_its_name_means() -> None:
    b = person(legacy_consent(" iom kosovo "))
    then(
        when(b, lambda b: b.withdraw_consent(SHARING, organisation_id=IOM, actor="ben", at=at(3))),
        (Beneficiary.ConsentWithdrawn, {"organisation_id": IOM, "partner": " iom kosovo "}),
    )
    assert not b.may_share_with(IOM)


def test_an_unregistered_legacy_consent_is_withdrawn_by_its_name() -> None:
    b = person(legacy_consent("Centre for Social Work"))
    then(
        when(
            b,
            lambda b: b.withdraw_consent(SHARING, "Centre for Social Work", actor="ben", at=at(3)),
        ),
        (Beneficiary.ConsentWithdrawn, {"organisation_id": None}),
    )
    assert b.consents == {}


# --------------------------------------------------------------------- upcasts


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("IOM", IOM),
        ("  iom kosovo ", IOM),
        ("Centre for Social Work Prishtina", CSW_PRISHTINE),
        ("Centre for Social Work", None),
        ("Kosovo Police", POLICE),
        ("Kosovo Police Prishtina", None),  # a regional directorate the registry lacks
        ("Caritas of somewhere", None),
        (None, None),
    ],
)
def test_stored_names_are_matched_through_the_alias_file(
    name: str | None, expected: UUID | None
) -> None:
    assert organisation_named(name) == expected


def test_every_alias_means_a_registered_organisation() -> None:
    registry = {entry.key for entry in read_registry()}
    assert set(aliases().values()) <= registry


def test_legacy_consent_to_a_police_directorate_is_no_consent_to_all_police() -> None:
    """ADR 27: aliases only for names that can mean one organisation. "Kosovo Police
    Prishtina" (a regional directorate) must not read as consent to Kosovo Police."""
    b = person(legacy_consent("Kosovo Police Prishtina"))
    assert b.consents["sharing:unregistered:Kosovo Police Prishtina"].organisation_id is None
    refused(b, POLICE, "Policia e Kosovës")


def test_unmatched_names_read_as_unregistered() -> None:
    assert label("Centre for Social Work", None) == "unregistered: Centre for Social Work"
    assert label("IOM Kosovo", IOM) == "IOM Kosovo"
    assert unregistered("X") == "unregistered: X"


def test_stored_referrals_and_reliances_gain_the_organisation() -> None:
    referral: dict[str, Any] = {"partner": "IOM"}
    Case.ReferredOut.upcast_v1_v2(referral)
    shared: dict[str, Any] = {"partner": "Centre for Social Work"}
    Beneficiary.SharedWithPartner.upcast_v1_v2(shared)
    withdrawn: dict[str, Any] = {"partner": None}
    Beneficiary.ConsentWithdrawn.upcast_v2_v3(withdrawn)
    assert (referral["organisation_id"], shared["organisation_id"]) == (str(IOM), None)
    assert withdrawn["organisation_id"] is None


def test_a_snapshot_before_the_registry_rekeys_its_consents() -> None:
    state: dict[str, Any] = {
        "consents": {
            "services": {"kind": "services", "partner": None},
            "sharing:IOM": {"kind": "sharing", "partner": "IOM"},
            "sharing:Centre for Social Work": {
                "kind": "sharing",
                "partner": "Centre for Social Work",
            },
        }
    }
    Beneficiary.upcast_v5_v6(state)
    assert set(state["consents"]) == {
        "services",
        f"sharing:{IOM}",
        "sharing:unregistered:Centre for Social Work",
    }
    assert state["consents"][f"sharing:{IOM}"]["organisation_id"] == str(IOM)


def test_a_snapshot_with_two_old_names_of_one_organisation_keeps_the_earlier() -> None:
    state: dict[str, Any] = {
        "consents": {
            "sharing:IOM": {"kind": "sharing", "partner": "IOM", "given_on": "2026-02-03"},
            "sharing:IOM Kosovo": {
                "kind": "sharing",
                "partner": "IOM Kosovo",
                "given_on": "2026-01-20",
            },
        }
    }
    Beneficiary.upcast_v5_v6(state)
    assert state["consents"] == {
        f"sharing:{IOM}": {
            "kind": "sharing",
            "partner": "IOM Kosovo",
            "given_on": "2026-01-20",
            "organisation_id": str(IOM),
        }
    }


def test_a_stored_referral_in_and_a_case_snapshot_gain_the_organisation() -> None:
    opened: dict[str, Any] = {"referral": {"organisation": "Kosovo Police"}}
    Case.Opened.upcast_v1_v2(opened)
    assert opened["referral"]["organisation_id"] == str(organisation_id("kosovo-police"))
    snapshot: dict[str, Any] = {
        "referral": {"organisation": "Centre for Social Work"},
        "referrals": {"1": {"partner": "IOM"}, "2": {"partner": "Caritas"}},
    }
    Case.upcast_v8_v9(snapshot)
    assert snapshot["referral"]["organisation_id"] is None
    ids = [r["organisation_id"] for r in snapshot["referrals"].values()]
    assert ids == [str(IOM), None]


def test_a_stored_partner_service_gains_its_organisation() -> None:
    partner: dict[str, Any] = {"provider_kind": "partner", "provider": "Victim Advocacy Office"}
    CarePlan.ServicePlanned.upcast_v1_v2(partner)
    own: dict[str, Any] = {"provider_kind": "pvpt", "provider": "PVPT"}
    snapshot: dict[str, Any] = {"services": {"1": own}}
    CarePlan.upcast_v1_v2(snapshot)
    assert partner["organisation_id"] == str(organisation_id("vaao"))
    assert own["organisation_id"] is None


def test_a_stored_onward_referral_gains_its_organisation() -> None:
    onward: dict[str, Any] = {"onward_referral": {"partner": "Women's Shelter Gjakova"}}
    Case.ScreenedOut.upcast_v3_v4(onward)
    none: dict[str, Any] = {"onward_referral": None}
    Case.ScreenedOut.upcast_v3_v4(none)
    shelter = str(organisation_id("shelter-gjakove"))
    assert (onward["onward_referral"]["organisation_id"], none["onward_referral"]) == (
        shelter,
        None,
    )


def test_a_stored_identification_names_no_organisation() -> None:
    recorded: dict[str, Any] = {"deciding_body": "Police"}
    Beneficiary.IdentificationRecorded.upcast_v1_v2(recorded)
    revised: dict[str, Any] = {"deciding_body": "Police"}
    Beneficiary.IdentificationRevised.upcast_v1_v2(revised)
    assert (recorded["organisation_id"], revised["organisation_id"]) == (None, None)
