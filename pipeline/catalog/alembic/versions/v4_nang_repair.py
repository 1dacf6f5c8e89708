"""Stored text with a misplaced nặng ("Lụât" for "Luật") is repaired; the index is rebuilt.

Revision ID: v4
Revises: v3
"""

from alembic import op

from pipeline.catalog import migrations

revision = "v4"
down_revision = "v3"
branch_labels = None
depends_on = None


def upgrade() -> None:
    migrations.on_sqlite(op.get_bind(), migrations.repair_nang)
