"""The case file's own entries: who works the case (its caseworker), its notes, and
the record that the beneficiary's personal data was erased; and the guards every
command of a case starts with (the case is open, it is in a stage).

A part of `Case` (domain/case.py), which holds the events these commands record.
"""

from __future__ import annotations

from datetime import datetime

from domain import checks
from domain.errors import RuleViolated
from domain.parts.case_state import CaseState
from domain.vocab import ErasureBasis, NoteCategory, Stage


class CaseFile:
    """The caseworker, note and erasure commands of a case, and its guards."""

    def assign_caseworker(self: CaseState, caseworker: str, *, actor: str, at: datetime) -> None:
        self.require_open("assign a caseworker")
        worker = checks.text("caseworker", caseworker, max_length=100)
        if worker == self.caseworker:
            raise RuleViolated(f"{self.label} is already assigned to {worker}", rule="no_change")
        self._record(
            self.CaseworkerAssigned, actor, at, caseworker=worker, previous=self.caseworker
        )

    def add_note(
        self: CaseState, category: NoteCategory, text: str, *, actor: str, at: datetime
    ) -> int:
        text = checks.text("text", text, max_length=20_000)
        number = len(self.notes) + 1
        self._record(self.NoteAdded, actor, at, number=number, category=category, text=text)
        return number

    def record_erasure(
        self: CaseState, legal_basis: ErasureBasis, reference: str, *, actor: str, at: datetime
    ) -> None:
        """Recorded in any stage, closed included: the case's history says it happened."""
        self._record(
            self.PersonalDataErased, actor, at, legal_basis=legal_basis, reference=reference
        )

    def require_open(self: CaseState, action: str) -> None:
        if self.is_closed:
            raise RuleViolated(
                f"{self.label} is closed; reopen it before you {action}", rule="case_closed"
            )

    def _require_stage(self: CaseState, stage: Stage, action: str) -> None:
        self.require_open(action)
        if self.stage is not stage:
            raise RuleViolated(
                f"{self.label} is in stage {self.stage.value}; to {action} it must be in "
                f"stage {stage.value}",
                rule="wrong_stage",
            )
