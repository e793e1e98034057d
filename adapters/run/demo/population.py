"""Who the demo's people are: a population shaped like the victims identified in Kosovo
as the US State Department's Trafficking in Persons reports and the Council of Europe's
GRETA describe them (docs/demo.md) — mostly Kosovo citizens, many of them children, most
of them girls and women exploited sexually; children in forced begging, many from the
Roma, Ashkali and Egyptian communities; some labour exploitation; and foreign victims,
from the neighbours and from farther away, mostly women exploited in bars, restaurants
and nightclubs.

A person is drawn from a community (with its weight among identified victims, its
citizenship, languages, names, share of children, what it is exploited for and where in
Kosovo its people live: municipality codes of domain/places.py), then an exploitation,
a sex and an age that fit it. Weights are per 1,000 identified victims; all draws come
from the demo's seeded random source, so a seed gives the same people.
"""

from __future__ import annotations

from dataclasses import dataclass
from random import Random
from typing import TypeVar

from adapters.run.demo import names as n
from domain.vocab import ExploitationType, Gender, TraffickingScope

E = ExploitationType
T = TypeVar("T")
Weighted = tuple[tuple[E, int], ...]
KOSOVO = "XK"
ABROAD = 0.15  # Kosovo citizens exploited abroad (identified there, or on their return)

# What each kind of community is exploited for: (children, adults).
EXPLOITATION: dict[str, tuple[Weighted, Weighted]] = {
    "kosovar": (
        (
            (E.SEXUAL_EXPLOITATION, 72),
            (E.FORCED_BEGGING, 12),
            (E.CHILD_LABOUR, 8),
            (E.FORCED_MARRIAGE, 8),
        ),
        (
            (E.SEXUAL_EXPLOITATION, 72),
            (E.FORCED_LABOUR, 18),
            (E.FORCED_MARRIAGE, 6),
            (E.FORCED_BEGGING, 4),
        ),
    ),
    "rae": (
        (
            (E.FORCED_BEGGING, 58),
            (E.SEXUAL_EXPLOITATION, 22),
            (E.FORCED_MARRIAGE, 12),
            (E.CHILD_LABOUR, 8),
        ),
        (
            (E.SEXUAL_EXPLOITATION, 45),
            (E.FORCED_MARRIAGE, 20),
            (E.FORCED_LABOUR, 20),
            (E.FORCED_BEGGING, 15),
        ),
    ),
    "bars": (
        ((E.SEXUAL_EXPLOITATION, 60), (E.FORCED_BEGGING, 40)),
        ((E.SEXUAL_EXPLOITATION, 78), (E.FORCED_LABOUR, 20), (E.FORCED_BEGGING, 2)),
    ),
    "labour": (
        ((E.CHILD_LABOUR, 1),),
        ((E.FORCED_LABOUR, 85), (E.SEXUAL_EXPLOITATION, 15)),
    ),
    "domestic_work": (
        ((E.SERVITUDE, 1),),
        ((E.SERVITUDE, 55), (E.FORCED_LABOUR, 25), (E.SEXUAL_EXPLOITATION, 20)),
    ),
}
# Share of women and girls by exploitation (labour: the community's own share).
WOMEN = {
    E.SEXUAL_EXPLOITATION: 0.94,
    E.FORCED_BEGGING: 0.5,
    E.FORCED_MARRIAGE: 1.0,
    E.SERVITUDE: 0.9,
}
# Ages (inclusive) at identification, for children and for adults.
CHILD_AGES = {E.FORCED_BEGGING: (7, 15), E.CHILD_LABOUR: (12, 17)}
ADULT_AGES = {E.SEXUAL_EXPLOITATION: (18, 32), E.FORCED_MARRIAGE: (18, 24)}

