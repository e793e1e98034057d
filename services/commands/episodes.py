"""Commands on a beneficiary's trafficking episodes (HTCDS Historic Trafficking Events,
domain/parts/beneficiary_episodes.py): record one, revise one whole with a reason,
withdraw one recorded in error."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

from domain.beneficiary import Beneficiary
from domain.episode_values import TraffickingEpisode
from services.commands import free_text
from services.commands.beneficiary import BeneficiaryCommand

EPISODE_EXAMPLE = {
    "started_on": "2025-05-01",
    "ended_on": "2025-11-20",
    "age_when_trafficked": 16,
    "recruitment_methods": ["ThroughOnlineSocialNetworks"],
    "recruitment_platforms": ["Instagram"],
    "exploitation_platforms": ["Telegram"],
    "control_methods": ["PsychologicalAbuse", "TakesEarnings"],
    "exploitation_types": ["SexualExploitation"],
    "sexual_exploitation_types": ["Prostitution"],
    "relationship": "Acquainted",
    "places": [
        {"type": "Recruitment", "country": "XK", "municipality": "20"},
        {"type": "Exploitation", "country": "XK", "municipality": "17", "city": "Pejë"},
    ],
    "perpetrators": [{"roles": ["RecruiterOrIntermediary", "Exploiter"]}],
}
Episode = Annotated[
    TraffickingEpisode,
    msgspec.Meta(
        description="The episode, whole: its dates, the age when trafficked, how the person "
        "was recruited (and on which platforms), controlled and exploited, its places and "
        "who took part. Places' countries and Kosovo municipalities, and the HTCDS codes, "
        "are non-identifying; addresses, coordinates, descriptions and perpetrators' "
        "details are personal data, shown only to roles that may see it. `crossed_border` "
        "is set true when the places are in two or more countries.",
        examples=[EPISODE_EXAMPLE],
    ),
]
Number = Annotated[
    int,
    msgspec.Meta(
        ge=1,
        description="The episode's number on the beneficiary, as `episodes` lists it; it "
        "must be in force (not withdrawn).",
        examples=[1],
    ),
]


class RecordTraffickingEpisode(BeneficiaryCommand, frozen=True):
    """Record a trafficking episode of the person, numbered 1, 2, ... on the record (a
    person trafficked again has a second one). Refused once the personal data is erased."""

    episode: Episode

    def run(self, record: Beneficiary, actor: str, at: datetime) -> None:
        record.record_trafficking_episode(self.episode, actor=actor, at=at)


class ReviseTraffickingEpisode(BeneficiaryCommand, frozen=True):
    """State an episode in force again, whole, saying why (new information, a
    correction); the earlier version stays in the history."""

    number: Number
    episode: Episode
    reason: Annotated[
        str,
        free_text("Why the episode is revised, in staff's words", "She named a second bar."),
    ]

    def run(self, record: Beneficiary, actor: str, at: datetime) -> None:
        record.revise_trafficking_episode(
            self.number, self.episode, self.reason, actor=actor, at=at
        )


class WithdrawTraffickingEpisode(BeneficiaryCommand, frozen=True):
    """Withdraw an episode recorded in error: it no longer counts; its number is not
    given again and the history keeps it."""

    number: Number
    reason: Annotated[
        str,
        free_text("Why it was recorded in error", "Recorded on the wrong beneficiary."),
    ]

    def run(self, record: Beneficiary, actor: str, at: datetime) -> None:
        record.withdraw_trafficking_episode(self.number, self.reason, actor=actor, at=at)
