"""Controlled vocabularies of documents (issue 14, section 7).

Where IOM's Human Trafficking Case Data Standard (HTCDS 2.0) has the field, the
enum values are its picklist value names, spelled exactly as in
`shared/reference/htcds-field-standards-2.0.csv` (the HTCDS field is named in
each docstring). The rest follow the sources in the brief (Primero, HMIS).
Gathered, with the other areas', by domain/vocab.py.
"""

from enum import StrEnum


class DocumentType(StrEnum):
    """What a document attached to a beneficiary or a case is."""

    CONSENT_FORM = "consent_form"
    IDENTITY_DOCUMENT = "identity_document"
    TRAVEL_DOCUMENT = "travel_document"
    MEDICAL_REPORT = "medical_report"
    PSYCHOLOGICAL_REPORT = "psychological_report"
    COURT_DOCUMENT = "court_document"
    OTHER = "other"


class DocumentMediaType(StrEnum):
    """The kinds of file accepted as documents, as their content shows (never as their
    name or the upload's Content-Type says)."""

    PDF = "application/pdf"
    JPEG = "image/jpeg"
    PNG = "image/png"
