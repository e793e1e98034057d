"""What a prevention activity and a campaign record (issue 16): counts, never names.

People met in person are counted in `ParticipantCount` rows (group, sector, sex, age
band); the members of communities and people with disabilities among them are counted
apart (`Inclusion`), as "of whom" figures that are never added to the rows. Media and
online audience figures (`AudienceFigure`) are kept apart from people met, each with
its source. Knowledge scores are aggregates of a session's tests (`ScoreSummary`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated
from uuid import UUID

from domain.described import Described
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


@dataclass(frozen=True)
class ParticipantCount:
    """How many people of one group, sex and age band an activity met in person."""

    group: Annotated[ParticipantGroup, Described("Who they were.", "students_grades_6_9")]
    sex: Annotated[Sex, Described("Their sex, as counted on the sheet.", "female")]
    age_band: Annotated[AgeBand, Described("Their age band, as counted on the sheet.", "11-14")]
    count: Annotated[int, Described("How many; 1 to 100,000.", 23)]
    sector: Annotated[
        Sector | None,
        Described("For professionals only (required for them): their sector.", "police"),
    ] = None


@dataclass(frozen=True)
class Inclusion:
    """Of the people met in person, how many were members of the Roma, Ashkali and Egyptian
    communities, of other non-majority communities, or people with disabilities. Each is
    part of the total, never added to it; zero when not counted."""

    roma_ashkali_egyptian: Annotated[
        int, Described("Members of the Roma, Ashkali and Egyptian communities.", 6)
    ] = 0
    other_communities: Annotated[
        int, Described("Members of other non-majority communities (Serb, Bosniak, Turkish …).", 2)
    ] = 0
    with_disability: Annotated[int, Described("People with disabilities.", 1)] = 0


@dataclass(frozen=True)
class AudienceFigure:
    """A media or online audience figure, with what it counts and where it comes from."""

    source: Annotated[AudienceSource, Described("What the figure counts.", "views")]
    count: Annotated[int, Described("The figure; 1 to 100,000,000.", 18400)]
    outlet: Annotated[
        str | None,
        Described("The channel, station or platform (1 to 200 characters).", "Facebook"),
    ] = None


@dataclass(frozen=True)
class MaterialDistributed:
    """Awareness material handed out at an activity."""

    material: Annotated[MaterialType, Described("What kind of material.", "leaflet")]
    language: Annotated[str, Described("Its language (ISO 639).", "sq")]
    quantity: Annotated[int, Described("How many were distributed; 1 to 1,000,000.", 150)]


@dataclass(frozen=True)
class ScoreSummary:
    """One knowledge test of a session, in aggregate: how many took it, their mean score
    and how many reached the pass mark. Never one person's answers."""

    count: Annotated[int, Described("How many took the test; 1 to 100,000.", 24)]
    mean: Annotated[float, Described("Their mean score, 0 to the maximum score.", 6.5)]
    passed: Annotated[int, Described("How many reached the pass mark; at most `count`.", 9)]


@dataclass(frozen=True)
class KnowledgeScores:
    """Pre- and post-session knowledge tests of a training or school session."""

    max_score: Annotated[float, Described("The test's maximum score; above 0.", 10)]
    pass_mark: Annotated[float, Described("The pass mark; above 0, at most max_score.", 7)]
    pre: Annotated[
        ScoreSummary, Described("Before the session.", {"count": 24, "mean": 5.1, "passed": 6})
    ]
    post: Annotated[
        ScoreSummary, Described("After the session.", {"count": 23, "mean": 7.4, "passed": 17})
    ]


@dataclass(frozen=True)
class Reach:
    """Everything an activity reached: people met in person (with the "of whom" counts),
    media audience figures, materials distributed, knowledge scores."""

    participants: Annotated[
        tuple[ParticipantCount, ...],
        Described(
            "People met in person, one row per group, sex and age band (and sector); none "
            "for media and online work.",
            [{"group": "parents", "sex": "female", "age_band": "25-64", "count": 18}],
        ),
    ] = ()
    inclusion: Annotated[
        Inclusion,
        Described(
            "Of the people met, members of communities and people with disabilities: part "
            "of the total, never added to it.",
            {"roma_ashkali_egyptian": 4, "other_communities": 0, "with_disability": 1},
        ),
    ] = Inclusion()
    audience: Annotated[
        tuple[AudienceFigure, ...],
        Described(
            "For media and online work only: audience figures, each with its source.",
            [{"source": "views", "count": 18400, "outlet": "Facebook"}],
        ),
    ] = ()
    materials: Annotated[
        tuple[MaterialDistributed, ...],
        Described(
            "Awareness material handed out.",
            [{"material": "leaflet", "language": "sq", "quantity": 150}],
        ),
    ] = ()
    learning: Annotated[
        KnowledgeScores | None,
        Described(
            "For trainings and school sessions: the pre- and post-session tests in "
            "aggregate; null when none was given.",
            {
                "max_score": 10,
                "pass_mark": 7,
                "pre": {"count": 24, "mean": 5.1, "passed": 6},
                "post": {"count": 23, "mean": 7.4, "passed": 17},
            },
        ),
    ] = None

    @property
    def people(self) -> int:
        """People met in person: the sum of the participant rows."""
        return sum(row.count for row in self.participants)


