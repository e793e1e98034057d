"""The attendance-sheet import on both databases through the real bootstrap: a sheet saved
whole in one transaction (its events consecutive in the log), a bad one not at all, the
same file not twice."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from adapters.run.bootstrap import Journey
from adapters.run.clock import ScriptedClock
from domain.errors import RuleViolated
from domain.prevention.activity import PreventionActivity
from services.prevention_import import SheetRejected, import_sheet
from tests.support.partners import CSW_PRIZREN, partner
from tests.support.prevention import MEDIA, OFFICER, SCHOOL, TODAY, TRAINING, campaign, sheet


@pytest.fixture(autouse=True)
def _today(clock: ScriptedClock) -> None:
    clock.set(TODAY)


def test_a_sheet_is_saved_in_one_transaction_and_only_once(journey: Journey) -> None:
    partner(journey, CSW_PRIZREN)
    school_campaign = campaign(journey, date(2026, 1, 10), date(2026, 12, 15))
    rows = [{**SCHOOL, "campaign": str(school_campaign)}, TRAINING, MEDIA] * 4
    before = journey.app.recorder.max_notification_id() or 0
    result = import_sheet(
        journey.app, sheet(rows), name="may.csv", actor=OFFICER, at=journey.bus.now()
    )
    assert result.activities == 12
    stored = journey.app.recorder.select_notifications(before + 1, 100)
    assert [n.id for n in stored] == list(range(before + 1, before + 13))
    assert all(n.topic.endswith("PreventionActivity.Recorded") for n in stored)
    recorded = journey.app.load(PreventionActivity, UUID(str(stored[0].originator_id)))
    assert recorded.details.campaign_id == school_campaign
    with pytest.raises(RuleViolated, match=r"may\.csv was imported already"):
        import_sheet(journey.app, sheet(rows), name="may.csv", actor=OFFICER, at=journey.bus.now())
    assert journey.app.recorder.max_notification_id() == before + 12


def test_a_sheet_with_a_bad_line_saves_nothing(journey: Journey) -> None:
    rows = [SCHOOL, TRAINING, MEDIA]  # the training's partner is not registered here
    before = journey.app.recorder.max_notification_id()
    with pytest.raises(SheetRejected) as refused:
        import_sheet(journey.app, sheet(rows), name="may.csv", actor=OFFICER, at=journey.bus.now())
    assert [str(e).split(": ")[:2] for e in refused.value.errors] == [["line 3", "partners"]]
    assert journey.app.recorder.max_notification_id() == before
