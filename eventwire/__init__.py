"""eventwire: news articles in, clean structured event data out."""

from __future__ import annotations

__version__ = "0.1.0"

from .pipeline import extract, extract_articles  # noqa: E402

__all__ = ["extract", "extract_articles", "__version__"]
