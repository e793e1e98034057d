"""The embedded default's document store: one private file per sealed content under
the data dir (`documents/ab/<content id>`, 0700 folders, 0600 files: adapters/
file_modes.py), written to a temporary name and renamed, so a reader never sees half a file."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from uuid import UUID

from adapters.file_modes import FILE_MODE, private_dir

SUFFIX = ".sealed"


class DirectoryVault:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path_of(self, content_id: UUID) -> Path:
        return self.root / content_id.hex[:2] / f"{content_id}{SUFFIX}"

    def put(self, content_id: UUID, sealed: bytes) -> None:
        path = self.path_of(content_id)
        private_dir(path.parent)
        partial = path.with_suffix(".partial")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        with os.fdopen(descriptor, "wb") as file:
            file.write(sealed)
            file.flush()
            os.fsync(file.fileno())
        os.replace(partial, path)

    def get(self, content_id: UUID) -> bytes | None:
        try:
            return self.path_of(content_id).read_bytes()
        except FileNotFoundError:
            return None

    def delete(self, content_id: UUID) -> None:
        self.path_of(content_id).unlink(missing_ok=True)

    def content_ids(self) -> Iterator[UUID]:
        if not self.root.is_dir():
            return
        for path in sorted(self.root.glob(f"*/*{SUFFIX}")):
            yield UUID(path.name.removesuffix(SUFFIX))

    def close(self) -> None:
        """Nothing held open."""
