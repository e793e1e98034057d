"""The read database's own tables as the release before migrations made them.

Accounts and sign-in, sessions, the access log, idempotency keys, and the catalog of the
read models (their generations, positions, status and dead letters).

Revision ID: read_0001
Revises:
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa

from adapters.store.migrations.adoption import create_missing

revision = "read_0001"
down_revision = None
branch_labels = None
depends_on = None

INSTANT = sa.DateTime(timezone=True)  # projections/time_sql.py's Instant, as stored


def upgrade() -> None:
    _accounts_and_sign_in()
    _audit_and_requests()
    _catalog()


def _accounts_and_sign_in() -> None:
    create_missing(
        "api_users",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("revoked_at", INSTANT, nullable=True),
        sa.PrimaryKeyConstraint("name"),
        sa.UniqueConstraint("token_sha256"),
    )
    create_missing(
        "staff_credentials",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("password_argon2", sa.String(length=256), nullable=False),
        sa.Column("password_set_at", INSTANT, nullable=False),
        sa.Column("must_change", sa.Boolean(), nullable=False),
        sa.Column("totp_kek_id", sa.String(length=64), nullable=True),
        sa.Column("totp_sealed", sa.LargeBinary(), nullable=True),
        sa.Column("totp_enrolled_at", INSTANT, nullable=True),
        sa.Column("totp_last_step", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("name"),
    )
    create_missing(
        "sign_in_failures",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("id"),
        indexes=[("ix_sign_in_failures_name", ["name"])],
    )
    create_missing(
        "staff_sessions",
        sa.Column("id_sha256", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("started_at", INSTANT, nullable=False),
        sa.Column("last_seen", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("id_sha256"),
        indexes=[("ix_staff_sessions_name", ["name"])],
    )


def _audit_and_requests() -> None:
    create_missing(
        "access_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", INSTANT, nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("record_type", sa.String(length=32), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("fields", sa.String(length=500), nullable=False),
        sa.Column("route", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        indexes=[("ix_access_log_record_id", ["record_id"])],
    )
    create_missing(
        "idempotency_keys",
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("request_sha256", sa.String(length=64), nullable=False),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("response", sa.Text(), nullable=True),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("actor", "key"),
        indexes=[("ix_idempotency_keys_created_at", ["created_at"])],
    )


def _catalog() -> None:
    create_missing(
        "projection_generations",
        sa.Column("projection", sa.String(length=64), nullable=False),
        sa.Column("active", sa.Integer(), nullable=False),
        sa.Column("building", sa.Integer(), nullable=True),
        sa.Column("switched_at", INSTANT, nullable=True),
        sa.PrimaryKeyConstraint("projection"),
    )
    create_missing(
        "projection_positions",
        sa.Column("projection", sa.String(length=64), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.Column("stream_seq", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("updated_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("projection", "generation"),
    )
    create_missing(
        "projection_partition_positions",
        sa.Column("projection", sa.String(length=64), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.Column("partition_index", sa.Integer(), nullable=False),
        sa.Column("partition_count", sa.Integer(), nullable=False),
        sa.Column("stream_seq", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("updated_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("projection", "generation", "partition_index"),
    )
    create_missing(
        "pipeline_status",
        sa.Column("component", sa.String(length=80), nullable=False),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("updated_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("component"),
    )
    create_missing(
        "projection_dead_letters",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("projection", sa.String(length=64), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.Column("stream_seq", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=True),
        sa.Column("event_type", sa.String(length=120), nullable=True),
        sa.Column("aggregate_id", sa.String(length=36), nullable=True),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("recorded_at", INSTANT, nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("resolved_by", sa.String(length=100), nullable=True),
        sa.Column("resolved_at", INSTANT, nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    msg = "the baseline is not undone (it holds accounts and the access log): restore a backup"
    raise NotImplementedError(msg)
