"""The typed view of the documents attached to a record (a beneficiary's or a case's),
as a role may see them: file names withheld from a role that may not read their category.
"""

from __future__ import annotations

from typing import Annotated

from msgspec import Meta

from domain.values import Document

# documents (issue 14, section 7)
DOCUMENT_EXAMPLE = {
    "number": 1,
    "document_type": "consent_form",
    "category": "general",
    "media_type": "application/pdf",
    "size": 48213,
    "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "filename": "consent-2026-03-05.pdf",
    "content_id": "2f1c6d0e-8a4b-4c3d-9e2f-1a0b9c8d7e6f",
    "attached_by": "besa.krasniqi",
    "attached_on": "2026-03-05",
}
DocumentsOnRecord = Annotated[
    list[Document],
    Meta(
        description="the documents attached, removed ones included (`removed_on`); the "
        "content through GET .../documents/{number}; a file name is withheld from a role "
        "that may not read its category",
        examples=[[DOCUMENT_EXAMPLE]],
    ),
]
