"""The names of the metadata fields (no dependencies: commands that only read import this, not the
extractor and its patterns)."""

EXPORT_FIELDS = (
    "doc_type", "number", "issued_date", "agency", "subject", "signer", "signer_title",
    "people", "id_numbers", "dossier_code",
)  # fmt: skip
EXTRA_FIELDS = (
    "parent_agency", "place", "signing_authority", "procedure", "procedure_code", "field",
    "household_business_code", "tax_code", "received_date", "due_date",
)  # fmt: skip
# Archival description a clerk records (Circular 05/2025/TT-BNV; docs/archival-description.md): not read
# from the page, so never extracted; defaults in pipeline/archival.py.
ARCHIVAL_FIELDS = (
    "language", "copy_kind", "access_regime", "reliability", "handwriting", "physical_state", "keywords",
    "info_code", "note", "retention",
)  # fmt: skip
LIST_FIELDS = ("people", "id_numbers", "keywords")
