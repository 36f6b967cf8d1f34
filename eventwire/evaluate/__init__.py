"""Evaluation harnesses: each module reads one gold format and returns a JSON-able report.

Every module exposes ``evaluate(path: str, limit: int | None = None) -> dict``;
``eventwire eval NAME PATH`` runs it and writes the report.
"""
