"""A year of prevention work for read-model tests, with the figures the two questions of
issue 16 must answer (docs/read-models/prevention.md):

- pupils (school grades 1-12) reached in Prizren (KAS 20) and Ferizaj (KAS 25) in
  2026-Q2, by sex, and their knowledge change;
- referrals from prevention in 2026.

What must be left out of the pupils' answer is in it too: university students, a
session in Q1, one in Prishtina, one withdrawn, a parents' meeting; and one session
first recorded in July in Gjakova and corrected to 30 June in Prizren, its figures
corrected as well. A 2025 activity's disclosure led to a case, outside "this year".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from adapters.run.bootstrap import Journey
from domain.case_values import IncomingReferral
from domain.disclosure_ref import DisclosureRef
from domain.prevention.values import (
    ActivityDetails,
    AudienceFigure,
    CampaignPlan,
    Indicator,
    KnowledgeScores,
    MaterialDistributed,
    ParticipantCount,
    Reach,
    ScoreSummary,
)
from domain.prevention.vocab import (
    ActivityLanguage,
    ActivityType,
    AgeBand,
    AudienceSource,
    DisclosureKind,
    DisclosureRoute,
    MaterialType,
    Measure,
    ParticipantGroup,
    Sector,
    Setting,
    Sex,
    TargetGroup,
)
from domain.vocab import IncomingReferralReason, OrganisationType
from services.commands.case import OpenCase
from services.commands.prevention import (
    CorrectActivityDetails,
    CorrectActivityReach,
    LaunchCampaign,
    RecordActivity,
    RecordDisclosure,
    WithdrawActivity,
)
from tests.support.factories import WORKER, register

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
OFFICER = "drita.gashi"
PRIZREN, FERIZAJ, PRISHTINA, GJAKOVA = "20", "25", "19", "02"
G6_9, G10_12 = ParticipantGroup.STUDENTS_GRADES_6_9, ParticipantGroup.STUDENTS_GRADES_10_12

# The answers, worked out by hand from the activities below.
PUPILS_BY_SEX = {"female": 14 + 10 + 9, "male": 12 + 11 + 9, "not_recorded": 1}
PRE = {"count": 26 + 22 + 18, "weighted": 26 * 5.0 + 22 * 4.0 + 18 * 6.0, "passed": 6 + 3 + 5}
POST = {"count": 25 + 22 + 18, "weighted": 25 * 7.6 + 22 * 6.5 + 18 * 8.0, "passed": 18 + 12 + 14}


@dataclass
class Year:
    campaign: UUID
    activities: dict[str, UUID]


def plan() -> CampaignPlan:
    return CampaignPlan(
        name="Safe online, safe at work 2026",
        starts_on=date(2026, 1, 15),
        ends_on=date(2026, 12, 15),
        target_groups=(TargetGroup.STUDENTS, TargetGroup.PROFESSIONALS),
        municipalities=(PRIZREN, FERIZAJ),
        grant="EU-IPA-2026-014",
        indicators=(
            Indicator(Measure.STUDENTS_REACHED, 200, "200 students reached"),
            Indicator(Measure.MUNICIPALITIES_REACHED, 4),
            Indicator(Measure.PROFESSIONALS_TRAINED, 40),
            Indicator(Measure.MEDIA_AUDIENCE, 20000, source=AudienceSource.VIEWS),
            Indicator(Measure.REFERRALS_TO_ASSISTANCE, 4),
            Indicator(Measure.MATERIALS_DISTRIBUTED, 100),
        ),
    )


def people(group: ParticipantGroup, band: AgeBand, **by_sex: int) -> tuple[ParticipantCount, ...]:
    return tuple(ParticipantCount(group, Sex(sex), band, n) for sex, n in by_sex.items())


def scores(pre: tuple[int, float, int], post: tuple[int, float, int]) -> KnowledgeScores:
    return KnowledgeScores(10, 7, ScoreSummary(*pre), ScoreSummary(*post))


def details(
    kind: ActivityType,
    held_on: date,
    municipality: str | None,
    campaign: UUID | None,
    setting: Setting = Setting.SCHOOL,
) -> ActivityDetails:
    return ActivityDetails(
        type=kind,
        held_on=held_on,
        duration_minutes=90,
        setting=setting,
        language=ActivityLanguage.ALBANIAN,
        municipality=municipality,
        facilitators=(OFFICER,),
        campaign_id=campaign,
    )


def school(held_on: date, place: str, campaign: UUID | None) -> ActivityDetails:
    return details(ActivityType.SCHOOL_SESSION, held_on, place, campaign)


def a_year(journey: Journey) -> Year:
    """The year's campaign and activities (the clock must be at NOW or later)."""
    run = journey.bus.execute
    campaign = run(None, LaunchCampaign(plan=plan()), actor=OFFICER).id

    def record(name: str, what: ActivityDetails, reach: Reach) -> tuple[str, UUID]:
        return name, run(None, RecordActivity(details=what, reach=reach), actor=OFFICER).id

    leaflets = (MaterialDistributed(MaterialType.LEAFLET, "sq", 26),)
    prof = ParticipantGroup.PROFESSIONALS
    activities = dict(
        [
            record(
                "prizren_april",
                school(date(2026, 4, 14), PRIZREN, campaign),
                Reach(
                    participants=people(G6_9, AgeBand.FROM_11_TO_14, female=14, male=12),
                    materials=leaflets,
                    learning=scores((26, 5.0, 6), (25, 7.6, 18)),
                ),
            ),
            record(
                "ferizaj_may",
                school(date(2026, 5, 20), FERIZAJ, campaign),
                Reach(
                    participants=people(
                        G10_12, AgeBand.FROM_15_TO_17, female=10, male=11, not_recorded=1
                    ),
                    learning=scores((22, 4.0, 3), (22, 6.5, 12)),
                ),
            ),
            record(
                "corrected",
                school(date(2026, 7, 1), GJAKOVA, campaign),
                Reach(participants=people(G6_9, AgeBand.FROM_11_TO_14, female=8, male=9)),
            ),
            record(
                "university",
                school(date(2026, 5, 5), PRIZREN, campaign),
                Reach(
                    participants=people(
                        ParticipantGroup.UNIVERSITY_STUDENTS, AgeBand.FROM_18_TO_24, female=20
                    )
                ),
            ),
            record(
                "prizren_march",
                school(date(2026, 3, 10), PRIZREN, campaign),
                Reach(participants=people(G6_9, AgeBand.FROM_11_TO_14, female=30)),
            ),
            record(
                "prishtina_may",
                school(date(2026, 5, 10), PRISHTINA, None),
                Reach(participants=people(G6_9, AgeBand.FROM_11_TO_14, female=40)),
            ),
            record(
                "withdrawn",
                school(date(2026, 6, 10), FERIZAJ, campaign),
                Reach(participants=people(G6_9, AgeBand.FROM_11_TO_14, female=50, male=50)),
            ),
            record(
                "parents",
                details(
                    ActivityType.PARENTS_MEETING,
                    date(2026, 5, 12),
                    PRIZREN,
                    campaign,
                    Setting.COMMUNITY_CENTRE,
                ),
                Reach(
                    participants=people(
                        ParticipantGroup.PARENTS, AgeBand.FROM_25_TO_64, female=15, male=5
                    )
                ),
            ),
            record(
                "training",
                details(
                    ActivityType.PROFESSIONAL_TRAINING,
                    date(2026, 4, 22),
                    FERIZAJ,
                    campaign,
                    Setting.PROFESSIONAL_PREMISES,
                ),
                Reach(
                    participants=(
                        ParticipantCount(prof, Sex.MALE, AgeBand.FROM_25_TO_64, 12, Sector.POLICE),
                        ParticipantCount(prof, Sex.FEMALE, AgeBand.FROM_25_TO_64, 6, Sector.POLICE),
                        ParticipantCount(
                            prof, Sex.FEMALE, AgeBand.FROM_25_TO_64, 8, Sector.SOCIAL_WORK
                        ),
                    ),
                    learning=scores((26, 5.5, 8), (26, 8.1, 22)),
                ),
            ),
            record(
                "online",
                details(
                    ActivityType.ONLINE_CAMPAIGN, date(2026, 5, 1), None, campaign, Setting.ONLINE
                ),
                Reach(
                    audience=(
                        AudienceFigure(AudienceSource.VIEWS, 18400, "Facebook"),
                        AudienceFigure(AudienceSource.VIEWS, 3600, "Instagram"),
                        AudienceFigure(AudienceSource.IMPRESSIONS, 52000, "Facebook"),
                    )
                ),
            ),
            record(
                "last_year",
                school(date(2025, 11, 18), PRIZREN, None),
                Reach(participants=people(G6_9, AgeBand.FROM_11_TO_14, female=11, male=13)),
            ),
        ]
    )
    _correct_and_withdraw(journey, activities, campaign)
    _disclose(journey, activities)
    return Year(campaign, activities)


