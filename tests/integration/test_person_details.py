"""A person's HTCDS details on the store (both databases), through the command bus: the
rest of the personal data, the background, vulnerabilities in staff's words, death,
the referrals' caseworkers; a caseworker sees the personal ones, an analyst never; a
record with a snapshot taken before (Beneficiary v5) still loads, from its events."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

import msgspec
import pytest
from eventsourcing.domain import Snapshot

from adapters.run.bootstrap import Journey
from adapters.run.clock import ScriptedClock
from adapters.run.demo import START
from domain.beneficiary import Beneficiary
from domain.case import Case
from domain.case_values import IncomingReferral
from domain.errors import InvalidInput, RuleViolated
from domain.htcds_vocab import EducationLevel, MaritalStatus
from domain.parts.beneficiary_background import PersonBackground
from domain.values import ERASED, ERASED_PERSON, PersonalData
from domain.vocab import (
    ConsentGiver,
    ConsentKind,
    ErasureBasis,
    Gender,
    IncomingReferralReason,
    OrganisationType,
    TraffickingScope,
)
from services.access import Role
from services.commands.beneficiary import (
    ErasePersonalData,
    GiveConsent,
    RegisterBeneficiary,
    UpdatePersonalData,
)
from services.commands.case import OpenCase
from services.commands.person import DescribeVulnerabilities, RecordBackground, RecordDeath
from services.views import beneficiary_view, case_view
from tests.integration.test_field_dates import old_shape
from tests.support.factories import MANAGER, WORKER
from tests.support.raw import found, raw_contents

TODAY = START.date()
PERSON = PersonalData(
    "Arta",
    "Krasniqi",
    TODAY.replace(year=TODAY.year - 24),
    phone="+38344111222",
    salutation="Ms",
    middle_name="Drita",
    home_phone="+38338111222",
    mailing_street="Rr. Shembulli 1",
    mailing_city="Prishtinë",
    mailing_postal_code="10000",
    mailing_country="XK",
    mailing_latitude=42.66,
    mailing_longitude=21.17,
)
BACKGROUND = RecordBackground(
    marital_status=MaritalStatus.DIVORCED,
    number_of_children=2,
    education=EducationLevel.LOWER_SECONDARY,
    primary_language="rom",
    secondary_language="sq",
    residence_country="XK",
    residence_municipality="07",
    origin_municipality="20",
)


def person(journey: Journey) -> UUID:
    command = RegisterBeneficiary(
        personal=PersonalData("Arta", "Krasniqi", PERSON.birth_date),
        gender=Gender.FEMININE,
        age_at_identification=24,
        citizenships=("XK",),
        scope=TraffickingScope.DOMESTIC,
        languages=("sq",),
    )
    return journey.bus.execute(None, command, actor=WORKER).id


def test_the_details_are_recorded_and_kept(journey: Journey) -> None:
    person_id = person(journey)
    journey.bus.execute(person_id, UpdatePersonalData(personal=PERSON), actor=WORKER)
    journey.bus.execute(person_id, BACKGROUND, actor=WORKER)
    journey.bus.execute(person_id, DescribeVulnerabilities(details="No income."), actor=WORKER)
    agreement = GiveConsent(ConsentKind.PERSONAL_DATA, ConsentGiver.BENEFICIARY)
    journey.bus.execute(person_id, agreement, actor=WORKER)
    journey.bus.execute(person_id, RecordDeath(died_on=TODAY), actor=WORKER)
    b = journey.app.load(Beneficiary, person_id)
    assert b.personal == PERSON
    assert b.background == PersonBackground(
        MaritalStatus.DIVORCED, 2, EducationLevel.LOWER_SECONDARY, "rom", "sq", "XK", "07", "20"
    )
    assert b.languages == ("rom", "sq")
    assert (b.vulnerability_details, b.died_on, b.deceased) == ("No income.", TODAY, True)
    assert b.has_consent(ConsentKind.PERSONAL_DATA)


def test_bad_input_is_refused_by_name_and_nothing_is_half_applied(journey: Journey) -> None:
    person_id = person(journey)
    abroad = msgspec.structs.replace(BACKGROUND, residence_country="DE")
    with pytest.raises(InvalidInput) as caught:
        journey.bus.execute(person_id, abroad, actor=WORKER)
    assert caught.value.field == "residence_municipality"
    journey.bus.execute(person_id, RecordDeath(), actor=WORKER)
    with pytest.raises(RuleViolated) as again:
        journey.bus.execute(person_id, RecordDeath(), actor=WORKER)
    assert again.value.rule == "death_already_recorded"
    b = journey.app.load(Beneficiary, person_id)
    assert (b.background, b.version) == (None, 2)


def test_a_caseworker_sees_the_personal_details_and_an_analyst_never(journey: Journey) -> None:
    person_id = person(journey)
    journey.bus.execute(person_id, UpdatePersonalData(personal=PERSON), actor=WORKER)
    journey.bus.execute(person_id, BACKGROUND, actor=WORKER)
    journey.bus.execute(person_id, DescribeVulnerabilities(details="Uncle Agron"), actor=WORKER)
    b = journey.app.load(Beneficiary, person_id)
    worker, _ = beneficiary_view(b, Role.CASEWORKER, TODAY)
    assert worker.personal == PERSON
    assert worker.vulnerability_details == "Uncle Agron"
    analyst, shown = beneficiary_view(b, Role.ANALYST, TODAY)
    assert (analyst.personal, analyst.vulnerability_details) == (None, "withheld")
    assert {"personal", "vulnerability_details"} <= analyst.withheld.keys()
    assert shown == set()
    assert analyst.background == b.background  # non-identifying: codes and places


def test_the_referrers_caseworker_is_personal(journey: Journey) -> None:
    person_id = person(journey)
    referral = IncomingReferral(
        "Kosovo Police",
        OrganisationType.LAW_ENFORCEMENT,
        TODAY - timedelta(days=1),
        IncomingReferralReason.OTHER,
        contact_person="Toger Lule",
    )
    opened = OpenCase(beneficiary_id=person_id, referral=referral)
    case = journey.app.load(Case, journey.bus.execute(None, opened, actor=WORKER).id)
    assert case.referral.contact_person == "Toger Lule"
    b = journey.app.load(Beneficiary, person_id)
    analyst = case_view(case, Role.ANALYST, b, TODAY)[0]
    assert analyst.referral.contact_person == "withheld"
    assert case_view(case, Role.CASEWORKER, b, TODAY)[0].referral.contact_person == "Toger Lule"


def test_a_snapshot_taken_before_the_background_still_loads(
    journey: Journey, clock: ScriptedClock
) -> None:
    person_id = person(journey)
    journey.bus.execute(person_id, RecordDeath(), actor=WORKER)
    loaded = journey.app.load(Beneficiary, person_id)
    snapshot = old_shape(journey, Snapshot.take(loaded), None, _as_v5)
    assert journey.app.snapshots is not None
    journey.app.snapshots.recorder.insert_events([snapshot])
    again = journey.app.load(Beneficiary, person_id)  # replayed: the snapshot is older
    assert (again.background, again.vulnerability_details, again.died_on) == (None, None, TODAY)


def _as_v5(state: dict[str, Any]) -> None:
    for name in ("background", "vulnerability_details", "died_on"):
        del state["state"][name]
    state["class_version"] = 5


def test_the_raw_store_never_shows_the_personal_details_and_erasure_shreds_them(
    journey: Journey, database_url: str
) -> None:
    person_id = person(journey)
    journey.bus.execute(person_id, UpdatePersonalData(personal=PERSON), actor=WORKER)
    journey.bus.execute(person_id, DescribeVulnerabilities(details="Uncle Agron"), actor=WORKER)
    secrets = ("Uncle Agron", "Rr. Shembulli 1", "+38338111222", "Drita")
    assert found(raw_contents(database_url), secrets) == []
    erasure = ErasePersonalData(ErasureBasis.CONSENT_WITHDRAWN, "DPO-2026-015")
    journey.bus.execute(person_id, erasure, actor=MANAGER)
    erased = journey.app.load(Beneficiary, person_id)
    assert erased.personal == ERASED_PERSON
    assert erased.vulnerability_details == ERASED
