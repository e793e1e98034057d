"""The justice read model on both databases, fed by what real commands record: a row per
proceedings (stage, role, outcome, cooperation, representation kind, measures in
force), per hearing and per compensation claim (amounts in cents), and no reference."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import Engine, text

from adapters.run.bootstrap import Journey
from adapters.run.clock import ScriptedClock
from domain.justice_vocab import (
    CompensationKind,
    Cooperation,
    ProceedingsOutcome,
    ProceedingsRole,
    ProceedingsStage,
    ProtectionMeasure,
    RepresentationKind,
)
from services.commands.justice import (
    AdjournHearing,
    AdvanceStage,
    DecideCompensationClaim,
    FileCompensationClaim,
    GrantProtectionMeasure,
    OpenProceedings,
    RecordCompensationPaid,
    RecordCooperation,
    RecordOutcome,
    RecordRepresentation,
    ScheduleHearing,
)
from tests.support.factories import MANAGER, case_in_service_provision
from tests.support.http import catch_up

REFERENCE = "PD-2026/0999"


def select(engine: Engine, sql: str) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return [dict(row) for row in conn.execute(text(sql)).mappings()]


def test_proceedings_hearings_and_claims(
    journey: Journey, engine: Engine, clock: ScriptedClock
) -> None:
    case_id = case_in_service_provision(journey)
    opened = OpenProceedings(
        case_id=case_id,
        role=ProceedingsRole.INJURED_PARTY_AND_WITNESS,
        stage=ProceedingsStage.TRIAL,
        stage_on=clock().date(),
        police_reference=REFERENCE,
    )
    p = journey.bus.execute(None, opened, actor=MANAGER).id
    today = clock().date()

    def run(command: Any) -> None:
        journey.bus.execute(p, command, actor=MANAGER)

    run(RecordCooperation(choice=Cooperation.DECLINES))
    run(RecordRepresentation(kind=RepresentationKind.PVPT_LAWYER, lawyer="av.gashi"))
    run(GrantProtectionMeasure(measure=ProtectionMeasure.TESTIMONY_BY_VIDEO_LINK))
    run(ScheduleHearing(scheduled_on=today))
    run(AdjournHearing(number=1, new_date=date(today.year + 1, 1, 15)))
    run(AdvanceStage(stage=ProceedingsStage.VERDICT))
    run(RecordOutcome(outcome=ProceedingsOutcome.CONVICTION))
    run(FileCompensationClaim(kind=CompensationKind.STATE_PROGRAMME, claimed_cents=500_000))
    run(DecideCompensationClaim(number=1, awarded_cents=350_000))
    run(RecordCompensationPaid(number=1, paid_cents=350_000))
    catch_up(journey, engine, "justice")
    _check(engine, case_id, p)


def _check(engine: Engine, case_id: UUID, p: UUID) -> None:
    (row,) = select(engine, "SELECT * FROM justice_proceedings")
    assert (row["case_id"], row["proceedings_id"]) == (str(case_id), str(p))
    assert (row["stage"], row["outcome"], row["cooperation"]) == (
        "verdict",
        "conviction",
        "declines",
    )
    assert (row["role"], row["representation"], row["measures_in_force"]) == (
        "injured_party_and_witness",
        "pvpt_lawyer",
        1,
    )
    hearings = select(
        engine, "SELECT number, status, adjourned_to FROM justice_hearings ORDER BY number"
    )
    assert [tuple(h.values()) for h in hearings] == [(1, "adjourned", 2), (2, "scheduled", None)]
    (claim,) = select(engine, "SELECT * FROM justice_claims")
    assert (claim["status"], claim["claimed_cents"], claim["paid_cents"]) == (
        "paid",
        500_000,
        350_000,
    )
    (total,) = select(engine, "SELECT * FROM justice_compensation")
    assert (total["kind"], total["awarded"], total["awarded_cents"]) == (
        "state_programme",
        1,
        350_000,
    )
    every = select(engine, "SELECT * FROM justice_proceedings") + hearings + [claim]
    assert REFERENCE not in str(every)
