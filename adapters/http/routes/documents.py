"""Documents of a beneficiary or a case: upload, list, download, remove.

    POST /api/v1/{beneficiaries|cases}/{ref}/documents                  multipart upload
    GET  /api/v1/{beneficiaries|cases}/{ref}/documents                  what is attached
    GET  /api/v1/{beneficiaries|cases}/{ref}/documents/{number}         the content
    POST /api/v1/{beneficiaries|cases}/{ref}/documents/{number}/remove  delete the content

A document's category decides who may attach, download and remove it, as a note's
(services/access.py); the list shows every document's metadata to the record's readers,
its file name withheld from a role that may not read its category. The upload is
`multipart/form-data` (the file, its type, its category); what the file is comes from
its content (415 otherwise), up to `document_max_bytes` (413). A download is
`application/octet-stream`, `attachment`, `no-store` and `nosniff`, and is written to
the access log. After erasure a download is 410 `document-erased`.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import quote

import msgspec
from eventsourcing.domain import Aggregate
from litestar import Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.exceptions import PermissionDeniedException
from litestar.handlers import HTTPRouteHandler
from litestar.openapi import ResponseSpec
from litestar.openapi.spec import Example
from litestar.params import Body, JSONBody, Parameter

from adapters.http.limits import UPLOAD_LIMIT
from adapters.http.routes.commands import Accepted
from adapters.http.routes.record_refs import BeneficiaryRef, CaseRef
from adapters.http.routes.records import log_shown
from adapters.http.scope import ScopeCheck
from adapters.privacy.accounts import User
from domain.beneficiary import Beneficiary
from domain.case import Case
from domain.values import Document
from domain.vocab import DocumentType, NoteCategory
from services.access import (
    READ_BENEFICIARY,
    READ_CASE,
    allowed,
    may_attach_document,
    may_read_document,
    may_remove_document,
)
from services.disclosure import Disclosure
from services.document_views import DocumentsOnRecord
from services.documents import DocumentService, Upload
from services.references import resolve

MULTIPART_ALLOWANCE = 64 * 1024  # the form's boundaries, headers and small fields
DOCUMENT_PROBLEMS = ("PersonalDataErased", "RuleViolated", "ConcurrentWrites", "StoreUnavailable")


@dataclass
class DocumentForm:
    """The upload: the file and what it is."""

    file: Annotated[
        UploadFile,
        Parameter(
            description="the file: a PDF, JPEG or PNG, as its content shows",
            examples=[Example(value="consent-2026-03-05.pdf (its bytes)")],
        ),
    ]
    document_type: Annotated[
        DocumentType,
        Parameter(description="what the document is", examples=[Example(value="consent_form")]),
    ]
    category: Annotated[
        NoteCategory,
        Parameter(
            description="confidentiality, as a note's: general, medical, psychological, legal",
            examples=[Example(value="general")],
        ),
    ]


class DocumentAccepted(Accepted, frozen=True):
    """An upload's result: the record's new version and position, and the document's number."""

    number: Annotated[
        int, msgspec.Meta(description="the document's number on the record", examples=[3], ge=1)
    ]


