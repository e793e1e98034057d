"""Documents in the demo: a few small, fictitious PDFs and PNGs attached to demo cases and
their beneficiaries after the journeys have run (ADR 0023): a signed consent form on the
person, a scanned identity document, and a medical report on the case (by a clinician),
so the documents' routes, their withholding by category and the access log have data.
Nothing in them is real: the text names no one."""

from __future__ import annotations

import struct
import zlib
from typing import Any
from uuid import UUID

from adapters.run.bootstrap import Journey
from domain.beneficiary import Beneficiary
from domain.case import Case
from domain.errors import DomainError
from domain.vocab import DocumentType, NoteCategory
from services.documents import Upload

EVERY = 7  # every seventh case gets papers
CLINICIAN = "dr.gashi"


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


def _papers(case_number: str) -> list[tuple[type[Any], Upload, str]]:
    """(record kind, upload, who attaches it) for one case."""
    consent = Upload(
        "consent-form-signed.pdf",
        pdf(f"Consent to receive services - case {case_number} (fictitious)"),
        DocumentType.CONSENT_FORM,
        NoteCategory.GENERAL,
    )
    scan = Upload(
        "identity-card-scan.png",
        png(16, 10, 180),
        DocumentType.IDENTITY_DOCUMENT,
        NoteCategory.GENERAL,
    )
    report = Upload(
        "medical-report.pdf",
        pdf(f"Medical report - case {case_number} - no findings (fictitious)"),
        DocumentType.MEDICAL_REPORT,
        NoteCategory.MEDICAL,
    )
    return [(Beneficiary, consent, ""), (Beneficiary, scan, ""), (Case, report, CLINICIAN)]


def attach_demo_documents(journey: Journey, cases: list[UUID], manager: str) -> int:
    """Attach papers to every EVERY-th case (and its beneficiary); how many were attached."""
    service = journey.documents
    if service is None:
        return 0
    attached = 0
    for case_id in cases[::EVERY]:
        case = journey.queries.case(case_id)
        for kind, upload, actor in _papers(case.case_number):
            record = case.beneficiary_id if kind is Beneficiary else case_id
            try:
                service.attach(kind, record, upload, actor=actor or manager)
            except DomainError:  # an erased person takes no papers
                continue
            attached += 1
    return attached
