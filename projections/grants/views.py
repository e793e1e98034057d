"""The `grant_attributions` view: the attributions recorded on grants, and the campaigns
whose free-text `grant` names a grant's reference (compared without case) and whose
period overlaps the grant's, which count as attributed from the later of the two first
days (docs/adr/0033-grants-and-attribution.md). A campaign also attributed by a command
to the same grant appears once, as recorded. The same SQL on PostgreSQL and SQLite."""

from __future__ import annotations

COLUMNS = (
    "attribution_id, grant_id, budget_line, record_kind, record_id, case_id, person_id, "
    "attributed_on, ended_on, attribution_number, service_number, basis"
)

RECORDED = (
    "SELECT attribution_id, grant_id, budget_line, record_kind, record_id, case_id, "
    "person_id, attributed_on, ended_on, attribution_number, service_number, "
    "'recorded' AS basis FROM grant_attributions_recorded"
)

BY_REFERENCE = (
    "SELECT 'campaign:' || c.campaign_id || ':' || g.grant_id AS attribution_id, g.grant_id, "
    "NULL AS budget_line, 'campaign' AS record_kind, c.campaign_id AS record_id, "
    "NULL AS case_id, NULL AS person_id, "
    "CASE WHEN c.starts_on > g.starts_on THEN c.starts_on ELSE g.starts_on END "
    "AS attributed_on, NULL AS ended_on, NULL AS attribution_number, "
    "NULL AS service_number, 'campaign_grant_reference' AS basis "
    "FROM grant_campaign_references c JOIN grants g ON g.reference_key = c.reference_key "
    "WHERE c.starts_on <= g.ends_on AND c.ends_on >= g.starts_on "
    "AND NOT EXISTS (SELECT 1 FROM grant_attributions_recorded r "
    "WHERE r.grant_id = g.grant_id AND r.record_kind = 'campaign' "
    "AND r.record_id = c.campaign_id)"
)

VIEWS = {"grant_attributions": f"{RECORDED} UNION ALL {BY_REFERENCE}"}
