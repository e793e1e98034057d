"""Alembic's environment: run by adapters/store/upgrades.py, which puts the connection (in
its transaction, locked), the part's version table and, for a new revision, the
tables' metadata into `config.attributes`. Offline (`--sql`) mode is not offered."""

from __future__ import annotations

from alembic import context


def run_migrations() -> None:
    attributes = context.config.attributes
    context.configure(
        connection=attributes["connection"],
        version_table=attributes["version_table"],
        target_metadata=attributes.get("target_metadata"),
        render_item=attributes.get("render_item"),
        render_as_batch=True,  # SQLite alters a table by copying it: a batch does that
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
