"""Image cleaning and recognition."""