# Where in Kosovo people live, by community: (municipality code, weight).
ALBANIAN_PLACES = (
    ("19", 22), ("20", 12), ("25", 8), ("04", 6), ("17", 6), ("02", 6), ("11", 5),
    ("18", 5), ("27", 4), ("13", 4), ("24", 4), ("09", 4), ("03", 3), ("16", 3), ("30", 3),
    ("21", 3), ("06", 2), ("08", 2), ("01", 2), ("26", 2), ("07", 2), ("15", 2), ("10", 2),
    ("22", 1), ("05", 1), ("31", 1), ("33", 1),
)  # fmt: skip
SERB_PLACES = (
    ("38", 25), ("35", 20), ("23", 12), ("29", 10), ("12", 8), ("28", 6), ("04", 5),
    ("10", 4), ("14", 4), ("34", 3), ("36", 3), ("37", 3), ("09", 3), ("13", 3), ("15", 2),
)  # fmt: skip
ROMA_PLACES = (
    ("09", 20), ("20", 12), ("19", 10), ("17", 8), ("02", 8), ("38", 8), ("35", 6),
    ("04", 6), ("11", 6), ("15", 6), ("25", 4),
)  # fmt: skip
ASHKALI_PLACES = (
    ("09", 25), ("25", 18), ("13", 10), ("15", 10), ("19", 8), ("22", 6), ("27", 5),
    ("11", 5), ("03", 4), ("02", 4),
)  # fmt: skip
EGYPTIAN_PLACES = (("02", 30), ("17", 25), ("06", 10), ("08", 8), ("01", 6), ("19", 6), ("20", 6))
TURKISH_PLACES = (("20", 55), ("32", 30), ("19", 8), ("04", 4), ("27", 3))
BOSNIAK_PLACES = (("20", 40), ("05", 35), ("17", 10), ("38", 10), ("06", 5), ("19", 5))
# Foreign victims: where they were found and live in Kosovo (bars along the main roads).
FOUND_PLACES = (
    ("19", 30), ("20", 20), ("25", 12), ("04", 12), ("17", 10), ("02", 6), ("11", 5),
    ("18", 3), ("27", 3), ("13", 3), ("24", 3), ("16", 2),
)  # fmt: skip

Languages = tuple[tuple[tuple[str, ...], int], ...]


@dataclass(frozen=True)
class Community:
    key: str
    weight: int  # per 1,000 identified victims
    citizenships: tuple[tuple[tuple[str, ...], int], ...]
    languages: Languages
    names: n.Names
    minors: float  # share of children among its identified victims
    exploited_for: str  # a key of EXPLOITATION
    places: tuple[tuple[str, int], ...]
    labour_women: float = 0.3  # share of women among its victims of labour exploitation

    @property
    def foreign(self) -> bool:
        return all(KOSOVO not in codes for codes, _ in self.citizenships)


def _only(*codes: str) -> tuple[tuple[tuple[str, ...], int], ...]:
    return ((codes, 1),)


