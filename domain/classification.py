"""How identifying each stored field is: the one classification every read path uses.

Every field of every event, of every aggregate's state (snapshots) and of every
value object is classified here, once:

- PERSONAL: identifies a person — the personal data, the guardian's name and
  contact, and every free text staff write (details, rationales, comments,
  reasons, goal descriptions, progress notes, summaries), because staff write
  names, places and circumstances into them;
- SENSITIVE: a special category of personal data — a case note's text, whose
  readers depend on the note's category (medical, psychological, legal, general);
- NON_IDENTIFYING: codes, vocabularies, dates, numbers, ids, staff user names,
  partner organisations' names.

A field whose value is a classified value object is classified by that object's
own fields (`Case.Opened.referral` -> `IncomingReferral`); a value object that is
SEALED_WHOLE (PersonalData) is one unit wherever it stands. Lists, tuples and
dicts of value objects are classified by their elements.

The codec seals every PERSONAL and SENSITIVE field (adapters/privacy/sealing.py derives
its seals from here), and services/disclosure.py decides from here what a
role may see on every read path. A test fails when a field has no entry.
"""

from __future__ import annotations

from typing import Any

from domain.beneficiary import Beneficiary
from domain.beneficiary_classification import (
    BENEFICIARY_EVENTS,
    BENEFICIARY_STATES,
    BENEFICIARY_VALUES,
)
from domain.case import Case
from domain.case_classification import CASE_EVENTS, CASE_STATES, CASE_VALUES
from domain.case_values import IncomingReferral, OutgoingReferral
from domain.day_centre_classification import (
    DAY_CENTRE_EVENTS,
    DAY_CENTRE_STATES,
    DAY_CENTRE_VALUES,
)
from domain.document_classification import DOCUMENT_EVENTS, DOCUMENT_VALUES
from domain.facility import Facility
from domain.plan import ReintegrationPlan
from domain.plan_classification import PLAN_EVENTS, PLAN_STATES, PLAN_VALUES
from domain.sensitivity import (
    CODE,
    DOCUMENT_NAME,
    FACILITY_TEXT,
    FREE_TEXT,
    NOTE_TEXT,
    ORGANISATION,
    PERSON,
    PLAIN,
    PROFILE,
    STAFF,
    Entry,
    Field,
    Sensitivity,
)
from domain.sequence import CodeSequence
from domain.shelter_classification import SHELTER_EVENTS, SHELTER_STATES, SHELTER_VALUES
from domain.values import Goal, PersonalData

# What readers import from here (the vocabulary is domain/sensitivity.py's).
__all__ = [
    "CODE",
    "DOCUMENT_NAME",
    "EVENTS",
    "EVENT_ENVELOPE",
    "FACILITY_TEXT",
    "FREE_TEXT",
    "NOTE_TEXT",
    "ORGANISATION",
    "PERSON",
    "PLAIN",
    "PROFILE",
    "SEALED_WHOLE",
    "STAFF",
    "STATES",
    "STATE_ENVELOPE",
    "VALUES",
    "Entry",
    "Field",
    "Sensitivity",
    "classified_types",
    "fields_of",
]

# Fields every stored event has (eventsourcing's envelope and our actor).
EVENT_ENVELOPE: dict[str, Entry] = {
    "originator_id": PLAIN,
    "originator_version": PLAIN,
    "timestamp": PLAIN,
    "originator_topic": PLAIN,
    "actor": STAFF,
}
# Fields every aggregate's snapshot state has.
STATE_ENVELOPE: dict[str, Entry] = {
    "id": PLAIN,
    "version": PLAIN,
    "created_on": PLAIN,
    "modified_on": PLAIN,
    "INITIAL_VERSION": PLAIN,
}

# Value objects whose every field is identifying and that are kept as one unit.
SEALED_WHOLE: frozenset[type[Any]] = frozenset({PersonalData})

# The core aggregates' tables live beside them (domain/<aggregate>_classification.py);
# the later sections below add the parts each issue brought.
VALUES: dict[type[Any], dict[str, Entry]] = {
    **BENEFICIARY_VALUES,
    **CASE_VALUES,
    **SHELTER_VALUES,
    **PLAN_VALUES,
    **DAY_CENTRE_VALUES,
    **DOCUMENT_VALUES,
}
# Each event's own fields (the envelope above is added to every one).
EVENTS: dict[type[Any], dict[str, Entry]] = {
    **BENEFICIARY_EVENTS,
    **CASE_EVENTS,
    **SHELTER_EVENTS,
    **PLAN_EVENTS,
    CodeSequence.Started: {"prefix": CODE, "year": PLAIN},
    CodeSequence.Issued: {"number": PLAIN},
    **DAY_CENTRE_EVENTS,
    **DOCUMENT_EVENTS,
}
# Each aggregate's state, as its snapshots hold it and as records are shown.
STATES: dict[type[Any], dict[str, Entry]] = {
    **BENEFICIARY_STATES,
    **CASE_STATES,
    **SHELTER_STATES,
    **PLAN_STATES,
    CodeSequence: {"prefix": CODE, "year": PLAIN, "last": PLAIN},
    **DAY_CENTRE_STATES,
}


def fields_of(cls: type[Any]) -> dict[str, Entry] | None:
    """The classification of a classified type's fields (envelope included), or None."""
    if cls in EVENTS:
        return {**EVENT_ENVELOPE, **EVENTS[cls]}
    if cls in STATES:
        return {**STATE_ENVELOPE, **STATES[cls]}
    return VALUES.get(cls)


def classified_types() -> list[type[Any]]:
    return [*EVENTS, *STATES, *VALUES]


