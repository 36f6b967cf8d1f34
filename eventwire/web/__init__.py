"""The workbench page: its own sources in ``page/`` (committed) and, in ``dist/``, the map library,
country outlines and Swagger UI copied from the npm packages pinned in ``web/package-lock.json``
by ``make setup`` (``npm ci && npm run build`` in ``web/``; not committed)."""

from __future__ import annotations

from pathlib import Path

PAGE_DIR = Path(__file__).parent / "page"
DIST_DIR = Path(__file__).parent / "dist"
VENDOR_FILES = ("leaflet.js", "leaflet.css", "leaflet.markercluster.js", "MarkerCluster.css",
                "MarkerCluster.Default.css", "topojson-client.min.js", "countries-110m.json",
                "swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png")  # fmt: skip


def built() -> bool:
    """Whether the npm build has put every vendor file the page needs in ``dist/``."""
    return all((DIST_DIR / name).is_file() for name in VENDOR_FILES)
