"""PreventionActivity (issue 16): recorded with its details and reach, corrected with a
reason (each correction an event of its own), disclosures numbered, withdrawn; every check
of its details and its reach (domain/prevention/checks.py) names the path it refuses."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any
from uuid import UUID

import pytest

from domain.errors import InvalidInput, RuleViolated
from domain.prevention.activity import MAX_DISCLOSURES, PreventionActivity
from domain.prevention.campaign import Campaign
from domain.prevention.values import (
    ActivityDetails,
    AudienceFigure,
    CampaignPlan,
    Disclosure,
    Inclusion,
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
    ParticipantGroup,
    Sector,
    Setting,
    Sex,
    TargetGroup,
)
from tests.unit.dsl import at, given, history, then, when

OFFICER = "drita.gashi"
PUPILS = ParticipantGroup.STUDENTS_GRADES_6_9
GIRLS = ParticipantCount(PUPILS, Sex.FEMALE, AgeBand.FROM_11_TO_14, 14)
BOYS = ParticipantCount(PUPILS, Sex.MALE, AgeBand.FROM_11_TO_14, 12)
SCORES = KnowledgeScores(10, 7, ScoreSummary(26, 5.2, 6), ScoreSummary(25, 7.6, 18))
REACH = Reach(
    participants=(GIRLS, BOYS),
    inclusion=Inclusion(roma_ashkali_egyptian=3),
    materials=(MaterialDistributed(MaterialType.LEAFLET, "sq", 26),),
    learning=SCORES,
)
DETAILS = ActivityDetails(
    type=ActivityType.SCHOOL_SESSION,
    held_on=date(2026, 2, 20),  # the scenarios run on 2026-03-02 (tests/unit/dsl.py)
    duration_minutes=90,
    setting=Setting.SCHOOL,
    language=ActivityLanguage.ALBANIAN,
    municipality="20",
    title=" Safe online: grade 8 ",
    facilitators=(OFFICER,),
)
CAMPAIGN = given(
    Campaign,
    history(
        lambda: Campaign.launch(
            CampaignPlan(
                "Safe online", date(2026, 1, 15), date(2026, 2, 28), (TargetGroup.STUDENTS,)
            ),
            actor=OFFICER,
            at=at(),
        )
    ),
)
TO_POLICE = Disclosure(0, DisclosureKind.EXPLOITATION, DisclosureRoute.POLICE, UUID(int=3))
TO_PVPT = Disclosure(0, DisclosureKind.RISK_OF_TRAFFICKING, DisclosureRoute.DIRECT_ASSISTANCE)


def record(
    details: ActivityDetails = DETAILS, reach: Reach = REACH, campaign: Campaign | None = None
) -> PreventionActivity:
    return PreventionActivity.record(details, reach, campaign, actor=OFFICER, at=at())


def recorded(*more: Callable[[PreventionActivity], object]) -> PreventionActivity:
    return given(PreventionActivity, history(record, *more))


def withdrawn(activity: PreventionActivity) -> None:
    activity.withdraw("A duplicate.", actor=OFFICER, at=at(1))


def refusal(activity: PreventionActivity, command: Callable[[PreventionActivity], object]) -> str:
    with pytest.raises(RuleViolated) as refused:
        when(activity, command)
    return refused.value.rule


def invalid(command: Callable[[], object]) -> str:
    with pytest.raises(InvalidInput) as refused:
        command()
    return refused.value.field


# ------------------------------------------------------------------ recording


def test_an_activity_is_recorded_cleaned_and_counted() -> None:
    events = history(record)
    then(events, (PreventionActivity.Recorded, {"reach": REACH, "actor": OFFICER}))
    activity = given(PreventionActivity, events)
    assert (activity.details.title, activity.reach.people) == ("Safe online: grade 8", 26)
    assert (activity.disclosures, activity.withdrawn) == ([], False)
    assert activity.label == "activity school_session of 2026-02-20"


def test_an_activity_of_a_campaign_names_it_and_is_held_within_its_period() -> None:
    details = replace(DETAILS, campaign_id=CAMPAIGN.id)
    then(
        history(lambda: record(details, campaign=CAMPAIGN)),
        (PreventionActivity.Recorded, {"details": replace(details, title="Safe online: grade 8")}),
    )
    late = replace(details, held_on=date(2026, 3, 1))
    with pytest.raises(RuleViolated) as refused:
        record(late, campaign=CAMPAIGN)
    assert refused.value.rule == "outside_campaign"


@pytest.mark.parametrize(
    ("campaign_id", "campaign"),
    [(UUID(int=1), None), (None, CAMPAIGN), (UUID(int=1), CAMPAIGN)],
    ids=["named-not-given", "given-not-named", "another"],
)
def test_the_campaign_given_is_the_one_named(
    campaign_id: UUID | None, campaign: Campaign | None
) -> None:
    details = replace(DETAILS, campaign_id=campaign_id)
    assert invalid(lambda: record(details, campaign=campaign)) == "details.campaign_id"


def test_media_work_needs_no_place_and_counts_an_audience() -> None:
    media = replace(DETAILS, type=ActivityType.MEDIA_APPEARANCE, setting=Setting.MEDIA_STUDIO)
    audience = Reach(audience=(AudienceFigure(AudienceSource.BROADCAST_REACH, 40_000, " RTK "),))
    events = history(lambda: record(replace(media, municipality=None), audience))
    activity = given(PreventionActivity, events)
    assert (activity.details.municipality, activity.reach.audience[0].outlet) == (None, "RTK")
    online = replace(DETAILS, setting=Setting.ONLINE, municipality=None)
    assert given(PreventionActivity, history(lambda: record(online))).details.municipality is None


def test_professionals_are_trained_by_sector() -> None:
    police = ParticipantCount(
        ParticipantGroup.PROFESSIONALS, Sex.MALE, AgeBand.FROM_25_TO_64, 9, Sector.POLICE
    )
    training = replace(DETAILS, type=ActivityType.PROFESSIONAL_TRAINING)
    activity = given(
        PreventionActivity, history(lambda: record(training, Reach(participants=(police,))))
    )
    assert activity.reach.people == 9


FAR = tuple(f"user.{n}" for n in range(21))
PARTNERS = tuple(UUID(int=n) for n in range(1, 22))
DETAIL_REFUSALS: list[tuple[dict[str, Any], str]] = [
    ({"held_on": date(2026, 3, 3)}, "details.held_on"),
    ({"duration_minutes": 0}, "details.duration_minutes"),
    ({"duration_minutes": 1441}, "details.duration_minutes"),
    ({"municipality": "39"}, "details.municipality"),
    ({"municipality": None}, "details.municipality"),
    ({"title": "x" * 201}, "details.title"),
    ({"facilitators": ()}, "details.facilitators"),
    ({"facilitators": FAR}, "details.facilitators"),
    ({"facilitators": ("Drita Gashi",)}, "details.facilitators[0]"),
    ({"facilitators": (OFFICER, OFFICER)}, "details.facilitators[1]"),
    ({"partner_ids": PARTNERS}, "details.partner_ids"),
    ({"partner_ids": (PARTNERS[0], PARTNERS[0])}, "details.partner_ids[1]"),
]


@pytest.mark.parametrize(("changes", "field"), DETAIL_REFUSALS)
def test_details_are_refused_naming_the_field(changes: dict[str, Any], field: str) -> None:
    details = replace(DETAILS, **changes)
    assert invalid(lambda: record(details)) == field
    fix = recorded()
    assert invalid(lambda: fix.correct_details(details, None, "x", actor=OFFICER, at=at())) == field


def row(count: int = 5, **changes: Any) -> ParticipantCount:
    return replace(ParticipantCount(PUPILS, Sex.FEMALE, AgeBand.FROM_15_TO_17, count), **changes)


PROFESSIONAL = ParticipantGroup.PROFESSIONALS
REACH_REFUSALS: list[tuple[ActivityType, Reach, str]] = [
    (ActivityType.ONLINE_CAMPAIGN, Reach(participants=(GIRLS,)), "reach.participants"),
    (
        ActivityType.OUTREACH,
        Reach(audience=(AudienceFigure(AudienceSource.VIEWS, 900),)),
        "reach.audience",
    ),
    (ActivityType.OUTREACH, Reach(participants=(row(0),)), "reach.participants[0].count"),
    (
        ActivityType.OUTREACH,
        Reach(participants=(row(group=PROFESSIONAL),)),
        "reach.participants[0].sector",
    ),
    (
        ActivityType.OUTREACH,
        Reach(participants=(row(sector=Sector.HEALTH),)),
        "reach.participants[0].sector",
    ),
    (
        ActivityType.PROFESSIONAL_TRAINING,
        Reach(participants=(row(),)),
        "reach.participants[0].group",
    ),
    (ActivityType.OUTREACH, Reach(participants=(row(), row(7))), "reach.participants[1]"),
    (
        ActivityType.OUTREACH,
        Reach(participants=(row(60_000), row(60_000, sex=Sex.MALE))),
        "reach.participants",
    ),
    (
        ActivityType.OUTREACH,
        Reach(participants=(row(),), inclusion=Inclusion(roma_ashkali_egyptian=6)),
        "reach.inclusion.roma_ashkali_egyptian",
    ),
    (
        ActivityType.OUTREACH,
        Reach(participants=(row(),), inclusion=Inclusion(with_disability=-1)),
        "reach.inclusion.with_disability",
    ),
    (
        ActivityType.ONLINE_CAMPAIGN,
        Reach(audience=(AudienceFigure(AudienceSource.VIEWS, 0),)),
        "reach.audience[0].count",
    ),
    (
        ActivityType.ONLINE_CAMPAIGN,
        Reach(audience=(AudienceFigure(AudienceSource.VIEWS, 9, "x" * 201),)),
        "reach.audience[0].outlet",
    ),
    (
        ActivityType.ONLINE_CAMPAIGN,
        Reach(audience=(AudienceFigure(AudienceSource.VIEWS, 9, "FB"),) * 2),
        "reach.audience[1]",
    ),
    (
        ActivityType.OUTREACH,
        Reach(materials=(MaterialDistributed(MaterialType.POSTER, "sq", 0),)),
        "reach.materials[0].quantity",
    ),
    (
        ActivityType.OUTREACH,
        Reach(materials=(MaterialDistributed(MaterialType.POSTER, "Albanian", 4),)),
        "reach.materials[0].language",
    ),
    (
        ActivityType.OUTREACH,
        Reach(materials=(MaterialDistributed(MaterialType.POSTER, "sq", 4),) * 2),
        "reach.materials[1]",
    ),
    (ActivityType.OUTREACH, Reach(participants=(GIRLS,), learning=SCORES), "reach.learning"),
]


@pytest.mark.parametrize(("kind", "reach", "field"), REACH_REFUSALS)
def test_figures_are_refused_naming_the_path(kind: ActivityType, reach: Reach, field: str) -> None:
    details = replace(DETAILS, type=kind)
    assert invalid(lambda: record(details, reach)) == field


def scores(**changes: Any) -> Reach:
    return replace(REACH, learning=replace(SCORES, **changes))


@pytest.mark.parametrize(
    ("reach", "field"),
    [
        (scores(max_score=0), "reach.learning.max_score"),
        (scores(pass_mark=11), "reach.learning.pass_mark"),
        (scores(pass_mark=0), "reach.learning.pass_mark"),
        (scores(pre=ScoreSummary(27, 5, 6)), "reach.learning.pre.count"),
        (scores(pre=ScoreSummary(0, 5, 0)), "reach.learning.pre.count"),
        (scores(post=ScoreSummary(25, 10.5, 18)), "reach.learning.post.mean"),
        (scores(post=ScoreSummary(25, 7, 26)), "reach.learning.post.passed"),
    ],
)
def test_knowledge_scores_are_refused_naming_the_path(reach: Reach, field: str) -> None:
    assert invalid(lambda: record(DETAILS, reach)) == field
    fix = recorded()
    assert invalid(lambda: fix.correct_reach(reach, "x", actor=OFFICER, at=at())) == field


# ------------------------------------------------------------------ corrections


def test_a_correction_of_the_details_is_an_event_with_its_reason() -> None:
    later = replace(DETAILS, duration_minutes=60, title="Safe online: grade 8")
    events = when(
        recorded(),
        lambda a: a.correct_details(later, None, " Ended early. ", actor=OFFICER, at=at(1)),
    )
    then(
        events, (PreventionActivity.DetailsCorrected, {"details": later, "reason": "Ended early."})
    )


def test_a_correction_of_the_figures_is_an_event_with_its_reason() -> None:
    recount = replace(REACH, participants=(replace(GIRLS, count=15), BOYS))
    events = when(
        recorded(), lambda a: a.correct_reach(recount, "Counted again.", actor=OFFICER, at=at(1))
    )
    then(
        events, (PreventionActivity.ReachCorrected, {"reach": recount, "reason": "Counted again."})
    )


def test_corrected_details_must_fit_the_figures() -> None:
    media = replace(DETAILS, type=ActivityType.MEDIA_APPEARANCE)
    fix = recorded()
    assert invalid(lambda: fix.correct_details(media, None, "x", actor=OFFICER, at=at())) == (
        "reach.participants"
    )


@pytest.mark.parametrize(
    "command",
    [
        lambda a: a.correct_details(
            replace(DETAILS, title="Safe online: grade 8"), None, "x", actor=OFFICER, at=at(1)
        ),
        lambda a: a.correct_reach(REACH, "x", actor=OFFICER, at=at(1)),
    ],
    ids=["details", "reach"],
)
def test_a_correction_that_changes_nothing_is_refused(
    command: Callable[[PreventionActivity], object],
) -> None:
    assert refusal(recorded(), command) == "no_change"


@pytest.mark.parametrize(
    "command",
    [
        lambda a: a.correct_details(
            replace(DETAILS, duration_minutes=45), None, " ", actor=OFFICER, at=at(1)
        ),
        lambda a: a.correct_reach(replace(REACH, learning=None), "", actor=OFFICER, at=at(1)),
        lambda a: a.withdraw(" ", actor=OFFICER, at=at(1)),
    ],
    ids=["details", "reach", "withdrawal"],
)
def test_a_correction_or_withdrawal_needs_a_reason(
    command: Callable[[PreventionActivity], object],
) -> None:
    with pytest.raises(InvalidInput) as refused:
        when(recorded(), command)
    assert refused.value.field == "reason"


# ------------------------------------------------------------------ disclosures


def disclose(disclosure: Disclosure) -> Callable[[PreventionActivity], object]:
    return lambda a: a.record_disclosure(disclosure, actor=OFFICER, at=at(1))


def test_disclosures_are_numbered_in_order() -> None:
    """The number given is ignored: the activity's next one is recorded."""
    activity = recorded(disclose(replace(TO_POLICE, number=7)))
    events = when(activity, disclose(TO_PVPT))
    then(
        events, (PreventionActivity.DisclosureRecorded, {"disclosure": replace(TO_PVPT, number=2)})
    )
    assert activity.disclosures == [replace(TO_POLICE, number=1), replace(TO_PVPT, number=2)]
    assert activity.disclosure(2) == replace(TO_PVPT, number=2)
    assert activity.disclosure(3) is None


