"""A journey's child: a birth date consistent with the age at identification, an age
estimated by a medical examination when the documents are in doubt, a guardian
appointed by the Centre for Social Work of the child's municipality (decision number,
day), the guardian's consents (with their renewal day), a best-interests assessment
before a shelter placement and before a return across a border, and, for a
17-year-old, the 18th birthday during the case: from then on the person consents for
themselves.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from uuid import UUID

from adapters.run.demo.people import ScriptBase
from domain import places
from domain.checks.field_dates import add_months
from domain.children import ADULT_AGE
from domain.local_time import local_date
from domain.values import Guardian
from domain.vocab import (
    AgeEstimateMethod,
    BestInterestsDecision,
    BestInterestsParticipant,
    ConsentGiver,
    GuardianAppointedBy,
    GuardianKind,
)
from services.commands.beneficiary import AppointGuardian
from services.commands.children import AssessBestInterests, EstimateAge

PARTICIPANTS = (
    BestInterestsParticipant.CHILD,
    BestInterestsParticipant.GUARDIAN,
    BestInterestsParticipant.CASEWORKER,
    BestInterestsParticipant.CENTRE_FOR_SOCIAL_WORK,
)


class ChildJourney(ScriptBase):
    """What a script does for a child."""

    beneficiary: UUID
    case: UUID

    def _adult_on(self) -> date:
        return add_months(self.born, 12 * ADULT_AGE)

    def _giver_on(self, day: date) -> ConsentGiver:
        """Who gives consent on `day`: the guardian while a child, then the person."""
        if self.minor and day < self._adult_on():
            return ConsentGiver.GUARDIAN
        return ConsentGiver.BENEFICIARY

    def _child_intake(self) -> Iterator[float]:
        """An age estimate for some, and a guardian appointed by a Centre for Social Work."""
        rng, today = self.demo.rng, local_date(self.demo.clock())
        if rng.random() < 0.4:
            age = (today - self.born).days // 365
            estimate = EstimateAge(age_years=age, method=AgeEstimateMethod.MEDICAL_EXAMINATION)
            self.demo.do(self.beneficiary, estimate, self.worker)
        yield rng.uniform(0, 2)
        # the Centre for Social Work of the child's municipality (background.py)
        centre = places.municipality("municipality", self.person.municipality).albanian
        guardian = Guardian(GuardianKind.APPOINTED_LEGAL_GUARDIAN, f"QPS {centre} officer")
        appointed = AppointGuardian(
            guardian=guardian,
            appointed_by=GuardianAppointedBy.CENTRE_FOR_SOCIAL_WORK,
            appointed_on=local_date(self.demo.clock()) - timedelta(days=rng.randint(0, 1)),
            reference=f"QPS-{centre[:2].upper()}-{today.year}-{rng.randint(1, 999):03d}",
        )
        self.demo.do(self.beneficiary, appointed, self.worker)

    def _before_placement(self, admitted_on: date) -> None:
        """A child's best-interests assessment for placement, on or before the admission."""
        recommendation = "Placement in the shelter while the family home is assessed."
        self._assessed(BestInterestsDecision.PLACEMENT, recommendation, admitted_on)

    def _before_return(self, requested_on: date) -> None:
        """A child's best-interests assessment for return, on the day it is requested
        (services/return_workflows.py refuses a child's return without one)."""
        recommendation = "Return to the family, with the receiving organisation's support."
        self._assessed(BestInterestsDecision.RETURN, recommendation, requested_on)

    def _assessed(self, decision: BestInterestsDecision, recommendation: str, on: date) -> None:
        if not self.minor or on >= self._adult_on():
            return
        assessment = AssessBestInterests(
            decision=decision,
            recommendation=recommendation,
            child_heard=True,
            participants=PARTICIPANTS,
            assessed_on=on,
        )
        self.demo.do(self.case, assessment, self.worker)
