"""The HTCDS export's core fields from a person's background, episodes and consents
(issue 15): episode-derived fields as a union, places generalised, identifying ones
withheld as empty columns."""

from __future__ import annotations

from dataclasses import replace

from domain.beneficiary import Beneficiary
from domain.case import Case
from domain.htcds_vocab import MaritalStatus
from domain.parts.beneficiary_background import PersonBackground
from domain.values import PersonalData
from domain.vocab import (
    ConsentGiver,
    ConsentKind,
    ControlMethod,
    ExploitationType,
    RecruitmentMethod,
)
from projections import htcds_export as htcds
from projections import htcds_person as person
from projections.kanon import anonymise
from tests.support.htcds import invalid_values, reference_fields
from tests.unit.dsl import at
from tests.unit.test_episodes import EPISODE, LABOUR
from tests.unit.test_htcds_export import _victim

FULL = PersonalData(
    "Vjollca",
    "Zeqiri",
    salutation="Ms",
    middle_name="Drita",
    title="Nurse",
    home_phone="+38338555123",
    mailing_street="Rr. Nena Tereze 12",
    mailing_city="Prishtinë",
    mailing_state="Prishtinë",
    mailing_postal_code="10000",
    mailing_country="XK",
)


def _with_everything() -> tuple[Beneficiary, Case]:
    beneficiary, case = _victim()
    beneficiary.update_personal_data(FULL, actor="ana", at=at(2))
    beneficiary.record_exploitation_profile(
        (ExploitationType.SEXUAL_EXPLOITATION,),
        (ControlMethod.DEBT_BONDAGE,),
        (RecruitmentMethod.AT_WORK,),
        actor="ana",
        at=at(2),
    )
    beneficiary.record_trafficking_episode(
        replace(EPISODE, age_when_trafficked=None), actor="ana", at=at(2)
    )
    beneficiary.record_trafficking_episode(LABOUR, actor="ana", at=at(2))
    beneficiary.record_background(
        PersonBackground(MaritalStatus.SINGLE, residence_country="XK", residence_municipality="13"),
        actor="ana",
        at=at(2),
    )
    beneficiary.describe_vulnerabilities("Her uncle Agron sold her", actor="ana", at=at(2))
    beneficiary.give_consent(ConsentKind.SERVICES, ConsentGiver.BENEFICIARY, actor="ana", at=at(2))
    return beneficiary, case


def test_episode_derived_fields_are_the_union_over_episodes_and_profile() -> None:
    beneficiary, case = _with_everything()
    record = htcds.victim_record(beneficiary, case, [], [])
    cells = record.attributes
    assert record.quasi["exploitation"] == "ForcedLabour;SexualExploitation"
    assert cells["vic_MethodOfRecruitment"] == "AtWork;ThroughOnlineSocialNetworks"
    assert cells["vic_MethodsOfControl"] == "DebtBondage"
    assert cells["vic_ForcedLabourIndustry"] == "F_Construction"
    assert cells["vic_TypeOfSexExploitation"] == "Prostitution"
    assert cells["vic_LocationOfRecruitment"] == "Kosovo"
    assert cells["vic_LocationOfExploitation"] == "Kosovo;OtherEurope"
    assert cells["vic_RelationshipToTrafficker"] == "Acquainted"
    assert cells["con_Consent"] == "true"
    assert invalid_values([cells], reference_fields()) == []


def test_identifying_core_fields_are_empty_columns_and_nothing_personal_leaks() -> None:
    beneficiary, case = _with_everything()
    record = htcds.victim_record(beneficiary, case, [], [])
    for column in ("prs_FirstName", "prs_MailingStreet", "prs_Title", "prs_Salutation"):
        assert column in htcds.WITHHELD_COLUMNS
        assert record.attributes[column] == ""
    assert person.WITHHELD["vic_DetailsOfVulnerabilities"] == "withheld: free text"
    assert person.WITHHELD["prs_HomePhone"] == "withheld: identifying"
    cells = " ".join([*record.quasi.values(), *record.attributes.values()])
    secrets = ["Vjollca", "Drita", "Nurse", "Nena", "10000", "Agron", "Prizren", "Bayern", "Pej"]
    assert [s for s in secrets if s in cells] == []


def test_the_residence_goes_out_as_a_district_at_the_finest() -> None:
    beneficiary, case = _with_everything()
    record = htcds.victim_record(beneficiary, case, [], [])
    assert record.quasi["residence"] == "13"
    result = anonymise([record] * 11, htcds.HIERARCHIES, 11, 0.0, htcds.SUPPRESSED_FIELDS)
    assert result.rows[0][person.RESIDENCE] == "Prishtine"
    assert "13" not in result.rows[0].values()


def test_residence_levels() -> None:
    assert person.residence_district("20") == "Prizren"
    assert person.residence_district("abroad:DE") == "OtherEurope"
    assert person.residence_district("XK") == "Kosovo"
    assert person.residence_kosovo_or_abroad("abroad:AL") == "Abroad"
    assert person.residence_kosovo_or_abroad("13") == "Kosovo"
    assert person.residence_district("") == ""
