"""The real dashboard in headless Debian chromium: charts drawn, an aspect clicked, a download read back,
a malicious upload shown literally, and a full-page screenshot (UPDATE_SCREENSHOT=1 refreshes the README's).

Needs the `chromium` package (the README's test command installs it). Without it the tests are skipped locally
with the reason, and fail under CI=true, where a missing browser is a broken set-up.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pandas as pd
import pytest

from tests.browser_support import (
    ROOT,
    browser_page,
    chromium_path,
    streamlit_server,
    wait_for_first_chart,
    wait_until_idle,
)

pytestmark = pytest.mark.browser

if chromium_path() is None:
    if os.environ.get("CI") == "true":
        pytest.fail("chromium is not installed (apt-get install -y chromium); CI must run the browser tests",
                    pytrace=False)
    pytest.skip("chromium is not installed: apt-get install -y chromium (the README's test command does)",
                allow_module_level=True)


@pytest.fixture(scope="module")
def server():
    with streamlit_server() as url:
        yield url


def test_browser_renders_charts_and_screenshot(server, tmp_path):
    """Every chart draws (svg or canvas), no exception element; takes a full-page screenshot (written to
    docs/screenshot.png for the README only when UPDATE_SCREENSHOT=1, so a test run never changes the checkout)."""
    with browser_page(width=1280, height=2600) as page:
        page.goto(server)
        wait_for_first_chart(page)
        wait_until_idle(page)
        _wait_for_drawn_charts(page, 2)  # the overview: the main chart and the heatmap
        assert page.locator("[data-testid=stException]").count() == 0
        assert page.locator("[data-testid=stMetricValue]").count() == 2
        page.wait_for_timeout(300)
        target = ROOT / "docs" / "screenshot.png" if os.environ.get("UPDATE_SCREENSHOT") == "1" else tmp_path / "s.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 10_000  # a drawn page, not an empty one
        _open_tab(page, "Sentiment arc")
        _wait_for_drawn_charts(page, 3)
        assert page.locator("[data-testid=stException]").count() == 0


def _wait_for_drawn_charts(page, count: int) -> None:
    page.wait_for_function(
        "n => [...document.querySelectorAll('[data-testid=stVegaLiteChart]')]"
        ".filter(c => c.querySelector('svg, canvas')).length >= n", arg=count, timeout=60000)


def _open_tab(page, name: str) -> None:
    """Click a tab of the lower section; its content is built by the rerun the click starts."""
    page.get_by_role("tab", name=name).click()
    wait_until_idle(page)


def test_browser_click_aspect_shows_evidence(server):
    """Clicking a point of the main chart selects its aspect and the evidence section follows; clicked while
    another tab is open, the Evidence tab opens."""
    with browser_page(width=1280, height=1400) as page:
        page.goto(server)
        wait_for_first_chart(page)
        wait_until_idle(page)
        header = page.locator("h3", has_text="Evidence:")
        before = header.inner_text()
        _open_tab(page, "Sentences")
        page.wait_for_selector("h3:has-text('Evidence:')", state="detached", timeout=30000)
        chart = page.locator("[data-testid=stVegaLiteChart]").first
        chart.scroll_into_view_if_needed()
        # The evidence opens on the most divisive aspect (the top row); click the bottom row's point instead.
        point = chart.locator("g.mark-symbol.role-mark path").last  # data points, not legend symbols
        box = point.bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_function(
            "before => [...document.querySelectorAll('h3')].some(h => h.innerText.startsWith('Evidence:') "
            "&& h.innerText !== before)", arg=before, timeout=30000)
        wait_until_idle(page)
        assert header.inner_text() != before


def test_browser_download_csv_reads_back(server):
    """The aspect-scores CSV downloads and parses with the documented columns."""
    with browser_page() as page:
        page.goto(server)
        wait_for_first_chart(page)
        wait_until_idle(page)
        _open_tab(page, "Downloads")
        button = page.locator("[data-testid=stDownloadButton] button", has_text="Aspect scores (CSV)")
        button.wait_for(timeout=30000)
        button.scroll_into_view_if_needed()
        with page.expect_download(timeout=30000) as info:
            button.click()
        download = info.value
        assert download.suggested_filename.startswith("soundtrack-aspects-")
        frame = pd.read_csv(io.BytesIO(Path(download.path()).read_bytes()))
        assert {"review_id", "critic", "aspect", "score", "label", "mentions"} <= set(frame.columns)
        assert len(frame) == 16


MALICIOUS = (
    "By <script>window.injected=1</script> Mallory\n\n"
    "The dancing is <img src=x onerror=\"window.injected=2\"> great. "
    "[click me](javascript:window.injected=3) and ![tracker](http://127.0.0.1:9/pixel.png) "
    "$\\LaTeX$ :red[alarm] **bold**. The songs are wonderful.\n"
)


def test_browser_malicious_upload_is_shown_literally(server, tmp_path):
    """Review text with HTML, markdown links/images and Streamlit syntax injects no element into the page."""
    evil = tmp_path / "evil.txt"
    evil.write_text(MALICIOUS, encoding="utf-8")
    plain = tmp_path / "plain.txt"
    plain.write_text("By Ann Lee\n\nThe dancing is clumsy and the songs are dreadful.\n", encoding="utf-8")
    with browser_page(width=1280, height=1600) as page:
        page.goto(server)
        wait_for_first_chart(page)
        wait_until_idle(page)
        page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files([str(evil), str(plain)])
        page.wait_for_selector("text=Ann Lee", timeout=30000)
        wait_until_idle(page)
        page.locator("[data-testid=stSelectbox]").last.scroll_into_view_if_needed()
        assert page.evaluate("window.injected") is None
        app = page.locator("[data-testid=stMain]")
        assert app.locator("script").count() == 0
        assert app.locator("img[src='x'], img[src*='pixel']").count() == 0
        assert app.locator("a[href^='javascript']").count() == 0
        assert page.locator("[data-testid=stException]").count() == 0
        assert "<script>" in app.inner_text() or "script" in app.inner_text()
