"""PreventionActivity: one session, training, media appearance or outreach of the
prevention team (issue 16; docs/prevention.md).

An activity is recorded with its details and its reach (domain/prevention/values.py),
counted and disaggregated, never named. Its details and its figures are corrected with a
reason, each correction a new event, so the history keeps what was first recorded. A
disclosure made at it is recorded with no personal data and a number; a case opened on it
names the activity and that number. An activity recorded in error is withdrawn, with a
reason: reports leave it out, its history stays.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from domain import checks
from domain.base import JourneyAggregate
from domain.errors import InvalidInput, RuleViolated
from domain.prevention import checks as check
from domain.prevention.campaign import Campaign
from domain.prevention.values import ActivityDetails, Disclosure, Reach
from domain.prevention.vocab import DisclosureRoute

MAX_DISCLOSURES = 200
# Referred to another organisation: which one is named; to PVPT or nowhere: none.
NAMES_ORGANISATION = frozenset(
    {
        DisclosureRoute.POLICE,
        DisclosureRoute.CENTRE_FOR_SOCIAL_WORK,
        DisclosureRoute.OTHER_ORGANISATION,
    }
)


class PreventionActivity(JourneyAggregate):
    details: ActivityDetails
    reach: Reach
    disclosures: list[Disclosure]
    withdrawn: bool

    def __init__(self) -> None:
        self.disclosures = []
        self.withdrawn = False

    @property
    def label(self) -> str:
        return f"activity {self.details.type} of {self.details.held_on.isoformat()}"

    def disclosure(self, number: int) -> Disclosure | None:
        return next((d for d in self.disclosures if d.number == number), None)

    def require_disclosure_to_assistance(self, number: int, field: str) -> None:
        """Refuse (rule unknown_disclosure) a number that is no disclosure of this activity
        referred to PVPT's direct assistance."""
        found = self.disclosure(number)
        if found is None or found.route is not DisclosureRoute.DIRECT_ASSISTANCE:
            raise RuleViolated(
                f"{field}: {self.label} has no disclosure {number} referred to direct assistance",
                rule="unknown_disclosure",
            )

    def _require_current(self, doing: str) -> None:
        if self.withdrawn:
            raise RuleViolated(f"{self.label} was withdrawn; cannot {doing}", rule="withdrawn")

    # ----------------------------------------------------------------- events

    class Recorded(JourneyAggregate.Created):
        details: ActivityDetails
        reach: Reach

        def apply(self, activity: PreventionActivity) -> None:
            activity.details = self.details
            activity.reach = self.reach

    class DetailsCorrected(JourneyAggregate.Event):
        details: ActivityDetails
        reason: str

        def apply(self, activity: PreventionActivity) -> None:
            activity.details = self.details

    class ReachCorrected(JourneyAggregate.Event):
        reach: Reach
        reason: str

        def apply(self, activity: PreventionActivity) -> None:
            activity.reach = self.reach

    class DisclosureRecorded(JourneyAggregate.Event):
        disclosure: Disclosure

        def apply(self, activity: PreventionActivity) -> None:
            activity.disclosures = [*activity.disclosures, self.disclosure]

    class Withdrawn(JourneyAggregate.Event):
        reason: str

        def apply(self, activity: PreventionActivity) -> None:
            activity.withdrawn = True

    # --------------------------------------------------------------- commands

    @classmethod
    def record(
        cls,
        details: ActivityDetails,
        reach: Reach,
        campaign: Campaign | None,
        *,
        actor: str,
        at: datetime,
        id: UUID | None = None,
    ) -> PreventionActivity:
        """Record an activity; `campaign` is the one `details.campaign_id` names."""
        details = _checked_details(details, campaign, at)
        activity: PreventionActivity = cls._start(
            cls.Recorded,
            actor,
            at,
            id=id,
            details=details,
            reach=check.reach(reach, details.type),
        )
        return activity

    def correct_details(
        self,
        details: ActivityDetails,
        campaign: Campaign | None,
        reason: str,
        *,
        actor: str,
        at: datetime,
    ) -> None:
        self._require_current("correct it")
        details = _checked_details(details, campaign, at)
        if details == self.details:
            raise RuleViolated(f"{self.label} already has these details", rule="no_change")
        check.reach(self.reach, details.type)  # the figures must fit a corrected type
        reason = checks.text("reason", reason, max_length=2000)
        self._record(self.DetailsCorrected, actor, at, details=details, reason=reason)

    def correct_reach(self, reach: Reach, reason: str, *, actor: str, at: datetime) -> None:
        self._require_current("correct it")
        reach = check.reach(reach, self.details.type)
        if reach == self.reach:
            raise RuleViolated(f"{self.label} already has these figures", rule="no_change")
        reason = checks.text("reason", reason, max_length=2000)
        self._record(self.ReachCorrected, actor, at, reach=reach, reason=reason)

    def record_disclosure(
        self,
        kind: Disclosure,
        *,
        actor: str,
        at: datetime,
    ) -> Disclosure:
        """Record a disclosure (its `number` is ignored: the next one is given)."""
        self._require_current("record a disclosure")
        if len(self.disclosures) >= MAX_DISCLOSURES:
            raise RuleViolated(
                f"{self.label} has {MAX_DISCLOSURES} disclosures", rule="too_many_disclosures"
            )
        named = kind.organisation_id is not None
        if kind.route in NAMES_ORGANISATION and not named:
            raise InvalidInput("organisation_id", f"is required for a referral to {kind.route}")
        if kind.route not in NAMES_ORGANISATION and named:
            raise InvalidInput("organisation_id", f"is not taken for {kind.route}")
        disclosure = Disclosure(
            len(self.disclosures) + 1, kind.kind, kind.route, kind.organisation_id
        )
        self._record(self.DisclosureRecorded, actor, at, disclosure=disclosure)
        return disclosure

    def withdraw(self, reason: str, *, actor: str, at: datetime) -> None:
        self._require_current("withdraw it again")
        reason = checks.text("reason", reason, max_length=2000)
        self._record(self.Withdrawn, actor, at, reason=reason)


def _checked_details(
    details: ActivityDetails, campaign: Campaign | None, at: datetime
) -> ActivityDetails:
    if (campaign is None) != (details.campaign_id is None) or (
        campaign is not None and campaign.id != details.campaign_id
    ):
        raise InvalidInput("details.campaign_id", "does not name the campaign given")
    details = check.details(details, at.date())
    if campaign is not None:
        campaign.require_covers(details.held_on, "details.held_on")
    return details
