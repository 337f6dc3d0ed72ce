"""datasette in a real browser (headless Chromium through Selenium and ChromeDriver), at
1400×1000: every table page shows data rows on its first screen, no label reads "None", and the
timeline opens in date order."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import need_module, need_tool

import rusdata
from rusdata.exports.sqlite import label_column
from rusdata.schema.columns import tables

need_module("datasette")
webdriver = need_module("selenium.webdriver")

WIDTH, HEIGHT = 1400, 1000
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="module")
def site(datasette_site: str, sqlite_export: Path) -> str:
    """The export served by datasette on loopback: the database's base URL."""
    return f"{datasette_site}/{sqlite_export.stem}"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    chromium = need_tool("chromium")
    driver_path = need_tool("chromedriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    with tempfile.TemporaryDirectory() as profile:
        for flag in [*CHROMIUM_FLAGS, f"--user-data-dir={profile}"]:
            options.add_argument(flag)
        driver = webdriver.Chrome(service=Service(driver_path), options=options)
        try:
            # the viewport itself is 1400×1000, whatever the window decorations take
            driver.execute_cdp_cmd(
                "Emulation.setDeviceMetricsOverride",
                {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False},
            )
            yield driver
        finally:
            driver.quit()


def _open(browser: Any, url: str) -> None:
    browser.get(url)
    deadline = time.monotonic() + 20
    while not browser.execute_script(
        "return document.querySelector('table.rows-and-columns') !== null"
    ):
        assert time.monotonic() < deadline, f"no table at {url}"
        time.sleep(0.1)


@pytest.mark.parametrize("name", list(tables()))
def test_first_screen_shows_data_rows(browser: Any, site: str, name: str) -> None:
    _open(browser, f"{site}/{name}")
    assert browser.execute_script("return [innerWidth, innerHeight]") == [WIDTH, HEIGHT]
    tops = browser.execute_script(
        "return [...document.querySelectorAll('table.rows-and-columns tbody tr')]"
        ".slice(0, 2).map(tr => tr.getBoundingClientRect().top)"
    )
    assert len(tops) == min(2, len(rusdata.load(name)))
    assert tops[0] + 40 < HEIGHT, f"{name}: the first row starts at {tops[0]}px, below the screen"
    cells = browser.execute_script(
        "return [...document.querySelectorAll('table.rows-and-columns td')].map(td => td.innerText.trim())"
    )
    assert cells and not [c for c in cells if c == "None" or c.startswith("None ")]


def test_every_label_column_is_required() -> None:
    for t in tables().values():
        label = label_column(t)
        assert label is None or t.column(label).required, t.name
    assert label_column(tables()["sources"]) == "file"  # `title` is empty for untitled articles


def test_timeline_opens_in_date_order(browser: Any, site: str) -> None:
    _open(browser, f"{site}/timeline")
    starts = browser.execute_script(
        "return [...document.querySelectorAll('table.rows-and-columns td.col-date_start')]"
        ".map(td => td.innerText.trim())"
    )
    assert starts == sorted(starts) and len(starts) == min(len(rusdata.timeline()), 100)
    assert starts[0] == str(rusdata.timeline()[0].date.start)


def test_screenshot_of_a_table_page(browser: Any, site: str, tmp_path: Path) -> None:
    """A picture of what a person sees (kept under RUSDATA_SCREENSHOTS if that is set)."""
    _open(browser, f"{site}/timeline")
    out = Path(os.environ.get("RUSDATA_SCREENSHOTS", tmp_path)) / "datasette-timeline.png"
    out.parent.mkdir(parents=True, exist_ok=True)
    assert browser.save_screenshot(str(out))
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def _on_first_screen(browser: Any, selector: str) -> list[str]:
    """The text of the elements matching `selector` whose box is inside the first screen."""
    return list(
        browser.execute_script(
            "return [...document.querySelectorAll(arguments[0])].filter(e => {"
            " const r = e.getBoundingClientRect();"
            " return r.width > 0 && r.top >= 0 && r.bottom <= innerHeight && r.right <= innerWidth"
            "}).map(e => e.innerText.trim())",
            selector,
        )
    )


def test_timeline_first_screen_shows_date_and_summary(browser: Any, site: str) -> None:
    _open(browser, f"{site}/timeline")
    first = rusdata.timeline()[0]
    assert str(first.date) in _on_first_screen(browser, "td.col-date")
    summaries = _on_first_screen(browser, "td.col-summary")
    assert summaries and summaries[0] == first.summary


def test_a_record_page_links_to_its_citations_people_and_inferences(
    browser: Any, site: str
) -> None:
    """Each record's page lists, on its first screen, the rows that refer to it: its quotes,
    its people, its inferred values (through the export's generated link columns)."""
    from rusdata.exports.sqlite import NAVIGATION

    cited = {(c.table, c.record_id) for c in rusdata.citations()}
    people = {(r.table, r.record_id) for r in rusdata.record_people()}
    inferred = {(i.table, i.record_id) for i in rusdata.inferences()}
    table, record = next(iter(sorted(cited & people & inferred)))
    browser.get(f"{site}/{table}/{record}")
    links = _on_first_screen(browser, "section.content ul li")
    column = NAVIGATION.format(table)
    for other in ("citations", "record_people", "inferences"):
        assert any(li.endswith(f"from {column} in {other}") for li in links), (other, links)
    n = sum(1 for c in rusdata.citations() if (c.table, c.record_id) == (table, record))
    assert f"{n} row{'s' if n > 1 else ''} from {column} in citations" in links
    # the link opens that record's quotes
    href = browser.execute_script(
        "return [...document.querySelectorAll('section.content ul li a')]"
        ".find(a => a.parentElement.innerText.includes(' in citations')).href"
    )
    _open(browser, href)
    quotes = browser.execute_script(
        "return [...document.querySelectorAll('td.col-quote')].map(td => td.innerText.trim())"
    )
    assert len(quotes) == n
    hidden = browser.execute_script(
        "return [...document.querySelectorAll('th')].filter(th => th.offsetParent !== null)"
        ".map(th => th.innerText.trim())"
    )
    assert not [h for h in hidden if h.endswith("_record")]  # the link columns stay out of view
