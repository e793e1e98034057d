"""Funding: grants and what is attributed to them (issue 17, section 2; docs/domain.md).

A grant (domain/funding/grant.py) is opened with its reference (unique: the grant's id is
derived from it), its donor, title, period, currency, budget lines and indicators; its
terms are revised with a reason and it is closed. Cases, shelter stays, planned services,
prevention activities and campaigns are attributed to it (optionally to a budget line),
and an attribution is ended with a reason. A campaign whose free-text `grant` names the
grant's reference counts as attributed without a command (docs/adr/0033). Nothing here is
about a person beyond the ids of the case and beneficiary a record belongs to.
"""
