"""Identifier keys for near-duplicate detection, for documents extracted before they existed.

Revision ID: v5
Revises: v4
"""

from alembic import op

from pipeline.catalog import migrations

revision = "v5"
down_revision = "v4"
branch_labels = None
depends_on = None


def upgrade() -> None:
    migrations.on_sqlite(op.get_bind(), migrations.backfill_document_keys)