class DocumentRemoval(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Why the document is removed (its content is deleted; the record keeps that it was)."""

    reason: Annotated[
        str,
        msgspec.Meta(
            min_length=1,
            max_length=2000,
            description="why it is removed (1 to 2,000 characters)",
            examples=["Uploaded to the wrong case"],
        ),
    ]


class DocumentList(msgspec.Struct, frozen=True):
    """The record's documents (removed ones included), file names withheld by category."""

    documents: DocumentsOnRecord
    withheld: Annotated[
        dict[str, str],
        msgspec.Meta(
            description="what was withheld and why (`1.filename`: a category the role may "
            "not read)",
            examples=[{"2.filename": "document file name, readable by its category"}],
        ),
    ]


@dataclass(frozen=True)
class Kind:
    resource: str  # the path's resource
    record: type[Aggregate]
    read: str  # the read permission
    name: str  # as the access log names it

    def load(self, request: Request[User, Any, Any], ref: str) -> Any:
        if not allowed(request.user.role, self.read):
            raise PermissionDeniedException(f"role {request.user.role.value} may not {self.read}")
        record_id = resolve(self.record, ref).id
        scope: ScopeCheck = request.app.state.scope
        queries = request.app.state.journey.queries
        if self.record is Case:
            case = queries.case(record_id)
            scope.allow_case(request.user, case)
            return case
        beneficiary = queries.beneficiary(record_id)
        scope.allow_beneficiary(request.user, beneficiary)
        return beneficiary


KINDS = (
    Kind("beneficiaries", Beneficiary, READ_BENEFICIARY, "beneficiary"),
    Kind("cases", Case, READ_CASE, "case"),
)
REFS: dict[str, Any] = {"beneficiaries": BeneficiaryRef, "cases": CaseRef}


def service(request: Request[User, Any, Any]) -> DocumentService:
    documents: DocumentService | None = request.app.state.journey.documents
    if documents is None:
        msg = "this system was built without a document store"
        raise RuntimeError(msg)
    return documents


def _refuse(request: Request[User, Any, Any], what: str, category: NoteCategory) -> None:
    raise PermissionDeniedException(
        f"role {request.user.role.value} may not {what} {category.value} documents"
    )


def _attach(
    kind: Kind, request: Request[User, Any, Any], ref: str, form: DocumentForm
) -> Response[Any]:
    if not may_attach_document(request.user.role, form.category):
        _refuse(request, "attach", form.category)
    record = kind.load(request, ref)
    try:  # a part over 1 MiB was spooled to a temporary file: closing deletes it
        content = form.file.file.read()
    finally:
        form.file.file.close()
    upload = Upload(form.file.filename or "", content, form.document_type, form.category)
    attached = service(request).attach(kind.record, record.id, upload, actor=request.user.name)
    result = attached.result
    location = f"/api/v1/{kind.resource}/{record.id}/documents/{attached.number}"
    return Response(
        DocumentAccepted(result.id, result.version, result.position, attached.number),
        status_code=201,
        headers={"ETag": f'"{result.version}"', "Location": location},
    )


def _list(kind: Kind, request: Request[User, Any, Any], ref: str) -> Response[Any]:
    record = kind.load(request, ref)
    documents = sorted((getattr(record, "documents", None) or {}).items())
    seen = Disclosure(request.user.role)
    shown = [seen.value(document, str(number)) for number, document in documents]
    log_shown(request, kind.name, record.id, seen.shown)
    return Response(DocumentList(shown, seen.withheld), headers={"ETag": f'"{record.version}"'})


def _download(kind: Kind, request: Request[User, Any, Any], ref: str, number: int) -> Response[Any]:
    record = kind.load(request, ref)
    document: Document = record.document(number)
    if not may_read_document(request.user.role, document.category):
        _refuse(request, "read", document.category)
    found = service(request).download(record, number)
    log_shown(request, kind.name, record.id, {f"document:{number}"})
    return Response(
        found.content,
        media_type="application/octet-stream",
        headers={
            "Content-Disposition": "attachment; filename*=UTF-8''" + quote(document.filename),
            "X-Content-Type-Options": "nosniff",
            "Repr-Digest": f"sha-256=:{base64.b64encode(bytes.fromhex(document.sha256)).decode()}:",
        },
    )


def _remove(
    kind: Kind, request: Request[User, Any, Any], ref: str, number: int, data: DocumentRemoval
) -> Response[Any]:
    record = kind.load(request, ref)
    document: Document = record.document(number)
    if not may_remove_document(request.user.role, document.category):
        _refuse(request, "remove", document.category)
    result = service(request).remove(
        kind.record, record.id, number, data.reason, actor=request.user.name
    )
    return Response(
        Accepted(result.id, result.version, result.position),
        headers={"ETag": f'"{result.version}"'},
    )


_FORM = Annotated[DocumentForm, Body(media_type=RequestEncodingType.MULTI_PART)]
_NUMBER = Annotated[int, Parameter(ge=1, le=2**31 - 1, description="the document's number")]
_WHO = (
    " Who: case managers, caseworkers (their own cases), clinicians and lawyers, each for "
    "the categories they may read (general: all of them; medical and psychological: "
    "clinicians; legal: lawyers and case managers)."
)


def _handlers(kind: Kind, max_bytes: int) -> list[HTTPRouteHandler]:
    base = f"/api/v1/{kind.resource}/{{ref:str}}/documents"
    ref_type = REFS[kind.resource]
    singular = kind.name.capitalize()

    def upload(request: Request[User, Any, Any], ref: str, data: Any) -> Response[Any]:
        return _attach(kind, request, ref, data)

    def listing(request: Request[User, Any, Any], ref: str) -> Response[Any]:
        return _list(kind, request, ref)

    def download(request: Request[User, Any, Any], ref: str, number: int) -> Response[Any]:
        return _download(kind, request, ref, number)

    def remove(request: Request[User, Any, Any], ref: str, number: int, data: Any) -> Response[Any]:
        return _remove(kind, request, ref, number, data)

    request_type = Request[User, Any, Any]
    upload.__annotations__ = {
        "request": request_type,
        "ref": ref_type,
        "data": _FORM,
        "return": Response[DocumentAccepted],
    }
    listing.__annotations__ = {
        "request": request_type,
        "ref": ref_type,
        "return": Response[DocumentList],
    }
    download.__annotations__ = {
        "request": request_type,
        "ref": ref_type,
        "number": _NUMBER,
        "return": Response[bytes],
    }
    remove.__annotations__ = {
        "request": request_type,
        "ref": ref_type,
        "number": _NUMBER,
        "data": JSONBody[DocumentRemoval],
        "return": Response[Accepted],
    }
    tags = [kind.resource]
    return [
        post(
            base,
            sync_to_thread=True,
            operation_id=f"attach{singular}Document",
            summary=f"Attach a document to a {kind.name}",
            description="Upload a file (multipart/form-data: `file`, `document_type`, "
            "`category`). What it is comes from its content, never its name: PDF, JPEG or "
            f"PNG (else 415), at most {max_bytes} bytes (else 413); an empty file is 422. "
            "Sealed with the record's data key before it is stored." + _WHO,
            status_code=201,
            tags=tags,
            request_max_body_size=max_bytes + MULTIPART_ALLOWANCE,
            opt={
                UPLOAD_LIMIT: max_bytes,
                "problems": (
                    *DOCUMENT_PROBLEMS,
                    "DocumentTooLarge",
                    "UnsupportedMediaType",
                    "InvalidInput",
                ),
            },
        )(upload),
        get(
            base,
            sync_to_thread=True,
            operation_id=f"list{singular}Documents",
            summary=f"A {kind.name}'s documents",
            description="Every document's metadata (removed ones with `removed_on`); a file "
            "name is withheld from a role that may not read its category.",
            tags=tags,
        )(listing),
        get(
            f"{base}/{{number:int}}",
            sync_to_thread=True,
            operation_id=f"download{singular}Document",
            summary=f"Download a document of a {kind.name}",
            description="The document's content, as `application/octet-stream`, `attachment`, "
            "never cached; written to the access log. 403 to a role that may not read its "
            "category; 410 `document-removed` once removed, `document-erased` once the "
            "person's data was erased." + _WHO,
            tags=tags,
            media_type="application/octet-stream",
            responses={
                200: ResponseSpec(
                    data_container=bytes,
                    media_type="application/octet-stream",
                    description="the document's content, as it was uploaded",
                    generate_examples=False,
                )
            },
            opt={"problems": ("RuleViolated", "DocumentRemoved", "DocumentErased")},
        )(download),
        post(
            f"{base}/{{number:int}}/remove",
            sync_to_thread=True,
            operation_id=f"remove{singular}Document",
            summary=f"Remove a document of a {kind.name}",
            description="Deletes the document's content; the record keeps that it was "
            "attached and removed, by whom and why." + _WHO,
            status_code=200,
            tags=tags,
            opt={"problems": DOCUMENT_PROBLEMS},
        )(remove),
    ]


def document_handlers(max_bytes: int) -> list[HTTPRouteHandler]:
    return [handler for kind in KINDS for handler in _handlers(kind, max_bytes)]
