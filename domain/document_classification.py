"""How identifying each field of a document (issue 14, section 7) is: the same two
events on a beneficiary and on a case, and the document they hold. The file's name is
DOCUMENT_NAME (it may name the person); the rest is codes, sizes, hashes and dates.
Assembled by domain/classification.py."""

from __future__ import annotations

from typing import Any

from domain.beneficiary import Beneficiary
from domain.case import Case
from domain.sensitivity import DOCUMENT_NAME, FREE_TEXT, PLAIN, STAFF, Entry
from domain.values import Document


def _document_events(record: type[Beneficiary] | type[Case]) -> dict[type[Any], dict[str, Entry]]:
    """The two document events of a record (a beneficiary or a case)."""
    return {
        record.DocumentAttached: {
            "number": PLAIN,
            "document_type": PLAIN,
            "category": PLAIN,
            "media_type": PLAIN,
            "size": PLAIN,
            "sha256": PLAIN,
            "filename": DOCUMENT_NAME,
            "content_id": PLAIN,
            "attached_on": PLAIN,
        },
        record.DocumentRemoved: {"number": PLAIN, "reason": FREE_TEXT, "removed_on": PLAIN},
    }


DOCUMENT_EVENTS: dict[type[Any], dict[str, Entry]] = {
    **_document_events(Beneficiary),
    **_document_events(Case),
}
DOCUMENT_VALUES: dict[type[Any], dict[str, Entry]] = {
    Document: {
        "number": PLAIN,
        "document_type": PLAIN,
        "category": PLAIN,
        "media_type": PLAIN,
        "size": PLAIN,
        "sha256": PLAIN,
        "filename": DOCUMENT_NAME,
        "content_id": PLAIN,
        "attached_by": STAFF,
        "attached_on": PLAIN,
        "removed_on": PLAIN,
    },
}
