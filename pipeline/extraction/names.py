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
LIST_FIELDS = ("people", "id_numbers")
