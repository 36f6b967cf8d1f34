"""Outputs: the export formats (ACLED CSV, PLOVER JSON, GeoJSON, Parquet) and terminal rendering."""