@dataclass(frozen=True)
class Disclosure:
    """A disclosure made at an activity: what kind and where the person was referred, and
    nothing about who. A case opened on it names it by activity id and number."""

    number: Annotated[int, Described("Its number on the activity, from 1.", 1)]
    kind: Annotated[DisclosureKind, Described("What was disclosed.", "risk_of_trafficking")]
    route: Annotated[
        DisclosureRoute, Described("Where the person was referred.", "direct_assistance")
    ]
    organisation_id: Annotated[
        UUID | None,
        Described(
            "The registered organisation referred to, for police, a Centre for Social Work or "
            "another organisation.",
            "f4d5371e-3929-56a0-870f-317ee8808f05",
        ),
    ] = None


@dataclass(frozen=True)
class Indicator:
    """A campaign's planned indicator: what it counts and the target."""

    measure: Annotated[Measure, Described("What the indicator counts.", "students_reached")]
    target: Annotated[int, Described("The planned figure; 1 to 100,000,000.", 1200)]
    description: Annotated[
        str | None,
        Described("How the proposal words it (1 to 200 characters).", "1,200 students reached"),
    ] = None
    source: Annotated[
        AudienceSource | None,
        Described("For media_audience only (required there): which figures count.", "views"),
    ] = None


@dataclass(frozen=True)
class ActivityDetails:
    """What an activity was, when, where, how long, in which language, by whom, with which
    partners and under which campaign."""

    type: Annotated[ActivityType, Described("What kind of activity.", "school_session")]
    held_on: Annotated[date, Described("The day it was held; not in the future.", "2026-05-12")]
    duration_minutes: Annotated[int, Described("How long it lasted; 1 to 1,440 minutes.", 90)]
    setting: Annotated[Setting, Described("Where it took place.", "school")]
    language: Annotated[ActivityLanguage, Described("The language it was held in.", "sq")]
    municipality: Annotated[
        str | None,
        Described(
            "The municipality (KAS code '01'-'38'); null only for online and media work.", "20"
        ),
    ] = None
    title: Annotated[
        str | None,
        Described(
            "A short title (1 to 200 characters), about the activity, never a person.",
            "Safe online: grade 8, Shkolla 'Lidhja e Prizrenit'",
        ),
    ] = None
    facilitators: Annotated[
        tuple[str, ...],
        Described("The staff who facilitated it: 1 to 20 user names.", ["drita.gashi"]),
    ] = ()
    partner_ids: Annotated[
        tuple[UUID, ...],
        Described(
            "Partner organisations (the registry) that co-organised it; at most 20.",
            ["f4d5371e-3929-56a0-870f-317ee8808f05"],
        ),
    ] = ()
    campaign_id: Annotated[
        UUID | None,
        Described(
            "The campaign it belongs to; held within the campaign's period.",
            "0e7c2b1e-8f7a-4c3e-9b21-6a4f0e9d8c71",
        ),
    ] = None


@dataclass(frozen=True)
class CampaignPlan:
    """A campaign's name, aims, period, target groups, municipalities, grant, partners and
    planned indicators."""

    name: Annotated[
        str, Described("Its name (1 to 200 characters).", "Safe online, safe at work 2026")
    ]
    starts_on: Annotated[date, Described("Its first day.", "2026-01-15")]
    ends_on: Annotated[
        date, Described("Its last day; at most 5 years after the first.", "2026-12-15")
    ]
    target_groups: Annotated[
        tuple[TargetGroup, ...], Described("Whom it is for: at least one.", ["students", "parents"])
    ]
    aims: Annotated[
        str | None,
        Described(
            "What it sets out to achieve (up to 2,000 characters).",
            "Pupils recognise online recruitment and know where to call.",
        ),
    ] = None
    municipalities: Annotated[
        tuple[str, ...],
        Described("Where it works (KAS codes); empty for all of Kosovo.", ["20", "25"]),
    ] = ()
    grant: Annotated[
        str | None,
        Described("The funding grant's reference (1 to 100 characters).", "EU-IPA-2026-014"),
    ] = None
    partner_ids: Annotated[
        tuple[UUID, ...],
        Described(
            "Partner organisations (the registry); at most 20.",
            ["f4d5371e-3929-56a0-870f-317ee8808f05"],
        ),
    ] = ()
    indicators: Annotated[
        tuple[Indicator, ...],
        Described(
            "Planned indicators, one per measure (and audience source).",
            [{"measure": "students_reached", "target": 1200}],
        ),
    ] = ()
