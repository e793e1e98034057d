"""What a file is, from its first bytes (its magic number), never from its name or the
Content-Type it was sent with: `filetype` (pure Python, no libmagic) reads the
signature. A PDF is also recognised when its header comes after leading bytes, as the
PDF reference allows within the first 1,024 (some scanners write them)."""

from __future__ import annotations

import filetype  # type: ignore[import-untyped]

PDF_MAGIC = b"%PDF-"
PDF_HEADER_WITHIN = 1024


def sniff(content: bytes) -> str | None:
    """The media type the content's signature shows (`image/png`), or None."""
    if PDF_MAGIC in content[:PDF_HEADER_WITHIN]:
        return "application/pdf"
    found = filetype.guess_mime(content[:8192])
    return str(found) if found else None
