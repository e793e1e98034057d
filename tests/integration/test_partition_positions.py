"""Positions per partition in SQL (SQLite and PostgreSQL): partition workers take over
from the single worker's position, and a generation is kept one way only — a worker
of the other kind, or another partition count, is refused before it applies anything."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from adapters.store.read_database import read_engine
from projections import catalog
from projections.catalog import progress


@pytest.fixture
def engine(read_url: str) -> Iterator[Engine]:
    engine = read_engine(read_url)
    catalog.create_catalog(engine)
    yield engine
    engine.dispose()


def test_partitions_start_where_the_single_worker_stopped_and_keep_their_own(
    engine: Engine,
) -> None:
    with engine.begin() as conn:
        catalog.write_position(conn, "timeline", 1, 40, 38)
    with engine.begin() as conn:
        assert catalog.claim_partition(conn, "timeline", 1, 0, 3) == (40, 38)
        catalog.write_partition_position(conn, "timeline", 1, (0, 3), stream_seq=55, position=52)
    with engine.begin() as conn:
        assert catalog.claim_partition(conn, "timeline", 1, 0, 3) == (55, 52)  # its own, kept
        # partitions 1 and 2 not started: the model has applied everything up to 40 only
        assert catalog.read_position(conn, "timeline", 1) == (40, 38)
        assert catalog.claim_partition(conn, "timeline", 1, 1, 3) == (40, 38)
        assert catalog.claim_partition(conn, "timeline", 1, 2, 3) == (40, 38)
        catalog.write_partition_position(conn, "timeline", 1, (1, 3), stream_seq=60, position=57)
        catalog.write_partition_position(conn, "timeline", 1, (2, 3), stream_seq=50, position=47)
        assert catalog.read_position(conn, "timeline", 1) == (50, 47)  # the furthest behind


def test_a_single_worker_cannot_commit_on_a_partitioned_generation(engine: Engine) -> None:
    with engine.begin() as conn:
        catalog.write_position(conn, "timeline", 1, 10, 10)
    with engine.begin() as conn:
        catalog.claim_partition(conn, "timeline", 1, 0, 2)
    with (
        pytest.raises(catalog.PartitionLayoutError, match="--partition i/2"),
        engine.begin() as conn,
    ):
        catalog.write_position(conn, "timeline", 1, 11, 11)
    with engine.begin() as conn:  # rolled back: the single position did not move
        assert progress._single_position(conn, "timeline", 1) == (10, 10)


def test_another_partition_count_is_refused_while_one_keeps_the_generation(
    engine: Engine,
) -> None:
    with engine.begin() as conn:
        catalog.claim_partition(conn, "caseload", 1, 0, 3)
    refused = pytest.raises(catalog.PartitionLayoutError, match="split into 3 partitions, not 2")
    with refused, engine.begin() as conn:
        catalog.claim_partition(conn, "caseload", 1, 0, 2)
    gone = pytest.raises(catalog.PartitionLayoutError, match="no partition 1/2")
    with gone, engine.begin() as conn:
        catalog.write_partition_position(conn, "caseload", 1, (1, 2), stream_seq=5, position=5)


def test_a_stale_generation_waits_for_every_partition_to_move(engine: Engine) -> None:
    with engine.begin() as conn:
        for index in range(3):
            catalog.claim_partition(conn, "timeline", 1, index, 3)
        catalog.claim_partition(conn, "timeline", 2, 0, 3)
        assert not catalog.partitions_moved(conn, "timeline", 1, 2)
        catalog.claim_partition(conn, "timeline", 2, 1, 3)
        catalog.claim_partition(conn, "timeline", 2, 2, 3)
        assert catalog.partitions_moved(conn, "timeline", 1, 2)
