"""Metadata extraction from recognised pages: type, number, date, agency, signer, people, IDs.

``fields`` extracts; ``names`` only names the fields (cheap to import).
"""
