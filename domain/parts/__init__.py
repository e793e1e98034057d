"""Parts of the aggregates: the command methods of Case (stages, approvals, outgoing
referrals, links to stays and plans, screening out) and of Beneficiary (consents,
identification decisions), as mixins typed by a protocol of what they need. The events
stay nested in their aggregate class in domain/case.py and domain/beneficiary.py, so
stored event topics never change; the events of screening out and of identification
decisions are written in their part and subclassed there under their stored name
(`Case.ScreenedOut`, `Beneficiary.IdentificationRecorded`, ...)."""
