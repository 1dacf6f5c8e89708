"""Alembic's entry for the catalog: always run from sohoa (``pipeline.catalog.migrations``) on the
connection the catalog opened, never from an ``alembic.ini`` (there is none: the database is
wherever the settings say)."""

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, transaction_per_migration=False)
with context.begin_transaction():
    context.run_migrations()
