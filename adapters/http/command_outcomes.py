"""Each command's outcome, counted (`journey_commands_total`) and logged with the request's
ids: accepted (with the record, its new version and store position), refused (with the
problem a client is answered: `capacity-exceeded`, …) or failed (an unexpected error).
Ids and codes only: a refusal's detail may name a person, so it is not logged."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from adapters.http.problem_types import type_of
from adapters.observability.metrics import COMMANDS
from services.app import CommandResult

log = logging.getLogger("journey.commands")


class Outcome:
    """Filled in by the command's code within `counted`: what it stored."""

    result: CommandResult | None = None


@contextmanager
def counted(command: str) -> Iterator[Outcome]:
    outcome = Outcome()
    try:
        yield outcome
    except Exception as error:
        kind = type_of(error)
        if kind is None or kind.status >= 500:
            COMMANDS.labels(command, "failed", "").inc()
            raise
        COMMANDS.labels(command, "refused", kind.slug).inc()
        log.info("%s refused: %s", command, kind.slug, extra={"command": command})
        raise
    COMMANDS.labels(command, "accepted", "").inc()
    if (result := outcome.result) is not None:
        log.info(
            "%s accepted: %s v%d at position %s",
            command,
            result.id,
            result.version,
            result.position,
            extra={"command": command, "record_id": str(result.id)},
        )
