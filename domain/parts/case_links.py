"""The records a case links to: its shelter stays (one active at a time) and its
reintegration plans, each saved with the record it links.

A part of `Case` (domain/case.py), which holds the events these commands record.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from domain.errors import RuleViolated
from domain.parts.case_state import CaseState


class Links:
    """The commands that link a case to its stays and plans."""

    def start_stay(self: CaseState, stay_id: UUID, *, actor: str, at: datetime) -> None:
        """Saved with the admission: one bed per case, and a concurrent risk
        reassessment or closure conflicts with the admission instead of racing it."""
        self.require_open("admit it to a shelter")
        if self.active_stay_id is not None:
            raise RuleViolated(
                f"{self.label} is already in a shelter (stay {self.active_stay_id}); "
                "transfer or discharge that stay instead",
                rule="already_admitted",
            )
        self._record(self.ShelterStayStarted, actor, at, stay_id=stay_id)

    def link_plan(self: CaseState, plan_id: UUID, *, actor: str, at: datetime) -> None:
        """Saved with the new plan, so the case knows every plan drafted for it."""
        self.require_open("draft a reintegration plan")
        self._record(self.PlanDrafted, actor, at, plan_id=plan_id)

    def end_stay(self: CaseState, stay_id: UUID, *, actor: str, at: datetime) -> None:
        if self.active_stay_id != stay_id:
            raise RuleViolated(f"{self.label} has no active stay {stay_id}", rule="no_such_stay")
        self._record(self.ShelterStayEnded, actor, at, stay_id=stay_id)
