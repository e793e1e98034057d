"""Retention of personal data (issue 17, section 5; docs/retention.md, ADR 37): the policy
that says when a beneficiary's personal data is no longer needed (`policy.py`) and the
batch of erasures an administrator proposes and a second administrator approves
(`batch.py`)."""
