"""The demo's trafficking episodes (HTCDS Historic Trafficking Events), recorded when a
survivor's exploitation profile is (early_stages.py), as Kosovo's cases look in the US
TIP reports and GRETA's: mostly domestic sexual exploitation of girls and women
recruited by acquaintances and "boyfriends" or on social media (Instagram, Facebook,
TikTok, WhatsApp); children forced to beg; labour exploitation abroad (construction,
agriculture, hospitality in DE, CH, HR, SI, MK, AL); foreign victims from AL, RS, MK,
MD and UA exploited in bars and restaurants in Kosovo's towns. Some people were
trafficked before (re-trafficking): two episodes; for some, the first is revised.

Deterministic: a random source seeded from the state of the demo's (its words, ints: their
hash is the same in every process), read without drawing from it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from random import Random
from typing import Any, Protocol
from uuid import UUID

from adapters.run.demo.world import Host
from domain.episode_values import EpisodePlace, Perpetrator, TraffickingEpisode
from domain.episode_vocab import EpisodePlaceType as Place
from domain.episode_vocab import ForcedLabourIndustry as Industry
from domain.episode_vocab import OnlinePlatform as Platform
from domain.episode_vocab import PerpetratorRole as Role
from domain.episode_vocab import SexualExploitationType
from domain.local_time import local_date
from domain.parts.beneficiary_episodes import plausible_ages
from domain.places import KOSOVO, MUNICIPALITIES
from domain.vocab import ControlMethod as Control
from domain.vocab import ExploitationType as Type
from domain.vocab import RecruitmentMethod as Recruited
from domain.vocab import RelationshipToTrafficker as Knew
from services.commands.episodes import RecordTraffickingEpisode, ReviseTraffickingEpisode

RE_TRAFFICKED = 0.15  # of people with an earlier episode
REVISED = 0.1  # of people whose first episode is revised, having told more
# Where people are exploited in Kosovo (bars, motels, flats): Prishtinë, Prizren, Pejë,
# Ferizaj, Gjilan, Gjakovë, Mitrovicë e Jugut, Fushë Kosovë.
TOWNS = ("19", "19", "19", "20", "20", "17", "25", "04", "02", "11", "09")
HOME = tuple(MUNICIPALITIES)
ABROAD = ("DE", "DE", "CH", "HR", "SI", "MK", "AL")
SOCIAL = (Platform.INSTAGRAM, Platform.FACEBOOK, Platform.TIKTOK, Platform.WHATSAPP)


class Script(Protocol):
    demo: Host
    rng: Random
    beneficiary: UUID
    worker: str


def record_episodes(script: Script, main: Type) -> None:
    """The survivor's episode (and, for some, an earlier one), through the bus."""
    rng = Random(hash(script.rng.getstate()[1]))  # its Mersenne Twister words (ints)
    record = script.demo.record(script.beneficiary)
    today = local_date(script.demo.clock())
    ends = today - timedelta(days=rng.randint(3, 40))
    latest = _episode(rng, record, main, ends)
    if rng.random() < RE_TRAFFICKED:
        first_end = (latest.started_on or ends) - timedelta(days=rng.randint(200, 700))
        earlier = _episode(rng, record, main, first_end)
        script.demo.do(script.beneficiary, RecordTraffickingEpisode(episode=earlier), script.worker)
    script.demo.do(script.beneficiary, RecordTraffickingEpisode(episode=latest), script.worker)
    if rng.random() < REVISED:  # told more in counselling: the first episode stated again
        first = script.demo.record(script.beneficiary).episodes[1]
        more = (*first.control_methods, Control.RESTRICTS_FINANCIAL_ACCESS)
        revise = ReviseTraffickingEpisode(
            number=1,
            episode=replace(first, control_methods=more),
            reason="She said more in counselling: she was never let near money",
        )
        script.demo.do(script.beneficiary, revise, script.worker)


