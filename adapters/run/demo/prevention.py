"""The demo's prevention team (issue 16; docs/prevention.md): a year of its work, alongside
the journeys, recorded as the team writes it up (a day to a few days after).

Two campaigns (adapters/run/demo/prevention_plan.py): a school campaign on online
recruitment (school sessions with knowledge tests, parents' meetings, television and radio
appearances, an online campaign) and a training programme for professionals. Besides them,
workshops in Roma, Ashkali and Egyptian neighbourhoods and information stands. A few
activities are corrected (a recount, a session that ran over) and one entered twice is
withdrawn. At about ten activities someone discloses risk or exploitation; those referred
to PVPT's direct assistance wait in `Host.prevention_referrals` until a journey's intake
takes one up: its case's referral names the disclosure (adapters/run/demo/people.py).

Everything is drawn from a random source of its own, so the journeys draw what they drew
before."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from functools import partial
from random import Random
from uuid import UUID

from adapters.run.demo import prevention_plan as plan
from adapters.run.demo.prevention_plan import OFFICER, TEAM, YEAR_ENDS, YEAR_STARTS
from adapters.run.demo.referrers import CSW
from adapters.run.demo.world import Host
from domain import places
from domain.disclosure_ref import DisclosureRef
from domain.organisation import organisation_id
from domain.prevention.values import ActivityDetails, Reach
from domain.prevention.vocab import (
    ActivityLanguage,
    ActivityType,
    DisclosureKind,
    DisclosureRoute,
    Sector,
    Setting,
)
from services.commands.prevention import (
    CorrectActivityDetails,
    CorrectActivityReach,
    LaunchCampaign,
    RecordActivity,
    RecordDisclosure,
    WithdrawActivity,
)

SEED = 16  # the prevention year's own random source
WINTER_BREAK = (date(2025, 12, 29), date(2026, 1, 16))
SUMMER_BREAK = (date(2026, 6, 13), date(2026, 9, 6))
ROUTES = (
    (DisclosureRoute.DIRECT_ASSISTANCE, 5),
    (DisclosureRoute.POLICE, 2),
    (DisclosureRoute.CENTRE_FOR_SOCIAL_WORK, 2),
    (DisclosureRoute.NOT_REFERRED, 1),
)
CORRECTIONS = 4  # of which one of the details
Step = tuple[datetime, int, Callable[[], None]]


@dataclass
class _Activity:
    details: ActivityDetails
    reach: Reach
    campaign: str | None = None  # "schools" or "trainings": its id once launched
    disclosures: list[DisclosureRoute] = field(default_factory=list)
    id: UUID | None = None


def prevention_year(demo: Host) -> Iterator[float]:
    """The steps of the year in time order; yields the days until each."""
    rng = Random(SEED)
    year = _Year(demo, rng)
    steps = sorted(year.steps(), key=lambda step: (step[0], step[1]))
    for at, _, act in steps:
        wait = (at - demo.clock()).total_seconds() / 86400
        if wait > 0:
            yield wait
        act()


class _Year:
    def __init__(self, demo: Host, rng: Random) -> None:
        self.demo = demo
        self.rng = rng
        self.order = itertools.count()
        self.campaigns: dict[str, UUID] = {}
        self.municipalities: set[str] = set()

    def steps(self) -> list[Step]:
        steps = [
            self._at(YEAR_STARTS - timedelta(days=7), lambda: self._launch("schools")),
            self._at(
                plan.TRAININGS.starts_on - timedelta(days=5), lambda: self._launch("trainings")
            ),
        ]
        activities = self._activities()
        for activity in activities:
            written_up = activity.details.held_on + timedelta(days=self.rng.randint(0, 4))
            steps.append(self._at(written_up, partial(self._record, activity)))
        steps += self._corrections(activities)
        return steps

    def _at(self, day: date, act: Callable[[], None]) -> Step:
        minutes = self.rng.randint(0, 8 * 60)
        at = datetime.combine(day, time(7, 30), UTC) + timedelta(minutes=minutes)
        return at, next(self.order), act

    # ------------------------------------------------------------------- plans

    def _activities(self) -> list[_Activity]:
        rng = self.rng
        found = [self._school(day) for day in self._days(115, school=True)]
        found += [self._parents(day) for day in self._days(25, school=True)]
        sectors = list(itertools.islice(itertools.cycle(plan.SECTORS), 22))
        trainings = self._days(22, school=False, first=plan.TRAININGS.starts_on)
        found += [
            self._training(day, sector) for day, sector in zip(trainings, sectors, strict=True)
        ]
        found += [self._workshop(day) for day in self._days(14, school=False)]
        found += [self._stand(day) for day in self._days(8, school=False)]
        found += [self._media(day) for day in self._days(5, school=False)]
        found += [
            self._online(day, name)
            for day, name in zip(self._days(3, school=True), plan.PLATFORMS, strict=True)
        ]
        at_risk = [a for a in found if a.details.type in _MAY_DISCLOSE]
        routes = [route for route, n in ROUTES for _ in range(n)]
        for activity, route in zip(rng.sample(at_risk, len(routes)), routes, strict=True):
            activity.disclosures.append(route)
        return found

    def _days(self, count: int, *, school: bool, first: date = YEAR_STARTS) -> list[date]:
        """`count` weekdays of the year (in term time for schools), in order."""
        span = (YEAR_ENDS - first).days
        days: set[date] = set()
        while len(days) < count:
            day = first + timedelta(days=self.rng.randint(0, span))
            breaks = (WINTER_BREAK, SUMMER_BREAK) if school else ()
            if day.weekday() < 5 and not any(a <= day <= b for a, b in breaks):
                days.add(day)
        return sorted(days)

    def _details(
        self,
        kind: ActivityType,
        day: date,
        setting: Setting,
        municipality: str | None,
        *,
        title: str,
        partners: tuple[UUID, ...] = (),
    ) -> ActivityDetails:
        serbian = municipality in plan.SERBIAN_SPEAKING
        language = ActivityLanguage.SERBIAN if serbian else ActivityLanguage.ALBANIAN
        facilitators = tuple(self.rng.sample(TEAM, self.rng.choice((1, 1, 2))))
        minutes = self.rng.choice((60, 90, 90, 120))
        return ActivityDetails(
            kind, day, minutes, setting, language, municipality, title, facilitators, partners
        )

    def _school(self, day: date) -> _Activity:
        return self._for_schools(ActivityType.SCHOOL_SESSION, day, plan.school_session)

    def _parents(self, day: date) -> _Activity:
        return self._for_schools(ActivityType.PARENTS_MEETING, day, plan.parents_meeting)

    def _for_schools(
        self, kind: ActivityType, day: date, reach: Callable[[Random, str], Reach]
    ) -> _Activity:
        """An activity of the school campaign, in a school."""
        title = _SCHOOL_TITLES[kind]
        place = plan.municipality(self.rng)
        details = self._details(kind, day, Setting.SCHOOL, place, title=title)
        return _Activity(details, reach(self.rng, details.language), "schools")

    def _training(self, day: date, sector: Sector) -> _Activity:
        place = plan.municipality(self.rng)
        district = places.municipality("municipality", place).district.value.lower()
        partner = {
            Sector.POLICE: "kosovo-police",
            Sector.PROSECUTION: f"basic-prosecution-{district}",
            Sector.JUDICIARY: f"basic-court-{district}",
            Sector.SOCIAL_WORK: CSW[place],
            Sector.LABOUR_INSPECTION: "labour-inspectorate",
            Sector.BORDER_AND_MIGRATION: "kosovo-border-police",
        }[sector]
        details = self._details(
            ActivityType.PROFESSIONAL_TRAINING,
            day,
            Setting.PROFESSIONAL_PREMISES,
            place,
            partners=(organisation_id(partner),),
            title=f"Identifying victims: {sector.value.replace('_', ' ')}",
        )
        return _Activity(
            replace(details, duration_minutes=self.rng.choice((240, 360, 420))),
            plan.training(self.rng, sector),
            "trainings",
        )

    def _workshop(self, day: date) -> _Activity:
        place = self.rng.choice(plan.RAE_NEIGHBOURHOODS)
        details = self._details(
            ActivityType.COMMUNITY_WORKSHOP,
            day,
            Setting.COMMUNITY_CENTRE,
            place,
            partners=(organisation_id("vorae"),),
            title="Jobs abroad: promises and traps",
        )
        if self.rng.random() < 0.4:
            details = replace(details, language=ActivityLanguage.ROMANI)
        return _Activity(details, plan.community_workshop(self.rng))

    def _stand(self, day: date) -> _Activity:
        details = self._details(
            ActivityType.INFORMATION_STAND,
            day,
            Setting.PUBLIC_SPACE,
            plan.municipality(self.rng),
            title="Helpline stand",
        )
        return _Activity(details, plan.information_stand(self.rng))

    def _media(self, day: date) -> _Activity:
        campaign = "schools" if self.rng.random() < 0.6 else None
        details = self._details(
            ActivityType.MEDIA_APPEARANCE,
            day,
            Setting.MEDIA_STUDIO,
            None,
            title="Morning show: trafficking in Kosovo today",
        )
        return _Activity(details, plan.media(self.rng), campaign)

    def _online(self, day: date, platform: str) -> _Activity:
        details = self._details(
            ActivityType.ONLINE_CAMPAIGN,
            day,
            Setting.ONLINE,
            None,
            title=f"#SafeOnline on {platform}",
        )
        return _Activity(
            replace(details, duration_minutes=1440), plan.online(self.rng, platform), "schools"
        )

    # ------------------------------------------------------------------ records

    def _launch(self, name: str) -> None:
        campaign = {"schools": plan.SCHOOLS, "trainings": plan.TRAININGS}[name]
        self.campaigns[name] = self.demo.do(None, LaunchCampaign(plan=campaign), OFFICER)
        self.demo.summary.reached["prevention_campaigns"] += 1

    def _record(self, activity: _Activity) -> None:
        if activity.campaign is not None:
            campaign_id = self.campaigns[activity.campaign]
            activity.details = replace(activity.details, campaign_id=campaign_id)
        command = RecordActivity(details=activity.details, reach=activity.reach)
        activity.id = self.demo.do(None, command, OFFICER)
        self.demo.summary.activities.append(activity.id)
        reached = self.demo.summary.reached
        reached["prevention_activities"] += 1
        reached["prevention_people"] += activity.reach.people
        if activity.details.municipality is not None:
            self.municipalities.add(activity.details.municipality)
            reached["prevention_municipalities"] = len(self.municipalities)
        for route in activity.disclosures:
            self._disclosure(activity, route)

    def _disclosure(self, activity: _Activity, route: DisclosureRoute) -> None:
        assert activity.id is not None
        kind = self.rng.choice(list(DisclosureKind))
        place = activity.details.municipality or "19"
        named = {
            DisclosureRoute.POLICE: organisation_id("kosovo-police"),
            DisclosureRoute.CENTRE_FOR_SOCIAL_WORK: organisation_id(CSW[place]),
        }.get(route)
        command = RecordDisclosure(kind=kind, route=route, organisation_id=named)
        self.demo.do(activity.id, command, OFFICER)
        number = len(self.demo.record(activity.id).disclosures)
        self.demo.summary.reached["prevention_disclosures"] += 1
        if route is DisclosureRoute.DIRECT_ASSISTANCE:
            self.demo.summary.reached["prevention_to_assistance"] += 1
            self.demo.prevention_referrals.append(DisclosureRef(activity.id, number))

    def _corrections(self, activities: list[_Activity]) -> list[Step]:
        """A few recounts and a session that ran over, weeks later; a duplicate withdrawn."""
        early = [a for a in activities if a.details.type is ActivityType.SCHOOL_SESSION]
        early = [a for a in early if a.details.held_on < YEAR_ENDS - timedelta(days=40)]
        chosen = self.rng.sample(early, CORRECTIONS + 1)
        steps = []
        for index, activity in enumerate(chosen[:CORRECTIONS]):
            later = activity.details.held_on + timedelta(days=self.rng.randint(7, 25))
            act = self._recount if index else self._ran_over
            steps.append(self._at(later, partial(act, activity)))
        duplicate = chosen[-1]
        twice = _Activity(duplicate.details, duplicate.reach, duplicate.campaign)
        entered = duplicate.details.held_on + timedelta(days=5)
        steps.append(self._at(entered, partial(self._record, twice)))
        steps.append(self._at(entered + timedelta(days=2), partial(self._withdraw, twice)))
        return steps

    def _recount(self, activity: _Activity) -> None:
        assert activity.id is not None
        first, *rest = activity.reach.participants
        recounted = replace(
            activity.reach, participants=(replace(first, count=first.count + 2), *rest)
        )
        reason = "The attendance sheet was counted again: two pupils had signed on its back."
        self.demo.do(activity.id, CorrectActivityReach(reach=recounted, reason=reason), OFFICER)
        self.demo.summary.reached["prevention_people"] += 2
        self.demo.summary.reached["prevention_corrections"] += 1

    def _ran_over(self, activity: _Activity) -> None:
        assert activity.id is not None
        longer = replace(activity.details, duration_minutes=activity.details.duration_minutes + 30)
        reason = "The session ran over: the pupils' questions took another half hour."
        self.demo.do(activity.id, CorrectActivityDetails(details=longer, reason=reason), OFFICER)
        self.demo.summary.reached["prevention_corrections"] += 1

    def _withdraw(self, activity: _Activity) -> None:
        assert activity.id is not None
        reason = "Entered twice: the same session was recorded from both facilitators' notes."
        self.demo.do(activity.id, WithdrawActivity(reason=reason), OFFICER)
        reached = self.demo.summary.reached
        reached["prevention_activities"] -= 1
        reached["prevention_people"] -= activity.reach.people
        reached["prevention_withdrawn"] += 1


_SCHOOL_TITLES = {
    ActivityType.SCHOOL_SESSION: "Safe online: how recruiters reach you",
    ActivityType.PARENTS_MEETING: "Parents: what your children meet online",
}
_MAY_DISCLOSE = frozenset({ActivityType.SCHOOL_SESSION, ActivityType.COMMUNITY_WORKSHOP})
