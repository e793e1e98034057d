"""A person's HTCDS details (issue 15): the rest of the personal data, the background,
staff's words on vulnerabilities, death, the personal-data agreement as a consent."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from domain.beneficiary import Beneficiary
from domain.case import Case
from domain.classification import fields_of
from domain.errors import DateInFuture, InvalidInput
from domain.htcds_vocab import EducationLevel, MaritalStatus
from domain.organisation import organisation_id
from domain.parts.beneficiary_background import PersonBackground, upcast_snapshot_v6_v7
from domain.sensitivity import Sensitivity
from domain.values import PersonalData
from domain.vocab import (
    ConsentGiver,
    ConsentKind,
    ErasureBasis,
    OrganisationType,
    OutgoingReferralReason,
    Stage,
)
from tests.unit.dsl import at, given, history, then, when
from tests.unit.test_beneficiary import ADULT, Command, adult, invalid, refused, register, violated
from tests.unit.test_case import (
    BENEFICIARY_CODE,
    BENEFICIARY_ID,
    CASE_NUMBER,
    LATER,
    PARTNER,
    REFERRAL,
    WORKER,
    case_in,
)

BACKGROUND = PersonBackground(
    MaritalStatus.SINGLE,
    1,
    EducationLevel.PRIMARY,
    "rom",
    "sq",
    "XK",
    "13",
    "07",
)
FULL = replace(
    ADULT,
    salutation="Ms",
    middle_name="Drita",
    title="Nurse",
    home_phone="+383 38 123 456",
    mailing_street="Rr. Shembulli 1",
    mailing_city="Prishtinë",
    mailing_postal_code="10000",
    mailing_country="XK",
    mailing_latitude=42.6629,
    mailing_longitude=21.1655,
)


def background(value: PersonBackground = BACKGROUND, day: float = 1) -> Command:
    return lambda b: b.record_background(value, actor="ana", at=at(day))


def describe(details: str = "No income at home.", day: float = 1) -> Command:
    return lambda b: b.describe_vulnerabilities(details, actor="ana", at=at(day))


def death(on: date | None = date(2026, 3, 5), day: float = 5) -> Command:
    return lambda b: b.record_death(on, actor="ana", at=at(day))


# ------------------------------------------------------------ personal data


def test_the_rest_of_the_htcds_personal_data_is_kept_stripped() -> None:
    b = adult()
    then(
        when(
            b, lambda r: r.update_personal_data(replace(FULL, title=" Nurse "), actor="a", at=at(1))
        ),
        (Beneficiary.PersonalDataUpdated, {"personal": FULL}),
    )
    assert b.personal.home_phone == "+383 38 123 456"


def test_a_blank_optional_personal_text_is_none() -> None:
    b = adult()
    when(
        b,
        lambda r: r.update_personal_data(
            replace(ADULT, salutation="  ", title="Nurse"), actor="a", at=at(1)
        ),
    )
    assert b.personal.salutation is None


def test_mailing_country_and_coordinates_are_checked() -> None:
    b = adult()

    def update(personal: PersonalData) -> Command:
        return lambda r: r.update_personal_data(personal, actor="a", at=at(1))

    invalid(b, update(replace(ADULT, mailing_country="XX")), "personal.mailing_country")
    invalid(b, update(replace(ADULT, mailing_latitude=91.0)), "personal.mailing_latitude")
    invalid(b, update(replace(ADULT, mailing_longitude=-181.0)), "personal.mailing_longitude")
    invalid(b, update(replace(ADULT, mailing_postal_code="1" * 21)), "personal.mailing_postal_code")


def test_personal_data_stored_before_decodes_with_the_new_fields_empty() -> None:
    old = PersonalData("Arta", "Krasniqi", phone="+383")
    assert (old.salutation, old.mailing_city, old.mailing_latitude) == (None, None, None)


# ------------------------------------------------------------ background


def test_background_is_recorded_and_its_languages_join_the_persons() -> None:
    b = adult()
    then(when(b, background()), (Beneficiary.BackgroundRecorded, {"background": BACKGROUND}))
    assert b.background == BACKGROUND
    assert b.languages == ("rom", "sq", "en")


def test_background_is_replaced_whole_and_the_same_one_is_refused() -> None:
    b = adult(background())
    violated(b, background(), "no_change")
    then(
        when(b, background(replace(BACKGROUND, number_of_children=2))),
        (Beneficiary.BackgroundRecorded, {}),
    )


def test_an_empty_background_is_refused() -> None:
    invalid(adult(), background(PersonBackground()), "background")


def test_a_residence_municipality_needs_kosovo_as_the_country() -> None:
    abroad = replace(BACKGROUND, residence_country="DE")
    invalid(adult(), background(abroad), "residence_municipality")
    assert adult(background(replace(abroad, residence_municipality=None))).background is not None


def test_places_and_languages_are_codes() -> None:
    b = adult()
    invalid(
        b, background(replace(BACKGROUND, residence_municipality="39")), "residence_municipality"
    )
    invalid(
        b, background(replace(BACKGROUND, origin_municipality="Prishtina")), "origin_municipality"
    )
    invalid(b, background(replace(BACKGROUND, residence_country="Kosovo")), "residence_country")
    invalid(b, background(replace(BACKGROUND, primary_language="Albanian")), "primary_language")
    invalid(b, background(replace(BACKGROUND, secondary_language="rom")), "secondary_language")
    invalid(b, background(replace(BACKGROUND, number_of_children=31)), "number_of_children")


# ------------------------------------------------------------ vulnerabilities, death


def test_vulnerabilities_are_described_in_staffs_words() -> None:
    b = adult()
    then(
        when(b, describe(" No income. ")),
        (Beneficiary.VulnerabilitiesDescribed, {"details": "No income."}),
    )
    violated(b, describe("No income."), "no_change")
    invalid(b, describe("  "), "details")


def test_no_description_once_the_personal_data_is_erased() -> None:
    b = adult(lambda r: r.erase(ErasureBasis.CONSENT_WITHDRAWN, "DPO-1", actor="a", at=at(1)))
    violated(b, describe(day=2), "personal_data_erased")


def test_a_death_is_recorded_once_with_its_day() -> None:
    b = adult()
    then(when(b, death()), (Beneficiary.DeathRecorded, {"died_on": date(2026, 3, 5)}))
    assert b.deceased
    violated(b, death(), "death_already_recorded")


def test_a_death_is_not_in_the_future_nor_before_birth() -> None:
    refused(adult(), death(date(2026, 3, 9), day=5), DateInFuture)
    invalid(adult(), death(date(1990, 1, 1)), "died_on")


def test_a_death_defaults_to_the_day_it_is_recorded() -> None:
    b = adult()
    when(b, death(None, day=5))
    assert b.died_on == date(2026, 3, 7)


# ------------------------------------------------------------ consent, snapshot, classes


def test_the_agreement_to_manage_personal_data_is_a_consent_kind() -> None:
    b = adult()
    then(
        when(
            b,
            lambda r: r.give_consent(
                ConsentKind.PERSONAL_DATA, ConsentGiver.BENEFICIARY, actor="a", at=at(1)
            ),
        ),
        (Beneficiary.ConsentGiven, {"kind": ConsentKind.PERSONAL_DATA, "partner": None}),
    )
    assert b.has_consent(ConsentKind.PERSONAL_DATA)
    refused(
        b,
        lambda r: r.give_consent(
            ConsentKind.PERSONAL_DATA, ConsentGiver.BENEFICIARY, "IOM", actor="a", at=at(2)
        ),
        InvalidInput,
    )


def test_a_snapshot_taken_before_v7_has_no_background() -> None:
    state: dict[str, object] = {"code": "PVPT-2026-0001"}
    upcast_snapshot_v6_v7(state)
    assert state == {
        "code": "PVPT-2026-0001",
        "background": None,
        "vulnerability_details": None,
        "died_on": None,
    }
    assert Beneficiary.__dict__["upcast_v6_v7"].__func__ is upcast_snapshot_v6_v7


def test_places_are_quasi_identifiers_and_the_details_personal() -> None:
    values = fields_of(PersonBackground)
    assert values is not None
    assert all(values[f].quasi_identifier for f in ("residence_country", "origin_municipality"))
    details = fields_of(Beneficiary.VulnerabilitiesDescribed)
    assert details is not None
    assert details["details"].sensitivity is Sensitivity.PERSONAL
    personal = fields_of(PersonalData)
    assert personal is not None
    assert {"salutation", "mailing_street", "mailing_latitude"} <= personal.keys()


def test_replayed_history_gives_the_same_state() -> None:
    b = given(Beneficiary, history(register, background(), describe(), death()))
    assert (b.background, b.vulnerability_details, b.died_on) == (
        BACKGROUND,
        "No income at home.",
        date(2026, 3, 5),
    )


# ------------------------------------------------------------ referrals' caseworkers


def test_the_partners_caseworker_is_kept_with_the_referral() -> None:
    case = case_in(Stage.SERVICE_PROVISION)
    events = when(
        case,
        lambda c: c.refer_out(
            organisation_id("iom-kosovo"),
            PARTNER,
            OrganisationType.NGO,
            OutgoingReferralReason.OTHER,
            sharing_consented=True,
            contact_person=" Mira Berisha ",
            actor=WORKER,
            at=LATER,
        ),
    )
    then(events, (Case.ReferredOut, {"contact_person": "Mira Berisha"}))
    assert case.referrals[1].contact_person == "Mira Berisha"


def test_a_referrers_caseworker_over_200_characters_is_refused() -> None:
    referral = replace(REFERRAL, contact_person="x" * 201)
    with pytest.raises(InvalidInput) as caught:
        Case.open(CASE_NUMBER, BENEFICIARY_ID, BENEFICIARY_CODE, referral, actor=WORKER, at=at())
    assert caught.value.field == "referral.contact_person"
