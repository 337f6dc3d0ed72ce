"""Building the committed files: CSVs, descriptor, JSON Schemas, docs, figure, citation files."""
