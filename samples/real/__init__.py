"""Real documents, published by a province, for evaluation: see README.md."""
