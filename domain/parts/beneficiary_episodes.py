"""A person's trafficking episodes (HTCDS 2.0 Historic Trafficking Events): each with
its dates, the age when trafficked, its places, how the person was recruited (and on
which platforms), controlled and exploited, who took part and whether it crossed a
border. A person trafficked again after an escape has a second episode.

Episodes are numbered 1, 2, ... on the record (never reused); one is revised by
stating it again whole with a reason, and withdrawn when it was recorded in error
(with a reason): a withdrawn episode no longer counts, its number is not given again.

Rules, beyond each field's own:
- dates: no date is in the future; `ended_on` is not before `started_on`.
- age when trafficked: 0..MAX_AGE, and consistent with what the record says of the
  person's age: with a birth date and a start date, it is the exact age on that day;
  otherwise it is within a year either side of the age at identification carried back
  (or forward, for an episode after identification) to the start date (an age at
  identification is in whole years, so a birthday may fall in between); with no start
  date, it is not more than the person's age today (as carried forward) plus one.
- places: municipality only with country XK; latitude and longitude together, in range.
- exploitation types: at least one. Forced-labour industries only with ForcedLabour or
  ChildLabour; types of sexual exploitation only with SexualExploitation.
- recruitment platforms only with an online recruitment method (online social
  networks, an online advertisement); exploitation platforms are the channel itself.
- crossed border: derived from the places when they name two or more countries (then
  True; a stated False is refused); with places in one country or none, as stated
  (a border may have been crossed on an unrecorded leg), unknown when not stated.
- once the person's data is erased no episode is recorded, revised or withdrawn (the
  places and descriptions are personal data).

A part of `Beneficiary` (domain/beneficiary.py), which declares the events.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any, Protocol

from domain import checks, places
from domain.base import JourneyAggregate
from domain.checks.person import MAX_AGE, unique
from domain.episode_values import EpisodePlace, Perpetrator, TraffickingEpisode
from domain.errors import DateInFuture, DateTooEarly, InvalidInput, RuleViolated
from domain.local_time import local_date
from domain.values import PersonalData
from domain.vocab import ExploitationType, RecruitmentMethod

LABOUR = frozenset({ExploitationType.FORCED_LABOUR, ExploitationType.CHILD_LABOUR})
ONLINE = frozenset(
    {
        RecruitmentMethod.THROUGH_ONLINE_SOCIAL_NETWORKS,
        RecruitmentMethod.THROUGH_AN_ONLINE_ADVERTISEMENT,
    }
)
MAX_PLACES = 20
MAX_PERPETRATORS = 20


class EpisodeState(Protocol):
    """A Beneficiary, as its episode commands see it."""

    personal: PersonalData
    age_at_identification: int
    episodes: dict[int, TraffickingEpisode]
    episodes_recorded: int

    @property
    def created_on(self) -> datetime: ...

    @property
    def label(self) -> str: ...

    @property
    def TraffickingEpisodeRecorded(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def TraffickingEpisodeRevised(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def TraffickingEpisodeWithdrawn(self) -> type[Any]: ...  # noqa: N802 -- the event class

    def _require_not_erased(self, action: str) -> None: ...

    def _record(self, event_class: type[Any], actor: str, at: datetime, **fields: Any) -> None: ...


class Episodes:
    """Recording, revising and withdrawing a person's trafficking episodes."""

    def record_trafficking_episode(
        self: EpisodeState, episode: TraffickingEpisode, *, actor: str, at: datetime
    ) -> int:
        """Record an episode; returns its number."""
        self._require_not_erased("record a trafficking episode")
        checked = checked_episode(self, episode, at)
        number = self.episodes_recorded + 1
        self._record(self.TraffickingEpisodeRecorded, actor, at, number=number, episode=checked)
        return number

    def revise_trafficking_episode(
        self: EpisodeState,
        number: int,
        episode: TraffickingEpisode,
        reason: str,
        *,
        actor: str,
        at: datetime,
    ) -> None:
        """State episode `number` again, whole, saying why."""
        self._require_not_erased("revise a trafficking episode")
        current = episode_in_force(self, number)
        checked = checked_episode(self, episode, at)
        reason = checks.text("reason", reason, max_length=2000)
        if checked == current:
            raise RuleViolated(
                f"{self.label}'s episode {number} is already recorded so", rule="no_change"
            )
        self._record(
            self.TraffickingEpisodeRevised, actor, at, number=number, episode=checked, reason=reason
        )

    def withdraw_trafficking_episode(
        self: EpisodeState, number: int, reason: str, *, actor: str, at: datetime
    ) -> None:
        """Withdraw episode `number`, recorded in error, saying why."""
        self._require_not_erased("withdraw a trafficking episode")
        episode_in_force(self, number)
        reason = checks.text("reason", reason, max_length=2000)
        self._record(self.TraffickingEpisodeWithdrawn, actor, at, number=number, reason=reason)


