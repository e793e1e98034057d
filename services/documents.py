"""Documents: attach a file to a beneficiary or a case, read it back, remove it.

The event (domain/parts/documents.py) says what the file is; its content goes to a
document vault (adapters/documents/), sealed first with the record's own data key
(ADR 0014), AES-GCM bound to the record, the document's number and its content id.
So the vault never holds a readable byte, and erasing the person's keys (services/
erasure.py destroys the beneficiary's and their cases') leaves every document of
theirs unreadable for good: a download then is `DocumentErased`, never a failure.

What a file is, is found from its content (`sniff`: magic bytes), never from its
name or the upload's Content-Type; only the kinds in DocumentMediaType are taken,
up to `max_bytes`. The content is stored before the event is committed, under a
content id of its own: a commit that fails (a concurrent change, then retried)
deletes only its own content. A process that dies between the two leaves a sealed
content no event names, which a backup skips and nothing can read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol
from uuid import UUID, uuid4

from domain.errors import (
    DocumentErased,
    DocumentGone,
    DocumentTooLarge,
    InvalidInput,
    UnsupportedMediaType,
)
from domain.parts.documents import DocumentContent
from domain.values import Document
from domain.vocab import DocumentMediaType, DocumentType, NoteCategory
from services.app import CommandResult
from services.bus import CommandBus

DEFAULT_MAX_BYTES = 10 * 1024 * 1024  # 10 MiB: a scanned multi-page report fits

Sniffer = Callable[[bytes], str | None]  # a media type found in the content, or None


class DocumentVault(Protocol):
    """Where documents' sealed contents are kept, by content id."""

    def put(self, content_id: UUID, sealed: bytes) -> None: ...

    def get(self, content_id: UUID) -> bytes | None: ...

    def delete(self, content_id: UUID) -> None: ...

    def content_ids(self) -> Iterator[UUID]: ...

    def close(self) -> None: ...


class DocumentCipher(Protocol):
    """Seals a content with its record's data key; None on opening: the key is destroyed."""

    def seal(self, record_id: UUID, document: int, content_id: UUID, plain: bytes) -> bytes: ...

    def open(
        self, record_id: UUID, document: int, content_id: UUID, sealed: bytes
    ) -> bytes | None: ...

    def erased(self, record_id: UUID) -> bool: ...


@dataclass(frozen=True)
class Upload:
    """A file as it came: its name, its bytes, and what the uploader says it is."""

    filename: str
    content: bytes
    document_type: DocumentType
    category: NoteCategory


@dataclass(frozen=True)
class Attached:
    result: CommandResult
    number: int


@dataclass(frozen=True)
class Download:
    document: Document
    content: bytes


@dataclass
class DocumentService:
    bus: CommandBus
    vault: DocumentVault
    cipher: DocumentCipher
    sniff: Sniffer
    max_bytes: int = DEFAULT_MAX_BYTES

    def attach(self, kind: type[Any], record_id: UUID, upload: Upload, *, actor: str) -> Attached:
        content = self.described(upload)
        app = self.bus.app

        def attempt() -> Attached:
            record = app.load(kind, record_id)
            number: int = record.attach_document(
                upload.document_type, upload.category, content, actor=actor, at=self.bus.now()
            )
            sealed = self.cipher.seal(record.id, number, content.content_id, upload.content)
            self.vault.put(content.content_id, sealed)
            try:
                return Attached(app.commit(record), number)
            except BaseException:
                self.vault.delete(content.content_id)
                raise

        return app.retrying(attempt)

    def described(self, upload: Upload) -> DocumentContent:
        """What the file is, from its content; refused when empty, too large or of a
        kind not taken."""
        size = len(upload.content)
        if size == 0:
            raise InvalidInput("file", "is empty; attach a file with content")
        if size > self.max_bytes:
            raise DocumentTooLarge(
                f"the file is {size} bytes; documents are at most {self.max_bytes} bytes "
                f"({self.max_bytes / 1024 / 1024:g} MiB)"
            )
        return DocumentContent(
            uuid4(),
            upload.filename,
            self.media_type(upload.content),
            size,
            hashlib.sha256(upload.content).hexdigest(),
        )

    def media_type(self, content: bytes) -> DocumentMediaType:
        found = self.sniff(content)
        try:
            return DocumentMediaType(found or "")
        except ValueError:
            allowed = ", ".join(kind.value for kind in DocumentMediaType)
            raise UnsupportedMediaType(
                f"the file's content is {found or 'of no kind recognised'}; documents are {allowed}"
            ) from None

    def download(self, record: Any, number: int) -> Download:
        """The document's content, checked against its SHA-256."""
        document: Document = record.document(number)
        if document.removed_on is not None:
            raise DocumentGone(
                f"document {number} of {record.label} was removed on {document.removed_on}; "
                "its content is deleted",
            )
        if self.cipher.erased(record.id):
            raise self._erased(record, document)
        sealed = self.vault.get(document.content_id)
        plain = None if sealed is None else self._open(record, document, sealed)
        if plain is None or hashlib.sha256(plain).hexdigest() != document.sha256:
            msg = f"document {number} of {record.label}: its content is missing or altered"
            raise RuntimeError(msg)
        return Download(document, plain)

    def _open(self, record: Any, document: Document, sealed: bytes) -> bytes:
        plain = self.cipher.open(record.id, document.number, document.content_id, sealed)
        if plain is None:
            raise self._erased(record, document)
        return plain

    @staticmethod
    def _erased(record: Any, document: Document) -> DocumentErased:
        return DocumentErased(
            f"document {document.number} of {record.label} can never be read again: "
            "the person's personal data was erased"
        )

    def remove(
        self, kind: type[Any], record_id: UUID, number: int, reason: str, *, actor: str
    ) -> CommandResult:
        """Record the removal, then delete the content (the event stays)."""
        app = self.bus.app

        def attempt() -> tuple[CommandResult, UUID]:
            record = app.load(kind, record_id)
            record.remove_document(number, reason, actor=actor, at=self.bus.now())
            return app.commit(record), record.document(number).content_id

        result, content_id = app.retrying(attempt)
        self.vault.delete(content_id)
        return result
