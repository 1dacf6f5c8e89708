"""Search backends and Vietnamese text analysis."""
