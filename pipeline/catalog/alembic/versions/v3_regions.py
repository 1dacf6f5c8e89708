"""Pages keep their layout regions.

Revision ID: v3
Revises: v2
"""

from alembic import op

from pipeline.catalog import migrations

revision = "v3"
down_revision = "v2"
branch_labels = None
depends_on = None


def upgrade() -> None:
    migrations.add_column(op.get_bind(), "pages", "regions_json", "TEXT NOT NULL DEFAULT '[]'")
