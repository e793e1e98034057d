"""Parts of the aggregates: the command methods of Case (stages, approvals, outgoing
referrals, links to stays and plans) and of Beneficiary (consents), as mixins typed by
a protocol of what they need. The events stay nested in their aggregate class in
domain/case.py and domain/beneficiary.py, so stored event topics never change."""
