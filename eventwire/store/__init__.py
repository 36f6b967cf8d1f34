"""The DuckDB store: the one write path and the queries every output reads."""
