"""How identifying each field of a grant is (domain/funding/): merged into
domain/classification.py's tables. A grant's reference, period, currency, amounts,
targets, vocabularies and the ids of attributed records are plain; its title and the
names of its budget lines and indicators are written from the donor's contract
(GRANT_TEXT); a donor is an organisation (ORGANISATION); the reasons staff give for a
revision or for ending an attribution are free text, sealed like every other."""

from __future__ import annotations

from typing import Any

from domain.funding.grant import Grant
from domain.funding.values import Attribution, BudgetLine, Donor, GrantIndicator, GrantTerms
from domain.sensitivity import FREE_TEXT, GRANT_TEXT, ORGANISATION, PLAIN, Entry

FUNDING_VALUES: dict[type[Any], dict[str, Entry]] = {
    Donor: {"organisation_id": PLAIN, "name": ORGANISATION},
    BudgetLine: {"code": PLAIN, "name": GRANT_TEXT, "amount": PLAIN},
    GrantIndicator: {
        "code": PLAIN,
        "name": GRANT_TEXT,
        "measure": PLAIN,
        "target": PLAIN,
        "disaggregate_by": PLAIN,
    },
    GrantTerms: {
        "donor": Donor,
        "title": GRANT_TEXT,
        **dict.fromkeys(("starts_on", "ends_on", "currency"), PLAIN),
        "budget_lines": BudgetLine,
        "indicators": GrantIndicator,
    },
    # the ids of the attributed record, its case and its beneficiary: ids, as everywhere
    Attribution: dict.fromkeys(
        (
            "number",
            "record_kind",
            "record_id",
            "attributed_on",
            "service_number",
            "case_id",
            "person_id",
            "budget_line",
            "ended_on",
        ),
        PLAIN,
    ),
}

FUNDING_EVENTS: dict[type[Any], dict[str, Entry]] = {
    Grant.Opened: {"reference": PLAIN, "terms": GrantTerms},
    Grant.Revised: {"terms": GrantTerms, "reason": FREE_TEXT},
    Grant.Closed: {"closed_on": PLAIN},
    Grant.Attributed: {"attribution": Attribution},
    Grant.AttributionEnded: {"number": PLAIN, "ended_on": PLAIN, "reason": FREE_TEXT},
}

FUNDING_STATES: dict[type[Any], dict[str, Entry]] = {
    Grant: {
        "reference": PLAIN,
        "terms": GrantTerms,
        "closed_on": PLAIN,
        "attributions": Attribution,
    },
}
