"""How identifying each field of a retention batch is (domain/retention/batch.py): merged
into domain/classification.py's tables. A batch names beneficiaries by id and
pseudonymous code, with the rule applied, the day retention ended and the year of the
last closure (PLAIN, CODE); who proposed and decided are staff (STAFF). The reasons for a
beneficiary left out are written by the system from case numbers and dates (PLAIN); the
approver's comment and a rejection's reason are staff's free text (FREE_TEXT, sealed)."""

from __future__ import annotations

from typing import Any

from domain.retention.batch import LeftOut, RetentionBatch, RetentionCandidate
from domain.sensitivity import CODE, FREE_TEXT, PLAIN, STAFF, Entry

B = RetentionBatch

RETENTION_VALUES: dict[type[Any], dict[str, Entry]] = {
    RetentionCandidate: {
        "beneficiary_id": PLAIN,
        "beneficiary_code": CODE,
        "rule": PLAIN,
        "ends_on": PLAIN,
        "closure_year": PLAIN,
    },
    LeftOut: {"beneficiary_id": PLAIN, "beneficiary_code": CODE, "reason": PLAIN},
}

RETENTION_EVENTS: dict[type[Any], dict[str, Entry]] = {
    B.Proposed: {"candidates": RetentionCandidate},
    B.Approved: {"comment": FREE_TEXT},
    B.Rejected: {"reason": FREE_TEXT},
    B.Executed: {"erased": PLAIN, "left_out": LeftOut},
}

RETENTION_STATES: dict[type[Any], dict[str, Entry]] = {
    RetentionBatch: {
        "candidates": RetentionCandidate,
        "status": PLAIN,
        "proposed_by": STAFF,
        "decided_by": STAFF,
        "erased": PLAIN,
        "left_out": LeftOut,
    },
}
