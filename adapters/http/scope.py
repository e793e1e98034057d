"""Record scope: which records a user may see and change, beyond their role's actions.

Caseworkers see and change only the cases assigned to them, those cases' stays,
plans, care plans and day-centre enrolments (and those enrolments' attendance: on a
session a caseworker reads, the other cases' attendance entries are withheld), and
those cases' beneficiaries (plus beneficiaries who have no case yet, whom they are
registering). Clinicians and lawyers record only their own kind of service and note.
A turn-away names a case only when a role that reads cases records it (shelter staff
record it without one: the answer would tell them whether the case exists and how its
risk is assessed); refused before the case is loaded, so alike for any id.
Everything is read from the store (the case's caseworker, the beneficiary's cases), so a
reassignment takes effect at once.

Lists come from read models, and scope a caseworker's rows by the caseload model's
`caseworker`. So that a reassignment takes effect at once there too, a caseworker's
list first waits until the caseload model has applied every event the store held when
the request came, or is a 503 read-model-behind (`caseworker_scope` in
adapters/http/routes/lists.py, the one place lists apply own-case scope).
"""

from __future__ import annotations

from uuid import UUID

import msgspec
from litestar.exceptions import PermissionDeniedException
from sqlalchemy import Engine

from adapters.privacy.accounts import User
from domain.beneficiary import Beneficiary
from domain.care_plan import CarePlan
from domain.case import Case
from domain.day_centre import DayCentreEnrolment
from domain.errors import RecordNotFound
from domain.proceedings import CriminalProceedings
from domain.return_process import ReturnProcess
from services.access import may_name_case, may_record_service, may_write_note, sees_all_cases
from services.commands import Command
from services.commands import case as cc
from services.commands import day_centre as dc
from services.commands.care_plan import RecordDelivery
from services.commands.turnaway import RecordTurnAway
from services.day_centre_views import SessionView
from services.queries import Queries

OTHER_CASELOADS = "attendance of cases not assigned to you"


class ScopeCheck:
    def __init__(self, queries: Queries, read_engine: Engine) -> None:
        self.queries = queries
        self.read_engine = read_engine

    def check_command(
        self, user: User, resource: str, record_id: UUID | None, command: Command
    ) -> None:
        self._check_kind(user, command)
        if isinstance(command, RecordDelivery) and record_id is not None:
            self._check_delivery(user, record_id, command)
        if sees_all_cases(user.role):
            return
        if isinstance(command, cc.OpenCase):
            self.check_beneficiary(user, command.beneficiary_id)
            return
        if isinstance(command, cc.AssignCaseworker) and self._takes_new_case(
            user, record_id, command
        ):
            return
        case_id = self._case_of(resource, record_id, command)
        if case_id is not None:
            self.check_case(user, case_id)
        elif resource == "beneficiaries" and record_id is not None:
            self.check_beneficiary(user, record_id)

    def _takes_new_case(
        self, user: User, case_id: UUID | None, command: cc.AssignCaseworker
    ) -> bool:
        """A caseworker who opened a case at intake takes it: assigning a case that has
        no caseworker yet to oneself (a case manager may reassign it later)."""
        if case_id is None or command.caseworker != user.name:
            return False
        try:
            return self.queries.case(case_id).caseworker is None
        except RecordNotFound:
            return False

    def check_case(self, user: User, case_id: UUID) -> None:
        if not sees_all_cases(user.role):
            self.allow_case(user, self.queries.case(case_id))

    def allow_case(self, user: User, case: Case) -> None:
        """The same check on a case already loaded."""
        if not sees_all_cases(user.role) and case.caseworker != user.name:
            raise PermissionDeniedException(f"case {case.id} is not assigned to {user.name}")

    def scope_attendance(self, user: User, session: SessionView) -> SessionView:
        """A session as `user` may see it: a caseworker sees the attendance of the cases
        assigned to them only (the others' are withheld, their places still taken)."""
        if sees_all_cases(user.role):
            return session
        own = [a for a in session.attendance if self._assigned(user, a.case_id)]
        if len(own) == len(session.attendance):
            return session
        withheld = {**session.withheld, "attendance": OTHER_CASELOADS}
        return msgspec.structs.replace(session, attendance=own, withheld=withheld)

    def _assigned(self, user: User, case_id: UUID) -> bool:
        return self.queries.case(case_id).caseworker == user.name

    def check_beneficiary(self, user: User, beneficiary_id: UUID) -> None:
        if not sees_all_cases(user.role):
            self.allow_beneficiary(user, self.queries.beneficiary(beneficiary_id))

    def allow_beneficiary(self, user: User, beneficiary: Beneficiary) -> None:
        """From the store, not a read model: a reassignment takes effect at once."""
        if sees_all_cases(user.role):
            return
        cases = [self.queries.case(case_id) for case_id in beneficiary.case_ids]
        workers = {case.caseworker for case in cases if case.caseworker is not None}
        if workers and user.name not in workers:  # none assigned yet: still in intake
            raise PermissionDeniedException(
                f"beneficiary {beneficiary.code} has no case assigned to {user.name}"
            )

    def _case_of(self, resource: str, record_id: UUID | None, command: Command) -> UUID | None:
        if resource == "cases":
            return record_id
        explicit = getattr(command, "case_id", None)
        if isinstance(explicit, UUID):
            return explicit
        if isinstance(command, dc.RecordAttendance):  # the participant's case
            try:
                return self.queries.app.load(DayCentreEnrolment, command.enrolment_id).case_id
            except RecordNotFound:
                return None
        if record_id is None:
            return None
        try:
            if resource == "stays":
                return self.queries.stay(record_id).case_id
            if resource == "plans":
                return self.queries.plan(record_id).case_id
            if resource == "enrolments":
                return self.queries.app.load(DayCentreEnrolment, record_id).case_id
            if resource == "care-plans":
                return self.queries.app.load(CarePlan, record_id).case_id
            if resource == "proceedings":
                return self.queries.app.load(CriminalProceedings, record_id).case_id
            if resource == "returns":
                return self.queries.app.load(ReturnProcess, record_id).case_id
        except RecordNotFound:
            return None
        return None

    @staticmethod
    def _check_names_case(user: User) -> None:
        """Before the case is loaded: the refusal is the same whether it exists or not."""
        if not may_name_case(user.role):
            raise PermissionDeniedException(
                f"role {user.role.value} may not name a case in a turn-away (only a role "
                "that reads cases may); record it without the case"
            )

    def _check_delivery(self, user: User, care_plan_id: UUID, command: RecordDelivery) -> None:
        """Clinicians and lawyers record deliveries of their own kind of service only."""
        try:
            service = self.queries.app.load(CarePlan, care_plan_id).services.get(command.number)
        except RecordNotFound:
            return  # the command is refused for that
        if service is not None and not may_record_service(user.role, service.service.value):
            raise PermissionDeniedException(
                f"role {user.role.value} may not record {service.service.value} services"
            )

    def _check_kind(self, user: User, command: Command) -> None:
        if isinstance(command, RecordTurnAway) and command.case_id is not None:
            self._check_names_case(user)
        if isinstance(command, cc.AddNote) and not may_write_note(user.role, command.category):
            raise PermissionDeniedException(
                f"role {user.role.value} may not write {command.category.value} notes"
            )
        if isinstance(command, cc.DeliverService) and not may_record_service(
            user.role, command.service.value
        ):
            raise PermissionDeniedException(
                f"role {user.role.value} may not record {command.service.value} services"
            )
