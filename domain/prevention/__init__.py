"""Prevention: the second pillar of PVPT's work (issue 16; docs/prevention.md).

Campaigns (domain/prevention/campaign.py) group awareness-raising and training work
under aims, a period, target groups, municipalities, a grant and planned indicators.
Activities (domain/prevention/activity.py) are the sessions, trainings, media
appearances and outreach the team holds, with their reach counted and disaggregated,
never named: nothing in this package identifies a person. A disclosure at an activity is
recorded with no personal data; direct assistance opens a case whose incoming referral
points back to it (`domain.values.IncomingReferral.prevention_disclosure`).
"""
