"""The HTCDS export's columns from a person's background, episodes and consents (issue 15):
pure, like projections/htcds_export.py, which puts them in its rows.

- where the person lives is a quasi-identifier searched like the others, but never at
  municipality level: its finest level is Kosovo's district (or, abroad, the region of
  the country), then Kosovo or abroad, then suppressed;
- the episode-derived core fields are the union over the person's exploitation profile
  and trafficking episodes; the countries of recruitment and exploitation are
  quasi-identifiers generalised to a fixed level, the region (Kosovo, WesternBalkans,
  OtherEurope, RestOfWorld), and never searched (each would multiply the combinations);
- the columns that tell the exploitation type (its sub-types, rehabilitation goals) are
  its hierarchy's dependents: out only where the type is out exact and not suppressed;
- identifying core fields (names, birth date, contacts, mailing address, title and
  salutation), free texts, partners' names, staff names and exact dates are columns
  that are always empty; the metadata lists them with why (domain/htcds_fields.py).
"""

from __future__ import annotations

from collections.abc import Iterable

from domain import places
from domain.beneficiary import Beneficiary
from domain.episode_values import TraffickingEpisode
from domain.episode_vocab import EpisodePlaceType
from domain.htcds_fields import withheld
from domain.vocab import ConsentKind, SupportPlanType
from projections.kanon import Dependent, Hierarchy, Level, suppressed_level

MULTI = ";"
RESIDENCE = "pvpt_ResidenceRegion"
KOSOVO, ABROAD = "Kosovo", "Abroad"
REGIONS = (KOSOVO, "WesternBalkans", "OtherEurope", "RestOfWorld")
_ABROAD_PREFIX = "abroad:"

_WESTERN_BALKANS = frozenset({"AL", "BA", "ME", "MK", "RS"})
# fmt: off
_OTHER_EUROPE = frozenset((
    "AD", "AT", "BE", "BG", "BY", "CH", "CY", "CZ", "DE", "DK", "EE", "ES",
    "FI", "FR", "GB", "GR", "HR", "HU", "IE", "IS", "IT", "LI", "LT", "LU",
    "LV", "MC", "MD", "MT", "NL", "NO", "PL", "PT", "RO", "RU", "SE", "SI",
    "SK", "SM", "TR", "UA", "VA",
))
# fmt: on

# The always-empty columns, and why (in the metadata as "withheld: ...").
WITHHELD: dict[str, str] = {column: reason.value for column, reason in withheld().items()}


def region(country: str) -> str:
    """An ISO code -> Kosovo, WesternBalkans, OtherEurope or RestOfWorld."""
    if country == places.KOSOVO:
        return KOSOVO
    if country in _WESTERN_BALKANS:
        return "WesternBalkans"
    return "OtherEurope" if country in _OTHER_EUROPE else "RestOfWorld"


# ------------------------------------------------------------ where the person lives


def residence(beneficiary: Beneficiary) -> str:
    """The raw quasi-identifier: "13" (a Kosovo municipality), "XK" (Kosovo, municipality
    unknown), "abroad:DE", or blank; it never leaves this module as it is."""
    background = beneficiary.background
    if background is None:
        return ""
    if background.residence_municipality is not None:
        return background.residence_municipality
    country = background.residence_country
    if country is None or country == places.KOSOVO:
        return country or ""
    return _ABROAD_PREFIX + country


def residence_district(value: str) -> str:
    """A municipality -> its district; abroad -> the country's region; Kosovo alone -> Kosovo."""
    if not value or value == places.KOSOVO:
        return KOSOVO if value else ""
    if value.startswith(_ABROAD_PREFIX):
        return region(value.removeprefix(_ABROAD_PREFIX))
    return places.MUNICIPALITIES[value].district.value


def residence_kosovo_or_abroad(value: str) -> str:
    if not value:
        return ""
    return ABROAD if value.startswith(_ABROAD_PREFIX) else KOSOVO


