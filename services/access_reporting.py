"""Who may do the reporting side's work (issue 17): period reports, grants and
retention. Plain data, by role name, applied by services/access.py (which re-exports
these names), so that module stays the one place that decides access."""

from __future__ import annotations

# --- period reports: tables of counts for donors and the state -------------------------
# Managers send them and admins run them for the board; no person is in any table (cells
# count people, small cells suppressed: docs/reports.md). Not analysts: they read the
# reporting schema, and a report asked for any two periods a day apart would let one
# subtract a suppressed small count back (ADR 34).
READ_REPORTS = "read:reports"

# --- funding: grants and attribution ----------------------------------------------------
# Managers open, revise and close grants and attribute work to them (they report to donors);
# admins keep them as they keep the registries. Analysts and case managers read grants and
# the grants read model; auditors read the records (reasons withheld, as every free text).
READ_GRANTS = "read:grants"
GRANT_COMMANDS = frozenset(
    {"OpenGrant", "ReviseGrant", "CloseGrant", "AttributeToGrant", "EndAttribution"}
)

# --- retention (section 5; docs/retention.md) -------------------------------------------
# Administrators erase in bulk what the retention policy no longer allows to keep: one
# proposes a batch, ANOTHER approves or rejects it (four eyes, checked by the batch), any
# of them executes an approved one. The list of those due and the report of what was
# erased carry no personal data (codes, years, rules, staff user names): administrators,
# case managers (who know the files and may object) and auditors (who verify who erased
# what, and why) read them.
READ_RETENTION = "read:retention"
RETENTION_COMMANDS = frozenset(
    {
        "ProposeRetentionErasure",
        "ApproveRetentionErasure",
        "RejectRetentionErasure",
        "ExecuteRetentionErasure",
    }
)

# What each role gains, by the role's name (services.access.Role's values).
ROLE_ACTIONS: dict[str, frozenset[str]] = {
    "case_manager": GRANT_COMMANDS | {READ_REPORTS, READ_GRANTS, READ_RETENTION},
    "admin": GRANT_COMMANDS | RETENTION_COMMANDS | {READ_REPORTS, READ_GRANTS, READ_RETENTION},
    "analyst": frozenset({READ_GRANTS}),
    "auditor": frozenset({READ_GRANTS, READ_RETENTION}),
}
