"""Extraction stages: each a typed function from a parsed ``Doc`` to records.

``dates``, ``places``, ``counts``, ``actors``, ``events``, ``statements`` and
``status`` are called in turn by :mod:`eventwire.pipeline`.
"""
