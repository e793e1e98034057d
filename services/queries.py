"""Queries by id and code, straight from the event store (read models come later).

`version=` rebuilds a record as it stood after that many events; auditors use
it, and snapshots keep it fast for long histories.
"""

from __future__ import annotations

from uuid import UUID

from domain.beneficiary import Beneficiary
from domain.case import Case
from domain.facility import Facility
from domain.plan import ReintegrationPlan
from domain.sequence import record_id
from domain.stay import ShelterStay
from services.app import JourneyApp


class Queries:
    def __init__(self, app: JourneyApp) -> None:
        self.app = app

    def beneficiary(self, beneficiary_id: UUID, version: int | None = None) -> Beneficiary:
        return self.app.load(Beneficiary, beneficiary_id, version)

    def beneficiary_by_code(self, code: str) -> Beneficiary:
        return self.app.load(Beneficiary, record_id(code))

    def case(self, case_id: UUID, version: int | None = None) -> Case:
        return self.app.load(Case, case_id, version)

    def case_by_number(self, case_number: str) -> Case:
        return self.app.load(Case, record_id(case_number))

    def facility(self, facility_id: UUID, version: int | None = None) -> Facility:
        return self.app.load(Facility, facility_id, version)

    def stay(self, stay_id: UUID, version: int | None = None) -> ShelterStay:
        return self.app.load(ShelterStay, stay_id, version)

    def plan(self, plan_id: UUID, version: int | None = None) -> ReintegrationPlan:
        return self.app.load(ReintegrationPlan, plan_id, version)
