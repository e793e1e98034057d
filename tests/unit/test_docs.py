"""docs/domain.md names every command, every event and every rule code in the code."""

from __future__ import annotations

import re
from pathlib import Path

from eventsourcing.domain import CanMutateAggregate

from domain.beneficiary import Beneficiary
from domain.care_plan import CarePlan
from domain.case import Case
from domain.day_centre import DayCentreEnrolment
from domain.day_centre_session import DayCentreSession
from domain.facility import Facility
from domain.plan import ReintegrationPlan
from domain.proceedings import CriminalProceedings
from domain.retention.batch import RetentionBatch
from domain.return_process import ReturnProcess
from domain.sequence import CodeSequence
from domain.stay import ShelterStay
from services.commands import Command, RecordCommand
from services.commands import beneficiary as beneficiary_commands
from services.commands import care_plan as care_plan_commands
from services.commands import case as case_commands
from services.commands import day_centre as day_centre_commands
from services.commands import justice as justice_commands
from services.commands import plan as plan_commands
from services.commands import referrals as referral_commands
from services.commands import reflection as reflection_commands
from services.commands import retention as retention_commands
from services.commands import returns as return_commands
from services.commands import shelter as shelter_commands
from services.workflows import WORKFLOWS

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "domain.md").read_text()


def _commands() -> set[str]:
    modules = (
        beneficiary_commands,
        case_commands,
        referral_commands,
        plan_commands,
        shelter_commands,
        reflection_commands,
        day_centre_commands,
        care_plan_commands,
        justice_commands,
        return_commands,
        retention_commands,
    )
    return {
        name
        for module in modules
        for name, value in vars(module).items()
        if isinstance(value, type)
        and issubclass(value, Command)
        and value.__module__ == module.__name__
        and not name.endswith("Command")
    }


def _events() -> set[str]:
    aggregates = (
        Beneficiary,
        Case,
        Facility,
        ShelterStay,
        ReintegrationPlan,
        CodeSequence,
        DayCentreEnrolment,
        DayCentreSession,
        CarePlan,
        CriminalProceedings,
        ReturnProcess,
        RetentionBatch,
    )
    return {
        name
        for aggregate in aggregates
        for name, value in vars(aggregate).items()
        if isinstance(value, type)
        and issubclass(value, CanMutateAggregate)
        and name not in ("Event", "Created")
    }


def _rules() -> set[str]:
    sources = (ROOT / "domain").rglob("*.py")
    return {rule for path in sources for rule in re.findall(r'rule="(\w+)"', path.read_text())}


def test_every_command_is_documented() -> None:
    assert {name for name in _commands() if f"`{name}`" not in DOC} == set()


def test_every_event_is_documented() -> None:
    assert {name for name in _events() if f"`{name}`" not in DOC} == set()


def test_every_rule_code_is_documented() -> None:
    assert len(_rules()) > 30
    assert {rule for rule in _rules() if f"`{rule}`" not in DOC} == set()


def test_every_record_command_decides_through_its_own_run() -> None:
    """`RecordCommand.run` is the abstract contract; each concrete command overrides it,
    unless a workflow decides it (services/workflows.py: the consents, which ask the
    organisations registry too)."""
    modules = (
        beneficiary_commands,
        case_commands,
        referral_commands,
        plan_commands,
        shelter_commands,
        reflection_commands,
        day_centre_commands,
        care_plan_commands,
        justice_commands,
        return_commands,
    )
    concrete = [
        value
        for module in modules
        for name, value in vars(module).items()
        if isinstance(value, type)
        and issubclass(value, RecordCommand)
        and value.__module__ == module.__name__
        and not name.endswith("Command")
    ]
    assert len(concrete) > 30
    undecided = [c.__name__ for c in concrete if c.run is RecordCommand.run and c not in WORKFLOWS]
    assert undecided == []
