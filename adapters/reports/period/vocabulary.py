"""What a template may count (measures) and break it down by (breakdowns).

The names here are the only words a template can use; the engine builds its SQL from the
views and columns these entries name, never from a template's text. A measure reads one
source; a breakdown says which sources carry it and how a fetched row gives its value.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

NOT_RECORDED = "not recorded"


class Source(StrEnum):
    """Where a measure's rows come from (the engine's fetchers, `sources.py`)."""

    FACTS = "facts"  # stat_facts: one row per dated fact, with its person
    CASES = "cases"  # stat_cases: cases open during the period, with their person
    STAYS = "stays"  # stat_stays: stays overlapping the period, with their person
    TURNAWAYS = "turnaways"  # facility_turnaways_monthly: counts by month
    REACH = "reach"  # prevention_reach: people met at prevention activities
    ACTIVITIES = "activities"  # prevention_activities: activities held
    INDICATORS = "indicators"  # grant_indicators: a grant's targets, achieved computed


PERSON_SOURCES = frozenset({Source.FACTS, Source.CASES, Source.STAYS})


class Unit(StrEnum):
    PEOPLE = "people"  # distinct people
    RECORDS = "records"  # facts, cases, stays: one each
    NIGHTS = "nights"  # nights of stays within the period
    PARTICIPANTS = "participants"  # people met, as attendance sheets count them
    ACTIVITIES = "activities"


@dataclass(frozen=True)
class Measure:
    name: str
    label: str
    source: Source
    unit: Unit
    fact: str | None = None  # stat_facts.fact, for Source.FACTS
    kind: str | None = None  # stat_stays.kind, for Source.STAYS
    detail: str | None = None  # the breakdown stat_facts.detail carries for this fact
    overdue: bool = False  # follow-ups due in the period and not done by its end
    group: str | None = None  # prevention_reach.participant_group, for Source.REACH
    activity_type: str | None = None  # prevention type, for Source.REACH

    @property
    def counts_victims(self) -> bool:
        """Its cells count people assisted: consent applies and small cells are suppressed."""
        return self.source in PERSON_SOURCES or self.source is Source.TURNAWAYS


def _m(name: str, label: str, source: Source, unit: Unit, **more: Any) -> Measure:
    return Measure(name, label, source, unit, **more)


F, P, R = Source.FACTS, Unit.PEOPLE, Unit.RECORDS
MEASURE_LIST = (
    _m("new_referrals", "New referrals", F, R, fact="referred"),
    _m("presumed_victims", "Presumed victims identified", F, P, fact="presumed_identified"),
    _m("identified_victims", "Victims formally identified", F, P, fact="formally_identified"),
    _m("cases_opened", "Cases opened", F, R, fact="case_opened"),
    _m("people_assisted", "People assisted (a case open in the period)", Source.CASES, P),
    _m("people_in_shelter", "People in shelter", Source.STAYS, P, kind="shelter"),
    _m("shelter_stays", "Shelter stays", Source.STAYS, R, kind="shelter"),
    _m("shelter_nights", "Shelter nights", Source.STAYS, Unit.NIGHTS, kind="shelter"),
    _m("people_in_day_centre", "People in the day centre", Source.STAYS, P, kind="day_centre"),
    _m("day_centre_attendances", "Day-centre attendances", F, R, fact="day_centre_attended"),
    _m("services_planned", "Services planned", F, R, fact="service_planned", detail="service_type"),
    _m(
        "services_delivered",
        "Services delivered",
        F,
        R,
        fact="service_delivered",
        detail="service_type",
    ),
    _m("people_receiving_services", "People receiving services", F, P, fact="service_delivered"),
    _m("plans_drafted", "Reintegration plans drafted", F, R, fact="plan_drafted"),
    _m("plans_completed", "Reintegration plans completed", F, R, fact="plan_completed"),
    _m("follow_ups_due", "Follow-ups due", F, R, fact="follow_up_scheduled"),
    _m("follow_ups_done", "Follow-ups done", F, R, fact="follow_up_done"),
    _m(
        "follow_ups_overdue",
        "Follow-ups due and not done by the period's end",
        F,
        R,
        fact="follow_up_scheduled",
        overdue=True,
    ),
    _m("case_closures", "Cases closed", F, R, fact="case_closed", detail="closure_reason"),
    _m("re_trafficked", "People re-trafficked", F, P, fact="re_trafficked"),
    _m(
        "justice_outcomes",
        "Justice outcomes",
        F,
        R,
        fact="justice_outcome",
        detail="justice_outcome",
    ),
    _m("returns_completed", "Returns completed", F, R, fact="return_completed"),
    _m("turn_aways", "Admissions refused (turn-aways)", Source.TURNAWAYS, P),
    _m("prevention_reach", "People met at prevention activities", Source.REACH, Unit.PARTICIPANTS),
    _m(
        "professionals_trained",
        "Professionals trained",
        Source.REACH,
        Unit.PARTICIPANTS,
        group="professionals",
        activity_type="professional_training",
    ),
    _m("prevention_activities", "Prevention activities held", Source.ACTIVITIES, Unit.ACTIVITIES),
    _m("grant_indicators", "Grant indicators against targets", Source.INDICATORS, R),
)
MEASURES: Mapping[str, Measure] = {m.name: m for m in MEASURE_LIST}

Row = Mapping[str, Any]


@dataclass(frozen=True)
class Breakdown:
    name: str
    label: str
    sources: frozenset[Source]
    value: Callable[[Row], str]
    per_person: bool  # one value per person: people-counting measures may use it
    order: tuple[str, ...] = ()  # values shown first, in this order; others after, sorted


def _column(key: str) -> Callable[[Row], str]:
    def value(row: Row) -> str:
        found = row.get(key)
        return NOT_RECORDED if found is None or found == "" else str(found)

    return value


def _month(row: Row) -> str:
    return str(row["on_day"])[:7]


AGE_BANDS = ("0-8", "9-17", "18-20", "21-23", "24-26", "27-29", "30-38", "39-47", "48+")
SEXES = ("Feminine", "Masculine", "TransgenderFeminine", "TransgenderMasculine")
CITIZENSHIP_GROUPS = (
    "Kosovo",
    "Western Balkans",
    "EU/EEA",
    "Other Europe",
    "Africa",
    "Asia",
    "Americas",
    "Oceania",
    "Stateless/unknown",
)
PEOPLE = PERSON_SOURCES
PREVENTION = frozenset({Source.REACH, Source.ACTIVITIES})


def _b(
    name: str,
    label: str,
    sources: frozenset[Source],
    value: Callable[[Row], str] | None = None,
    *,
    per_person: bool = True,
    order: tuple[str, ...] = (),
) -> Breakdown:
    return Breakdown(name, label, sources, value or _column(name), per_person, order)


BREAKDOWN_LIST = (
    _b("sex", "Sex", PEOPLE | PREVENTION | {Source.TURNAWAYS}, order=SEXES),
    _b("age_band", "Age band at identification", PEOPLE, order=AGE_BANDS),
    _b("child_or_adult", "Child or adult", PEOPLE | {Source.TURNAWAYS}, order=("child", "adult")),
    _b("citizenship_group", "Citizenship", PEOPLE, order=CITIZENSHIP_GROUPS),
    _b("citizenship", "Citizenship (country)", PEOPLE),
    _b("international", "Domestic or international", PEOPLE, order=("domestic", "international")),
    _b("exploitation_type", "Type of exploitation (primary)", PEOPLE),
    _b("identification_status", "Identification status", PEOPLE),
    _b("identification_body", "Identified by", PEOPLE),
    _b("origin_region", "Region of origin", PEOPLE),
    _b(
        "service_type",
        "Service type",
        frozenset({Source.FACTS}),
        _column("detail"),
        per_person=False,
    ),
    _b(
        "closure_reason",
        "Closure reason",
        frozenset({Source.FACTS}),
        _column("detail"),
        per_person=False,
    ),
    _b(
        "justice_outcome",
        "Justice outcome",
        frozenset({Source.FACTS}),
        _column("detail"),
        per_person=False,
    ),
    _b("month", "Month", frozenset({Source.FACTS}) | PREVENTION, _month, per_person=False),
    _b("reason", "Reason", frozenset({Source.TURNAWAYS}), per_person=False),
    _b("facility", "Facility", frozenset({Source.TURNAWAYS}), per_person=False),
    _b("participant_group", "Participant group", frozenset({Source.REACH}), per_person=False),
    _b("prevention_age_band", "Age band", frozenset({Source.REACH}), per_person=False),
    _b("activity_type", "Activity type", PREVENTION, per_person=False),
    _b("municipality", "Municipality (KAS code)", PREVENTION, per_person=False),
)
BREAKDOWNS: Mapping[str, Breakdown] = {b.name: b for b in BREAKDOWN_LIST}

# Breakdowns the turn-aways' monthly rows carry only as separate counts: one at a time.
TURNAWAY_SPLITS = frozenset({"sex", "child_or_adult"})


def allowed_breakdowns(measure: Measure) -> list[str]:
    """The breakdowns `measure` can be broken down by, in vocabulary order."""
    if measure.source is Source.INDICATORS:
        return []
    return [
        b.name
        for b in BREAKDOWN_LIST
        if measure.source in b.sources
        and (b.per_person or measure.unit is not Unit.PEOPLE or measure.source is Source.TURNAWAYS)
        and (b.name not in DETAILS or b.name == measure.detail)
    ]


DETAILS = frozenset({"service_type", "closure_reason", "justice_outcome"})
