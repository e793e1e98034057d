"""Campaign: a prevention campaign or project (issue 16; docs/prevention.md).

A campaign is launched with its plan (name, aims, period, target groups,
municipalities, grant, partners, planned indicators) and revised with a reason; the
history keeps every earlier plan. Activities name it, and are held within its period
(`require_covers`).
"""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from domain import checks
from domain.base import JourneyAggregate
from domain.errors import RuleViolated
from domain.prevention import checks as check
from domain.prevention.values import CampaignPlan


class Campaign(JourneyAggregate):
    plan: CampaignPlan

    @property
    def label(self) -> str:
        return f"campaign {self.plan.name!r}"

    def require_covers(self, day: date, field: str) -> None:
        """Refuse (rule outside_campaign) a day outside the campaign's period."""
        if not self.plan.starts_on <= day <= self.plan.ends_on:
            raise RuleViolated(
                f"{field}: {day.isoformat()} is outside {self.label}, "
                f"{self.plan.starts_on.isoformat()} to {self.plan.ends_on.isoformat()}",
                rule="outside_campaign",
            )

    # ----------------------------------------------------------------- events

    class Launched(JourneyAggregate.Created):
        plan: CampaignPlan

        def apply(self, campaign: Campaign) -> None:
            campaign.plan = self.plan

    class Revised(JourneyAggregate.Event):
        plan: CampaignPlan
        reason: str

        def apply(self, campaign: Campaign) -> None:
            campaign.plan = self.plan

    # --------------------------------------------------------------- commands

    @classmethod
    def launch(
        cls, plan: CampaignPlan, *, actor: str, at: datetime, id: UUID | None = None
    ) -> Campaign:
        campaign: Campaign = cls._start(cls.Launched, actor, at, id=id, plan=check.plan(plan))
        return campaign

    def revise(self, plan: CampaignPlan, reason: str, *, actor: str, at: datetime) -> None:
        """Replace the plan (a longer period, new indicators, a partner added). Activities
        already recorded keep their campaign even if a shorter period leaves them out."""
        plan = check.plan(plan)
        if plan == self.plan:
            raise RuleViolated(f"{self.label} already has this plan", rule="no_change")
        reason = checks.text("reason", reason, max_length=2000)
        self._record(self.Revised, actor, at, plan=plan, reason=reason)
