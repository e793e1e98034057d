"""Sharing consent matches by registered organisation through the app (issue 15,
done-when), on SQLite and PostgreSQL: the cases where the old free-text match allowed
or blocked the wrong referral, and the organisation checks of the commands."""

from __future__ import annotations

from dataclasses import replace
from uuid import UUID

import msgspec
import pytest

from adapters.run.bootstrap import Journey
from adapters.run.demo.partners import shipped
from domain.beneficiary import Beneficiary
from domain.case_values import IncomingReferral
from domain.errors import ConsentRequired, InvalidInput, RuleViolated
from domain.organisation import organisation_id
from domain.organisation_values import OrganisationNames
from domain.parts.case_screening import OnwardReferral
from domain.vocab import (
    ConsentGiver,
    ConsentKind,
    DecidingBody,
    IdentificationKind,
    IncomingReferralReason,
    OrganisationType,
    OtherNeed,
    OutgoingReferralReason,
    ScreeningOutcome,
    TraffickingStatus,
)
from services.access import Role
from services.commands.beneficiary import GiveConsent, WithdrawConsent
from services.commands.case import AssignCaseworker, OpenCase, ScreenOut, StartScreening
from services.commands.identification import RecordIdentification
from services.commands.organisation import DeactivateOrganisation, RenameOrganisation
from services.commands.referrals import ReferOut
from services.partner_names import PartnerNames
from services.views import case_view, consents_in_force
from tests.support.factories import (
    MANAGER,
    WORKER,
    case_in_service_provision,
    open_case,
    register,
)
from tests.support.partners import CSW_PRISHTINE, CSW_PRIZREN, IOM, IOM_NAME, partner

SHARING = ConsentKind.SHARING
REASON = OutgoingReferralReason.ADDITIONAL_SERVICES_REQUIRED


def consent(journey: Journey, beneficiary: UUID, organisation: UUID) -> None:
    give = GiveConsent(
        kind=SHARING, given_by=ConsentGiver.BENEFICIARY, organisation_id=organisation
    )
    journey.bus.execute(beneficiary, give, actor=WORKER)


def refer(journey: Journey, case_id: UUID, organisation: UUID) -> None:
    journey.bus.execute(
        case_id, ReferOut(organisation_id=organisation, reason=REASON), actor=WORKER
    )


def case_of_a_person(journey: Journey) -> tuple[UUID, UUID]:
    case_id = case_in_service_provision(journey)
    return case_id, journey.queries.case(case_id).beneficiary_id


def test_consent_to_one_centre_for_social_work_does_not_cover_another(journey: Journey) -> None:
    """Both are "Centre for Social Work" to staff; only the Prishtinë one was consented to."""
    case_id, person = case_of_a_person(journey)
    prishtine, prizren = partner(journey, CSW_PRISHTINE), partner(journey, CSW_PRIZREN)
    consent(journey, person, prishtine)
    with pytest.raises(ConsentRequired, match="Qendra për Punë Sociale Prizren"):
        refer(journey, case_id, prizren)
    assert journey.queries.case(case_id).referrals == {}
    refer(journey, case_id, prishtine)
    referral = journey.queries.case(case_id).referrals[1]
    assert (referral.organisation_id, referral.partner) == (
        prishtine,
        "Qendra për Punë Sociale Prishtinë",
    )
    assert referral.partner_type is not None
    assert referral.partner_type.value == "LocalGovernmentOrganisation"  # the registry's


def test_consent_to_iom_covers_iom_after_it_is_renamed(journey: Journey) -> None:
    case_id, person = case_of_a_person(journey)
    iom = partner(journey, IOM)
    consent(journey, person, iom)
    names = OrganisationNames("IOM - Agjencia e OKB-së për Migracion", None, "IOM Kosovo")
    journey.bus.execute(iom, RenameOrganisation(names=names), actor=MANAGER)
    refer(journey, case_id, iom)
    referral = journey.queries.case(case_id).referrals[1]
    assert referral.partner == "IOM - Agjencia e OKB-së për Migracion"
    assert referral.partner_type is None  # an international organisation: no HTCDS type
    stored = journey.app.repository.event_store.get(person)
    shared = [e for e in stored if isinstance(e, Beneficiary.SharedWithPartner)]
    assert [(e.organisation_id, e.partner) for e in shared] == [(iom, referral.partner)]


def test_views_show_the_registrys_current_name(journey: Journey) -> None:
    case_id, person = case_of_a_person(journey)
    iom = partner(journey, IOM)
    consent(journey, person, iom)
    refer(journey, case_id, iom)
    names = OrganisationNames("Organizata Ndërkombëtare për Migracion", None, None)
    journey.bus.execute(iom, RenameOrganisation(names=names), actor=MANAGER)
    partners = PartnerNames(journey.app)
    view, _ = case_view(journey.queries.case(case_id), Role.CASE_MANAGER, partners=partners)
    assert [r.partner for r in view.referrals] == ["Organizata Ndërkombëtare për Migracion"]
    beneficiary = journey.queries.beneficiary(person)
    consents, _ = consents_in_force(beneficiary, Role.CASE_MANAGER, partners)
    sharing = [c for c in consents if c.kind is SHARING]
    assert [(c.partner, c.organisation_id) for c in sharing] == [
        ("Organizata Ndërkombëtare për Migracion", iom)
    ]
    assert beneficiary.consents[f"sharing:{iom}"].partner == IOM_NAME  # as recorded


