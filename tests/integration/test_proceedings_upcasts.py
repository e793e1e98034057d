"""A case's snapshot stored before criminal proceedings (`Case` v6) still loads (both
databases): it links no proceedings, and new proceedings link to it."""

from __future__ import annotations

from typing import Any

from eventsourcing.domain import Snapshot

from adapters.run.bootstrap import Journey
from domain.case import Case
from domain.justice_vocab import ProceedingsRole, ProceedingsStage
from services.commands.justice import OpenProceedings
from tests.integration.test_field_dates import old_shape
from tests.support.factories import MANAGER, case_in_service_provision


def test_a_case_snapshot_of_v6_links_no_proceedings(journey: Journey) -> None:
    case_id = case_in_service_provision(journey)
    case = journey.app.load(Case, case_id)
    stored = old_shape(journey, Snapshot.take(case), None, _as_v6)
    assert journey.app.snapshots is not None
    journey.app.snapshots.recorder.insert_events([stored])
    assert journey.app.load(Case, case_id).proceedings_ids == []
    opened = OpenProceedings(
        case_id=case_id, role=ProceedingsRole.WITNESS, stage=ProceedingsStage.INVESTIGATION
    )
    proceedings_id = journey.bus.execute(None, opened, actor=MANAGER).id
    loaded = journey.app.load(Case, case_id)
    assert loaded.proceedings_ids == [proceedings_id]
    assert ("proceedings", proceedings_id) in loaded.linked_records


def _as_v6(state: dict[str, Any]) -> None:
    del state["state"]["proceedings_ids"]
    state["state"]["class_version"] = 6
