"""The reflection period's workflow: a period starts for the days the installation gives
its legal basis (domain/reflection.py `ReflectionLengths`; the statutory defaults unless
settings override them, adapters/settings). The domain reads no configuration: the
lengths are handed to it here."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain.case import Case
from domain.reflection import ReflectionLengths
from services.app import CommandResult, check_version
from services.bus import Context, Workflow
from services.commands.reflection import StartReflectionPeriod


def reflection_workflows(lengths: ReflectionLengths) -> dict[type[Any], Workflow]:
    """The workflows of the reflection commands, with these lengths."""

    def start(ctx: Context, case_id: UUID, command: StartReflectionPeriod) -> CommandResult:
        case = ctx.app.load(Case, case_id)
        check_version(case, ctx.expected_version)
        case.start_reflection_period(
            command.legal_basis,
            lengths.days_for(command.legal_basis),
            command.started_on,
            actor=ctx.actor,
            at=ctx.at,
        )
        return ctx.app.commit(case)

    return {StartReflectionPeriod: start}
