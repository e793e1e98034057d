"""Trafficking episodes in the outcomes read model (docs/read-models/outcomes.md), for
the HTCDS analyst's counts by exploitation type, industry, platform and country.

- `trafficking_episodes` (table): one row per episode in force; a revision replaces
  it, a withdrawal deletes it;
- `episode_codes` (table): one row per episode and code it holds (kind, value), the
  long form counts are made from;
- `episodes_by_code` (derived view): episodes and people per kind and value.

Only non-identifying columns, generalised as the other models hold a person: the age
when trafficked as its CTDC band (as `beneficiary_directory` holds the age at
identification), a Kosovo municipality as its district; countries as ISO codes (a
country of the journey is a quasi-identifier, but as coarse as HTCDS counts need).
Never the city, street, coordinates, descriptions or perpetrators' details.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Column, Connection, Date, Integer, MetaData, String, Table, delete, insert

from domain import places
from domain.checks.person import age_band_for
from domain.episode_values import EpisodePlace, TraffickingEpisode
from domain.episode_vocab import EpisodePlaceType
from domain.local_time import local_date
from projections.model import Change

TYPES = frozenset({"Beneficiary"})
EPISODES = "trafficking_episodes"
CODES = "episode_codes"
RECORDED = "Beneficiary.TraffickingEpisodeRecorded"
REVISED = "Beneficiary.TraffickingEpisodeRevised"
WITHDRAWN = "Beneficiary.TraffickingEpisodeWithdrawn"
_LISTS = (
    "exploitation_types",
    "forced_labour_industries",
    "sexual_exploitation_types",
    "recruitment_methods",
    "recruitment_platforms",
    "exploitation_platforms",
    "control_methods",
)
_PLACE_KINDS = {
    EpisodePlaceType.RECRUITMENT: "recruitment",
    EpisodePlaceType.TRANSIT: "transit",
    EpisodePlaceType.EXPLOITATION: "exploitation",
}
BY_CODE = (
    "SELECT kind, value, COUNT(*) AS episodes, COUNT(DISTINCT beneficiary_id) AS people "
    f"FROM {CODES} GROUP BY kind, value"
)


def episodes_table(metadata: MetaData, name: str) -> Table:
    return Table(
        name,
        metadata,
        Column("beneficiary_id", String(36), primary_key=True),
        Column("number", Integer, primary_key=True),
        Column("started_on", Date),
        Column("ended_on", Date),
        Column("age_band_when_trafficked", String(8)),
        Column("crossed_border", Integer),
        *(Column(name, String(600), nullable=False) for name in _LISTS),
        Column("relationship", String(16)),
        Column("recruitment_countries", String(200), nullable=False),
        Column("transit_countries", String(200), nullable=False),
        Column("exploitation_countries", String(200), nullable=False),
        Column("recruitment_districts", String(200), nullable=False),
        Column("exploitation_districts", String(200), nullable=False),
        Column("perpetrator_roles", String(400), nullable=False),
        Column("revisions", Integer, nullable=False),
        Column("recorded_on", Date, nullable=False),
        Column("position", Integer, nullable=False),
    )


def codes_table(metadata: MetaData, name: str) -> Table:
    return Table(
        name,
        metadata,
        Column("beneficiary_id", String(36), primary_key=True),
        Column("number", Integer, primary_key=True),
        Column("kind", String(40), primary_key=True),
        Column("value", String(80), primary_key=True),
    )


def apply_episodes(conn: Connection, tables: dict[str, Table], batch: Sequence[Change]) -> None:
    """Replace or delete the rows of each episode event of a batch, in order."""
    for change in batch:
        if change.event_type not in (RECORDED, REVISED, WITHDRAWN):
            continue
        key = (str(change.aggregate_id), int(change.fields["number"]))
        revisions = _revisions(conn, tables[EPISODES], key)
        for table in (tables[EPISODES], tables[CODES]):
            conn.execute(delete(table).where(*_where(table, key)))
        if change.event_type != WITHDRAWN:
            revisions += change.event_type == REVISED
            _insert(conn, tables, key, change, revisions)


def _where(table: Table, key: tuple[str, int]) -> tuple[Any, Any]:
    return table.c.beneficiary_id == key[0], table.c.number == key[1]


def _revisions(conn: Connection, table: Table, key: tuple[str, int]) -> int:
    found = conn.execute(table.select().where(*_where(table, key))).first()
    return 0 if found is None else int(found.revisions)


def _insert(
    conn: Connection, tables: dict[str, Table], key: tuple[str, int], change: Change, revisions: int
) -> None:
    episode: TraffickingEpisode = change.fields["episode"]
    row = {"beneficiary_id": key[0], "number": key[1], **episode_columns(episode)}
    recorded_on = local_date(change.at)
    conn.execute(
        insert(tables[EPISODES]).values(
            **row, revisions=revisions, recorded_on=recorded_on, position=change.position
        )
    )
    codes = sorted(set(episode_codes(episode)))
    if codes:
        conn.execute(
            insert(tables[CODES]),
            [{"beneficiary_id": key[0], "number": key[1], "kind": k, "value": v} for k, v in codes],
        )


def episode_columns(episode: TraffickingEpisode) -> dict[str, Any]:
    """The episode's non-identifying columns."""
    age = episode.age_when_trafficked
    return {
        "started_on": episode.started_on,
        "ended_on": episode.ended_on,
        "age_band_when_trafficked": None if age is None else age_band_for(age).value,
        "crossed_border": None if episode.crossed_border is None else int(episode.crossed_border),
        **{name: _joined(getattr(episode, name)) for name in _LISTS},
        "relationship": None if episode.relationship is None else episode.relationship.value,
        **{
            f"{kind}_countries": _joined(_countries(episode, t)) for t, kind in _PLACE_KINDS.items()
        },
        "recruitment_districts": _joined(_districts(episode, EpisodePlaceType.RECRUITMENT)),
        "exploitation_districts": _joined(_districts(episode, EpisodePlaceType.EXPLOITATION)),
        "perpetrator_roles": _joined(r for p in episode.perpetrators for r in p.roles),
    }


def episode_codes(episode: TraffickingEpisode) -> Iterator[tuple[str, str]]:
    """(kind, value) for every code of the episode, its places' countries and districts."""
    for name in _LISTS:
        for value in getattr(episode, name):
            yield name, str(value)
    for place in episode.places:
        kind = _PLACE_KINDS[EpisodePlaceType(place.type)]
        yield f"{kind}_country", place.country
        district = _district(place)
        if district is not None:
            yield f"{kind}_district", district


def _countries(episode: TraffickingEpisode, kind: EpisodePlaceType) -> list[str]:
    return [p.country for p in episode.places if p.type == kind]


def _districts(episode: TraffickingEpisode, kind: EpisodePlaceType) -> list[str]:
    return [d for p in episode.places if p.type == kind and (d := _district(p)) is not None]


def _district(place: EpisodePlace) -> str | None:
    found = places.MUNICIPALITIES.get(place.municipality or "")
    return None if found is None else found.district.value


def _joined(values: Any) -> str:
    """Distinct values, sorted, comma-joined (empty when none)."""
    return ",".join(sorted({str(v) for v in values}))
