"""A beneficiary's background and death (issue 15, HTCDS in full): the non-identifying
facts HTCDS keeps about a person (marital status, children, education, primary and
secondary language, where they live and come from) and, kept apart, the staff's own
words on what made them vulnerable (free text: personal) and, as an event of its own,
that the person died and on which day.

Places are codes (domain/places.py): a Kosovo municipality ("01".."38") only with
Kosovo as the country of residence; the municipality of origin is in Kosovo. They are
quasi-identifiers (domain/sensitivity.py PERSON_PLACE): kept in read models, but
generalised in anonymised exports. The primary and secondary languages are ISO 639
codes like the registered `languages`, which they join (primary first).

A part of `Beneficiary` (domain/beneficiary.py), which holds the events it records.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, Protocol

from domain import checks, places
from domain.base import JourneyAggregate
from domain.checks import field_dates
from domain.described import Described
from domain.errors import InvalidInput, RuleViolated
from domain.htcds_vocab import EducationLevel, MaritalStatus
from domain.values import PersonalData

MAX_CHILDREN = 30
DETAILS_LENGTH = 4000


@dataclass(frozen=True)
class PersonBackground:
    """HTCDS prs_MaritalStatus, prs_NumberOfChildren, prs_HighestLevelOfEducation,
    prs_PrimaryLanguage, prs_SecondaryLanguage, and where the person lives and is from."""

    marital_status: Annotated[
        MaritalStatus | None, Described("Marital status (HTCDS picklist).", "Single")
    ] = None
    number_of_children: Annotated[
        int | None, Described("How many children the person has (0 to 30).", 1)
    ] = None
    education: Annotated[
        EducationLevel | None,
        Described("Highest level of education completed (ISCED 2011).", "PrimaryEducation"),
    ] = None
    primary_language: Annotated[
        str | None, Described("The language the person speaks best (ISO 639).", "sq")
    ] = None
    secondary_language: Annotated[
        str | None, Described("Another language the person speaks (ISO 639).", "sr")
    ] = None
    residence_country: Annotated[
        str | None,
        Described("Country the person lives in: ISO 3166-1 alpha-2 (XK for Kosovo).", "XK"),
    ] = None
    residence_municipality: Annotated[
        str | None,
        Described("Kosovo municipality the person lives in (KAS code '01'..'38').", "13"),
    ] = None
    origin_municipality: Annotated[
        str | None,
        Described("Kosovo municipality the person comes from (KAS code '01'..'38').", "07"),
    ] = None


class BeneficiaryState(Protocol):
    """A Beneficiary, as its background commands see it."""

    personal: PersonalData
    languages: tuple[str, ...]
    background: PersonBackground | None
    vulnerability_details: str | None
    died_on: date | None

    @property
    def label(self) -> str: ...

    @property
    def BackgroundRecorded(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def VulnerabilitiesDescribed(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def DeathRecorded(self) -> type[Any]: ...  # noqa: N802 -- the event class

    def _record(self, event_class: type[Any], actor: str, at: datetime, **fields: Any) -> None: ...

    def _require_not_erased(self, action: str) -> None: ...


class BackgroundRecorded(JourneyAggregate.Event):
    """The person's background was recorded, or replaced as a whole."""

    background: PersonBackground

    def apply(self, b: BeneficiaryState) -> None:
        b.background = self.background
        spoken = (self.background.primary_language, self.background.secondary_language)
        b.languages = tuple(dict.fromkeys([*(s for s in spoken if s), *b.languages]))


class VulnerabilitiesDescribed(JourneyAggregate.Event):
    """Staff described what made the person vulnerable (HTCDS vic_DetailsOfVulnerabilities)."""

    details: str

    def apply(self, b: BeneficiaryState) -> None:
        b.vulnerability_details = self.details


class DeathRecorded(JourneyAggregate.Event):
    """The person is known to have died (HTCDS prs_Deceased), on `died_on` as stated."""

    died_on: date

    def apply(self, b: BeneficiaryState) -> None:
        b.died_on = self.died_on


class Background:
    """The background commands of a beneficiary."""

    background: PersonBackground | None
    vulnerability_details: str | None
    died_on: date | None

    @property
    def deceased(self) -> bool:
        """HTCDS prs_Deceased."""
        return self.died_on is not None

    def record_background(
        self: BeneficiaryState, background: PersonBackground, *, actor: str, at: datetime
    ) -> None:
        """Record (or replace) the background; refused when nothing changes."""
        checked = checked_background(background)
        if checked == self.background:
            raise RuleViolated(f"{self.label} already has this background", rule="no_change")
        self._record(self.BackgroundRecorded, actor, at, background=checked)

    def describe_vulnerabilities(
        self: BeneficiaryState, details: str, *, actor: str, at: datetime
    ) -> None:
        """Staff's words on the person's vulnerabilities (personal data), replaced whole."""
        self._require_not_erased("describe the vulnerabilities")
        text = checks.text("details", details, max_length=DETAILS_LENGTH)
        if text == self.vulnerability_details:
            raise RuleViolated(f"{self.label} already has this description", rule="no_change")
        self._record(self.VulnerabilitiesDescribed, actor, at, details=text)

    def record_death(
        self: BeneficiaryState, died_on: date | None, *, actor: str, at: datetime
    ) -> None:
        """Once only; not in the future, nor before the birth date."""
        if self.died_on is not None:
            raise RuleViolated(
                f"{self.label}'s death was recorded already ({self.died_on})",
                rule="death_already_recorded",
            )
        day = field_dates.stated("died_on", died_on, at)
        born = self.personal.birth_date
        if born is not None and day < born:
            raise InvalidInput("died_on", "is before the person's birth date")
        self._record(self.DeathRecorded, actor, at, died_on=day)


def checked_background(background: PersonBackground) -> PersonBackground:
    """Codes checked; a residence municipality only with Kosovo as the country."""
    if background == PersonBackground():
        raise InvalidInput("background", "give at least one fact of the background")
    children = background.number_of_children
    if children is not None and not 0 <= children <= MAX_CHILDREN:
        raise InvalidInput("number_of_children", f"must be 0..{MAX_CHILDREN}, got {children}")
    _check_languages(background)
    country = places.country_code("residence_country", background.residence_country)
    municipality = places.municipality_code(
        "residence_municipality", background.residence_municipality
    )
    if municipality is not None and country != places.KOSOVO:
        raise InvalidInput(
            "residence_municipality", "a Kosovo municipality needs Kosovo (XK) as the country"
        )
    places.municipality_code("origin_municipality", background.origin_municipality)
    return background


def _check_languages(background: PersonBackground) -> None:
    primary, secondary = background.primary_language, background.secondary_language
    checks.languages("primary_language", [primary] if primary else [])
    checks.languages("secondary_language", [secondary] if secondary else [])
    if secondary is not None and secondary == primary:
        raise InvalidInput("secondary_language", "is the primary language; name another one")


def upcast_snapshot_v6_v7(state: dict[str, Any]) -> None:
    """A beneficiary's snapshot taken before the background (issue 15): none recorded."""
    state.setdefault("background", None)
    state.setdefault("vulnerability_details", None)
    state.setdefault("died_on", None)
