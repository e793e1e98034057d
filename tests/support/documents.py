"""Small, fictitious files for the documents' tests (the demo's: adapters/run/demo/documents.py),
and their uploads."""

from __future__ import annotations

from typing import Any

import httpx

from adapters.run.demo.documents import pdf, png
from services.access import Role
from tests.support.http import Api

ZIP = b"PK\x03\x04" + b"\x14\x00" + b"\x00" * 24 + b"not a document"


def upload(
    api: Api,
    who: Role | str,
    path: str,
    content: bytes,
    *,
    filename: str = "consent.pdf",
    document_type: str = "consent_form",
    category: str = "general",
    content_type: str = "application/pdf",
) -> httpx.Response:
    """POST a document to `path` (a record's `/documents`) as multipart/form-data."""
    files: Any = {"file": (filename, content, content_type)}
    data = {"document_type": document_type, "category": category}
    return api.client.post(path, files=files, data=data, headers=api.auth(who))


__all__ = ["ZIP", "pdf", "png", "upload"]
