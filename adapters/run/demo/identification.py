"""A journey's identification inside the referral mechanism: PVPT's preliminary
identification when screening confirms a possible victim, the authority's formal one
later (some refused by the police first and revised on appeal), and screenings that
do not confirm trafficking: the outcome, the onward referral, and some screened again
on new information.
"""

from __future__ import annotations

from collections.abc import Iterator
from uuid import UUID

from adapters.run.demo import partners, referrers
from adapters.run.demo.people import ScriptBase
from domain.indicators import INDICATORS, Strength
from domain.parts.case_screening import OnwardReferral
from domain.vocab import (
    DecidingBody,
    IdentificationKind,
    OtherNeed,
    RevisionGrounds,
    ScreeningOutcome,
    TraffickingStatus,
)
from services.commands.case import ScreenOut
from services.commands.identification import RecordIdentification, Rescreen, ReviseIdentification

# Where a person screened out is sent on, by their other need (referrers.onward).
OTHER_NEEDS = (
    OtherNeed.DOMESTIC_VIOLENCE,
    OtherNeed.LABOUR_DISPUTE,
    OtherNeed.IRREGULAR_MIGRATION,
    OtherNeed.CHILD_PROTECTION,
    OtherNeed.HOMELESSNESS,
)
# Where Kosovars exploited abroad were identified (the EU countries where most work).
ABROAD = ("DE", "DE", "CH", "AT", "IT", "AL")
STRONG = [i.code for i in INDICATORS if i.strength is Strength.STRONG]
MEDIUM = [i.code for i in INDICATORS if i.strength is Strength.MEDIUM]


class Identification(ScriptBase):
    """The identification steps of a journey script."""

    beneficiary: UUID
    case: UUID

    def _screen_out(self) -> Iterator[float]:
        """Screening does not confirm trafficking; every other case is screened again."""
        if self.demo.summary.reached["screened_out"] % 2 == 0:
            self._screened_out(ScreeningOutcome.INSUFFICIENT_INFORMATION)
            yield self.rng.uniform(5, 20)
            reason = "She returned with her employer's messages about the debt."
            self.demo.do(self.case, Rescreen(reason=reason), self.worker)
            self.closed = False
            yield self.rng.uniform(1, 4)
        outcome = self.rng.choices(list(ScreeningOutcome), weights=(60, 25, 15))[0]
        self._screened_out(outcome)

    def _screened_out(self, outcome: ScreeningOutcome) -> None:
        other_need = None
        onward = None
        if outcome is ScreeningOutcome.NOT_TRAFFICKING_OTHER_NEED:
            other_need = self.rng.choice(OTHER_NEEDS)
            partner = self.demo.record(referrers.onward(other_need, self.person))
            onward = OnwardReferral(
                partner.display_name, partner.htcds_type, organisation_id=partner.id
            )
        command = ScreenOut(
            outcome=outcome,
            rationale="No sign of deception, coercion or exploitation at this stage.",
            other_need=other_need,
            onward_referral=onward,
            no_referral_reason=None if onward else "She declined a referral elsewhere.",
            screened_on=self._days_ago(2, self.referred_on),
        )
        self.demo.do(self.case, command, self.worker)
        self.closed = True  # until screened again

    def _preliminary_identification(self) -> None:
        """PVPT's pre-identification as it screens the person in."""
        indicators = (*self.rng.sample(STRONG, 1), *self.rng.sample(MEDIUM, 2))
        identified = RecordIdentification(
            kind=IdentificationKind.PRELIMINARY,
            status=TraffickingStatus.POSSIBLE,
            deciding_body=DecidingBody.NGO,
            official_role="Caseworker",
            decided_on=self._days_ago(2, self.referred_on),
            indicators=indicators,
        )
        self.demo.do(self.beneficiary, identified, self.worker)

    def _formal_identification(self) -> Iterator[float]:
        """The authority's decision; one in five is refused and revised on appeal."""
        refused = self.rng.random() < 0.2
        country = self.rng.choice(ABROAD) if self.person.abroad else "XK"
        decision = RecordIdentification(
            kind=IdentificationKind.FORMAL,
            status=TraffickingStatus.NOT_A_VICTIM if refused else TraffickingStatus.ACTUAL,
            deciding_body=DecidingBody.POLICE,
            country=country,
            official_role="Anti-trafficking investigator",
            reference=f"DHT-2026/{self.rng.randint(100, 9999):04d}",
            decided_on=self._days_ago(20, self.referred_on),
            indicators=tuple(self.rng.sample(STRONG, 2)),
            # in Kosovo, the police's anti-trafficking directorate (the registry's entry)
            organisation_id=partners.partner(partners.POLICE_DITHB) if country == "XK" else None,
        )
        self.demo.do(self.beneficiary, decision, self.worker)
        if not refused:
            return
        yield self.rng.uniform(10, 30)
        appeal = ReviseIdentification(
            number=2,  # the formal decision, after PVPT's preliminary one
            kind=IdentificationKind.FORMAL,
            status=TraffickingStatus.ACTUAL,
            grounds=RevisionGrounds.APPEAL,
            reason="The prosecutor's review found coercion and debt bondage.",
            deciding_body=DecidingBody.COURT_OR_PROSECUTION,
            official_role="State prosecutor",
            reference=f"PP-2026/{self.rng.randint(10, 999):03d}",
        )
        self.demo.do(self.beneficiary, appeal, self.worker)
