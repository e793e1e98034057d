"""The indicators of trafficking an identification decision records as checked: data.

Modelled on ILO and European Commission, "Operational indicators of trafficking in
human beings. Results from a Delphi survey implemented by the ILO and the European
Commission" (Geneva, March 2009, revised September 2009). The survey gives, for each of
the six elements of the Palermo Protocol's definition (deceptive recruitment, coercive
recruitment, recruitment by abuse of vulnerability, exploitative conditions, coercion
at destination, abuse of vulnerability at destination), indicators graded strong,
medium or weak; its four lists (adults and children, labour and sexual exploitation)
share most of them. This list merges them: the label is the survey's wording,
shortened; the strength is the one the adults' lists give; the few indicators only
the sexual-exploitation or child lists have are marked so in their label.

A decision records the codes only (non-identifying, like the HTCDS codes). The list is
data: a code may be added; one stored in an event must never be removed or renamed
(an old decision would no longer name what was checked). docs/domain.md,
"Identification and screening", says how staff use it: indicators support a decision,
they never make one.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from domain.errors import InvalidInput

SOURCE = (
    "ILO and European Commission, Operational indicators of trafficking in human beings "
    "(Delphi survey, 2009, revised September 2009)"
)


class Element(StrEnum):
    """The element of the definition of trafficking an indicator bears on."""

    DECEPTIVE_RECRUITMENT = "deceptive_recruitment"
    COERCIVE_RECRUITMENT = "coercive_recruitment"
    RECRUITMENT_BY_ABUSE_OF_VULNERABILITY = "recruitment_by_abuse_of_vulnerability"
    EXPLOITATION = "exploitation"
    COERCION_AT_DESTINATION = "coercion_at_destination"
    ABUSE_OF_VULNERABILITY_AT_DESTINATION = "abuse_of_vulnerability_at_destination"


class Strength(StrEnum):
    STRONG = "strong"
    MEDIUM = "medium"
    WEAK = "weak"


@dataclass(frozen=True)
class Indicator:
    code: str
    element: Element
    strength: Strength
    label: str


E, S = Element, Strength
_DR, _CR = E.DECEPTIVE_RECRUITMENT, E.COERCIVE_RECRUITMENT
_RV, _EX = E.RECRUITMENT_BY_ABUSE_OF_VULNERABILITY, E.EXPLOITATION
_CD, _VD = E.COERCION_AT_DESTINATION, E.ABUSE_OF_VULNERABILITY_AT_DESTINATION

INDICATORS: tuple[Indicator, ...] = (
    # Deceptive recruitment (including transfer and transport)
    Indicator(
        "dr.job_nature", _DR, S.STRONG, "Deceived about the nature of the job, location or employer"
    ),
    Indicator("dr.work_conditions", _DR, S.MEDIUM, "Deceived about the conditions of work"),
    Indicator(
        "dr.contract", _DR, S.MEDIUM, "Deceived about the content or legality of the work contract"
    ),
    Indicator("dr.family_reunification", _DR, S.MEDIUM, "Deceived about family reunification"),
    Indicator("dr.housing", _DR, S.MEDIUM, "Deceived about housing and living conditions"),
    Indicator(
        "dr.migration_status",
        _DR,
        S.MEDIUM,
        "Deceived about legal documents or obtaining a legal migration status",
    ),
    Indicator("dr.travel", _DR, S.MEDIUM, "Deceived about travel and recruitment conditions"),
    Indicator("dr.wages", _DR, S.MEDIUM, "Deceived about wages or earnings"),
    Indicator(
        "dr.marriage_or_adoption",
        _DR,
        S.MEDIUM,
        "Deceived through promises of marriage or adoption",
    ),
    Indicator("dr.education", _DR, S.WEAK, "Deceived about access to education opportunities"),
    # Coercive recruitment (including transfer and transport)
    Indicator("cr.violence", _CR, S.STRONG, "Violence on the victim"),
    Indicator(
        "cr.abduction",
        _CR,
        S.MEDIUM,
        "Abduction, forced marriage, forced adoption or sale of the victim",
    ),
    Indicator("cr.documents", _CR, S.MEDIUM, "Confiscation of documents"),
    Indicator("cr.debt", _CR, S.MEDIUM, "Debt bondage"),
    Indicator("cr.isolation", _CR, S.MEDIUM, "Isolation, confinement or surveillance"),
    Indicator("cr.threat_denunciation", _CR, S.MEDIUM, "Threat of denunciation to the authorities"),
    Indicator("cr.threat_violence", _CR, S.MEDIUM, "Threats of violence against the victim"),
    Indicator(
        "cr.threat_family",
        _CR,
        S.MEDIUM,
        "Threats against the family (to inform them, or of violence)",
    ),
    Indicator("cr.withheld_wages", _CR, S.MEDIUM, "Withholding of wages"),
    # Recruitment by abuse of vulnerability
    Indicator("rv.family_situation", _RV, S.MEDIUM, "Abuse of a difficult family situation"),
    Indicator("rv.irregular_status", _RV, S.MEDIUM, "Abuse of irregular migration status"),
    Indicator(
        "rv.lack_of_education", _RV, S.MEDIUM, "Abuse of lack of education or of the language"
    ),
    Indicator("rv.lack_of_information", _RV, S.MEDIUM, "Abuse of lack of information"),
    Indicator("rv.economic", _RV, S.MEDIUM, "Economic reasons: poverty, debt, no income"),
    Indicator(
        "rv.false_information",
        _RV,
        S.MEDIUM,
        "False information about the law, the authorities or migration",
    ),
    Indicator(
        "rv.dependency",
        _RV,
        S.MEDIUM,
        "Psychological or emotional dependency (e.g. on a 'boyfriend')",
    ),
    Indicator(
        "rv.personal_situation",
        _RV,
        S.MEDIUM,
        "Personal situation: illness, disability, addiction, a child (child lists: in care)",
    ),
    Indicator(
        "rv.general_context",
        _RV,
        S.WEAK,
        "General context: discrimination, conflict, lack of prospects",
    ),
    # Exploitation (exploitative conditions of work)
    Indicator("ex.excessive_hours", _EX, S.STRONG, "Excessive working days or hours"),
    Indicator("ex.living_conditions", _EX, S.MEDIUM, "Bad living conditions"),
    Indicator("ex.hazardous_work", _EX, S.MEDIUM, "Hazardous work"),
    Indicator("ex.low_or_no_pay", _EX, S.MEDIUM, "Low or no salary"),
    Indicator("ex.labour_law", _EX, S.MEDIUM, "No respect of labour law or of the contract signed"),
    Indicator("ex.social_protection", _EX, S.MEDIUM, "No social protection (contract, insurance)"),
    Indicator("ex.working_conditions", _EX, S.MEDIUM, "Very bad working conditions"),
    Indicator("ex.wage_manipulation", _EX, S.MEDIUM, "Wage manipulation"),
    Indicator(
        "ex.no_choice_of_clients",
        _EX,
        S.STRONG,
        "Sexual exploitation: no choice of clients or services",
    ),
    Indicator("ex.no_education", _EX, S.WEAK, "No access to education (child lists)"),
    # Coercion at destination
    Indicator("cd.documents", _CD, S.STRONG, "Confiscation of documents"),
    Indicator("cd.debt", _CD, S.STRONG, "Debt bondage"),
    Indicator("cd.isolation", _CD, S.STRONG, "Isolation, confinement or surveillance"),
    Indicator("cd.violence", _CD, S.STRONG, "Violence on the victim"),
    Indicator("cd.illicit_activities", _CD, S.MEDIUM, "Forced into illicit or criminal activities"),
    Indicator("cd.forced_tasks", _CD, S.MEDIUM, "Forced tasks or clients"),
    Indicator(
        "cd.lie_to_authorities", _CD, S.MEDIUM, "Forced to lie to the authorities, family or others"
    ),
    Indicator("cd.threat_denunciation", _CD, S.MEDIUM, "Threat of denunciation to the authorities"),
    Indicator(
        "cd.threat_worse_conditions",
        _CD,
        S.MEDIUM,
        "Threat to impose even worse working conditions",
    ),
    Indicator(
        "cd.threat_family",
        _CD,
        S.MEDIUM,
        "Threats to inform family, community or public, or violence on family",
    ),
    Indicator("cd.withheld_money", _CD, S.MEDIUM, "Withholding of wages or money"),
    # Abuse of vulnerability at destination
    Indicator("vd.dependency", _VD, S.MEDIUM, "Dependency on the exploiters"),
    Indicator(
        "vd.unknown_area",
        _VD,
        S.MEDIUM,
        "Difficulty living in an unknown area (language, no contacts)",
    ),
    Indicator("vd.economic", _VD, S.MEDIUM, "Economic reasons"),
    Indicator("vd.family_situation", _VD, S.MEDIUM, "Family situation"),
    Indicator(
        "vd.legal_status", _VD, S.MEDIUM, "Relationship with the authorities, or legal status"
    ),
)

BY_CODE: dict[str, Indicator] = {indicator.code: indicator for indicator in INDICATORS}


def indicator_codes(field: str, codes: tuple[str, ...]) -> tuple[str, ...]:
    """The codes, each once in the order given; an unknown code is refused by name."""
    unknown = [code for code in codes if code not in BY_CODE]
    if unknown:
        raise InvalidInput(
            field,
            f"{', '.join(repr(code) for code in unknown)} not in the list of indicators "
            "(domain/indicators.py; e.g. 'dr.job_nature', 'cd.documents')",
        )
    return tuple(dict.fromkeys(codes))
