"""`rusdata export site DIR`: a static site with a page per record, to cite and share.

An index, one page per table and one per record (every table with an `id`). A record's page
shows its values, each inferred one marked as ours with the reason; every quote with its source,
a link that opens the source's page at the quote (a text fragment) where the source was found
published, and its history across releases; and how to cite it. Plain HTML and one inline
style sheet: no server and no JavaScript, readable at a phone's width. Links between pages are
relative, so the folder can be served from anywhere or opened from disk. Reads the built
package (and `releases/changes.csv` beside it, where there is one).
"""

from __future__ import annotations

import argparse
import csv
import html
import re
import shutil
from collections import defaultdict
from pathlib import Path

from rusdata.errors import RusdataError
from rusdata.package.cite import cite, page_path
from rusdata.package.links import quote_link
from rusdata.package.reader import Package, installed
from rusdata.schema.columns import LIST_DELIMITER, Table, tables

FORMAT = "site"
HELP = "a static site: index, a page per table and per record (no server, no JavaScript)"

STYLE = """
body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:52em;padding:0 1em 3em;color:#1b1b1b}
a{color:#0645ad}h1{font-size:1.4em;line-height:1.25}h2{font-size:1.2em;margin-top:2em}
nav{font-size:.9em;margin:1em 0}dl{display:grid;grid-template-columns:minmax(7em,max-content) 1fr;gap:.3em 1em}
dt{font-weight:600;overflow-wrap:anywhere}dd{margin:0;overflow-wrap:anywhere}
.inferred{background:#fff4d6;border-left:3px solid #c98a00;padding:0 .4em}
.tag{font-size:.75em;font-weight:600;text-transform:uppercase;letter-spacing:.03em;color:#7a5200}
blockquote{margin:.5em 0;padding:.3em .8em;border-left:3px solid #999;background:#f6f6f6}
.quote{margin:1.2em 0}.meta{font-size:.9em;color:#444}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.3em .5em;border-bottom:1px solid #ddd;vertical-align:top}
td{overflow-wrap:break-word}pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f6f6f6;padding:.5em;font-size:.85em}
@media (max-width:30em){h1{font-size:1.2em}dl{grid-template-columns:1fr}dt{margin-top:.5em}
td,th{padding:.3em .25em}td:last-child{overflow-wrap:anywhere}}
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _prose(text: str) -> str:
    """A description: escaped, its `code` spans as <code>."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", _e(text))


def _page(title: str, body: list[str], up: str) -> bytes:
    home = f'<nav><a href="{up}index.html">rusdata</a></nav>' if up is not None else ""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{STYLE}</style></head><body>{home}\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    ).encode("utf-8")


def record_tables(package: Package) -> list[Table]:
    """The tables whose rows are records with an id (a page each)."""
    return [t for t in tables().values() if t.primary_key == ("id",) and t.name in package.names]


def _label(t: Table, row: dict[str, str]) -> str:
    for name in ("summary", "name", "designation", "title", "topic", "file"):
        if row.get(name):
            return row[name]
    return row["id"]


def _changes(package: Package) -> list[dict[str, str]]:
    root = package.root
    path = root / "releases" / "changes.csv" if root else None
    if path is None or not path.is_file():
        return []
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