# ------------------------------------------------------------------------- events


class TraffickingEpisodeRecorded(JourneyAggregate.Event):
    """A trafficking episode was recorded, numbered on the record."""

    number: int
    episode: TraffickingEpisode

    def apply(self, b: Any) -> None:
        b.episodes = {**b.episodes, self.number: self.episode}
        b.episodes_recorded = max(b.episodes_recorded, self.number)


class TraffickingEpisodeRevised(JourneyAggregate.Event):
    """An episode was stated again, whole, with the reason."""

    number: int
    episode: TraffickingEpisode
    reason: str

    def apply(self, b: Any) -> None:
        b.episodes = {**b.episodes, self.number: self.episode}


class TraffickingEpisodeWithdrawn(JourneyAggregate.Event):
    """An episode recorded in error was withdrawn: it no longer counts."""

    number: int
    reason: str

    def apply(self, b: Any) -> None:
        b.episodes = {n: e for n, e in b.episodes.items() if n != self.number}


# -------------------------------------------------------------------------- rules


def episode_in_force(b: EpisodeState, number: int) -> TraffickingEpisode:
    found = b.episodes.get(number)
    if found is None:
        raise RuleViolated(
            f"{b.label} has no trafficking episode {number} in force", rule="no_such_episode"
        )
    return found


def checked_episode(
    b: EpisodeState, episode: TraffickingEpisode, at: datetime
) -> TraffickingEpisode:
    """The episode with its lists deduplicated and texts trimmed, or a refusal."""
    today = at.date()
    _check_dates(episode, today)
    types = unique(episode.exploitation_types)
    if not types:
        raise InvalidInput("exploitation_types", "name at least one type of exploitation")
    _check_kinds(episode, frozenset(types))
    checked_places = tuple(_place(i, p, today) for i, p in enumerate(_bounded(episode)))
    cleaned = replace(
        episode,
        recruitment_methods=unique(episode.recruitment_methods),
        recruitment_platforms=unique(episode.recruitment_platforms),
        exploitation_platforms=unique(episode.exploitation_platforms),
        control_methods=unique(episode.control_methods),
        exploitation_types=types,
        forced_labour_industries=unique(episode.forced_labour_industries),
        sexual_exploitation_types=unique(episode.sexual_exploitation_types),
        places=checked_places,
        perpetrators=_perpetrators(episode.perpetrators),
        description=checks.optional_text("description", episode.description, max_length=4000),
        crossed_border=crossed_border(episode.crossed_border, checked_places),
    )
    _check_age(b, cleaned, today)
    return cleaned


def _check_dates(episode: TraffickingEpisode, today: date) -> None:
    for field in ("started_on", "ended_on"):
        day = getattr(episode, field)
        if day is not None and day > today:
            raise DateInFuture(field, day, today)
    if episode.started_on and episode.ended_on and episode.ended_on < episode.started_on:
        raise DateTooEarly("ended_on", episode.ended_on, episode.started_on, "started_on")


def _check_kinds(episode: TraffickingEpisode, types: frozenset[ExploitationType]) -> None:
    if episode.forced_labour_industries and not types & LABOUR:
        raise InvalidInput(
            "forced_labour_industries", "only with exploitation type ForcedLabour or ChildLabour"
        )
    if episode.sexual_exploitation_types and ExploitationType.SEXUAL_EXPLOITATION not in types:
        raise InvalidInput(
            "sexual_exploitation_types", "only with exploitation type SexualExploitation"
        )
    if episode.recruitment_platforms and not set(episode.recruitment_methods) & ONLINE:
        raise InvalidInput(
            "recruitment_platforms",
            "only with an online recruitment method "
            "(ThroughOnlineSocialNetworks, ThroughAnOnlineAdvertisement)",
        )


