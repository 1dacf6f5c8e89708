"""sohoa pipeline: intake, storage, catalog, extraction, settings and the command line."""

__version__ = "0.1.0"