@pytest.mark.parametrize(
    "disclosure",
    [
        replace(TO_POLICE, organisation_id=None),
        replace(TO_PVPT, organisation_id=UUID(int=3)),
        Disclosure(0, DisclosureKind.EXPLOITATION, DisclosureRoute.NOT_REFERRED, UUID(int=3)),
    ],
    ids=["police-without", "assistance-with", "not-referred-with"],
)
def test_an_organisation_is_named_for_a_referral_elsewhere_only(disclosure: Disclosure) -> None:
    with pytest.raises(InvalidInput) as refused:
        when(recorded(), disclose(disclosure))
    assert refused.value.field == "organisation_id"


def test_an_activity_holds_a_bounded_number_of_disclosures() -> None:
    full = recorded(*[disclose(TO_PVPT)] * MAX_DISCLOSURES)
    assert refusal(full, disclose(TO_PVPT)) == "too_many_disclosures"


def test_a_case_names_a_disclosure_referred_to_direct_assistance() -> None:
    activity = recorded(disclose(TO_POLICE), disclose(TO_PVPT))
    activity.require_disclosure_to_assistance(2, "number")
    for number in (1, 3):
        with pytest.raises(RuleViolated) as refused:
            activity.require_disclosure_to_assistance(number, "referral.number")
        assert refused.value.rule == "unknown_disclosure"
        assert "referral.number" in str(refused.value)


# ------------------------------------------------------------------ withdrawal


def test_a_withdrawal_is_an_event_with_its_reason() -> None:
    then(when(recorded(), withdrawn), (PreventionActivity.Withdrawn, {"reason": "A duplicate."}))
    assert recorded(withdrawn).withdrawn


@pytest.mark.parametrize(
    "command",
    [
        lambda a: a.correct_details(
            replace(DETAILS, duration_minutes=45), None, "x", actor=OFFICER, at=at(2)
        ),
        lambda a: a.correct_reach(replace(REACH, learning=None), "x", actor=OFFICER, at=at(2)),
        disclose(TO_PVPT),
        withdrawn,
    ],
    ids=["details", "reach", "disclosure", "again"],
)
def test_a_withdrawn_activity_changes_no_more(
    command: Callable[[PreventionActivity], object],
) -> None:
    assert refusal(recorded(withdrawn), command) == "withdrawn"