class Site:
    def __init__(self, package: Package) -> None:
        self.package = package
        self.tables = record_tables(package)
        self.names = {t.name for t in self.tables}
        self.rows = {t.name: package.dicts(t.name)[1] for t in self.tables}
        self.by_key: dict[str, dict[str, list[dict[str, str]]]] = {}
        for link in ("citations", "inferences", "record_people", "discrepancy_records"):
            grouped: dict[str, list[dict[str, str]]] = defaultdict(list)
            if link in package.names:
                for r in package.dicts(link)[1]:
                    grouped[f"{r['table']}/{r['record_id']}"].append(r)
            self.by_key[link] = grouped
        self.sources = {r["id"]: r for r in self.rows.get("sources", [])}
        self.history: dict[str, list[dict[str, str]]] = defaultdict(list)
        for c in _changes(package):
            parts = c["record_id"].split("/")
            if c["table"] in self.names and c["record_id"]:
                self.history[f"{c['table']}/{c['record_id']}"].append(c)
            elif len(parts) >= 2 and parts[0] in self.names:
                self.history[f"{parts[0]}/{parts[1]}"].append(c)

    def link(self, table: str, record_id: str, up: str = "../") -> str:
        if table in self.names and any(r["id"] == record_id for r in self.rows[table]):
            return f'<a href="{up}{_e(page_path(table, record_id))}">{_e(record_id)}</a>'
        return _e(record_id)

    def source_title(self, sid: str) -> str:
        s = self.sources.get(sid, {})
        return s.get("title") or f"Untitled article ({s.get('file', sid)})"

    # ------------------------------------------------------------ pages

    def index(self) -> bytes:
        d = self.package.descriptor
        body = [
            f"<h1>{_e(str(d['title']))}</h1>",
            f"<p>Version {_e(self.package.version)}. {_e(str(d['description']))}</p>",
        ]
        if d.get("id"):
            body.append(f'<p>DOI: <a href="{_e(d["id"])}">{_e(d["id"])}</a></p>')
        body.append("<h2>Tables</h2><table><tr><th>table</th><th>records</th><th>one per</th></tr>")
        for t in self.tables:
            body.append(
                f'<tr><td><a href="{t.name}/index.html">{_e(t.title)}</a></td>'
                f"<td>{len(self.rows[t.name])}</td><td>{_prose(t.row)}</td></tr>"
            )
        body.append("</table>")
        body.append("<h2>How to cite</h2><p>Cite the dataset by its version")
        body.append(
            f" ({_e(self.package.version)}), and a single fact by its table and id: each record's"
            " page ends with its citation (also <code>rusdata cite TABLE ID</code>).</p>"
        )
        body.append(
            '<p class="meta">Values marked <span class="inferred"><span class="tag">inferred'
            "</span></span> are our reading, not stated by the record's quotes; each says why. "
            "Every other value is stated by one of the record's quotes.</p>"
        )
        return _page(str(d["title"]), body, None)  # type: ignore[arg-type]

    def table_page(self, t: Table) -> bytes:
        body = [f"<h1>{_e(t.title)}</h1>", f"<p>{_prose(t.description)}</p>", "<table>"]
        body.append("<tr><th>id</th><th>what</th></tr>")
        for row in self.rows[t.name]:
            body.append(
                f'<tr><td><a href="{_e(row["id"])}.html">{_e(row["id"])}</a></td>'
                f"<td>{_e(_label(t, row))}</td></tr>"
            )
        body.append("</table>")
        return _page(t.title, body, "../")

    def _value(self, t: Table, name: str, value: str) -> str:
        col = t.column(name)
        if col.ref and value:
            items = value.split(LIST_DELIMITER) if col.is_list else [value]
            return ", ".join(self.link(col.ref, v) for v in items)
        if value.startswith(("https://", "http://")):
            return f'<a href="{_e(value)}">{_e(value)}</a>'
        return _e(value)

    def record_page(self, t: Table, row: dict[str, str]) -> bytes:
        key = f"{t.name}/{row['id']}"
        inferred = {i["field"]: i["reason"] for i in self.by_key["inferences"].get(key, [])}
        body = [
            f"<h1>{_e(_label(t, row))}</h1>",
            f'<p class="meta">{_e(t.title)} · record <code>{_e(key)}</code></p>',
            "<h2>Values</h2><dl>",
        ]
        for col in t.columns:
            value = row.get(col.name, "")
            if not value or col.derived:
                continue
            field = col.source or col.name
            if field in inferred:
                body.append(
                    f'<dt>{_e(col.name)}</dt><dd class="inferred">{self._value(t, col.name, value)} '
                    f'<span class="tag">inferred</span><br><span class="meta">Our reading: '
                    f"{_e(inferred[field])}</span></dd>"
                )
            else:
                body.append(f"<dt>{_e(col.name)}</dt><dd>{self._value(t, col.name, value)}</dd>")
        body.append("</dl>")
        for field, reason in inferred.items():
            if not row.get(field):  # an inferred list or link shown in its own table
                body.append(
                    f'<p class="inferred"><span class="tag">inferred</span> {_e(field)}: '
                    f"{_e(reason)}</p>"
                )
        people = self.by_key["record_people"].get(key, [])
        if people:
            body.append("<h2>People</h2><ul>")
            body += [
                f"<li>{self.link('people', p['person_id'])} ({_e(p['role'])})</li>" for p in people
            ]
            body.append("</ul>")
        versions = self.by_key["discrepancy_records"].get(key, [])
        if versions:
            body.append("<h2>Versions</h2><ul>")
            body += [
                f"<li>{self.link(v['target_table'], v['target_id'])}: {_e(v['value'])} "
                f"({self.link('sources', v['source_id'])})</li>"
                for v in versions
            ]
            body.append("</ul>")
        body.append("<h2>Quotes</h2>")
        for c in self.by_key["citations"].get(key, []):
            src = self.sources.get(c["source_id"], {})
            parts = [
                f'<div class="quote" id="quote-{_e(c["ordinal"])}"><blockquote>{_e(c["quote"])}'
                "</blockquote>",
                f'<div class="meta">{self.link("sources", c["source_id"])}: '
                f"<cite>{_e(self.source_title(c['source_id']))}</cite>",
            ]
            if c.get("locator"):
                parts.append(f" ({_e(c['locator'])})")
            if src.get("located_url"):
                url = quote_link(src["located_url"], c["quote"])
                parts.append(f' · <a class="fragment" href="{_e(url)}">open on the page</a>')
            else:
                parts.append(" · not found published; the text is not redistributed")
            if c.get("note"):
                parts.append(f"<br>{_e(c['note'])}")
            parts.append("</div></div>")
            body.append("".join(parts))
        body.append("<h2>History</h2>")
        history = self.history.get(key, [])
        if history:
            body.append("<table><tr><th>version</th><th>where</th><th>change</th></tr>")
            for h in history:
                # A link-table row is named by the rest of its key ("citations 3", "inferences
                # place"); the record's own rows by its table.
                rest = h["record_id"].removeprefix(f"{key}/")
                where = h["table"] if h["record_id"] == row["id"] else f"{h['table']} {rest}"
                what = h["change"]
                if what == "changed":
                    what = f"{h['field']}: {h['old'] or '(empty)'} → {h['new'] or '(empty)'}"
                body.append(
                    f"<tr><td>{_e(h['version'])}</td><td>{_e(where)}</td><td>{_e(what)}</td></tr>"
                )
            body.append("</table>")
        else:
            body.append("<p>No change recorded across releases.</p>")
        how = cite(self.package, t.name, row["id"])
        body.append(f"<h2>Cite</h2><pre>{_e(how.text())}</pre><pre>{_e(how.bibtex())}</pre>")
        return _page(f"{key} · rusdata", body, "../")

    def pages(self) -> dict[str, bytes]:
        out = {"index.html": self.index()}
        for t in self.tables:
            out[f"{t.name}/index.html"] = self.table_page(t)
            for row in self.rows[t.name]:
                out[page_path(t.name, row["id"])] = self.record_page(t, row)
        return out


def render(package: Package) -> dict[str, bytes]:
    return Site(package).pages()


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", metavar="DIR", type=Path, help="folder to write the site into")


def export(args: argparse.Namespace) -> list[str]:
    from rusdata.build.atomic import write

    pages = render(installed())
    target: Path = args.path
    if target.exists() and not (target / "index.html").is_file() and any(target.iterdir()):
        raise RusdataError(f"{target}: not empty and not a site rusdata wrote; choose another DIR")
    if target.exists():
        shutil.rmtree(target)  # a site rusdata wrote: no stale page of a removed record stays
    for rel, data in sorted(pages.items()):
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        write(path, data)
    return [f"wrote: {target} ({len(pages)} pages)"]
