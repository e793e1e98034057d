"""The demo's grants (issue 17): three donors' grants, opened once the simulated period
has run, as a manager does when the first report falls due, and the work each pays for
attributed to it.

- `EU-IPA-2025-031`, the European Union's (a donor the registry does not hold): direct
  assistance and the school campaign, whose plan already names this reference (so the
  campaign counts as attributed without a command); shelter stays, half the cases and the
  school campaign's activities are attributed, to budget lines;
- `US-JTIP-2025-112`, the US State Department's (not registered either): reintegration,
  the other cases and their care plans' services;
- `OSCE-KOS-2026-007`, the OSCE Mission in Kosovo's (in the registry): the training
  programme, whose plan names it, and each training attributed.

The records are chosen by a seeded random source of its own, so the other scripts' draws
are untouched."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from random import Random
from uuid import UUID

from adapters.run.demo.world import MANAGERS, Host
from domain.errors import RuleViolated
from domain.funding.grant import grant_id
from domain.funding.values import BudgetLine, Donor, GrantIndicator, GrantTerms
from domain.funding.vocab import Disaggregation, IndicatorMeasure, RecordKind
from domain.organisation import organisation_id
from domain.prevention.activity import PreventionActivity
from domain.prevention.vocab import ActivityType
from services.commands.funding import AttributeToGrant, OpenGrant

SEED = "funding"
MANAGER = MANAGERS[1]
M = IndicatorMeasure

EU = OpenGrant(
    reference="EU-IPA-2025-031",
    terms=GrantTerms(
        donor=Donor(name="European Union Office in Kosovo"),
        title="Protect and prevent: assistance to victims and prevention in schools",
        starts_on=date(2025, 3, 1),
        ends_on=date(2027, 2, 28),
        currency="EUR",
        budget_lines=(
            BudgetLine("1.1", "Case management and psychosocial staff", 184_000),
            BudgetLine("1.2", "Shelter running costs", 126_500),
            BudgetLine("2.1", "Prevention in schools", 58_000),
        ),
        indicators=(
            GrantIndicator("1.a", "Victims assisted", M.PEOPLE_ASSISTED, 90, Disaggregation.SEX),
            GrantIndicator(
                "1.b",
                "Victims in safe shelter",
                M.PEOPLE_IN_SHELTER,
                45,
                Disaggregation.CHILD_OR_ADULT,
            ),
            GrantIndicator("1.c", "Nights of safe shelter", M.SHELTER_NIGHTS, 4500),
            GrantIndicator(
                "2.a",
                "Pupils and parents reached",
                M.PREVENTION_PEOPLE_MET,
                2900,
                Disaggregation.PARTICIPANT_GROUP,
            ),
            GrantIndicator("2.b", "Sessions held", M.PREVENTION_ACTIVITIES, 120),
        ),
    ),
)
US = OpenGrant(
    reference="US-JTIP-2025-112",
    terms=GrantTerms(
        donor=Donor(name="U.S. Department of State, Office to Monitor and Combat Trafficking"),
        title="Reintegration of survivors of trafficking in Kosovo",
        starts_on=date(2025, 1, 1),
        ends_on=date(2026, 12, 31),
        currency="USD",
        budget_lines=(
            BudgetLine("A", "Reintegration services", 140_000),
            BudgetLine("B", "Day centre programme", 45_000),
        ),
        indicators=(
            GrantIndicator(
                "R1", "Survivors assisted", M.PEOPLE_ASSISTED, 60, Disaggregation.AGE_BAND
            ),
            GrantIndicator(
                "R2", "Services delivered", M.SERVICES_DELIVERED, 400, Disaggregation.SERVICE_TYPE
            ),
            GrantIndicator("R3", "Cases opened", M.CASES_OPENED, 50),
            GrantIndicator("R4", "Follow-up visits done", M.FOLLOW_UPS_DONE, 80),
            GrantIndicator("R5", "Day centre attendances", M.DAY_CENTRE_ATTENDANCES, 600),
        ),
    ),
)
OSCE = OpenGrant(
    reference="OSCE-KOS-2026-007",
    terms=GrantTerms(
        donor=Donor(organisation_id=organisation_id("osce-mission-in-kosovo")),
        title="Professionals against trafficking: training programme 2026",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
        currency="EUR",
        budget_lines=(BudgetLine("T1", "Trainings of front-line professionals", 32_000),),
        indicators=(
            GrantIndicator(
                "T.a", "Professionals trained", M.PROFESSIONALS_TRAINED, 350, Disaggregation.SECTOR
            ),
            GrantIndicator("T.b", "Trainings held", M.PREVENTION_ACTIVITIES, 20),
        ),
    ),
)
SCHOOL_WORK = frozenset({ActivityType.SCHOOL_SESSION, ActivityType.PARENTS_MEETING})


def fund(demo: Host) -> None:
    """Open the three grants and attribute the period's work to them."""
    for grant in (EU, US, OSCE):
        demo.do(None, grant, MANAGER)
    eu, us, osce = (grant_id(g.reference) for g in (EU, US, OSCE))
    rng = Random(SEED)
    for case_id in demo.summary.cases:
        case = demo.record(case_id)
        _attribute(demo, eu if rng.random() < 0.5 else us, RecordKind.CASE, case_id, None)
        for stay_id in case.stay_ids:
            _attribute(demo, eu, RecordKind.STAY, stay_id, "1.2")
        for plan_id, number in _services(demo, case.care_plan_id):
            _attribute(demo, us, RecordKind.SERVICE, plan_id, "A", number)
    for activity_id in demo.summary.activities:
        activity: PreventionActivity = demo.record(activity_id)
        if activity.withdrawn:
            continue
        kind = activity.details.type
        if kind is ActivityType.PROFESSIONAL_TRAINING:
            _attribute(demo, osce, RecordKind.PREVENTION_ACTIVITY, activity_id, "T1")
        elif kind in SCHOOL_WORK and activity.details.campaign_id is not None:
            _attribute(demo, eu, RecordKind.PREVENTION_ACTIVITY, activity_id, "2.1")


def _services(demo: Host, care_plan_id: UUID | None) -> Iterator[tuple[UUID, int]]:
    if care_plan_id is None:
        return
    plan = demo.record(care_plan_id)
    for number, service in plan.services.items():
        if service.deliveries:
            yield care_plan_id, number


def _attribute(  # noqa: PLR0917 - one call per record, each argument distinct
    demo: Host,
    grant: UUID,
    kind: RecordKind,
    record_id: UUID,
    line: str | None,
    service_number: int | None = None,
) -> None:
    """Attribute the record when it overlaps the grant's period (the grant decides)."""
    command = AttributeToGrant(
        record_kind=kind, record_id=record_id, service_number=service_number, budget_line=line
    )
    try:
        demo.do(grant, command, MANAGER)
    except RuleViolated as refused:
        if refused.rule != "outside_grant":
            raise
        demo.summary.reached["grant_attributions_outside"] += 1
        return
    demo.summary.reached["grant_attributions"] += 1
