"""The demo's people look like the victims identified in Kosovo (docs/demo.md): mostly
Kosovo citizens, many of them children, mostly women and girls exploited sexually,
children begging (Romani speakers among them), foreign victims from several countries,
languages that go with citizenship, homes all over Kosovo, and the same people from the
same seed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from uuid import UUID

import pytest

from adapters.run.bootstrap import Journey, build
from adapters.run.clock import ScriptedClock
from adapters.run.demo import START, Demo
from adapters.run.demo.people import PREVENTION_TEAM
from domain.beneficiary import Beneficiary
from domain.organisation import OrganisationKind
from domain.organisation_values import HTCDS_TYPES
from domain.vocab import ExploitationType, Gender
from services.organisation_registry import read_registry

COUNT = 120
# North Mitrovica, Zveçan, Leposaviq, Zubin Potok, Graçanicë, Shtërpcë, Kllokot, Ranillug, Partesh
SERB_MAJORITY = ("38", "29", "12", "28", "35", "23", "34", "36", "37")
# The languages a citizen of each country may speak in the demo.
LANGUAGES = {
    "XK": {"sq", "sr", "rom", "tr", "bs", "en"},
    "AL": {"sq"},
    "RS": {"sr", "sq"},  # a Kosovo Serb may hold both citizenships, and speak Albanian
    "MK": {"mk", "sq", "sr"},
    "MD": {"ro", "ru"},
    "UA": {"uk", "ru", "en"},
    "BD": {"bn", "en"},
    "PH": {"tl", "en"},
    "TR": {"tr"},
}


def _run(count: int, seed: int = 2000) -> tuple[Journey, list[Beneficiary]]:
    clock = ScriptedClock(START)
    journey = build("memory://", clock)
    Demo(journey, clock, seed=seed).run(count)
    notifications = journey.app.recorder.select_notifications(
        1, 10**6, topics=("domain.beneficiary:Beneficiary.Registered",)
    )
    ids = [UUID(str(n.originator_id)) for n in notifications]
    return journey, [journey.queries.beneficiary(i) for i in ids]


@pytest.fixture(scope="module")
def demo() -> Iterator[tuple[Journey, list[Beneficiary]]]:
    journey, registered = _run(COUNT)
    yield journey, registered
    journey.close()


@pytest.fixture(scope="module")
def people(demo: tuple[Journey, list[Beneficiary]]) -> list[Beneficiary]:
    return demo[1]


def _share(people: list[Beneficiary], which: list[Beneficiary]) -> float:
    return len(which) / len(people)


def _exploited_for(person: Beneficiary, kind: ExploitationType) -> bool:
    return person.exploitation is not None and kind in person.exploitation.types


def test_most_are_kosovo_citizens(people: list[Beneficiary]) -> None:
    assert len(people) == COUNT
    assert _share(people, [p for p in people if "XK" in p.citizenships]) > 0.65


def test_many_are_children(people: list[Beneficiary]) -> None:
    assert 0.35 <= _share(people, [p for p in people if p.is_minor]) <= 0.6


def test_most_are_women_and_girls_exploited_sexually(people: list[Beneficiary]) -> None:
    women = [p for p in people if p.gender is Gender.FEMININE]
    assert _share(people, women) > 0.65
    profiled = [p for p in people if p.exploitation is not None]
    sexual = [p for p in profiled if _exploited_for(p, ExploitationType.SEXUAL_EXPLOITATION)]
    assert len(profiled) > COUNT / 2
    assert _share(profiled, sexual) > 0.5
    assert _share(sexual, [p for p in sexual if p.gender is Gender.FEMININE]) > 0.85


def test_children_are_sent_begging_romani_speakers_among_them(people: list[Beneficiary]) -> None:
    begging = [
        p for p in people if p.is_minor and _exploited_for(p, ExploitationType.FORCED_BEGGING)
    ]
    assert len(begging) >= 3
    assert any("rom" in p.languages for p in begging)
    assert {p.gender for p in begging} == {Gender.FEMININE, Gender.MASCULINE}


def test_foreign_victims_come_from_several_countries(people: list[Beneficiary]) -> None:
    foreign = {code for p in people if "XK" not in p.citizenships for code in p.citizenships}
    assert len(foreign) >= 4
    assert "AL" in foreign


def test_languages_go_with_citizenship(people: list[Beneficiary]) -> None:
    for person in people:
        spoken = set().union(*(LANGUAGES[code] for code in person.citizenships))
        assert person.languages, person.code
        assert set(person.languages) <= spoken, (person.citizenships, person.languages)
    romani = [p for p in people if "rom" in p.languages]
    assert romani
    assert all("XK" in p.citizenships for p in romani)


def test_people_live_all_over_kosovo_most_in_prishtine(people: list[Beneficiary]) -> None:
    backgrounds = [(p, p.background) for p in people]
    homes = Counter(b.residence_municipality for _, b in backgrounds if b is not None)
    assert sum(homes.values()) == COUNT
    assert len(homes) >= 15
    assert homes.most_common(1)[0][0] == "19"  # Prishtinë
    serbs = {b.residence_municipality for p, b in backgrounds if b and p.languages[0] == "sr"}
    assert serbs & set(SERB_MAJORITY), serbs


def test_referrals_come_from_registered_partners_the_police_most(
    demo: tuple[Journey, list[Beneficiary]],
) -> None:
    journey, registered = demo
    names = {entry.names.display: entry for entry in read_registry()}
    every = [journey.queries.case(p.case_ids[0]).referral for p in registered]
    # issue 16: a few come from a disclosure at PVPT's own prevention work, no partner's
    referrals = [r for r in every if r.prevention_disclosure is None]
    from_prevention = {r.organisation for r in every if r.prevention_disclosure is not None}
    assert from_prevention <= {PREVENTION_TEAM}
    assert {r.organisation for r in referrals} <= set(names)
    kinds = Counter(names[r.organisation].details.kind for r in referrals)
    assert [kind for kind, _ in kinds.most_common(2)] == [
        OrganisationKind.POLICE,
        OrganisationKind.CENTRE_FOR_SOCIAL_WORK,
    ]
    for referral in referrals:  # typed as the registry types it: IOM is no NGO
        entry = names[referral.organisation].details
        assert referral.organisation_type == (entry.htcds_type or HTCDS_TYPES[entry.kind])
    from_iom = [r for r in referrals if names[r.organisation].key == "iom-kosovo"]
    assert from_iom, "IOM refers foreign victims"
    assert {r.organisation_type for r in from_iom} == {None}  # HTCDS has no type for it


def test_the_same_seed_gives_the_same_people() -> None:
    def first(seed: int) -> list[tuple[object, ...]]:
        journey, registered = _run(8, seed)
        journey.close()
        return [
            (p.code, p.personal, p.gender, p.age_at_identification, p.citizenships, p.background)
            for p in registered
        ]

    assert first(5) == first(5)
    assert first(5) != first(6)