def _episode(rng: Random, record: Any, main: Type, ends: date) -> TraffickingEpisode:
    starts = ends - timedelta(days=rng.randint(45, 500))
    foreign = KOSOVO not in record.citizenships
    shape = _FOREIGN if foreign else _SHAPES.get(main, _sexual)
    episode = shape(rng, record.citizenships[0])
    low, high = plausible_ages(record, starts)
    return TraffickingEpisode(
        started_on=starts,
        ended_on=ends,
        age_when_trafficked=(low + high) // 2,
        **{**episode, "places": _dated(episode["places"], starts, ends)},
    )


def _dated(where: tuple[EpisodePlace, ...], starts: date, ends: date) -> tuple[EpisodePlace, ...]:
    days = (starts, starts + (ends - starts) / 3, starts + (ends - starts) / 2)
    return tuple(replace(p, on=days[min(i, 2)]) for i, p in enumerate(where))


def _kosovo(kind: Place, code: str, description: str | None = None) -> EpisodePlace:
    town = MUNICIPALITIES[code]
    return EpisodePlace(kind, KOSOVO, code, city=town.albanian, description=description)


def _sexual(rng: Random, _citizenship: str) -> dict[str, Any]:
    online = rng.random() < 0.45
    platforms = tuple(rng.sample(SOCIAL, rng.randint(1, 2))) if online else ()
    types = [SexualExploitationType.PROSTITUTION]
    if online and rng.random() < 0.3:
        types.append(SexualExploitationType.PORNOGRAPHY)
    return {
        "recruitment_methods": (
            Recruited.THROUGH_ONLINE_SOCIAL_NETWORKS
            if online
            else Recruited.THROUGH_FRIENDS_OR_SOCIAL_EVENTS,
        ),
        "recruitment_platforms": platforms,
        "exploitation_platforms": platforms[:1]
        if SexualExploitationType.PORNOGRAPHY in types
        else (),
        "control_methods": (
            Control.PSYCHOLOGICAL_ABUSE,
            Control.TAKES_EARNINGS,
            Control.FALSE_PROMISES,
        ),
        "exploitation_types": (Type.SEXUAL_EXPLOITATION,),
        "sexual_exploitation_types": tuple(types),
        "relationship": Knew.ACQUAINTED,
        "places": (
            _kosovo(Place.RECRUITMENT, rng.choice(HOME)),
            _kosovo(Place.EXPLOITATION, rng.choice(TOWNS), "Rented flat and a motel"),
        ),
        "perpetrators": (
            Perpetrator(
                (Role.RECRUITER_OR_INTERMEDIARY, Role.CONTROLLED_INDIVIDUAL),
                "Presented himself as a boyfriend",
            ),
            Perpetrator((Role.EXPLOITER,), "Arranged the clients"),
        ),
        "description": "Promised a relationship and a job; exploited in flats and a motel",
    }


def _begging(rng: Random, _citizenship: str) -> dict[str, Any]:
    town = rng.choice(("19", "20", "25", "17"))
    return {
        "recruitment_methods": (Recruited.THROUGH_FAMILY_OR_FAMILY_EVENTS,),
        "control_methods": (Control.TAKES_EARNINGS, Control.PHYSICAL_THREATS),
        "exploitation_types": (Type.FORCED_BEGGING,),
        "relationship": Knew.FAMILIAL,
        "places": (_kosovo(Place.EXPLOITATION, town, "Streets and cafés of the centre"),),
        "perpetrators": (Perpetrator((Role.EXPLOITER, Role.CONTROLLED_INDIVIDUAL), "A relative"),),
        "description": "Sent to beg every day; the earnings taken",
    }


