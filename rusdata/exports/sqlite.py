"""The package as one SQLite database, its DDL derived from the models, plus datasette metadata.

`rusdata export sqlite PATH` writes `PATH` and, beside it, a datasette metadata file, so that
`datasette PATH --metadata PATH.metadata.json` serves a documented site. Only the stdlib is used.

DDL, per `Column` (one `STRICT` table per resource, columns in CSV order):

- `string` → `TEXT`, `integer` → `INTEGER`, `date` → `TEXT` holding an ISO date, with
  `CHECK (col IS date(col, '+0 days'))` (SQLite has no date type; this rejects 2015-02-30);
- `number` → `REAL`; a value a float would not print back exactly is refused
  (`rusdata.package.cells.as_float`), so nothing is rounded silently;
- a `;`-list stays `TEXT` joined by `;`, exactly as in the CSV (SQLite has no list type);
- required → `NOT NULL`; enum or fixed set → `CHECK (col IN (...))`; minimum →
  `CHECK (col >= n)`; maximum length → `CHECK (length(col) <= n)`; a reference →
  `REFERENCES table (id)`; each partial date → `CHECK (col_start <= col_end)` and a check that
  the date and its derived columns are all present or all null;
- the primary key → `PRIMARY KEY (...)`;
- a link table (citations, record_people, inferences, ...) also gets, per table its rows can
  point at, a generated virtual column `<table>_record` referencing that table's `id`
  (`navigation_ddl`): not stored, not in `PRAGMA table_info`, but a foreign key datasette
  follows, so each record's page lists its quotes, people and inferred values.

Patterns (regexes) have no SQLite equivalent and are not enforced here; `rusdata validate`
and frictionless check them. Rows are inserted in primary-key order with foreign keys off, then
`PRAGMA foreign_key_check` must come back empty, as must the check that every link-table row's
`record_id` exists in the table its `table` column names (a reference SQL cannot declare).
The file is VACUUMed and moved into place atomically. Byte-identical output needs the same
SQLite version (the header records it); compare `iterdump()` text across versions.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sqlite3
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rusdata.build.atomic import replacing
from rusdata.build.citation import article_title, location
from rusdata.errors import RusdataError
from rusdata.package.cells import as_float, by_type, descriptor, rows_as
from rusdata.package.records import records
from rusdata.schema.columns import LIST_DELIMITER, Column, Table, tables
from rusdata.schema.fields import ITEM_ATTRIBUTE


def q(name: str) -> str:
    """An SQL identifier, quoted (`table` is a keyword, and a column name here)."""
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def sql_type(col: Column) -> str:
    return by_type(col, {"string": "TEXT", "integer": "INTEGER", "number": "REAL", "date": "TEXT"})


def column_ddl(col: Column) -> str:
    parts = [q(col.name), sql_type(col)]
    if col.required:
        parts.append("NOT NULL")
    if col.allowed:
        parts.append(f"CHECK ({q(col.name)} IN ({', '.join(map(_literal, col.allowed))}))")
    if col.minimum is not None:
        parts.append(f"CHECK ({q(col.name)} >= {int(col.minimum)})")
    if col.maximum is not None:
        parts.append(f"CHECK ({q(col.name)} <= {int(col.maximum)})")
    if col.max_length is not None:
        parts.append(f"CHECK (length({q(col.name)}) <= {int(col.max_length)})")
    if col.type == "date":
        # date() alone passes 2015-02-30 through; with a modifier it normalises it to 03-02.
        parts.append(f"CHECK ({q(col.name)} IS date({q(col.name)}, '+0 days'))")
    if col.ref:
        parts.append(f"REFERENCES {q(col.ref)} ({q('id')})")
    return " ".join(parts)


def _date_checks(t: Table) -> Iterator[str]:
    """Per partial date: start <= end, and the date and its derived columns null together."""
    for date in [c for c in t.columns if c.source and not c.derived]:
        derived = {c.derived: c.name for c in t.columns if c.derived and c.source == date.source}
        if not derived:
            continue
        start, end = q(derived["start"]), q(derived["end"])
        yield f"CHECK ({start} <= {end})"
        first = f"({q(date.name)} IS NULL)"
        same = [f"{first} = ({q(n)} IS NULL)" for n in derived.values()]
        yield f"CHECK ({' AND '.join(same)})"


NAVIGATION = "{}_record"  # a link table's generated column per owner table (see below)


def navigation_ddl(t: Table) -> list[str]:
    """A link table's rows point at records of several tables (`table`, `record_id`), which
    SQL cannot declare as one foreign key. Per owner table, a generated column (virtual: not
    stored, not in `SELECT *` of datasette's pages, not in `PRAGMA table_info`) holds the
    record_id where `table` names that owner and references the owner's id, so each record's
    page in datasette lists its citations, people and inferences ("Links from other tables")
    and `PRAGMA foreign_key_check` checks these links too."""
    return [
        f"{q(NAVIGATION.format(o))} TEXT GENERATED ALWAYS AS (CASE WHEN {q('table')} = "
        f"{_literal(o)} THEN {q('record_id')} END) VIRTUAL REFERENCES {q(o)} ({q('id')})"
        for o in t.owners
    ]


def create_table(t: Table) -> str:
    lines = [column_ddl(c) for c in t.columns]
    lines += navigation_ddl(t)
    lines += list(_date_checks(t))
    lines.append(f"PRIMARY KEY ({', '.join(map(q, t.primary_key))})")
    body = ",\n  ".join(lines)
    return f"CREATE TABLE {q(t.name)} (\n  {body}\n) STRICT"


def ddl() -> str:
    """The whole schema, one CREATE TABLE per resource, in package order, then the views."""
    statements = [create_table(t) for t in tables().values()]
    statements += [stated_view(t) for t in tables().values() if not t.keyed_by]
    return ";\n\n".join(statements) + ";\n"


STATED = "_stated"  # suffix of the views that keep only stated values


def _inferred_sql(table: str, record_id: str) -> str:
    """SQL: the names of the inferred fields of the record the two SQL expressions name."""
    return (
        f"(SELECT i.{q('field')} FROM {q('inferences')} AS i "
        f"WHERE i.{q('table')} = {table} AND i.{q('record_id')} = {record_id})"
    )


def stated_view(t: Table) -> str:
    """`<table>_stated`: the table with only stated values, as `rusdata.stated` has it.

    Record tables blank each inferred field (and a date's derived columns); link tables and the
    timeline drop the rows of an inferred field.
    """
    name, src = q(t.name + STATED), q(t.name)
    key = f"t.{q('table')}", f"t.{q('record_id')}"
    if t.generated:
        keep = f"t.{q('date_field')} NOT IN {_inferred_sql(*key)}"
        return f"CREATE VIEW {name} AS SELECT * FROM {src} AS t WHERE {keep}"
    if t.owners:
        cases = " ".join(f"WHEN {_literal(o)} THEN {_literal(t.owner_field(o))}" for o in t.owners)
        field = f"(CASE {key[0]} {cases} END)"
        keep = f"{field} NOT IN {_inferred_sql(*key)}"
        for c in t.columns:
            if c.source == ITEM_ATTRIBUTE:  # an inferred item: `people[<person>]`
                item = f"{field} || '[' || t.{q(c.name)} || ']'"
                keep += f" AND {item} NOT IN {_inferred_sql(*key)}"
        return f"CREATE VIEW {name} AS SELECT * FROM {src} AS t WHERE {keep}"
    inferable = set(getattr(t.model, "inferable", tuple)())
    itemized = set(getattr(t.model, "itemized", tuple)())
    columns = []
    for c in t.columns:
        if c.source is not None and c.source in inferable:
            marks = _inferred_sql(_literal(t.name), "t." + q("id"))
            test = f"{_literal(c.source)} IN {marks}"
            value = f"t.{q(c.name)}"
            if c.is_list and c.source in itemized:
                value = _stated_items(c, marks)
            columns.append(f"CASE WHEN {test} THEN NULL ELSE {value} END AS {q(c.name)}")
        else:
            columns.append(f"t.{q(c.name)}")
    body = ",\n  ".join(columns)
    return f"CREATE VIEW {name} AS SELECT\n  {body}\nFROM {src} AS t"


def _stated_items(c: Column, marks: str) -> str:
    """SQL: a list cell without the items `marks` names (`countries[PAK]`), split on the
    delimiter by a recursive CTE; NULL when no item is left, as an empty list is stored."""
    d = _literal(LIST_DELIMITER)
    cell = f"t.{q(c.name)}"
    split = (
        f"WITH RECURSIVE s(item, rest) AS (SELECT NULL, {cell} || {d} UNION ALL "
        f"SELECT substr(rest, 1, instr(rest, {d}) - 1), substr(rest, instr(rest, {d}) + 1) "
        "FROM s WHERE rest <> '')"
    )
    keep = f"item IS NOT NULL AND {_literal(c.source + '[')} || item || ']' NOT IN {marks}"  # type: ignore[operator]
    return f"({split} SELECT group_concat(item, {d}) FROM s WHERE {keep})"


def sql_rows(t: Table) -> list[tuple[Any, ...]]:
    """`t`'s rows as SQL values: cells typed, lists kept as written, numbers as floats."""

    def sql(col: Column, values: list[Any]) -> list[Any]:
        if col.is_list:  # stays the `;`-joined text of the CSV
            return [LIST_DELIMITER.join(v) or None for v in values]
        if col.type == "number":
            return as_float(col, values)
        if col.type == "date":
            return [v.isoformat() if v else None for v in values]
        return values

    return [tuple(r) for r in rows_as(t, sql)]


def _dangling_links(db: sqlite3.Connection) -> list[str]:
    """Link rows whose record_id is missing from the table their `table` column names."""
    found = []
    for t in tables().values():
        for owner in t.owners:
            (n,) = db.execute(
                f"SELECT count(*) FROM {q(t.name)} WHERE {q('table')} = ? "
                f"AND {q('record_id')} NOT IN (SELECT {q('id')} FROM {q(owner)})",
                (owner,),
            ).fetchone()
            if n:
                found.append(f"{t.name}: {n} row(s) point at missing {owner} records")
    return found


def insert_rows(db: sqlite3.Connection) -> None:
    """Create every table and insert every row into an empty database, then check the keys."""
    # Off while loading (rows may refer to rows inserted later), then checked all at once.
    db.execute("PRAGMA foreign_keys = OFF")
    db.executescript(ddl())
    with db:  # one transaction
        for t in tables().values():
            marks = ", ".join("?" * len(t.columns))
            try:
                db.executemany(f"INSERT INTO {q(t.name)} VALUES ({marks})", sql_rows(t))
            except sqlite3.IntegrityError as e:  # a CSV that breaks the models' constraints
                raise RusdataError(f"{t.name}: {e}") from None
    problems = [
        f"{table}: row {rowid} references missing {parent} row"
        for table, rowid, parent, _ in db.execute("PRAGMA foreign_key_check")
    ]
    problems += _dangling_links(db)
    if problems:
        raise RusdataError("foreign keys broken: " + "; ".join(problems[:5]))


# Not a table of the package: each quote of a located source with a link that opens its page
# at the quote (a text fragment), which datasette shows as a link.
QUOTE_LINKS = "quote_links"
QUOTE_LINKS_DDL = f"""CREATE TABLE {q(QUOTE_LINKS)} (
  {q("table")} TEXT NOT NULL, record_id TEXT NOT NULL, ordinal INTEGER NOT NULL,
  source_id TEXT NOT NULL REFERENCES sources (id), quote TEXT NOT NULL, link TEXT NOT NULL,
  PRIMARY KEY ({q("table")}, record_id, ordinal),
  FOREIGN KEY ({q("table")}, record_id, ordinal) REFERENCES citations ({q("table")}, record_id, ordinal)
) STRICT"""


def quote_link_rows() -> list[tuple[str, str, int, str, str, str]]:
    from rusdata.package.links import quote_link

    urls = {s.id: s.located_url for s in records("sources")}
    return [
        (c.table, c.record_id, c.ordinal, c.source, c.quote, quote_link(url, c.quote))
        for c in records("citations")
        if (url := urls.get(c.source))
    ]


def insert_quote_links(db: sqlite3.Connection) -> None:
    with db:
        db.execute(QUOTE_LINKS_DDL)
        db.executemany(f"INSERT INTO {q(QUOTE_LINKS)} VALUES (?, ?, ?, ?, ?, ?)", quote_link_rows())


def write_database(path: Path) -> None:
    """Write the whole package to a new SQLite database at `path` (replaced atomically)."""
    with replacing(path) as tmp:
        db = sqlite3.connect(tmp)
        try:
            insert_rows(db)
            insert_quote_links(db)
            db.execute("VACUUM")
        finally:
            db.close()


def column_description(col: Column) -> str:
    """A column's description with its allowed values (and their meanings) and reference:
    datasette's column descriptions and the xlsx header comments."""
    parts = [col.description]
    if col.enum:
        parts.append("Values: " + "; ".join(f"{m.value} = {m.label}" for m in col.enum))
    elif col.allowed:
        parts.append("Values: " + ", ".join(col.allowed))
    if col.ref:
        parts.append(f"Refers to {col.ref}.id")
    return " ".join(p if p.endswith(".") else p + "." for p in parts)


# On a table page datasette lists every column's description above the rows, which pushes them
# off the first screen. The same descriptions open from each column header's menu, so the list
# moves below the table (flex order) instead of being dropped.
TABLE_PAGE_CSS = (
    "body.table section.content{display:flex;flex-direction:column}"
    "body.table section.content>*{min-width:0}"
    "body.table dl.column-descriptions{order:1;margin-top:2em}"
    # A record's page: what links to it (its citations, people, inferences, ...) comes before
    # the record's own wide row, on the first screen.
    "body.row section.content{display:flex;flex-direction:column}"
    "body.row section.content>*{min-width:0}"
    "body.row section.content>.table-wrapper{order:1}"
)


def page_css() -> str:
    """TABLE_PAGE_CSS, and on each link table's page its generated navigation columns hidden
    (they repeat `record_id`; the record pages' links are what they are for) and, on a
    generated table's page (the timeline), the derived date columns (precision, start, end:
    for sorting and filtering), so the date and its summary share the first screen."""
    hidden = [
        f"body.table-{t.name} .col-{NAVIGATION.format(o)}"
        for t in tables().values()
        for o in t.owners
    ]
    hidden += [
        f"body.table-{t.name} .col-{c.name}"
        for t in tables().values()
        if t.generated
        for c in t.columns
        if c.derived in ("precision", "start", "end") or c.name.endswith("_qualifier")
    ]
    return TABLE_PAGE_CSS + ",".join(hidden) + "{display:none}"


def label_column(t: Table) -> str | None:
    """The column datasette shows for a row of `t` wherever another table refers to it: its
    first required `Label` column, so a label is never empty (sources: `file`, as a `title` may
    be missing)."""
    required = {c.name for c in t.columns if c.required}
    return next((n for n in t.labels if n in required), None)


def default_sort(t: Table) -> str | None:
    """A generated table (the timeline) is read in date order: its first date's `_start`."""
    if not t.generated:
        return None  # record tables: primary-key order, as in the CSVs
    return next((c.name for c in t.columns if c.derived == "start"), None)


def datasette_metadata(database: str) -> dict[str, Any]:
    """datasette metadata: titles, descriptions, column descriptions, licence and source.

    `database` is the name datasette gives the file: its name without the suffix.
    """
    dp = descriptor()
    licence = dp["licenses"][0]
    out: dict[str, Any] = {
        "title": dp["title"],
        "description": dp["description"],
        "license": licence["name"],
        "license_url": licence["path"],
        "source": f"rusdata {dp['version']} (Frictionless Data Package); the articles it is "
        "encoded from are listed in the sources table",
        "databases": {database: {"tables": {}}},
        "extra_css_urls": ["data:text/css," + urllib.parse.quote(page_css())],
    }
    tables_meta = out["databases"][database]["tables"]
    for t in tables().values():
        entry: dict[str, Any] = {
            "title": t.title,
            "description": t.description,
            "columns": {c.name: column_description(c) for c in t.columns},
        }
        if label := label_column(t):
            entry["label_column"] = label
        if sort := default_sort(t):
            entry["sort"] = sort
        tables_meta[t.name] = entry
        if not t.keyed_by:  # its view of stated values, documented like the table
            tables_meta[t.name + STATED] = {
                **entry,
                "title": f"{t.title}: stated values only",
                "description": f"{t.description} Only what the texts state: the values listed "
                "in inferences are blank, and rows of an inferred field left out (as "
                "rusdata.stated does).",
            }
    tables_meta["sources"]["description_html"] = _sources_html(tables_meta["sources"])
    tables_meta[QUOTE_LINKS] = {
        "title": "Links to the quotes on their pages",
        "description": "Each quote of a source found published, with a link that opens the "
        "page at the quote and highlights it (a text fragment, #:~:text=...; the page may "
        "have changed since). Not a table of the Data Package: derived from citations and "
        "sources.",
        "columns": {
            "table": "The table of the record the quote backs.",
            "record_id": "The id of that record.",
            "ordinal": "Position of the quote in the record's citations, from 1.",
            "source_id": "The source the quote is taken from. Refers to sources.id.",
            "quote": "The quote, as in citations.",
            "link": "The source's located URL with a text fragment for the quote.",
        },
    }
    return out


def _sources_html(entry: dict[str, Any]) -> str:
    """The sources table's description, with a link to every text found published."""
    items = []
    for src in records("sources"):
        title = html.escape(article_title(src))
        where = html.escape(location(src) or "not found published")
        if src.located_url:  # the wording of CITATION.cff and the JSON-LD, its URL a link
            url = html.escape(src.located_url)
            where = where.replace(url, f'<a href="{url}">{url}</a>', 1)
        items.append(f"<li><code>{html.escape(src.id)}</code> {title}: {where}</li>")
    # The description's `code` spans, as HTML.
    description = re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(entry["description"]))
    return f"<p>{description}</p><ul>{''.join(items)}</ul>"


def metadata_path(db_path: Path) -> Path:
    """Default metadata file: beside the database, `rusdata.db` → `rusdata.metadata.json`."""
    return db_path.with_name(db_path.stem + ".metadata.json")


def write_metadata(path: Path, metadata: dict[str, Any]) -> None:
    with replacing(path) as tmp:
        tmp.write_text(
            json.dumps(metadata, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )


# ---------------------------------------------------------------- `rusdata export sqlite`

FORMAT = "sqlite"
HELP = "one SQLite database, DDL from the models"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", metavar="PATH", type=Path, help="database file to write")
    p.add_argument(
        "--metadata",
        type=Path,
        metavar="FILE",
        help="datasette metadata file (default: beside PATH, x.db → x.metadata.json)",
    )


def export(args: argparse.Namespace) -> list[str]:
    meta = args.metadata or metadata_path(args.path)
    metadata = datasette_metadata(args.path.stem)  # before any file is written: it can fail
    write_database(args.path)
    write_metadata(meta, metadata)
    return [f"wrote: {args.path}", f"wrote: {meta}  (datasette {args.path} --metadata {meta})"]
