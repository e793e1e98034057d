"""Small, fictitious files for the documents' tests (and their uploads)."""

from __future__ import annotations

import struct
import zlib
from typing import Any

import httpx

from services.access import Role
from tests.support.http import Api


def pdf(text: str = "Consent to receive services (fictitious)") -> bytes:
    """A one-page PDF saying `text`: small, valid enough for any reader."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def png(width: int = 8, height: int = 8, shade: int = 200) -> bytes:
    """A grey PNG of `width` x `height`."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = b"".join(b"\x00" + bytes([shade]) * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


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
