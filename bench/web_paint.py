"""First paint of the workbench page with 10,000 events in view, in headless Chromium (floor: < 2 s).

    python bench/web_paint.py [--events 10000] [--runs 5]

Makes a database of ``--events`` (scripts/make_events_db.py), serves it on loopback, and loads
the page in Debian's Chromium (Playwright, never a downloaded browser) with a cold cache each
run. Reports the browser's first contentful paint and the time until the map's markers, the
timeline and the first table page are drawn (``document.body.dataset.ready``), median of the runs.
A screenshot goes to reports/web-paint-10k.png.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from web_common import ROOT, Served  # noqa: E402

from scripts.make_events_db import build  # noqa: E402

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    db = Path(tempfile.mkdtemp(prefix="eventwire-paint-")) / "paint.duckdb"
    build(db, args.events)
    fcp, ready, markers = [], [], 0
    with Served(db) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=ARGS)
        for run in range(args.runs + 1):
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            page = context.new_page()
            page.goto(url + "/?status=all")
            page.wait_for_function("document.body.dataset.ready === '1'", timeout=60000)
            timing = page.evaluate(
                "() => ({fcp: (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime,"
                " ready: performance.now()})"
            )
            markers = int(page.get_attribute("#map", "data-markers") or 0)
            if run:  # the first run warms the server's caches of the file
                fcp.append(timing["fcp"])
                ready.append(timing["ready"])
            else:
                (ROOT / "reports").mkdir(exist_ok=True)
                page.screenshot(path=str(ROOT / "reports" / "web-paint-10k.png"))
            context.close()
        browser.close()
    print(json.dumps({"events": args.events, "markers_drawn": markers, "runs": args.runs,
                      "first_contentful_paint_ms": round(statistics.median(fcp)),
                      "map_timeline_table_ready_ms": round(statistics.median(ready)),
                      "ready_max_ms": round(max(ready))}, indent=1))  # fmt: skip


if __name__ == "__main__":
    main()