def test_an_unregistered_organisation_is_refused_naming_the_field(journey: Journey) -> None:
    case_id, person = case_of_a_person(journey)
    nowhere = organisation_id("no-such-partner")
    with pytest.raises(InvalidInput) as caught:
        consent(journey, person, nowhere)
    assert caught.value.field == "organisation_id"
    with pytest.raises(InvalidInput) as refused:
        refer(journey, case_id, nowhere)
    assert refused.value.field == "organisation_id"
    assert journey.queries.beneficiary(person).consents.get(f"sharing:{nowhere}") is None


def test_an_inactive_organisation_takes_no_new_consent_but_one_is_withdrawn(
    journey: Journey,
) -> None:
    _, person = case_of_a_person(journey)
    iom = partner(journey, IOM)
    consent(journey, person, iom)
    journey.bus.execute(
        iom, DeactivateOrganisation(active_to=shipped()[IOM].active_from), actor=MANAGER
    )
    other = case_of_a_person(journey)[1]
    with pytest.raises(RuleViolated) as caught:
        consent(journey, other, iom)
    assert caught.value.rule == "organisation_inactive"
    withdraw = WithdrawConsent(kind=SHARING, organisation_id=iom)
    journey.bus.execute(person, withdraw, actor=WORKER)
    assert not journey.queries.beneficiary(person).may_share_with(iom)


def test_a_sharing_consent_without_an_organisation_is_refused(journey: Journey) -> None:
    _, person = case_of_a_person(journey)
    give = GiveConsent(kind=SHARING, given_by=ConsentGiver.BENEFICIARY)
    with pytest.raises(InvalidInput) as caught:
        journey.bus.execute(person, give, actor=WORKER)
    assert caught.value.field == "organisation_id"
    assert isinstance(journey.queries.beneficiary(person), Beneficiary)


def test_a_referral_in_names_the_registered_referrer(journey: Journey) -> None:
    police = partner(journey, "kosovo-police")
    person = register(journey)
    referral = IncomingReferral(
        "as typed", OrganisationType.NGO, journey.bus.clock().date(), IncomingReferralReason.OTHER,
        organisation_id=police,
    )  # fmt: skip
    case_id = journey.bus.execute(
        None, OpenCase(beneficiary_id=person, referral=referral), actor=WORKER
    ).id
    stored = journey.queries.case(case_id).referral
    assert (stored.organisation_id, stored.organisation) == (police, "Policia e Kosovës")
    assert stored.organisation_type is OrganisationType.LAW_ENFORCEMENT  # the registry's
    nowhere = replace(referral, organisation_id=organisation_id("no-such-referrer"))
    with pytest.raises(InvalidInput) as caught:
        journey.bus.execute(None, OpenCase(beneficiary_id=person, referral=nowhere), actor=WORKER)
    assert caught.value.field == "referral.organisation_id"


def test_an_onward_referral_names_the_registered_organisation(journey: Journey) -> None:
    shelter = partner(journey, "shelter-gjakove")
    case_id = open_case(journey, register(journey))
    journey.bus.execute(case_id, AssignCaseworker(caseworker=WORKER), actor=MANAGER)
    journey.bus.execute(case_id, StartScreening(), actor=WORKER)
    onward = OnwardReferral("as typed", OrganisationType.LEGAL_SERVICE, organisation_id=shelter)
    screen_out = ScreenOut(
        outcome=ScreeningOutcome.NOT_TRAFFICKING_OTHER_NEED,
        rationale="domestic violence, no exploitation",
        other_need=OtherNeed.DOMESTIC_VIOLENCE,
        onward_referral=onward,
    )
    journey.bus.execute(case_id, screen_out, actor=WORKER)
    [recorded] = journey.queries.case(case_id).screenings_out
    assert recorded.onward_referral == OnwardReferral(
        "Shtëpia e Sigurt, Gjakovë", OrganisationType.NGO, organisation_id=shelter
    )


def test_an_identification_names_the_registered_identifying_organisation(
    journey: Journey,
) -> None:
    police = partner(journey, "kosovo-police-dithb")
    person = register(journey)
    decision = RecordIdentification(
        kind=IdentificationKind.FORMAL,
        status=TraffickingStatus.ACTUAL,
        deciding_body=DecidingBody.POLICE,
        reference="DHT-2026/0142",
        organisation_id=police,
    )
    journey.bus.execute(person, decision, actor=WORKER)
    [recorded] = journey.queries.beneficiary(person).identifications
    assert recorded.organisation_id == police
    unknown = msgspec.structs.replace(decision, organisation_id=organisation_id("nobody"))
    with pytest.raises(InvalidInput) as caught:
        journey.bus.execute(person, unknown, actor=WORKER)
    assert caught.value.field == "organisation_id"
