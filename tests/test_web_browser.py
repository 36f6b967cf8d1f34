"""The workbench page in a real browser: Debian's headless Chromium driven by Playwright.

Skipped, saying why, where no Chromium is installed (``.ci/run`` installs Debian's ``chromium``)
or the page's assets are not built (``make setup``). Screenshots go to ``reports/``.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from eventwire.web import built
from eventwire.web.api import create_app
from tests.test_web_api import build_db

CHROMIUM = next(
    (p for p in ("/usr/bin/chromium", shutil.which("chromium") or "") if p and Path(p).exists()), None
)
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
REPORTS = Path(__file__).resolve().parents[1] / "reports"

pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium at /usr/bin/chromium: apt-get install chromium"),
    pytest.mark.skipif(not built(), reason="web assets not built: run `make setup` (npm ci, npm run build)"),
]


def launch(playwright):
    """Debian's Chromium (never a downloaded one)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)


class Server:
    """uvicorn on a free loopback port, in a thread."""

    def __init__(self, app) -> None:
        import uvicorn

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    db = build_db(tmp_path_factory.mktemp("browser") / "web.duckdb")
    with Server(create_app(db)) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright not installed: pip install -e .[dev]"
    )
    with sync_api.sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.errors = errors
    yield page
    context.close()


def _ready(page) -> None:
    page.wait_for_function("document.body.dataset.ready === '1'", timeout=15000)


def _shot(page, name: str) -> None:
    REPORTS.mkdir(exist_ok=True)
    page.screenshot(path=str(REPORTS / f"web-{name}.png"), full_page=False)


def test_the_map_shows_markers_and_country_level_events(page, base):
    page.goto(base + "/")
    _ready(page)
    markers = int(page.get_attribute("#map", "data-markers"))
    assert markers == 42  # every event with a point; the Somalia protest shades the country instead
    assert page.get_attribute("#map", "data-countries") == "1"
    assert page.locator(".marker-cluster, path.leaflet-interactive").count() > 0
    assert page.locator("#events tbody tr").count() == 43
    first_date = page.locator("#events tbody tr").first.locator("td").first.text_content()
    assert first_date == "2024-10-25"  # newest first
    _shot(page, "map")
    assert page.errors == []


def test_brushing_the_timeline_filters_the_table_and_map(page, base):
    page.goto(base + "/")
    _ready(page)
    box = page.locator("#timeline").bounding_box()
    before = page.locator("#events tbody tr").count()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.55, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.75, y, steps=5)
    page.mouse.up()
    page.wait_for_function("new URLSearchParams(location.search).has('since')", timeout=10000)
    _ready(page)
    page.wait_for_function(f"document.querySelectorAll('#events tbody tr').length < {before}", timeout=10000)
    since = page.input_value("#f-since")
    until = page.input_value("#f-until")
    dates = page.locator("#events tbody tr td:first-child").all_text_contents()
    assert dates and all(since <= d[:10] <= until or len(d) < 10 for d in dates)
    assert int(page.get_attribute("#map", "data-markers")) < 42
    _shot(page, "brush")
    # the view is in the URL: opening it again shows the same rows
    url = page.url
    page.goto(url)
    _ready(page)
    assert page.locator("#events tbody tr td:first-child").all_text_contents() == dates


def test_clicking_an_event_opens_its_article_with_the_evidence_highlighted(page, base):
    page.goto(base + "/?text=villagers")
    _ready(page)
    page.locator("#events tbody tr").first.click()
    page.wait_for_selector("#article-view .article-text mark.hl-trigger", timeout=10000)
    view = page.locator("#article-view")
    assert view.locator(".article-text mark.hl-trigger").first.text_content() == "killed"
    assert view.locator(".article-text mark.hl-fatalities").first.text_content() == "12"
    assert view.locator(".article-text mark.hl-location").first.text_content() == "Beni"
    assert view.locator(".article-text mark.hl-event_date").first.text_content() == "Monday"
    assert view.locator(".article-text mark.hl-actor1").first.text_content() == "Gunmen"
    assert (
        "We buried them this morning" in view.locator(".article-text mark.hl-statement").first.text_content()
    )
    assert "Kambale Musavuli" in view.text_content()
    # hostile text is shown as text and never runs
    assert "<script>window.__pwned = 1</script>" in view.locator(".article-text").text_content()
    assert page.locator("#article-view script, #article-view img, #event-view img").count() == 0
    assert page.evaluate("window.__pwned") is None
    assert "event=" in page.url and "article=beni" in page.url
    _shot(page, "article")
    # the shared URL opens the same event and article
    page.goto(page.url)
    page.wait_for_selector("#article-view mark.hl-trigger", timeout=10000)
    assert page.evaluate("window.__pwned") is None
    assert page.errors == []


def test_sorting_and_paging_the_table(page, base):
    page.goto(base + "/")
    _ready(page)
    page.click("th[data-sort=fatalities]")
    page.wait_for_function("location.search.includes('sort=-fatalities')")
    page.wait_for_function(
        "document.querySelector('#events tbody tr td.n').textContent === '12'", timeout=10000
    )
    assert page.locator("th[data-sort=fatalities]").get_attribute("class") == "n sorted-desc"


def test_docs_page_works_offline(page, base):
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(base + "/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=15000)
    assert all(u.startswith(base) for u in requests)
    _shot(page, "docs")
