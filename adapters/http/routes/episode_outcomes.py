"""Trafficking episodes counted, from the outcomes read model (docs/read-models/outcomes.md,
"Trafficking episodes"): how many episodes and people hold each HTCDS value, ISO
country or Kosovo district. Readers of read models."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import msgspec
from litestar import Request
from litestar.di import NamedDependency
from litestar.handlers import HTTPRouteHandler
from litestar.params import QueryParameter
from msgspec import Meta

from adapters.http.routes.listing import list_route
from adapters.http.routes.lists import require_any
from adapters.http.routes.paging import Page, PageRequest, View, equal, view_page
from adapters.privacy.accounts import User
from services.access import READ_MODELS

Kind = Literal[
    "exploitation_types",
    "forced_labour_industries",
    "sexual_exploitation_types",
    "recruitment_methods",
    "recruitment_platforms",
    "exploitation_platforms",
    "control_methods",
    "recruitment_country",
    "transit_country",
    "exploitation_country",
    "recruitment_district",
    "transit_district",
    "exploitation_district",
]


class EpisodeCount(msgspec.Struct, frozen=True):
    """Episodes in force, and the people they are of, holding one value of one kind."""

    kind: Annotated[
        str,
        Meta(
            description="what is counted: an episode's HTCDS list, or its places' country "
            "or Kosovo district by place type (the values `kind` filters on)",
            examples=["exploitation_types"],
        ),
    ]
    value: Annotated[
        str,
        Meta(
            description="the HTCDS value, ISO 3166-1 alpha-2 code (XK: Kosovo) or district",
            examples=["SexualExploitation"],
        ),
    ]
    episodes: Annotated[int, Meta(ge=0, description="episodes holding it", examples=[12])]
    people: Annotated[int, Meta(ge=0, description="distinct people among them", examples=[11])]


EPISODES_BY_CODE = View(
    "episodes_by_code", "outcomes", EpisodeCount, ("kind", "value"), ("episodes", "people")
)


@list_route(
    "/api/v1/outcomes/episodes",
    EPISODES_BY_CODE,
    "Trafficking episodes in force counted by exploitation type, forced-labour industry, "
    "type of sexual exploitation, recruitment method, platform, means of control, and "
    "their places' countries and districts. Raw counts: suppress small ones before "
    "publishing. Readers of read models.",
    operation_id="listEpisodeCounts",
    summary="Count trafficking episodes by code",
    tags=["read models"],
)
def episode_counts(
    request: Request[User, Any, Any],
    page: NamedDependency[PageRequest],
    kind: Annotated[Kind | None, QueryParameter(description="counts of this kind only")] = None,
) -> Page[EpisodeCount]:
    require_any(request.user, READ_MODELS)
    return view_page(request, EPISODES_BY_CODE, equal(EPISODES_BY_CODE.rows, kind=kind), page)


def episode_outcome_handlers() -> list[HTTPRouteHandler]:
    return [episode_counts]
