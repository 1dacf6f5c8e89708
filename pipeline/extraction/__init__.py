"""Metadata extraction from recognised pages: type, number, date, agency, signer, people, IDs."""

from pipeline.extraction.fields import EXPORT_FIELDS, ExtractedField, extract_metadata

__all__ = ["EXPORT_FIELDS", "ExtractedField", "extract_metadata"]
