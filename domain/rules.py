"""The refusal codes: every `rule` a domain refusal carries, and what it means.

A refusal (domain/errors.py) names the rule that refused; the HTTP API answers it as
the problem's `rule` member, which a UI may switch on. This table is the one list of
them: docs/problems.md's "Refusal codes" section and the Problem schema's `rule`
(adapters/http/problems.py) are written from it, and tests/unit/test_refusal_codes.py
checks that every `rule=` raised in domain/ is here.
"""

from __future__ import annotations

# code -> what it means (Markdown, no trailing period)
RULES: dict[str, str] = {
    # a refusal class's own code, when it names no other (domain/errors.py)
    "invalid_input": "a value is malformed or out of range (`invalid-input`)",
    "not_found": "no record with that id (`record-not-found`)",
    "rule_violated": "the record's state forbids the command (`rule-violated`)",
    "consent_required": "the command needs a consent not given or withdrawn",
    "capacity_exceeded": "the facility has no free bed for the admission or transfer",
    "concurrent_writes": "others kept changing the same records; try again",
    "version_conflict": "`If-Match` names an older version than the record's",
    "date_in_future": "a field date is after today in Kosovo",
    "date_too_early": "a field date is before what it depends on",
    "date_outside_window": "a field date falls outside its window (a follow-up's)",
    # cases
    "wrong_stage": "the case is not in the stage the command needs (`detail` names both)",
    "case_closed": "the case is closed; reopen it first",
    "not_closed": "only a closed case reopens",
    "caseworker_required": "screening needs an assigned caseworker",
    "risk_assessment_required": "screening in, or an admission, needs a risk assessment",
    "approval_pending": "the case already awaits that approval",
    "no_pending_approval": "there is no pending approval to decide",
    "four_eyes": "whoever requested an approval cannot also decide it",
    "no_such_referral": "the case has no outgoing referral of that number",
    "referral_settled": "the referral was already accepted, rejected or revoked",
    "already_admitted": "the case already has a shelter stay: transfer or discharge it",
    "no_such_stay": "the case has no active stay of that id",
    "high_risk": "a high-risk case goes to the state's Interim Security Facility, not a PVPT "
    "shelter",
    # beneficiaries
    "not_a_minor": "only a minor (under 18 on the day) has a guardian appointed or a "
    "best-interests assessment",
    "guardian_required": "a minor's consent needs a guardian appointed first",
    "consent_already_given": "that consent is already in force",
    "consent_not_given": "that consent is not in force; nothing to withdraw",
    "personal_data_erased": "the person's personal data was erased; nothing identifying can "
    "be recorded again",
    # facilities and stays
    "already_resident": "the stay already holds a bed in that facility",
    "not_resident": "the stay holds no bed in that facility",
    "capacity_below_occupancy": "a facility's beds cannot shrink below its residents",
    "same_facility": "a transfer needs another facility than the current one",
    "wrong_facility": "the stay is in another facility than the one named",
    "on_leave": "the resident is on leave; record the return first",
    "not_on_leave": "the resident is not on leave",
    "discharged": "the stay was discharged; it cannot change",
    # plans
    "plan_closed": "the plan is completed or discontinued; it must be active",
    "no_goals": "a plan without goals cannot be completed: add one, or discontinue it",
    "goals_open": "every goal must be achieved or abandoned before the plan completes",
    "nothing_achieved": "a plan with no achieved goal is discontinued, not completed",
    "no_such_goal": "the plan has no goal of that number",
    "goal_settled": "the goal was already achieved or abandoned",
    "not_completed": "follow-ups are recorded only after the plan is completed",
    "follow_up_recorded": "that month's follow-up was recorded already",
    # identification and screening (issue 14, section 1)
    "no_such_identification": "the beneficiary has no identification decision of that number",
    "identification_revised": "that decision was revised already; revise the one in force",
    "not_screened_out": "only a case closed at screening is screened again",
    # reflection and recovery period (domain/parts/case_reflection.py)
    "reflection_running": "the case has a reflection period running then; one runs at a time",
    "no_reflection_period": "the case has no reflection period",
    "reflection_not_running": "the reflection period is not running today (ended, or not "
    "yet begun); only a running period is extended",
    "reflection_ended": "the reflection period already ended early",
    # children (issue 14)
    "best_interests_required": "a key decision about a child (placement in a shelter, return) "
    "needs a best-interests assessment for it made by that day",
    # care plans (issue 14, careplan)
    "care_plan_exists": "the case has a care plan already; a case has one",
    "needs_not_assessed": "the care plan has no needs assessment yet; assess the needs first",
    "no_assessed_need": "the latest needs assessment found no need in that domain",
    "no_such_service": "the care plan has no planned service of that number",
    "service_settled": "the planned service was concluded or cancelled (a delivery after it "
    "is refused)",
    "never_delivered": "the planned service has no attended delivery: it cannot be achieved "
    "or partially achieved",
    # documents (issue 14, section 7)
    "no_such_document": "the record has no document of that number",
    "document_removed": "the document was removed; its content is deleted",
    "document_too_large": "the file is larger than the document size limit",
    "unsupported_media_type": "the file's content is not of a kind accepted as a document",
    "document_erased": "the person's data was erased; the document can never be read again",
    # trafficking episodes (issue 15, domain/parts/beneficiary_episodes.py)
    "no_such_episode": "the beneficiary has no trafficking episode of that number in force",
    "episode_age_mismatch": "the age when trafficked does not fit the person's age on the "
    "episode's start (birth date, or age at identification a year either side)",
    # a person's HTCDS details (issue 15, domain/parts/beneficiary_background.py)
    "death_already_recorded": "the person's death was recorded already; it is recorded once",
    # any record
    "no_change": "the command would change nothing (the same value is recorded already)",
    # day rehabilitation centre (issue 14, section 5)
    "not_a_shelter": "a day rehabilitation centre takes no residents: enrol the case in its "
    "programme instead",
    "not_a_day_centre": "enrolments and sessions are in a day rehabilitation centre only",
    "already_enrolled": "the case has an active enrolment in that day centre: end it first",
    "no_such_enrolment": "the case has no active day-centre enrolment of that id",
    "enrolment_ended": "the day-centre enrolment ended; it cannot change",
    "places_full": "every place of the session is taken",
    "not_enrolled": "the enrolment was not active on the session's day",
    "other_centre": "the enrolment is in another day centre than the session",
    "attendance_recorded": "that participant's attendance is recorded already (or, to "
    "cancel: the session was held)",
    "session_not_held": "the session's day has not come; attendance is recorded from then on",
    "cancelled": "the session was cancelled",
    # identification review (issue 14, review item 19)
    "formal_identification_in_force": "the beneficiary has a formal identification decision in "
    "force; a new formal decision revises it",
    # criminal proceedings (issue 15, justice): domain/proceedings.py
    "stage_not_forward": "the proceedings' stage only moves forward; a mistaken stage is "
    "corrected with a reason (CorrectStage)",
    "appeal_before_verdict": "an appeal follows a verdict: the proceedings have none",
    "outcome_before_verdict": "a conviction, acquittal or plea agreement needs the stage "
    "verdict (or appeal)",
    "outcome_recorded": "the proceedings have an outcome at this stage already; another "
    "comes at a later stage (the appeal's)",
    "hearing_not_yet": "the hearing's day has not come; it cannot have been held",
    "no_such_hearing": "the proceedings have no hearing of that number",
    "hearing_not_scheduled": "the hearing was held, adjourned or cancelled already",
    "measure_in_force": "that protection measure is in force already",
    "no_such_measure": "that protection measure is not in force",
    "no_such_claim": "the proceedings have no compensation claim of that number",
    "claim_decided": "the compensation claim was decided already",
    "claim_not_awarded": "the compensation claim is not awarded (yet, or it was rejected or "
    "paid): there is nothing to pay",
    "payment_exceeds_award": "the payment is more than the compensation awarded and not yet "
    "paid (instalments add up to the award at most)",
    # partner organisations (issue 15, section 1)
    "already_registered": "an organisation is registered under that key already (rename it, "
    "or choose another key)",
    "organisation_inactive": "the organisation named is not active on the day concerned",
    "already_deactivated": "the organisation is deactivated already: reactivate it first",
    "not_deactivated": "the organisation is active; only a deactivated one is reactivated",
}

