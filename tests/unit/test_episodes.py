"""Trafficking episodes (HTCDS Historic Trafficking Events): recorded, revised and
withdrawn on the beneficiary, with their rules (domain/parts/beneficiary_episodes.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from adapters.privacy.sealing import EVENT_SEALS, STATE_SEALS
from domain.beneficiary import Beneficiary
from domain.episode_values import EpisodePlace, Perpetrator, TraffickingEpisode
from domain.episode_vocab import (
    EpisodePlaceType,
    ForcedLabourIndustry,
    OnlinePlatform,
    PerpetratorRole,
    SexualExploitationType,
)
from domain.errors import DateInFuture, DateTooEarly, InvalidInput, RuleViolated
from domain.parts.beneficiary_episodes import plausible_ages, upcast_snapshot_v4_v5
from domain.values import PersonalData
from domain.vocab import (
    ErasureBasis,
    ExploitationType,
    Gender,
    RecruitmentMethod,
    RelationshipToTrafficker,
    TraffickingScope,
)
from services.access import Role
from services.views import beneficiary_view
from tests.unit.dsl import at, given, history, then, when

B = Callable[[Beneficiary], object]
# Identified on 2026-03-02 (T0), aged 17; born 2008-09-15 when the birth date is known.
BORN = PersonalData("Blerta", "Gashi", date(2008, 9, 15))
NO_BIRTH_DATE = PersonalData("Vesa", "Morina")
ET = ExploitationType
PRIZREN = EpisodePlace(EpisodePlaceType.RECRUITMENT, "XK", "20", city="Prizren")
BAR = EpisodePlace(
    EpisodePlaceType.EXPLOITATION,
    "XK",
    "17",
    city="Pejë",
    street="Rr. Shembulli 4",
    latitude=42.66,
    longitude=20.29,
    description="A bar on the main road",
)
EPISODE = TraffickingEpisode(
    started_on=date(2025, 5, 1),
    ended_on=date(2025, 11, 20),
    age_when_trafficked=16,
    recruitment_methods=(RecruitmentMethod.THROUGH_ONLINE_SOCIAL_NETWORKS,),
    recruitment_platforms=(OnlinePlatform.INSTAGRAM, OnlinePlatform.INSTAGRAM),
    exploitation_platforms=(OnlinePlatform.TELEGRAM,),
    exploitation_types=(ET.SEXUAL_EXPLOITATION,),
    sexual_exploitation_types=(SexualExploitationType.PROSTITUTION,),
    relationship=RelationshipToTrafficker.ACQUAINTED,
    places=(PRIZREN, BAR),
    perpetrators=(
        Perpetrator((PerpetratorRole.RECRUITER_OR_INTERMEDIARY,), "Posed as a boyfriend"),
    ),
    description="  Recruited by a boyfriend met on Instagram  ",
)
LABOUR = TraffickingEpisode(
    exploitation_types=(ET.FORCED_LABOUR,),
    forced_labour_industries=(ForcedLabourIndustry.F_CONSTRUCTION,),
    places=(
        EpisodePlace(EpisodePlaceType.RECRUITMENT, "XK", "18"),
        EpisodePlace(EpisodePlaceType.EXPLOITATION, "DE", state="Bayern"),
    ),
)


def person(personal: PersonalData = BORN, age: int = 17, *commands: B) -> Beneficiary:
    def register() -> Beneficiary:
        return Beneficiary.register(
            "PVPT-2026-0009",
            personal,
            Gender.FEMININE,
            age,
            ("XK",),
            ("sq",),
            TraffickingScope.DOMESTIC,
            actor="ana",
            at=at(),
        )

    return given(Beneficiary, history(register, *commands))


def record(episode: TraffickingEpisode = EPISODE, day: float = 1) -> B:
    return lambda b: b.record_trafficking_episode(episode, actor="ana", at=at(day))


def _episode(events: list[Any]) -> TraffickingEpisode:
    found: TraffickingEpisode = events[0].episode
    return found


def refused(record_: Any, command: Callable[[Any], object], error: type[Exception]) -> Any:
    with pytest.raises(error) as caught:
        command(record_)
    assert list(record_.collect_events()) == []
    return caught.value


def test_an_episode_is_recorded_numbered_with_its_lists_cleaned() -> None:
    events = when(person(), record())
    cleaned = replace(
        EPISODE,
        recruitment_platforms=(OnlinePlatform.INSTAGRAM,),
        description="Recruited by a boyfriend met on Instagram",
    )
    then(events, (Beneficiary.TraffickingEpisodeRecorded, {"number": 1, "episode": cleaned}))


def test_a_second_episode_is_numbered_2_and_both_are_in_force() -> None:
    b = person(BORN, 17, record(), record(LABOUR, 2))
    assert sorted(b.episodes) == [1, 2]
    assert b.episodes_recorded == 2


def test_revising_states_the_episode_again_with_a_reason() -> None:
    b = person(BORN, 17, record())
    revised = replace(b.episodes[1], ended_on=date(2025, 12, 1))
    events = when(
        b,
        lambda b: b.revise_trafficking_episode(
            1, revised, "She remembered the date", actor="ana", at=at(3)
        ),
    )
    then(events, (Beneficiary.TraffickingEpisodeRevised, {"number": 1, "episode": revised}))


def test_revising_to_the_same_episode_changes_nothing() -> None:
    b = person(BORN, 17, record())
    error = refused(
        b,
        lambda b: b.revise_trafficking_episode(1, b.episodes[1], "again", actor="ana", at=at(3)),
        RuleViolated,
    )
    assert error.rule == "no_change"


def test_a_withdrawn_episode_no_longer_counts_and_its_number_is_not_given_again() -> None:
    b = person(BORN, 17, record(), record(LABOUR, 2))
    events = when(
        b,
        lambda b: b.withdraw_trafficking_episode(
            1, "Recorded on the wrong person", actor="ana", at=at(3)
        ),
    )
    then(events, (Beneficiary.TraffickingEpisodeWithdrawn, {"number": 1}))
    assert sorted(b.episodes) == [2]
    when(b, record(LABOUR, 4))
    assert sorted(b.episodes) == [2, 3]


def test_a_withdrawn_episode_is_neither_revised_nor_withdrawn_again() -> None:
    b = person(
        BORN,
        17,
        record(),
        lambda b: b.withdraw_trafficking_episode(1, "error", actor="ana", at=at(2)),
    )
    error = refused(
        b, lambda b: b.withdraw_trafficking_episode(1, "again", actor="ana", at=at(3)), RuleViolated
    )
    assert error.rule == "no_such_episode"
    error = refused(
        b,
        lambda b: b.revise_trafficking_episode(1, EPISODE, "why", actor="ana", at=at(3)),
        RuleViolated,
    )
    assert error.rule == "no_such_episode"


def test_a_reason_is_required_to_revise_or_withdraw() -> None:
    b = person(BORN, 17, record())
    error = refused(
        b, lambda b: b.withdraw_trafficking_episode(1, "  ", actor="ana", at=at(3)), InvalidInput
    )
    assert error.field == "reason"


def test_nothing_is_recorded_once_the_person_is_erased() -> None:
    b = person(
        BORN,
        17,
        lambda b: b.erase(ErasureBasis.CONSENT_WITHDRAWN, "DPO-2026-1", actor="ana", at=at(1)),
    )
    error = refused(b, record(day=2), RuleViolated)
    assert error.rule == "personal_data_erased"


@pytest.mark.parametrize(
    ("changes", "field", "error"),
    [
        ({"started_on": date(2026, 3, 9)}, "started_on", DateInFuture),
        ({"ended_on": date(2025, 4, 1)}, "ended_on", DateTooEarly),
        ({"exploitation_types": ()}, "exploitation_types", InvalidInput),
        (
            {"forced_labour_industries": (ForcedLabourIndustry.F_CONSTRUCTION,)},
            "forced_labour_industries",
            InvalidInput,
        ),
        ({"exploitation_types": (ET.FORCED_BEGGING,)}, "sexual_exploitation_types", InvalidInput),
        (
            {"recruitment_methods": (RecruitmentMethod.THROUGH_FRIENDS_OR_SOCIAL_EVENTS,)},
            "recruitment_platforms",
            InvalidInput,
        ),
        ({"age_when_trafficked": 121}, "age_when_trafficked", InvalidInput),
        ({"places": (replace(PRIZREN, country="AL"),)}, "places[0].municipality", InvalidInput),
        ({"places": (replace(PRIZREN, country="KS"),)}, "places[0].country", InvalidInput),
        (
            {"places": (replace(PRIZREN, municipality="39"),)},
            "places[0].municipality",
            InvalidInput,
        ),
        ({"places": (PRIZREN, replace(BAR, longitude=None))}, "places[1].latitude", InvalidInput),
        ({"places": (PRIZREN, replace(BAR, latitude=91.0))}, "places[1].latitude", InvalidInput),
        ({"places": (replace(PRIZREN, on=date(2026, 3, 10)),)}, "places[0].on", DateInFuture),
        ({"perpetrators": (Perpetrator(()),)}, "perpetrators[0].roles", InvalidInput),
        ({"description": "x" * 4001}, "description", InvalidInput),
    ],
)
def test_a_bad_field_is_refused_by_name(
    changes: dict[str, Any], field: str, error: type[InvalidInput]
) -> None:
    caught = refused(person(), record(replace(EPISODE, **changes)), error)
    assert caught.field == field


def test_crossed_border_is_derived_from_places_in_two_countries() -> None:
    events = when(person(), record(LABOUR))
    assert _episode(events).crossed_border is True


def test_crossed_border_false_is_refused_when_the_places_are_in_two_countries() -> None:
    caught = refused(person(), record(replace(LABOUR, crossed_border=False)), InvalidInput)
    assert caught.field == "crossed_border"


def test_crossed_border_is_as_stated_with_places_in_one_country() -> None:
    assert _episode(when(person(), record())).crossed_border is None
    stated = when(person(), record(replace(EPISODE, crossed_border=True)))
    assert _episode(stated).crossed_border is True


def test_with_a_birth_date_the_age_when_trafficked_is_the_exact_age_on_the_start() -> None:
    # born 2008-09-15: 16 on 2025-05-01
    caught = refused(person(), record(replace(EPISODE, age_when_trafficked=15)), RuleViolated)
    assert caught.rule == "episode_age_mismatch"


def test_without_a_birth_date_the_age_is_carried_from_identification_a_year_either_side() -> None:
    b = person(NO_BIRTH_DATE, 17)
    # 17 on 2026-03-02, carried back to 2025-05-01 (under a year): 17, so 16..18
    assert plausible_ages(b, date(2025, 5, 1)) == (16, 18)
    when(b, record(replace(EPISODE, age_when_trafficked=16)))
    caught = refused(b, record(replace(EPISODE, age_when_trafficked=15), day=2), RuleViolated)
    assert caught.rule == "episode_age_mismatch"


def test_without_a_start_date_the_age_is_at_most_the_age_now_plus_one() -> None:
    b = person(NO_BIRTH_DATE, 17)
    undated = replace(EPISODE, started_on=None, ended_on=None)
    when(b, record(replace(undated, age_when_trafficked=3)))
    caught = refused(b, record(replace(undated, age_when_trafficked=19), day=2), RuleViolated)
    assert caught.rule == "episode_age_mismatch"


def test_a_snapshot_from_before_episodes_is_upcast_to_none_recorded() -> None:
    state: dict[str, Any] = {"code": "PVPT-2026-0009"}
    upcast_snapshot_v4_v5(state)
    assert state == {"code": "PVPT-2026-0009", "episodes": {}, "episodes_recorded": 0}
    assert Beneficiary.__dict__["upcast_v4_v5"].__func__ is upcast_snapshot_v4_v5  # v4 -> v5


def test_the_personal_fields_of_an_episode_are_sealed_and_the_codes_are_not() -> None:
    sealed = {seal.path for seal in EVENT_SEALS[Beneficiary.TraffickingEpisodeRecorded]}
    places = {f"episode.places[].{name}" for name in _PERSONAL_PLACE_FIELDS}
    assert sealed == places | {"episode.perpetrators[].details", "episode.description"}
    revised = {seal.path for seal in EVENT_SEALS[Beneficiary.TraffickingEpisodeRevised]}
    assert "reason" in revised
    state = {seal.path for seal in STATE_SEALS[Beneficiary]}
    assert "episodes{}.places[].street" in state
    assert "episodes{}.places[].municipality" not in state


_PERSONAL_PLACE_FIELDS = (
    "city",
    "state",
    "street",
    "postal_code",
    "latitude",
    "longitude",
    "description",
)


def test_a_role_without_personal_data_sees_the_codes_and_places_but_not_the_rest() -> None:
    b = person(BORN, 17, record())
    view, _ = beneficiary_view(b, Role.AUDITOR, date(2026, 3, 3), now=date(2026, 3, 3))
    shown = view.episodes[0].episode
    assert (shown.places[1].municipality, shown.places[1].street) == ("17", "withheld")
    assert (shown.places[1].latitude, shown.perpetrators[0].details) == (None, "withheld")
    assert shown.exploitation_types == (ET.SEXUAL_EXPLOITATION,)
    assert shown.age_when_trafficked == 16
    full, _ = beneficiary_view(b, Role.CASE_MANAGER, date(2026, 3, 3), now=date(2026, 3, 3))
    assert full.episodes[0].episode.places[1].street == "Rr. Shembulli 4"
