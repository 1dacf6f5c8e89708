"""Offices (đơn vị): batches record the office that sent them; offices and what they share come in
tables of their own, as do a clerk's file-level (hồ sơ) corrections (made by the schema script).

Revision ID: v10
Revises: v9
"""

from alembic import op

from pipeline.catalog import migrations

revision = "v10"
down_revision = "v9"
branch_labels = None
depends_on = None


def upgrade() -> None:
    migrations.add_column(op.get_bind(), "batches", "office", "TEXT NOT NULL DEFAULT ''")
