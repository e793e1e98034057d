"""The data keys' tables as the release before migrations made them.

Revision ID: keys_0001
Revises:
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa

from adapters.store.migrations.adoption import create_missing

revision = "keys_0001"
down_revision = None
branch_labels = None
depends_on = None

INSTANT = sa.DateTime(timezone=True)  # projections/time_sql.py's Instant, as stored


def upgrade() -> None:
    create_missing(
        "journey_data_keys",
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("kek_id", sa.String(length=16), nullable=True),
        sa.Column("wrapped", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("destroyed_at", INSTANT, nullable=True),
        sa.PrimaryKeyConstraint("record_id"),
    )
    create_missing(
        "journey_blind_index",
        sa.Column("beneficiary_id", sa.String(length=36), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=4), nullable=False),
        sa.PrimaryKeyConstraint("beneficiary_id", "token"),
        indexes=[("ix_journey_blind_index_token", ["token"])],
    )
    create_missing(
        "journey_blind_index_state",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("key_id", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    msg = "the baseline is not undone (it holds the data keys): restore a backup"
    raise NotImplementedError(msg)
