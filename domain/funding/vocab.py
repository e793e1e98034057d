"""The vocabularies of grants (issue 17): what an indicator counts, how it is broken
down, and which kinds of record are attributed to a grant."""

from __future__ import annotations

from enum import StrEnum


class IndicatorMeasure(StrEnum):
    """What a grant's indicator counts. The reports engine computes each over the grant's
    attributed records within the grant's period (docs/read-models/grants.md)."""

    PEOPLE_ASSISTED = "people_assisted"
    PEOPLE_IN_SHELTER = "people_in_shelter"
    SHELTER_NIGHTS = "shelter_nights"
    DAY_CENTRE_ATTENDANCES = "day_centre_attendances"
    SERVICES_DELIVERED = "services_delivered"
    CASES_OPENED = "cases_opened"
    CASES_CLOSED = "cases_closed"
    FOLLOW_UPS_DONE = "follow_ups_done"
    PREVENTION_ACTIVITIES = "prevention_activities"
    PREVENTION_PEOPLE_MET = "prevention_people_met"
    PROFESSIONALS_TRAINED = "professionals_trained"


class Disaggregation(StrEnum):
    """How a donor asks an indicator to be broken down."""

    SEX = "sex"
    AGE_BAND = "age_band"
    CHILD_OR_ADULT = "child_or_adult"
    CITIZENSHIP_GROUP = "citizenship_group"
    EXPLOITATION_TYPE = "exploitation_type"
    SERVICE_TYPE = "service_type"
    MUNICIPALITY = "municipality"
    PARTICIPANT_GROUP = "participant_group"
    SECTOR = "sector"


class RecordKind(StrEnum):
    """Which kind of record an attribution names (`grant_attributions.record_kind`)."""

    CASE = "case"
    STAY = "stay"  # a shelter stay
    SERVICE = "service"  # a service of a case's care plan, planned and delivered
    PREVENTION_ACTIVITY = "prevention_activity"
    CAMPAIGN = "campaign"