def _labour(rng: Random, _citizenship: str) -> dict[str, Any]:
    industry = rng.choice(
        (
            Industry.F_CONSTRUCTION,
            Industry.A_AGRICULTURE_FORESTRY_AND_FISHING,
            Industry.I_ACCOMMODATION_AND_FOOD_SERVICE_ACTIVITIES,
        )
    )
    advert = rng.random() < 0.5
    return {
        "recruitment_methods": (
            Recruited.THROUGH_AN_ONLINE_ADVERTISEMENT
            if advert
            else Recruited.THROUGH_FRIENDS_OR_SOCIAL_EVENTS,
        ),
        "recruitment_platforms": (Platform.FACEBOOK,) if advert else (),
        "control_methods": (
            Control.WITHHOLDS_DOCUMENTS,
            Control.DEBT_BONDAGE,
            Control.EXCESSIVE_WORKING_HOURS,
        ),
        "exploitation_types": (Type.FORCED_LABOUR,),
        "forced_labour_industries": (industry,),
        "relationship": Knew.UNACQUAINTED if advert else Knew.ACQUAINTED,
        "places": (
            _kosovo(Place.RECRUITMENT, rng.choice(HOME)),
            EpisodePlace(Place.EXPLOITATION, rng.choice(ABROAD), description="Work site"),
        ),
        "perpetrators": (
            Perpetrator((Role.RECRUITER_OR_INTERMEDIARY, Role.BROKER_TRAVEL_AGENT), "Job agent"),
            Perpetrator((Role.EXPLOITER,), "The employer abroad"),
        ),
        "description": "A job abroad promised; passport kept and wages withheld",
    }


def _marriage(rng: Random, _citizenship: str) -> dict[str, Any]:
    return {
        "recruitment_methods": (Recruited.THROUGH_FAMILY_OR_FAMILY_EVENTS,),
        "control_methods": (Control.PSYCHOLOGICAL_ABUSE, Control.WITHHOLDS_NECESSITIES),
        "exploitation_types": (Type.FORCED_MARRIAGE, Type.SERVITUDE),
        "relationship": Knew.FAMILIAL,
        "places": (_kosovo(Place.EXPLOITATION, rng.choice(HOME)),),
        "perpetrators": (Perpetrator((Role.SOLD_INDIVIDUAL,), "Family arranged it"),),
    }


def _foreign(rng: Random, citizenship: str) -> dict[str, Any]:
    """A foreign victim exploited in a bar or restaurant in a Kosovo town."""
    sexual = rng.random() < 0.7
    transit = (
        (EpisodePlace(Place.TRANSIT, rng.choice(("AL", "MK"))),)
        if citizenship in ("MD", "UA")
        else ()
    )
    return {
        "recruitment_methods": (Recruited.THROUGH_AN_ONLINE_ADVERTISEMENT,),
        "recruitment_platforms": (
            rng.choice((Platform.FACEBOOK, Platform.VIBER, Platform.TELEGRAM)),
        ),
        "control_methods": (
            Control.WITHHOLDS_DOCUMENTS,
            Control.DEBT_BONDAGE,
            Control.THREATS_LAW_ENFORCEMENT,
        ),
        "exploitation_types": (Type.SEXUAL_EXPLOITATION,) if sexual else (Type.FORCED_LABOUR,),
        "sexual_exploitation_types": (SexualExploitationType.PROSTITUTION,) if sexual else (),
        "forced_labour_industries": ()
        if sexual
        else (Industry.I_ACCOMMODATION_AND_FOOD_SERVICE_ACTIVITIES,),
        "relationship": Knew.UNACQUAINTED,
        "places": (
            EpisodePlace(Place.RECRUITMENT, citizenship),
            *transit,
            _kosovo(Place.EXPLOITATION, rng.choice(TOWNS), "A bar-restaurant on the main road"),
        ),
        "perpetrators": (
            Perpetrator((Role.RECRUITER_OR_INTERMEDIARY,), "Answered the advert"),
            Perpetrator((Role.TRANSPORTER,), "Drove her across the border"),
            Perpetrator((Role.EXPLOITER, Role.HARBOURED_INDIVIDUAL), "The bar's owner"),
        ),
        "description": "A waitress job advertised; made to serve clients in the bar",
    }


_FOREIGN = _foreign
_SHAPES: dict[Type, Callable[[Random, str], dict[str, Any]]] = {
    Type.SEXUAL_EXPLOITATION: _sexual,
    Type.FORCED_LABOUR: _labour,
    Type.FORCED_BEGGING: _begging,
    Type.FORCED_MARRIAGE: _marriage,
}
