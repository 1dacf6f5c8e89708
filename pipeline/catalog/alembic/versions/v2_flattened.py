"""Pages remember whether the page was flattened (perspective correction).

Revision ID: v2
Revises: v1
"""

from alembic import op

from pipeline.catalog import migrations

revision = "v2"
down_revision = "v1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    migrations.add_column(op.get_bind(), "pages", "flattened", "INTEGER NOT NULL DEFAULT 0")
