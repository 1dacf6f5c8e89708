"""The stage contract: every stage run records the version of the stage that made it.

Revision ID: v8
Revises: v7
"""

from alembic import op

from pipeline.catalog import migrations

revision = "v8"
down_revision = "v7"
branch_labels = None
depends_on = None


def upgrade() -> None:
    migrations.add_column(op.get_bind(), "stage_runs", "version", "TEXT")