RESIDENCE_HIERARCHY = Hierarchy(
    "residence",
    (
        Level("district (abroad: region)", RESIDENCE, residence_district),
        Level("Kosovo or abroad", RESIDENCE, residence_kosovo_or_abroad),
        suppressed_level(RESIDENCE),
    ),
)

# ------------------------------------------------------------ episodes and profile

EPISODE_COLUMNS = (
    "vic_ForcedLabourIndustry",
    "vic_TypeOfSexExploitation",
    "vic_LocationOfRecruitment",
    "vic_LocationOfExploitation",
)


def exploitation_types(beneficiary: Beneficiary) -> list[str]:
    """The profile's types and every episode's, sorted, without repeats."""
    profile = beneficiary.exploitation
    held = profile.types if profile else ()
    return _union(held, *(e.exploitation_types for e in _episodes(beneficiary)))


def recruitment_methods(beneficiary: Beneficiary) -> str:
    profile = beneficiary.exploitation
    held = profile.recruitment_methods if profile else ()
    return MULTI.join(_union(held, *(e.recruitment_methods for e in _episodes(beneficiary))))


def control_methods(beneficiary: Beneficiary) -> str:
    profile = beneficiary.exploitation
    held = profile.control_methods if profile else ()
    return MULTI.join(_union(held, *(e.control_methods for e in _episodes(beneficiary))))


def relationship(beneficiary: Beneficiary) -> str:
    """The profile's, else the latest episode's that says."""
    profile = beneficiary.exploitation
    if profile is not None and profile.relationship is not None:
        return profile.relationship.value
    known = [e.relationship for e in _episodes(beneficiary) if e.relationship is not None]
    return known[-1].value if known else ""


def episode_columns(beneficiary: Beneficiary) -> dict[str, str]:
    episodes = _episodes(beneficiary)
    return {
        "vic_ForcedLabourIndustry": MULTI.join(
            _union(*(e.forced_labour_industries for e in episodes))
        ),
        "vic_TypeOfSexExploitation": MULTI.join(
            _union(*(e.sexual_exploitation_types for e in episodes))
        ),
        "vic_LocationOfRecruitment": _regions(episodes, EpisodePlaceType.RECRUITMENT),
        "vic_LocationOfExploitation": _regions(episodes, EpisodePlaceType.EXPLOITATION),
    }


# ------------------------------------------------------------ columns that tell the type

_REHABILITATION_GOALS = frozenset(
    {
        SupportPlanType.LABOUR_EXPLOITATION_REHABILITATION,
        SupportPlanType.SEXUAL_EXPLOITATION_REHABILITATION,
    }
)


def without_rehabilitation_goals(goal_types: str) -> str:
    """spl_Type without the goal types named after an exploitation type."""
    kept = [value for value in goal_types.split(MULTI) if value not in _REHABILITATION_GOALS]
    return MULTI.join(value for value in kept if value)


# The other columns that tell the exploitation type, or more: its sub-types, and the
# rehabilitation goals named after it. Declared on the exploitation hierarchy
# (projections/htcds_export.py), they go out only in rows where the type goes out exact
# and not suppressed; elsewhere the sub-types are blank and spl_Type loses those goals.
EXPLOITATION_DEPENDENTS = (
    Dependent("vic_ForcedLabourIndustry"),
    Dependent("vic_TypeOfSexExploitation"),
    Dependent("spl_Type", without_rehabilitation_goals),
)


def consent_in_force(beneficiary: Beneficiary) -> str:
    """HTCDS con_Consent: a consent to services in force."""
    return "true" if beneficiary.has_consent(ConsentKind.SERVICES) else "false"


def _episodes(beneficiary: Beneficiary) -> list[TraffickingEpisode]:
    return [beneficiary.episodes[n] for n in sorted(beneficiary.episodes)]


def _regions(episodes: Iterable[TraffickingEpisode], kind: EpisodePlaceType) -> str:
    found = {region(p.country) for e in episodes for p in e.places if p.type is kind}
    return MULTI.join(sorted(found))


def _union(*groups: Iterable[str]) -> list[str]:
    return sorted({str(value) for group in groups for value in group})