def _bounded(episode: TraffickingEpisode) -> tuple[EpisodePlace, ...]:
    if len(episode.places) > MAX_PLACES:
        raise InvalidInput("places", f"at most {MAX_PLACES} places")
    return episode.places


def _place(index: int, place: EpisodePlace, today: date) -> EpisodePlace:
    field = f"places[{index}]"
    country = places.country(f"{field}.country", place.country)
    municipality = places.municipality_code(f"{field}.municipality", place.municipality)
    if municipality is not None and country != places.KOSOVO:
        raise InvalidInput(f"{field}.municipality", "a municipality only with country XK")
    if place.on is not None and place.on > today:
        raise DateInFuture(f"{field}.on", place.on, today)
    _check_position(field, place.latitude, place.longitude)
    return replace(
        place,
        city=checks.optional_text(f"{field}.city", place.city, max_length=200),
        state=checks.optional_text(f"{field}.state", place.state, max_length=200),
        street=checks.optional_text(f"{field}.street", place.street, max_length=200),
        postal_code=checks.optional_text(f"{field}.postal_code", place.postal_code, max_length=20),
        description=checks.optional_text(f"{field}.description", place.description),
    )


def _check_position(field: str, latitude: float | None, longitude: float | None) -> None:
    if (latitude is None) != (longitude is None):
        raise InvalidInput(f"{field}.latitude", "latitude and longitude are stated together")
    if latitude is not None and not -90 <= latitude <= 90:
        raise InvalidInput(f"{field}.latitude", f"must be -90..90, got {latitude}")
    if longitude is not None and not -180 <= longitude <= 180:
        raise InvalidInput(f"{field}.longitude", f"must be -180..180, got {longitude}")


def _perpetrators(perpetrators: tuple[Perpetrator, ...]) -> tuple[Perpetrator, ...]:
    if len(perpetrators) > MAX_PERPETRATORS:
        raise InvalidInput("perpetrators", f"at most {MAX_PERPETRATORS} perpetrators")
    return tuple(_perpetrator(i, p) for i, p in enumerate(perpetrators))


def _perpetrator(index: int, perpetrator: Perpetrator) -> Perpetrator:
    field = f"perpetrators[{index}]"
    roles = unique(perpetrator.roles)
    if not roles:
        raise InvalidInput(f"{field}.roles", "name at least one role in the process")
    details = checks.optional_text(f"{field}.details", perpetrator.details)
    return Perpetrator(roles, details)


def crossed_border(stated: bool | None, where: tuple[EpisodePlace, ...]) -> bool | None:
    """True when the places name two or more countries (a stated False is refused);
    otherwise as stated."""
    if len({p.country for p in where}) < 2:
        return stated
    if stated is False:
        raise InvalidInput("crossed_border", "the places are in more than one country")
    return True


def _check_age(b: EpisodeState, episode: TraffickingEpisode, today: date) -> None:
    age = episode.age_when_trafficked
    if age is None:
        return
    if not 0 <= age <= MAX_AGE:
        raise InvalidInput("age_when_trafficked", f"must be 0..{MAX_AGE}, got {age}")
    low, high = plausible_ages(b, episode.started_on or today)
    if episode.started_on is None:
        low = 0
    if not low <= age <= high:
        raise RuleViolated(
            f"age when trafficked {age} does not fit {b.label}'s age "
            f"({low}..{high} on {episode.started_on or today})",
            rule="episode_age_mismatch",
        )


def plausible_ages(b: EpisodeState, day: date) -> tuple[int, int]:
    """The person's age on `day`: exact from a birth date, else the age at
    identification carried to `day`, a year either side."""
    born = b.personal.birth_date
    if born is not None:
        exact = full_years(born, day)
        return exact, exact
    identified = local_date(b.created_on)
    carried = b.age_at_identification + _signed_years(identified, day)
    return max(0, carried - 1), carried + 1


def full_years(start: date, end: date) -> int:
    years = end.year - start.year
    return years - 1 if (end.month, end.day) < (start.month, start.day) else years


def _signed_years(start: date, end: date) -> int:
    return full_years(start, end) if end >= start else -full_years(end, start)


def upcast_snapshot_v4_v5(state: dict[str, Any]) -> None:
    """A beneficiary's snapshot taken before episodes: none recorded."""
    state["episodes"] = {}
    state["episodes_recorded"] = 0
