"""The catalog as first released (batches, documents, pages, metadata, stage runs).

Revision ID: v1
Revises: (none)
"""

revision = "v1"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass  # the base: catalogs of this version exist; nothing to do to reach it
