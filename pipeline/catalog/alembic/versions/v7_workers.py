"""Pool workers: pages and stage runs record the machine that made them.

Revision ID: v7
Revises: v6
"""

from alembic import op

from pipeline.catalog import migrations

revision = "v7"
down_revision = "v6"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    migrations.add_column(bind, "pages", "worker", "TEXT")
    migrations.add_column(bind, "stage_runs", "worker", "TEXT")
