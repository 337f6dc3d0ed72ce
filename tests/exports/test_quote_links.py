"""The SQLite export's quote_links: a text-fragment link per quote of a located source, shown by
datasette as a link."""

from __future__ import annotations

import csv
import html
import sqlite3
import urllib.request
from pathlib import Path

from conftest import REPO, need_module

from rusdata.package.links import text_fragment


def test_every_quote_of_a_located_source_has_its_link(sqlite_export: Path) -> None:
    with open(REPO / "data" / "sources.csv", encoding="utf-8", newline="") as f:
        urls = {r["id"]: r["located_url"] for r in csv.DictReader(f)}
    with open(REPO / "data" / "citations.csv", encoding="utf-8", newline="") as f:
        expected = {
            (r["table"], r["record_id"], int(r["ordinal"])): f"{urls[r['source_id']]}#"
            + text_fragment(r["quote"])
            for r in csv.DictReader(f)
            if urls[r["source_id"]]
        }
    db = sqlite3.connect(f"file:{sqlite_export}?mode=ro", uri=True)
    got = {
        (t, rid, n): link
        for t, rid, n, link in db.execute(
            'SELECT "table", record_id, ordinal, link FROM quote_links'
        )
    }
    assert got == expected and len(got) > 200
    assert not db.execute("PRAGMA foreign_key_check").fetchall()


def test_text_fragments_are_encoded() -> None:
    assert text_fragment("Mi-35, a deal & more") == ":~:text=Mi%2D35%2C%20a%20deal%20%26%20more"
    long = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen x"
    assert text_fragment(long) == (
        ":~:text=one%20two%20three%20four%20five,eleven%20twelve%20thirteen%20fourteen%20x"
    )


def test_datasette_shows_the_links(datasette_site: str, sqlite_export: Path) -> None:
    need_module("datasette")
    url = f"{datasette_site}/{sqlite_export.stem}/quote_links?_size=max"
    with urllib.request.urlopen(url, timeout=30) as r:
        page = r.read().decode("utf-8")
    hrefs = [html.unescape(h) for h in page.split('href="')[1:]]
    assert sum(":~:text=" in h.split('"')[0] for h in hrefs) > 200
    assert "Links to the quotes on their pages" in page
