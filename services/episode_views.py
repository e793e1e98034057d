"""A beneficiary's trafficking episodes as a role may see them (services/views.py's
beneficiary view): numbered, in force only; the places' addresses, coordinates,
descriptions and perpetrators' details withheld from roles that may not read
personal data (services/disclosure.py)."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from msgspec import Meta

from domain.episode_values import TraffickingEpisode
from services.commands.episodes import EPISODE_EXAMPLE


class EpisodeOnRecord(msgspec.Struct, frozen=True):
    """One trafficking episode in force, with its number on the record."""

    number: Annotated[
        int, Meta(ge=1, description="its number on the beneficiary (1, 2, ...)", examples=[1])
    ]
    episode: Annotated[
        TraffickingEpisode,
        Meta(
            description="the episode as the role may see it (personal fields withheld "
            'read "withheld" or null, named in the view\'s `withheld`)',
            examples=[EPISODE_EXAMPLE],
        ),
    ]


EpisodesOnRecord = Annotated[
    list[EpisodeOnRecord],
    Meta(
        description="the person's trafficking episodes in force (HTCDS Historic Trafficking "
        "Events), by number; withdrawn ones are not listed",
        examples=[[{"number": 1, "episode": EPISODE_EXAMPLE}]],
    ),
]


def episodes_on_record(state: dict[str, Any]) -> list[EpisodeOnRecord]:
    """The disclosed state's episodes, by number."""
    found: dict[int, TraffickingEpisode] = state.get("episodes") or {}
    return [EpisodeOnRecord(number, episode) for number, episode in sorted(found.items())]
