"""`rusdata export site`: a static site with a page per record. Checked as files (every link
resolves, every record is reachable from the index, no script) and in headless Chromium (at a
phone's width nothing is wider than the screen; text-fragment links scroll a local copy of each
located article to the quote)."""

from __future__ import annotations

import csv
import html
import tempfile
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from conftest import REPO, need_module, need_sources, need_tool

import rusdata
from rusdata.cli import main
from rusdata.package.links import quote_link, text_fragment


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.scripts += 1
        for k, v in attrs:
            if k == "href" and v:
                self.hrefs.append(v)
            if k.startswith("on"):
                self.scripts += 1


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    assert main(["--root", str(REPO), "export", "site", str(out)]) == 0
    return out


def parse(page: Path) -> Links:
    p = Links()
    p.feed(page.read_text(encoding="utf-8"))
    return p


def records() -> dict[str, list[str]]:
    import json

    descriptor = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
    out = {}
    for r in descriptor["resources"]:
        if r["schema"].get("primaryKey") == ["id"]:
            with open(REPO / r["path"], encoding="utf-8", newline="") as f:
                out[r["name"]] = [row["id"] for row in csv.DictReader(f)]
    return out


def test_every_link_resolves_and_every_record_is_reachable(site: Path) -> None:
    seen, todo, external = set(), [site / "index.html"], set()
    while todo:
        page = todo.pop()
        if page in seen:
            continue
        seen.add(page)
        links = parse(page)
        assert links.scripts == 0, page
        for href in links.hrefs:
            if urlsplit(href).scheme:
                external.add(href)
                continue
            target = (page.parent / unquote(href.split("#")[0])).resolve()
            assert target.is_file(), f"{page.relative_to(site)}: broken link {href}"
            todo.append(target)
    expected = {site / "index.html"} | {
        (site / table / f"{rid}.html").resolve() for table, ids in records().items() for rid in ids
    }
    assert expected <= seen
    assert len(seen) == len(list(site.rglob("*.html")))
    assert any(":~:text=" in e for e in external)


def test_a_record_page_tells_stated_from_inferred_and_shows_its_quotes(site: Path) -> None:
    page = (site / "visits" / "lavrov-islamabad-2021-04.html").read_text(encoding="utf-8")
    with open(REPO / "data" / "inferences.csv", encoding="utf-8", newline="") as f:
        inferred = [r for r in csv.DictReader(f) if r["record_id"] == "lavrov-islamabad-2021-04"]
    assert inferred and page.count('class="tag">inferred') == len(inferred)
    for r in inferred:
        assert html.escape(r["reason"]) in page
    with open(REPO / "data" / "citations.csv", encoding="utf-8", newline="") as f:
        quotes = [r for r in csv.DictReader(f) if r["record_id"] == "lavrov-islamabad-2021-04"]
    for q in quotes:
        assert html.escape(q["quote"]) in page
    assert page.count("open on the page") == len(quotes)  # every source here was located
    assert "<h2>History</h2>" in page and "1.0.0" in page
    assert (
        "rusdata cite" not in page and "@misc{" in page and f"version {rusdata.__version__}" in page
    )


# ---------------------------------------------------------------- in Chromium

PHONE = 375
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    webdriver = need_module("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = need_tool("chromium")
    with tempfile.TemporaryDirectory() as profile:
        for flag in [*FLAGS, f"--user-data-dir={profile}"]:
            options.add_argument(flag)
        driver = webdriver.Chrome(service=Service(need_tool("chromedriver")), options=options)
        try:
            yield driver
        finally:
            driver.quit()


def width(driver: Any, w: int, mobile: bool) -> None:
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": w, "height": 800, "deviceScaleFactor": 1, "mobile": mobile},
    )


