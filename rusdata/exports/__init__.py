"""Exports of the built package to other formats (DataFrames, SQLite, Parquet)."""
