"""Documents attached to a beneficiary or a case: signed consent forms, identity and
travel documents, medical and psychological reports, court papers.

A part of `Beneficiary` and of `Case`: each of them holds two events derived from
the ones here (`DocumentAttached`, `DocumentRemoved`), so their topics are the
record's own. The event holds what the file is — its number on the record, its type,
its confidentiality category (as a case note's: readable by that category's roles),
the media type found in its content, its size, the SHA-256 of its content and the
name it was uploaded under — never its bytes: those are kept encrypted with the
record's data key beside the store (adapters/documents/), under a `content_id` of
its own, so erasing the person's
keys leaves them unreadable. Removing a document deletes its content; the events stay.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from typing import Any
from uuid import UUID

from domain import checks
from domain.base import JourneyAggregate
from domain.errors import InvalidInput, RuleViolated
from domain.values import Document
from domain.vocab import DocumentMediaType, DocumentType, NoteCategory

SHA256 = re.compile(r"^[0-9a-f]{64}$")
MAX_FILENAME = 255
_NOT_IN_A_NAME = re.compile(r"[/\\\x00-\x1f\x7f]")


class DocumentAttached(JourneyAggregate.Event):
    """A file was attached to the record (its content is stored apart, encrypted)."""

    number: int
    document_type: DocumentType
    category: NoteCategory
    media_type: DocumentMediaType
    size: int
    sha256: str
    filename: str
    content_id: UUID
    attached_on: date

    def apply(self, record: Any) -> None:
        document = Document(
            self.number,
            self.document_type,
            self.category,
            self.media_type,
            self.size,
            self.sha256,
            self.filename,
            self.content_id,
            self.actor,
            self.attached_on,
        )
        record.documents = {**documents_of(record), self.number: document}


class DocumentRemoved(JourneyAggregate.Event):
    """A document was removed: its content is deleted from storage; the events stay."""

    number: int
    reason: str
    removed_on: date

    def apply(self, record: Any) -> None:
        removed = replace(documents_of(record)[self.number], removed_on=self.removed_on)
        record.documents = {**documents_of(record), self.number: removed}


def documents_of(record: Any) -> dict[int, Document]:
    """The record's documents by number (none on a record that never had one)."""
    found: dict[int, Document] = getattr(record, "documents", None) or {}
    return found


class Documents:
    """The commands that attach and remove documents (Beneficiary and Case)."""

    # Rebound by each event's apply, never changed in place: the empty default is shared
    # safely, and is what a snapshot taken before documents existed decodes to (codec).
    documents: dict[int, Document] = {}

    def attach_document(
        self: Any,
        document_type: DocumentType,
        category: NoteCategory,
        content: DocumentContent,
        *,
        actor: str,
        at: datetime,
    ) -> int:
        """Record a document; answers its number on the record."""
        if getattr(self, "erased", False):  # a beneficiary's keys are gone
            raise RuleViolated(
                f"{self.label}'s personal data was erased; cannot attach a document",
                rule="personal_data_erased",
            )
        number = len(documents_of(self)) + 1
        self._record(
            self.DocumentAttached,
            actor,
            at,
            number=number,
            document_type=document_type,
            category=category,
            media_type=content.media_type,
            size=content.size,
            sha256=content.sha256,
            filename=content.filename,
            content_id=content.content_id,
            attached_on=at.date(),
        )
        return number

    def remove_document(self: Any, number: int, reason: str, *, actor: str, at: datetime) -> None:
        document = self.document(number)
        if document.removed_on is not None:
            raise RuleViolated(
                f"document {number} of {self.label} was removed on {document.removed_on}",
                rule="document_removed",
            )
        reason = checks.text("reason", reason, max_length=2000)
        self._record(
            self.DocumentRemoved, actor, at, number=number, reason=reason, removed_on=at.date()
        )

    def document(self: Any, number: int) -> Document:
        """The document of that number (removed ones included); refused if none."""
        found = documents_of(self).get(number)
        if found is None:
            raise RuleViolated(f"{self.label} has no document {number}", rule="no_such_document")
        return found


class DocumentContent:
    """What a file's content is, as the adapters found it: checked here."""

    __slots__ = ("content_id", "filename", "media_type", "sha256", "size")

    def __init__(
        self,
        content_id: UUID,
        filename: str,
        media_type: DocumentMediaType,
        size: int,
        sha256: str,
    ) -> None:
        self.content_id = content_id
        self.filename = clean_filename(filename)
        if size < 1:
            raise InvalidInput("file", "is empty; attach a file with content")
        if not SHA256.fullmatch(sha256):
            raise InvalidInput("sha256", "is not a SHA-256 digest in lowercase hex")
        self.media_type = media_type
        self.size = size
        self.sha256 = sha256


def clean_filename(filename: str) -> str:
    """The name a file was uploaded under, without any folder part or control character."""
    name = re.split(r"[/\\]", filename.strip())[-1]
    name = _NOT_IN_A_NAME.sub("", name).strip()
    if not name:
        raise InvalidInput("filename", "must name the file (e.g. consent-form.pdf)")
    if len(name) > MAX_FILENAME:
        raise InvalidInput("filename", f"is {len(name)} characters; at most {MAX_FILENAME}")
    return name
