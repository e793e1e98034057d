"""The event store's own tables as the release before migrations made them.

Revision ID: store_0001
Revises:
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa

from adapters.store.migrations.adoption import create_missing

revision = "store_0001"
down_revision = None
branch_labels = None
depends_on = None

INSTANT = sa.DateTime(timezone=True)  # projections/time_sql.py's Instant, as stored


def upgrade() -> None:
    create_missing(
        "journey_chain",
        sa.Column("position", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("hash", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("position"),
    )
    create_missing(
        "journey_checkpoints",
        sa.Column("position", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("chain_hash", sa.LargeBinary(), nullable=False),
        sa.Column("signed_at", sa.String(length=40), nullable=False),
        sa.Column("key_id", sa.String(length=32), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("position"),
    )
    create_missing(
        "journey_documents",
        sa.Column("content_id", sa.String(length=36), nullable=False),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
        sa.Column("stored_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("content_id"),
    )


def downgrade() -> None:
    msg = "the baseline is not undone (it holds the chain and documents): restore a backup"
    raise NotImplementedError(msg)