C = Community
COMMUNITIES = (
    C("kosovo_albanian", 560, _only("XK"), ((("sq",), 90), (("sq", "en"), 10)),
      n.KOSOVO_ALBANIAN, 0.52, "kosovar", ALBANIAN_PLACES),
    C("kosovo_serb", 45, ((("XK",), 60), (("XK", "RS"), 40)),
      ((("sr",), 85), (("sr", "sq"), 15)), n.SERBIAN, 0.4, "kosovar", SERB_PLACES),
    C("roma", 60, _only("XK"), ((("rom", "sr"), 45), (("rom", "sq"), 45), (("rom",), 10)),
      n.ROMA, 0.7, "rae", ROMA_PLACES),
    C("ashkali", 45, _only("XK"), ((("sq",), 90), (("sq", "rom"), 10)),
      n.ASHKALI_EGYPTIAN, 0.65, "rae", ASHKALI_PLACES),
    C("egyptian", 25, _only("XK"), ((("sq",), 95), (("sq", "rom"), 5)),
      n.ASHKALI_EGYPTIAN, 0.65, "rae", EGYPTIAN_PLACES),
    C("kosovo_turkish", 25, _only("XK"), ((("tr", "sq"), 70), (("tr",), 30)),
      n.TURKISH, 0.45, "kosovar", TURKISH_PLACES),
    C("bosniak_gorani", 40, _only("XK"), ((("bs",), 50), (("bs", "sq"), 35), (("bs", "sr"), 15)),
      n.BOSNIAK_GORANI, 0.45, "kosovar", BOSNIAK_PLACES),
    C("albania", 50, _only("AL"), ((("sq",), 1),), n.ALBANIA, 0.15, "bars", FOUND_PLACES),
    C("moldova", 35, _only("MD"), ((("ro",), 60), (("ro", "ru"), 40)),
      n.MOLDOVAN, 0.03, "bars", FOUND_PLACES),
    C("ukraine", 25, _only("UA"), ((("uk",), 50), (("uk", "ru"), 30), (("uk", "en"), 20)),
      n.UKRAINIAN, 0.03, "bars", FOUND_PLACES),
    C("serbia", 22, _only("RS"), ((("sr",), 1),), n.SERBIAN, 0.08, "bars", FOUND_PLACES),
    C("north_macedonia", 15, _only("MK"), ((("mk",), 80), (("mk", "sr"), 20)),
      n.MACEDONIAN, 0.08, "bars", FOUND_PLACES),
    C("north_macedonia_albanian", 8, _only("MK"), ((("sq",), 60), (("sq", "mk"), 40)),
      n.MACEDONIA_ALBANIAN, 0.08, "bars", FOUND_PLACES),
    C("bangladesh", 18, _only("BD"), ((("bn",), 60), (("bn", "en"), 40)),
      n.BANGLADESHI, 0.0, "labour", FOUND_PLACES, labour_women=0.05),
    C("philippines", 12, _only("PH"), ((("tl", "en"), 1),),
      n.FILIPINO, 0.0, "domestic_work", FOUND_PLACES, labour_women=0.85),
    C("turkey", 15, _only("TR"), ((("tr",), 1),), n.TURKISH, 0.03, "labour", FOUND_PLACES,
      labour_women=0.15),
)  # fmt: skip


@dataclass(frozen=True)
class Person:
    """One of the demo's people, as drawn: not yet registered."""

    community: Community
    exploitation: ExploitationType  # the main one
    woman: bool
    age: int  # at identification
    given_name: str
    family_name: str
    citizenships: tuple[str, ...]
    languages: tuple[str, ...]
    municipality: str  # of residence in Kosovo (domain/places.py code)
    abroad: bool  # exploited outside Kosovo

    @property
    def minor(self) -> bool:
        return self.age < 18

    @property
    def foreign(self) -> bool:
        return self.community.foreign

    @property
    def gender(self) -> Gender:
        return Gender.FEMININE if self.woman else Gender.MASCULINE

    @property
    def scope(self) -> TraffickingScope:
        crossed = self.foreign or self.abroad
        return TraffickingScope.INTERNATIONAL if crossed else TraffickingScope.DOMESTIC


def _pick(rng: Random, weighted: tuple[tuple[T, int], ...]) -> T:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def draw(rng: Random) -> Person:
    """A person: community first, then what fits it."""
    community = rng.choices(COMMUNITIES, weights=[c.weight for c in COMMUNITIES])[0]
    minor = rng.random() < community.minors
    children, adults = EXPLOITATION[community.exploited_for]
    exploitation = _pick(rng, children if minor else adults)
    woman = rng.random() < WOMEN.get(exploitation, community.labour_women)
    low, high = (
        CHILD_AGES.get(exploitation, (13, 17)) if minor else ADULT_AGES.get(exploitation, (18, 48))
    )
    names = community.names
    given = rng.choice(names.women if woman else names.men)
    family = names.family_name(rng.choice(names.family), woman=woman)
    return Person(
        community=community,
        exploitation=exploitation,
        woman=woman,
        age=rng.randint(low, high),
        given_name=given,
        family_name=family,
        citizenships=_pick(rng, community.citizenships),
        languages=_pick(rng, community.languages),
        municipality=_pick(rng, community.places),
        abroad=not community.foreign and rng.random() < ABROAD,
    )
