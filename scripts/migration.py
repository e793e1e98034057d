"""A new schema revision of one part, written by Alembic's autogenerate: the project's
`alembic revision --autogenerate` (docs/upgrades.md, "Writing a migration").

    .venv/bin/python -m scripts.migration read "index the access log by actor"

It upgrades a scratch SQLite database to the part's head, compares it with the tables
as the code defines them today (`metadata_of`), and writes what differs as
adapters/store/migrations/<part>/<part>_<NNNN>_<slug>.py. Read it, make it work on an
existing database (and on PostgreSQL), add its id to the part's `revisions` in
adapters/store/upgrades.py, and run tests/integration/test_schema_upgrades.py, which
fails while the upgraded schema and the code's tables differ.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path
from typing import Any, Literal

from alembic import command
from sqlalchemy import MetaData
from sqlalchemy.types import TypeDecorator

from adapters.audit.access_log import access
from adapters.audit.chain_tables import metadata as chain
from adapters.documents.database import metadata as documents
from adapters.http.idempotency import metadata as idempotency
from adapters.privacy.accounts import identity
from adapters.privacy.blind_index import metadata as blind_index
from adapters.privacy.credentials import signing_in
from adapters.privacy.keyring import metadata as data_keys
from adapters.privacy.sessions import browser
from adapters.store import upgrades
from adapters.store.upgrades import Part
from projections.catalog.schema import catalog

# Each part's tables as the code defines them today, by the modules that use them.
TABLES: dict[str, tuple[MetaData, ...]] = {
    "store": (chain, documents),
    "keys": (data_keys, blind_index),
    "read": (identity, signing_in, browser, access, idempotency, catalog),
}


def metadata_of(*parts: str) -> MetaData:
    """The tables of these parts, in one MetaData (several parts may share a database)."""
    merged = MetaData()
    for part in parts:
        for metadata in TABLES[part]:
            for table in metadata.tables.values():
                table.to_metadata(merged)
    return merged


def part_named(name: str) -> Part:
    return next(part for part in upgrades.PARTS if part.name == name)


def new_revision(part: Part, message: str, scratch: Path) -> list[Path]:
    """The revision file(s) Alembic wrote for what differs from the part's head."""
    engine = part.engine(f"sqlite:///{scratch / 'schema.db'}", 3)
    try:
        with engine.begin() as conn:
            command.upgrade(upgrades.config(part, conn), part.head)
        with engine.begin() as conn:
            settings = upgrades.config(
                part, conn, target_metadata=metadata_of(part.name), render_item=_as_stored
            )
            written = command.revision(
                settings,
                message,
                autogenerate=True,
                rev_id=f"{part.name}_{len(part.revisions) + 1:04d}",
                version_path=str(part.versions),
            )
    finally:
        engine.dispose()
    scripts = written if isinstance(written, list) else [written]
    return [Path(script.path) for script in scripts if script is not None]


def _as_stored(kind: str, value: Any, _context: Any) -> str | Literal[False]:
    """A type of ours (projections/time_sql.py's Instant) written as the SQLAlchemy type it
    stores, so that the revision stays as it is when ours changes."""
    if kind == "type" and isinstance(value, TypeDecorator):
        return f"sa.{value.impl_instance!r}"
    return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("part", choices=[part.name for part in upgrades.PARTS], help="whose")
    parser.add_argument("message", help="what the revision does, in a few words")
    args = parser.parse_args()
    part = part_named(args.part)
    with tempfile.TemporaryDirectory() as scratch:
        for path in new_revision(part, args.message, Path(scratch)):
            print(f"written: {path}")
    print(f"next: add its id to the {part.name} part's revisions in adapters/store/upgrades.py")


if __name__ == "__main__":
    main()
