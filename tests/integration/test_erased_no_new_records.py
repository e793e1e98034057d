"""Once a person's data was erased, no new record is linked to their case: its key would
be one no erasure destroyed (services/erasure.py `require_not_erased`). Through the
command bus, on both databases, for every workflow that links a new record to a case."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

import pytest

from adapters.run.bootstrap import Journey
from domain.errors import RuleViolated
from domain.vocab import ErasureBasis
from services.commands import Command
from services.commands.beneficiary import ErasePersonalData
from services.commands.care_plan import StartCarePlan
from services.commands.plan import DraftPlan
from services.commands.shelter import AdmitToShelter
from tests.support.factories import MANAGER, case_in_service_provision, facility

NEW_RECORDS: dict[str, Callable[[Journey, UUID], Command]] = {
    "reintegration plan": lambda _, case_id: DraftPlan(case_id=case_id),
    "care plan": lambda _, case_id: StartCarePlan(case_id=case_id),
    "shelter stay": lambda journey, case_id: AdmitToShelter(
        case_id=case_id, facility_id=facility(journey)
    ),
}


@pytest.mark.parametrize("record", sorted(NEW_RECORDS))
def test_no_record_is_linked_to_an_erased_persons_case(journey: Journey, record: str) -> None:
    case_id = case_in_service_provision(journey)
    command = NEW_RECORDS[record](journey, case_id)
    beneficiary_id = journey.queries.case(case_id).beneficiary_id
    erasure = ErasePersonalData(legal_basis=ErasureBasis.CONSENT_WITHDRAWN, reference="DPO-7")
    journey.bus.execute(beneficiary_id, erasure, actor=MANAGER)
    version = journey.queries.case(case_id).version
    with pytest.raises(RuleViolated) as caught:
        journey.bus.execute(None, command, actor=MANAGER)
    assert caught.value.rule == "personal_data_erased"
    assert journey.queries.case(case_id).version == version  # nothing linked
