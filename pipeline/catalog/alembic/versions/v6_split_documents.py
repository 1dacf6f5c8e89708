"""Multi-document scans: a result split out of a file is a document over a range of its pages.

Revision ID: v6
Revises: v5
"""

from alembic import op

from pipeline.catalog import migrations

revision = "v6"
down_revision = "v5"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    migrations.add_column(bind, "documents", "parent_id", "TEXT REFERENCES documents(id)")
    migrations.add_column(bind, "documents", "first_page", "INTEGER")
    migrations.add_column(bind, "documents", "last_page", "INTEGER")
    migrations.add_column(bind, "documents", "split_by", "TEXT")
