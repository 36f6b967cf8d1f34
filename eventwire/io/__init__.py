"""Inputs: reading files, URLs, feeds and WARC archives into articles (ingest, fetch, sources, corpus)."""