def _correct_and_withdraw(journey: Journey, activities: dict[str, UUID], campaign: UUID) -> None:
    run, corrected = journey.bus.execute, activities["corrected"]
    moved = school(date(2026, 6, 30), PRIZREN, campaign)
    run(corrected, CorrectActivityDetails(details=moved, reason="Wrong sheet"), actor=OFFICER)
    recounted = Reach(
        participants=people(G6_9, AgeBand.FROM_11_TO_14, female=9, male=9),
        learning=scores((18, 6.0, 5), (18, 8.0, 14)),
    )
    run(corrected, CorrectActivityReach(reach=recounted, reason="Counted again"), actor=OFFICER)
    run(activities["withdrawn"], WithdrawActivity(reason="Recorded twice"), actor=OFFICER)


def _disclose(journey: Journey, activities: dict[str, UUID]) -> None:
    """Disclosures: two to direct assistance in 2026 (one leads to a case), one not
    referred; one in 2025 that led to a case."""
    run = journey.bus.execute
    to_pvpt = DisclosureRoute.DIRECT_ASSISTANCE
    risk = DisclosureKind.RISK_OF_TRAFFICKING
    not_referred = DisclosureRoute.NOT_REFERRED
    for name, kind, route in (
        ("prizren_april", risk, to_pvpt),
        ("prizren_april", DisclosureKind.CONCERN_ABOUT_ANOTHER_PERSON, not_referred),
        ("ferizaj_may", DisclosureKind.EXPLOITATION, to_pvpt),
        ("last_year", risk, to_pvpt),
    ):
        run(activities[name], RecordDisclosure(kind=kind, route=route), actor=OFFICER)
    for name in ("prizren_april", "last_year"):
        case_from(journey, DisclosureRef(activities[name], 1))


def case_from(journey: Journey, ref: DisclosureRef) -> UUID:
    referral = IncomingReferral(
        "PVPT prevention team",
        OrganisationType.NGO,
        date(2026, 4, 15),
        IncomingReferralReason.ADDITIONAL_SERVICES_REQUIRED,
        prevention_disclosure=ref,
    )
    command = OpenCase(beneficiary_id=register(journey), referral=referral)
    return journey.bus.execute(None, command, actor=WORKER).id


def by_name(year: Year, rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Activity rows by the scenario's names."""
    names = {str(i): n for n, i in year.activities.items()}
    return {names[r["activity_id"]]: r for r in rows}
