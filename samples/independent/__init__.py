"""The independent evaluation corpus: see README.md."""
