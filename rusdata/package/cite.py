"""How to cite one record: the text citation and BibTeX of `rusdata cite`, and the record
pages of `rusdata export site`, from the built package (its descriptor: title, version, date,
creators, DOI and home once set) and the record's quotes and their sources."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rusdata.package.reader import Package

SITE = "site"  # where the record pages live under the project's home


def page_path(table: str, record_id: str) -> str:
    """A record's page, relative to the site's root."""
    return f"{table}/{record_id}.html"


@dataclass(frozen=True)
class Cited:
    table: str
    record_id: str
    version: str
    year: str
    date: str
    title: str
    creators: list[str]
    doi: str  # "" until minted
    page: str  # the record's page: absolute under the home, else relative to the site
    sources: list[tuple[str, str, str]]  # (source id, title, located URL or "")

    def text(self) -> str:
        who = "; ".join(self.creators)
        ident = f" https://doi.org/{self.doi.removeprefix('https://doi.org/')}" if self.doi else ""
        lines = [
            f"{who} ({self.year}). {self.title}, version {self.version}, record "
            f"{self.table}/{self.record_id}.{ident}",
            "Record page: "
            + (
                self.page
                if self.page.startswith("http")
                else f"{self.page} (in `rusdata export site DIR`)"
            ),
            "Quoted from: "
            + "; ".join(f"{t} ({sid}{', ' + url if url else ''})" for sid, t, url in self.sources),
        ]
        return "\n".join(lines)

    def bibtex(self) -> str:
        key = re.sub(r"[^A-Za-z0-9]+", "-", f"rusdata-{self.version}-{self.table}-{self.record_id}")
        fields = {
            "author": " and ".join("{" + c + "}" for c in self.creators),
            "title": "{" + f"{self.title}: record {self.table}/{self.record_id}" + "}",
            "year": self.year,
            "version": self.version,
            "date": self.date,
            "howpublished": "Dataset record",
            "url": self.page if self.page.startswith("http") else "",
            "doi": self.doi.removeprefix("https://doi.org/"),
            "note": "Quoted from: " + "; ".join(f"{t} ({sid})" for sid, t, _ in self.sources),
        }
        body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items() if v)
        return f"@misc{{{key},\n{body}\n}}"


def cite(package: Package, table: str, record_id: str) -> Cited:
    """The citation of one record (which must exist: RusdataError naming the table or id)."""
    from rusdata.errors import RusdataError, did_you_mean

    package.resource(table)
    _, rows = package.dicts(table)
    ids = [r.get("id", "") for r in rows]
    if record_id not in ids:
        raise RusdataError(f"no record {record_id!r} in {table}{did_you_mean(record_id, ids)}")
    d = package.descriptor
    _, sources = package.dicts("sources")
    by_id = {s["id"]: s for s in sources}
    _, citations = package.dicts("citations")
    cited = dict.fromkeys(
        c["source_id"] for c in citations if c["table"] == table and c["record_id"] == record_id
    )
    if table == "sources":
        cited = {record_id: None}
    date = str(d.get("created", ""))[:10]
    home = str(d.get("homepage", ""))
    page = page_path(table, record_id)
    return Cited(
        table,
        record_id,
        package.version,
        date[:4],
        date,
        str(d["title"]),
        [c["title"] for c in d.get("contributors", [])],
        str(d.get("id", "")),
        f"{home}/{SITE}/{page}" if home else page,
        [
            (
                sid,
                by_id[sid]["title"] or f"Untitled article ({by_id[sid]['file']})",
                by_id[sid]["located_url"],
            )
            for sid in cited
        ],
    )
