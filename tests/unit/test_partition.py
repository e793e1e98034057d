"""Partitions of a read model, the cluster's URL list and the stream's replicas:
bad input refused by name, records spread stably, unsafe models never split."""

from __future__ import annotations

import uuid

import pytest

from adapters.cli.main import main
from adapters.stream.consumer import durable_for, skipped_delivery
from adapters.stream.jetstream import MSG_ID, StreamSettings, server_urls
from projections.partition import (
    PARTITION_SAFE,
    Partition,
    PartitionError,
    check_partitionable,
    partition_of,
)
from projections.registry import read_models

PREFIX = "journey.events."


def test_a_partition_is_parsed_from_index_slash_count() -> None:
    assert Partition.parse("2/3") == Partition(2, 3)
    assert Partition.parse("0/1").label == "0/1"


@pytest.mark.parametrize("text", ["3", "a/3", "1/", "/3", "3/3", "0/0", "-1/3", "1/3/5"])
def test_a_bad_partition_is_refused_saying_what_is_expected(text: str) -> None:
    with pytest.raises(PartitionError, match="partition"):
        Partition.parse(text)


def test_every_record_belongs_to_exactly_one_partition_the_same_everywhere() -> None:
    ids = [uuid.UUID(int=n * 7919 + 13) for n in range(3000)] + [uuid.uuid4() for _ in range(3000)]
    partitions = [Partition(i, 3) for i in range(3)]
    for record in ids:
        owners = [p.index for p in partitions if p.owns(record)]
        assert owners == [partition_of(str(record), 3)]  # the subject's text, the same answer
    shares = [sum(p.owns(record) for record in ids) for p in partitions]
    assert min(shares) > len(ids) / 3 * 0.9, shares  # spread evenly enough to share work


def test_only_models_whose_rows_belong_to_one_record_may_be_split() -> None:
    assert set(PARTITION_SAFE) == {"timeline", "caseload"}
    assert set(PARTITION_SAFE) <= set(read_models())
    for name in ("capacity", "outcomes"):
        with pytest.raises(PartitionError, match=f"{name} cannot be partitioned"):
            check_partitionable(name, Partition(0, 3))
        check_partitionable(name, Partition(0, 1))  # one partition is no split
        check_partitionable(name, None)
    check_partitionable("timeline", Partition(2, 3))


def test_each_partition_has_its_own_durable_consumer() -> None:
    assert durable_for("timeline") == durable_for("timeline", Partition(0, 1))
    names = {durable_for("timeline", Partition(i, 3)) for i in range(3)}
    assert names == {
        "projection-timeline-p0of3",
        "projection-timeline-p1of3",
        "projection-timeline-p2of3",
    }


def test_a_partition_source_passes_over_other_partitions_records_undecoded() -> None:
    record = uuid.uuid4()
    owner = Partition(partition_of(record, 3), 3)
    other = Partition((owner.index + 1) % 3, 3)
    subject = f"{PREFIX}Case.{record}"
    headers = {MSG_ID: "42"}
    skipped = skipped_delivery(9, subject, headers, PREFIX, None, partition=other)
    assert skipped is not None
    assert skipped.skipped
    assert skipped.position == 42
    assert skipped_delivery(9, subject, headers, PREFIX, None, partition=owner) is None
    case_only = frozenset({"Case"})
    assert skipped_delivery(9, subject, headers, PREFIX, case_only, partition=owner) is None
    facility = f"{PREFIX}Facility.{record}"
    assert skipped_delivery(9, facility, headers, PREFIX, case_only, partition=owner) is not None


def test_the_nats_url_may_list_every_node_of_a_cluster() -> None:
    assert server_urls("nats://a:4222") == ["nats://a:4222"]
    assert server_urls("nats://a:4222, nats://b:4222,nats://c:4222") == [
        "nats://a:4222",
        "nats://b:4222",
        "nats://c:4222",
    ]
    for bad in ("", " ", "nats://a:4222,,nats://b:4222", "nats://a:4222,"):
        with pytest.raises(ValueError, match="comma-separated list"):
            server_urls(bad)


def test_stream_replicas_are_checked_against_jetstream_s_limit() -> None:
    assert StreamSettings(replicas=3).config().num_replicas == 3
    for bad in (0, 6):
        with pytest.raises(ValueError, match="JOURNEY_NATS_REPLICAS"):
            StreamSettings(replicas=bad)


def test_the_worker_command_refuses_a_bad_or_unsafe_partition_by_name(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["worker", "capacity", "--partition", "0/3"]) == 2
    assert "read model capacity cannot be partitioned" in capsys.readouterr().err
    assert main(["worker", "timeline", "--partition", "3/3"]) == 2
    assert "--partition: partition 3/3: need 0 <= index < count" in capsys.readouterr().err
    assert main(["projections", "skip", "outcomes", "--partition", "1/2"]) == 2
    assert "outcomes cannot be partitioned" in capsys.readouterr().err