# --- care plan (issue 14, careplan): its tables live in domain/care_plan_classification.py
from domain.care_plan_classification import (  # noqa: E402 -- with its section
    CARE_PLAN_EVENTS,
    CARE_PLAN_STATES,
    CARE_PLAN_VALUES,
    CASE_CARE_STATE,
)

EVENTS.update(CARE_PLAN_EVENTS)
STATES.update(CARE_PLAN_STATES)
STATES[Case].update(CASE_CARE_STATE)
VALUES.update(CARE_PLAN_VALUES)
EVENTS[Case.ServiceDelivered]["basis"] = PLAIN  # v2: the basis it was given on
EVENTS[ReintegrationPlan.GoalAdded]["care_goal"] = PLAIN  # v2: the care-plan goal it serves
VALUES[Goal]["care_goal"] = PLAIN

# --- facilities' places and turn-aways (issue 15): domain/facility_classification.py
from domain.facility_classification import (  # noqa: E402 -- with its section
    FACILITY_EVENTS,
    FACILITY_STATE,
    REGISTERED_MUNICIPALITY,
)

EVENTS.update(FACILITY_EVENTS)
EVENTS[Facility.Registered].update(REGISTERED_MUNICIPALITY)
STATES[Facility].update(FACILITY_STATE)
# --- criminal proceedings (issue 15, justice): tables in domain/proceedings_classification.py
from domain.proceedings_classification import (  # noqa: E402 -- with its section
    CASE_PROCEEDINGS_STATE,
    PROCEEDINGS_EVENTS,
    PROCEEDINGS_STATES,
    PROCEEDINGS_VALUES,
)

EVENTS.update(PROCEEDINGS_EVENTS)
STATES.update(PROCEEDINGS_STATES)
STATES[Case].update(CASE_PROCEEDINGS_STATE)
VALUES.update(PROCEEDINGS_VALUES)

# --- partner organisations (issue 15, section 1): domain/organisation_classification.py
from domain.organisation_classification import (  # noqa: E402 -- with its section
    ORGANISATION_EVENTS,
    ORGANISATION_STATES,
    ORGANISATION_VALUES,
)

EVENTS.update(ORGANISATION_EVENTS)
STATES.update(ORGANISATION_STATES)
VALUES.update(ORGANISATION_VALUES)
# --- trafficking episodes (issue 15): tables in domain/episode_classification.py
from domain.episode_classification import (  # noqa: E402 -- with its section
    BENEFICIARY_EPISODE_STATE,
    EPISODE_EVENTS,
    EPISODE_VALUES,
)

EVENTS.update(EPISODE_EVENTS)
STATES[Beneficiary].update(BENEFICIARY_EPISODE_STATE)
VALUES.update(EPISODE_VALUES)

# --- returns across a border (issue 15, return): domain/return_classification.py
from domain.return_classification import (  # noqa: E402 -- with its section
    CASE_RETURN_STATE,
    CROSS_BORDER_REFERRAL,
    RETURN_EVENTS,
    RETURN_STATES,
)

EVENTS.update(RETURN_EVENTS)
STATES.update(RETURN_STATES)
STATES[Case].update(CASE_RETURN_STATE)
VALUES[IncomingReferral].update(CROSS_BORDER_REFERRAL)

# --- partners by id (issue 15, section 1): domain/partner_classification.py
from domain.partner_classification import add_partner_ids  # noqa: E402 -- with its section

add_partner_ids(EVENTS, VALUES)

# --- a person's HTCDS details (issue 15): its tables live in domain/person_classification.py
from domain.person_classification import (  # noqa: E402 -- with its section
    BENEFICIARY_PERSON_STATE,
    PERSON_EVENTS,
    PERSON_VALUES,
    PERSONAL_DATA_FIELDS,
    REFERRAL_CONTACTS,
)

EVENTS.update(PERSON_EVENTS)
VALUES.update(PERSON_VALUES)
VALUES[PersonalData].update(PERSONAL_DATA_FIELDS)
STATES[Beneficiary].update(BENEFICIARY_PERSON_STATE)
for _referral in (IncomingReferral, OutgoingReferral, Case.ReferredOut):
    (VALUES.get(_referral) or EVENTS[_referral]).update(REFERRAL_CONTACTS)

# --- prevention (issue 16): its tables live in domain/prevention/classification.py
from domain.disclosure_ref import DisclosureRef  # noqa: E402 -- with its section
from domain.prevention.classification import (  # noqa: E402 -- with its section
    PREVENTION_EVENTS,
    PREVENTION_STATES,
    PREVENTION_VALUES,
)

EVENTS.update(PREVENTION_EVENTS)
STATES.update(PREVENTION_STATES)
VALUES.update(PREVENTION_VALUES)
VALUES[IncomingReferral]["prevention_disclosure"] = DisclosureRef

# --- funding (issue 17): grants and attributions, in domain/funding/classification.py
from domain.funding.classification import (  # noqa: E402 -- with its section
    FUNDING_EVENTS,
    FUNDING_STATES,
    FUNDING_VALUES,
)

EVENTS.update(FUNDING_EVENTS)
STATES.update(FUNDING_STATES)
VALUES.update(FUNDING_VALUES)
# --- retention (issue 17, section 5): its tables live in domain/retention/classification.py
from domain.retention.classification import (  # noqa: E402 -- with its section
    RETENTION_EVENTS,
    RETENTION_STATES,
    RETENTION_VALUES,
)

EVENTS.update(RETENTION_EVENTS)
STATES.update(RETENTION_STATES)
VALUES.update(RETENTION_VALUES)
