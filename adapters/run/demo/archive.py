"""The demo's archive (issue 17, retention): cases PVPT closed in 2019 and 2020, before the
demo's two years, and the retention review at the end of them.

The demo's journeys run from January 2025, so none of their data could reach the end of
retention by November 2026 (five years after closure, by default): a retention review
would have nothing to do. The archive gives it real work without shortening any period:
beneficiaries registered and their cases opened and closed in 2019-2020, through the same
commands as any other — adults whose retention ended on 1 January 2025 or 2026, a child
kept until five years after the year they turned 18 (ended), another still kept (turns 18
in 2022), one whose criminal proceedings are still at trial (held), one with a note
written in 2021 (kept to 2027). It is recorded first, into an empty store, with the clock
rewound to 2019, so every event stays in time order.

At the end of the demo, an administrator proposes a batch of those due but one (left
in the due list, `retention_end`), a second administrator approves it, one of them comes
back and her case is reopened, and the batch is executed: the others are erased and she
is left out, named with the reason. A second batch is proposed and rejected, with the
reason. `journey retention report` then has something to say.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING
from uuid import UUID

from adapters.run.demo.world import ADMINS, MANAGERS
from domain.case_values import IncomingReferral
from domain.justice_vocab import ProceedingsRole, ProceedingsStage
from domain.values import PersonalData
from domain.vocab import (
    ApprovalSubject,
    ClosureReason,
    Gender,
    IncomingReferralReason,
    NoteCategory,
    OrganisationType,
    TraffickingScope,
)
from services.commands.beneficiary import RegisterBeneficiary
from services.commands.case import (
    AddNote,
    Approve,
    AssignCaseworker,
    OpenCase,
    Reopen,
    RequestApproval,
)
from services.commands.justice import OpenProceedings
from services.commands.retention import (
    ApproveRetentionErasure,
    ExecuteRetentionErasure,
    ProposeRetentionErasure,
    RejectRetentionErasure,
)
from services.retention import judge

if TYPE_CHECKING:
    from adapters.run.demo import Demo

ARCHIVE_START = datetime(2019, 2, 4, 8, 0, tzinfo=UTC)
WORKER = "blerina.shala"


@dataclass(frozen=True)
class Archived:
    """One archived journey: who, when, how it closed, and what else."""

    given: str
    family: str
    age: int
    gender: Gender
    opened_days: int  # days after ARCHIVE_START
    open_for: int  # days
    reason: ClosureReason
    proceedings: bool = False  # criminal proceedings still at trial
    note_in_2021: bool = False


ARCHIVE = (
    Archived("Arbëresha", "Krasniqi", 23, Gender.FEMININE, 10, 120, ClosureReason.REINTEGRATED),
    Archived("Valbona", "Berisha", 31, Gender.FEMININE, 45, 90, ClosureReason.LOST_CONTACT),
    Archived("Dafina", "Morina", 17, Gender.FEMININE, 80, 150, ClosureReason.REINTEGRATED),
    Archived("Egzon", "Rexhepi", 26, Gender.MASCULINE, 130, 60, ClosureReason.DECLINED_SERVICES),
    Archived("Lirije", "Hasani", 15, Gender.FEMININE, 170, 200, ClosureReason.REINTEGRATED),
    Archived("Shpresa", "Gashi", 28, Gender.FEMININE, 200, 100, ClosureReason.REINTEGRATED, True),
    Archived("Teuta", "Bytyqi", 35, Gender.FEMININE, 260, 90, ClosureReason.REINTEGRATED),
    Archived(
        "Mimoza",
        "Kastrati",
        22,
        Gender.FEMININE,
        300,
        120,
        ClosureReason.LOST_CONTACT,
        note_in_2021=True,
    ),
    Archived("Fitore", "Zeqiri", 19, Gender.FEMININE, 420, 150, ClosureReason.REINTEGRATED),
    Archived(
        "Blerim", "Hoti", 40, Gender.MASCULINE, 480, 90, ClosureReason.REFERRED_OR_TRANSFERRED
    ),
    Archived("Nora", "Sejdiu", 24, Gender.FEMININE, 540, 120, ClosureReason.REINTEGRATED),
)


def record_archive(demo: Demo) -> list[UUID]:
    """The archive's beneficiaries, recorded in time order from ARCHIVE_START (the
    clock is rewound: call it before anything else is stored)."""
    demo.clock.rewind(ARCHIVE_START)
    steps: list[tuple[datetime, int, str]] = []
    for number, person in enumerate(ARCHIVE):
        opened = ARCHIVE_START + timedelta(days=person.opened_days)
        steps.append((opened, number, "open"))
        steps.append((opened + timedelta(days=person.open_for), number, "close"))
        if person.note_in_2021:
            steps.append((datetime(2021, 5, 10, 10, 0, tzinfo=UTC), number, "note"))
    beneficiaries: dict[int, UUID] = {}
    cases: dict[int, UUID] = {}
    for at, number, step in sorted(steps):
        demo.clock.set(at)
        person = ARCHIVE[number]
        if step == "open":
            beneficiaries[number], cases[number] = _open(demo, person)
        elif step == "close":
            _close(demo, cases[number], person.reason)
        else:
            text = "Called to say she is working in Peja and doing well."
            demo.do(cases[number], AddNote(category=NoteCategory.GENERAL, text=text), WORKER)
    demo.summary.reached["archived"] = len(ARCHIVE)
    return [beneficiaries[n] for n in range(len(ARCHIVE))]


def _open(demo: Demo, person: Archived) -> tuple[UUID, UUID]:
    today = demo.clock().date()
    birth = today.replace(year=today.year - person.age - 1) + timedelta(days=40)
    register = RegisterBeneficiary(
        personal=PersonalData(person.given, person.family, birth),
        gender=person.gender,
        age_at_identification=person.age,
        citizenships=("XK",),
        languages=("sq",),
        scope=TraffickingScope.DOMESTIC,
    )
    beneficiary_id = demo.do(None, register, WORKER)
    referral = IncomingReferral(
        "Kosovo Police",
        OrganisationType.LAW_ENFORCEMENT,
        today,
        IncomingReferralReason.ADDITIONAL_SERVICES_REQUIRED,
    )
    case_id = demo.do(None, OpenCase(beneficiary_id=beneficiary_id, referral=referral), WORKER)
    demo.do(case_id, AssignCaseworker(caseworker=WORKER), MANAGERS[0])
    if person.proceedings:
        opened = OpenProceedings(
            case_id=case_id,
            role=ProceedingsRole.INJURED_PARTY_AND_WITNESS,
            stage=ProceedingsStage.TRIAL,
            stage_on=today,
        )
        demo.do(None, opened, MANAGERS[0])
    return beneficiary_id, case_id


def _close(demo: Demo, case_id: UUID, reason: ClosureReason) -> None:
    demo.do(
        case_id, RequestApproval(subject=ApprovalSubject.CLOSURE, closure_reason=reason), WORKER
    )
    demo.do(case_id, Approve(subject=ApprovalSubject.CLOSURE), MANAGERS[0])


def review_retention(demo: Demo, archived: list[UUID]) -> None:
    """The retention review at the end of the demo: a batch proposed, approved, one of its
    beneficiaries back (her case reopened), the batch executed; a second one rejected."""
    today = demo.clock().date()
    rules = demo.retention_rules
    due = [b for b in archived if judge(demo.journey.app, b, rules).retention.due(today)]
    if len(due) < 3:  # a batch, one of whom comes back, and one left in the due list
        return
    codes = [demo.record(b).code for b in due]
    first, later = codes[:-1], codes[-1:]
    proposer, approver = ADMINS
    batch = demo.do(None, ProposeRetentionErasure(beneficiaries=tuple(first)), proposer)
    demo.clock.advance(days=1)
    demo.do(batch, ApproveRetentionErasure(comment="Checked against the paper files."), approver)
    demo.clock.advance(days=1)
    back = demo.record(due[0])  # she comes back before the batch is executed
    demo.do(back.case_ids[-1], Reopen(reason="She came back asking for help."), MANAGERS[0])
    demo.do(batch, ExecuteRetentionErasure(), proposer)
    executed = demo.record(batch)
    rejected = demo.do(None, ProposeRetentionErasure(beneficiaries=tuple(later)), approver)
    reason = "Her former employer's civil case is pending; keep the file for now."
    demo.do(rejected, RejectRetentionErasure(reason=reason), proposer)
    demo.summary.reached["retention_erased"] = len(executed.erased)
    demo.summary.reached["retention_left_out"] = len(executed.left_out)
