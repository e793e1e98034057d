"""Value objects of a person's trafficking episodes (HTCDS 2.0 Historic Trafficking
Events): an episode, its places and the perpetrators in it. Frozen dataclasses like
domain/values.py's, unconstrained (they also decode stored events); the rules are
domain/parts/beneficiary_episodes.py's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated

from domain.described import Described
from domain.episode_vocab import (
    EpisodePlaceType,
    ForcedLabourIndustry,
    OnlinePlatform,
    PerpetratorRole,
    SexualExploitationType,
)
from domain.vocab import (
    ControlMethod,
    ExploitationType,
    RecruitmentMethod,
    RelationshipToTrafficker,
)


@dataclass(frozen=True)
class EpisodePlace:
    """A place of the episode (HTCDS hte_*): where the person was recruited, passed
    through or was exploited. Country and municipality are non-identifying (a
    quasi-identifier); the address, coordinates and description are personal."""

    type: Annotated[
        EpisodePlaceType,
        Described("What happened there (HTCDS hte_Type).", "Exploitation"),
    ]
    country: Annotated[
        str,
        Described("ISO 3166-1 alpha-2 country code, XK for Kosovo (hte_Country).", "XK"),
    ]
    municipality: Annotated[
        str | None,
        Described(
            "Kosovo municipality code '01'..'38' (Kosovo Agency of Statistics); "
            "only with country XK.",
            "20",
        ),
    ] = None
    city: Annotated[
        str | None, Described("City, town or village (hte_City, up to 200).", "Prizren")
    ] = None
    state: Annotated[
        str | None,
        Described("State, region or canton abroad (hte_State, up to 200).", "Bayern"),
    ] = None
    street: Annotated[
        str | None, Described("Street and number (hte_Street, up to 200).", "Rr. Shembulli 4")
    ] = None
    postal_code: Annotated[
        str | None, Described("Postal code (hte_PostalCode, up to 20).", "20000")
    ] = None
    latitude: Annotated[
        float | None, Described("Latitude in degrees, -90..90 (hte_Latitude).", 42.2139)
    ] = None
    longitude: Annotated[
        float | None, Described("Longitude in degrees, -180..180 (hte_Longitude).", 20.7397)
    ] = None
    on: Annotated[
        date | None,
        Described(
            "The day the person was there, if known; not in the future (hte_Date).", "2025-06-14"
        ),
    ] = None
    description: Annotated[
        str | None,
        Described(
            "What the place was, in staff's words (hte_Description, up to 2000).",
            "A bar on the main road",
        ),
    ] = None


@dataclass(frozen=True)
class Perpetrator:
    """Someone who took part in the episode (HTCDS per_RoleInProcess, per_RoleDetails);
    never named here: the details are free text and personal."""

    roles: Annotated[
        tuple[PerpetratorRole, ...],
        Described(
            "What they did in the process; at least one (per_RoleInProcess).",
            ["RecruiterOrIntermediary", "Exploiter"],
        ),
    ]
    details: Annotated[
        str | None,
        Described(
            "Their role in staff's words (per_RoleDetails, up to 2000).",
            "Posed as a boyfriend, then sold her to a bar owner",
        ),
    ] = None


@dataclass(frozen=True)
class TraffickingEpisode:
    """One trafficking episode of a person (HTCDS Historic Trafficking Events, with the
    victim context fields as they were in that episode)."""

    started_on: Annotated[
        date | None,
        Described("The day the episode began, if known; not in the future.", "2025-05-01"),
    ] = None
    ended_on: Annotated[
        date | None,
        Described(
            "The day it ended (escape, rescue), if it did; not before started_on.", "2025-11-20"
        ),
    ] = None
    age_when_trafficked: Annotated[
        int | None, Described("Age in years when trafficked (vic_AgeWhenTrafficked).", 16)
    ] = None
    crossed_border: Annotated[
        bool | None,
        Described(
            "Whether the episode crossed a border: derived from the places' countries "
            "when they differ, else as stated.",
            False,
        ),
    ] = None
    recruitment_methods: Annotated[
        tuple[RecruitmentMethod, ...],
        Described(
            "How the person was recruited (vic_MethodOfRecruitment).",
            ["ThroughOnlineSocialNetworks"],
        ),
    ] = ()
    recruitment_platforms: Annotated[
        tuple[OnlinePlatform, ...],
        Described(
            "Websites and apps used to recruit (vic_RecruitmentWebsitesAndApps); "
            "only with an online recruitment method.",
            ["Instagram"],
        ),
    ] = ()
    exploitation_platforms: Annotated[
        tuple[OnlinePlatform, ...],
        Described(
            "Websites and apps used to exploit (vic_ExploitationWebsitesAndApps).", ["Telegram"]
        ),
    ] = ()
    control_methods: Annotated[
        tuple[ControlMethod, ...],
        Described(
            "How the traffickers controlled the person (vic_MethodsOfControl).",
            ["DebtBondage", "WithholdsDocuments"],
        ),
    ] = ()
    exploitation_types: Annotated[
        tuple[ExploitationType, ...],
        Described(
            "Types of exploitation; at least one (vic_TypeOfExploitation).", ["SexualExploitation"]
        ),
    ] = ()
    forced_labour_industries: Annotated[
        tuple[ForcedLabourIndustry, ...],
        Described(
            "Industries of forced or child labour (vic_ForcedLabourIndustry); "
            "only with ForcedLabour or ChildLabour.",
            ["F_Construction"],
        ),
    ] = ()
    sexual_exploitation_types: Annotated[
        tuple[SexualExploitationType, ...],
        Described(
            "Types of sexual exploitation (vic_TypeOfSexExploitation); "
            "only with SexualExploitation.",
            ["Prostitution"],
        ),
    ] = ()
    relationship: Annotated[
        RelationshipToTrafficker | None,
        Described(
            "How the person knew the trafficker (vic_RelationshipToTrafficker).", "Acquainted"
        ),
    ] = None
    places: Annotated[
        tuple[EpisodePlace, ...],
        Described(
            "Places of recruitment, transit and exploitation (hte_*).",
            [{"type": "Recruitment", "country": "XK", "municipality": "20"}],
        ),
    ] = ()
    perpetrators: Annotated[
        tuple[Perpetrator, ...],
        Described(
            "Who took part, by role (per_*).",
            [{"roles": ["RecruiterOrIntermediary"], "details": None}],
        ),
    ] = ()
    description: Annotated[
        str | None,
        Described(
            "The episode in staff's words (up to 4000).",
            "Recruited by a boyfriend met on Instagram, exploited in bars",
        ),
    ] = None