# returns across a border (issue 15, return): domain/return_process.py, parts/case_return.py
RULES |= {
    "return_not_voluntary": "a return is never forced: it is requested by the person, voluntarily",
    "return_in_progress": "the case has a return not yet handed over nor cancelled: one at a time",
    "no_such_return": "the case has no open return of that id",
    "return_ended": "the return was handed over or cancelled; it cannot change",
    "return_risk_not_assessed": "the destination's risk is not assessed: assess it before the "
    "hand-over",
    "return_risk_too_high": "the destination's risk was assessed high: reassess it or cancel "
    "the return",
    "travel_documents_not_issued": "a travel document recorded for the return is not issued "
    "(those recorded not_needed aside; or none is)",
    "return_not_planned": "the hand-over is not planned: name the receiving organisation and "
    "the day first",
    "return_not_handed_over": "the case closes as repatriated only once a return of it was "
    "handed over, and as referred_or_transferred, if it has a return, likewise; never while "
    "a return is still open",
    # turn-aways (issue 15, section 6)
    "facility_not_open": "the facility had no beds on that day: it was not yet open",
    "risk_not_high": "the case is assessed low or medium risk, which the shelter takes: "
    "'risk too high' is not the reason",
    "beds_free": "the shelter has a free bed today: 'no bed' is not the reason",
}

# prevention (issue 16): domain/prevention/campaign.py and activity.py
RULES |= {
    "outside_campaign": "the activity's day is outside the period of the campaign it names",
    "withdrawn": "the prevention activity was withdrawn as recorded in error: it changes no more",
    # retention (issue 17, section 5)
    "retention_not_ended": "a beneficiary named is not due for erasure under the retention "
    "policy (a case open, criminal proceedings without outcome, or the day retention ends is "
    "still to come): each is named with why; nothing is proposed",
    "batch_decided": "the retention batch was approved or rejected already; only a proposed "
    "batch is decided",
    "batch_not_approved": "the retention batch is not approved (or was executed): only an "
    "approved batch is executed",
    "batch_executed": "the retention batch was executed already; its erased beneficiaries' "
    "keys are destroyed again, nothing else happens",
    "too_many_disclosures": "the activity has as many disclosures as one activity may hold",
    "unknown_disclosure": "the activity has no disclosure of that number referred to direct "
    "assistance (a case's referral from prevention names one)",
}

# funding (issue 17): domain/funding/grant.py
RULES |= {
    "already_opened": "a grant is already opened under that reference (compared without case)",
    "grant_closed": "the grant is closed: it takes no more attributions or revisions",
    "outside_grant": "the record, or the day given, falls outside the grant's period",
    "already_attributed": "the record is already attributed to the grant, and that "
    "attribution has not ended",
    "budget_line_in_use": "a revision would remove a budget line an attribution in force is "
    "charged to",
    "unknown_attribution": "the grant has no attribution of that number",
    "attribution_ended": "the attribution has already ended",
    "too_many_attributions": "the grant holds as many attributions as one grant may (20,000)",
}