def test_pages_fit_a_phone(site: Path, browser: Any, tmp_path: Path) -> None:
    width(browser, PHONE, True)
    pages = [site / "index.html", *sorted(site.glob("*/index.html"))]
    # The longest record page of each table: the widest content there is.
    for folder in sorted(p for p in site.iterdir() if p.is_dir()):
        pages.append(max(folder.glob("*.html"), key=lambda p: p.stat().st_size))
    for page in pages:
        browser.get(page.as_uri())
        wide = browser.execute_script("return document.documentElement.scrollWidth")
        assert wide <= PHONE, f"{page.relative_to(site)} is {wide}px wide at {PHONE}px"
        size = browser.execute_script("return parseFloat(getComputedStyle(document.body).fontSize)")
        assert size >= 16
    browser.get((site / "visits" / "lavrov-islamabad-2021-04.html").as_uri())
    assert browser.save_screenshot(str(tmp_path / "record-phone.png"))


def test_navigating_from_the_index_reaches_a_record(site: Path, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    width(browser, 1200, False)
    browser.get((site / "index.html").as_uri())
    browser.find_element(By.LINK_TEXT, "High-level contacts").click()
    browser.find_element(By.LINK_TEXT, "lavrov-islamabad-2021-04").click()
    assert browser.current_url.endswith("/visits/lavrov-islamabad-2021-04.html")
    assert "Sergey Lavrov" in browser.find_element(By.TAG_NAME, "h1").text
    fragment = browser.find_element(By.CLASS_NAME, "fragment").get_attribute("href")
    assert "#:~:text=" in fragment


def local_copy(raw: str, folder: Path) -> Path:
    """The article as a web page: each line a paragraph, far below the top, so a link that
    finds its quote has to scroll."""
    spacer = '<div style="height:3000px"></div>'
    body = "".join(f"<p>{html.escape(line)}</p>" for line in raw.split("\n") if line.strip())
    path = folder / "copy.html"
    path.write_text(f"<!DOCTYPE html><html><body>{spacer}{body}{spacer}</body></html>", "utf-8")
    return path


_turn = [0]


def scrolled(browser: Any, url: str) -> bool:
    """Open `url` in a new document (a fragment applies only then: every other call goes
    through `?b`) and wait for the page to scroll."""
    _turn[0] += 1
    if _turn[0] % 2:
        path, _, fragment = url.partition("#")
        url = f"{path}?b#{fragment}"
    browser.get(url)
    for _ in range(20):
        if browser.execute_script("return window.scrollY") > 0:
            return True
        time.sleep(0.05)
    return False


def test_text_fragment_links_scroll_to_every_quote(browser: Any, tmp_path: Path) -> None:
    folder = need_sources()
    width(browser, 1200, False)
    with open(REPO / "data" / "sources.csv", encoding="utf-8", newline="") as f:
        sources = {r["id"]: r for r in csv.DictReader(f) if r["located_url"]}
    with open(REPO / "data" / "citations.csv", encoding="utf-8", newline="") as f:
        citations = [r for r in csv.DictReader(f) if r["source_id"] in sources]
    assert len(sources) == 4 and citations
    missed = []
    for sid, src in sources.items():
        copy = local_copy((folder / src["file"]).read_text(encoding="utf-8"), tmp_path)
        assert not scrolled(browser, f"{copy.as_uri()}#{text_fragment('no such words here')}")
        for c in [c for c in citations if c["source_id"] == sid]:
            link = quote_link(src["located_url"], c["quote"])
            url = copy.as_uri() + "#" + link.split("#", 1)[1]
            if not scrolled(browser, url):
                missed.append((sid, c["quote"]))
                continue
            # The quote's paragraph is on the screen (once the scroll has settled).
            script = (
                "const w = arguments[0];"
                "return [...document.querySelectorAll('p')].some(p => {"
                " const r = p.getBoundingClientRect();"
                " return p.textContent.replace(/\\s+/g, ' ').replace(/[‘’]/g, \"'\").includes(w)"
                "  && r.bottom > 0 && r.top < innerHeight; });"
            )
            # Chromium matches ’ and ' alike (src-000 prints one sentence with each).
            words = " ".join(c["quote"].split()[:4]).replace("’", "'").replace("‘", "'")
            for _ in range(20):
                if visible := browser.execute_script(script, words):
                    break
                time.sleep(0.05)
            assert visible, (c["quote"], browser.execute_script("return window.scrollY"))
    assert not missed, missed[:5]
