"""Retention: an admin's schedule (retention_rules) and the record of what was disposed of (disposals).

Both are new tables, made by the schema script before this revision runs; nothing else changes.

Revision ID: v9
Revises: v8
"""

revision = "v9"
down_revision = "v8"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass  # the tables come from the catalog's schema script (CREATE TABLE IF NOT EXISTS)
