"""How to cite the dataset: CITATION.cff (CFF 1.2.0) and a schema.org Dataset in JSON-LD.

Both are rendered from the built descriptor (title, description, version, licence, keywords,
resources), the release date in CHANGELOG.md and the validated `sources` records, so they
cannot disagree with datapackage.json. The articles are described only as far as their texts
identify themselves (no invented author or date); where we found a text published, its URL is
given as `url`, and the notes say that the location is ours, not the text's.
"""

from __future__ import annotations

import json
import posixpath
from typing import Any

from rusdata.build.about import About
from rusdata.release.changelog import Release
from rusdata.release.metadata import Where
from rusdata.schema.models import Source
from rusdata.schema.vocab import Precision

CITATION = "CITATION.cff"
ZENODO = ".zenodo.json"
JSONLD = "docs/dataset.jsonld"
CFF_VERSION = "1.2.0"
MESSAGE = (
    "If you use this dataset, please cite it using these metadata, with its version; "
    "cite a single fact by its table and id."
)
# CFF references need at least one author; none of the texts names one.
NO_AUTHOR = "anonymous"


def cff_title(descriptor: dict[str, Any]) -> str:
    """The title with its version: CFF converters (cffconvert, GitHub's ruby-cff) write a
    dataset's BibTeX as @misc with no version field, so only the title can carry it."""
    return f"{descriptor['title']} (version {descriptor['version']})"


def content_url(descriptor: dict[str, Any], path: str, base: str | None) -> str:
    """Where a resource can be downloaded: under `base` (`[project.urls] Download` in
    pyproject.toml, the release's public home) when there is one, else relative to the JSON-LD
    file, which resolves to the CSV beside datapackage.json in a checkout or an unpacked
    release."""
    if base:
        return f"{base.rstrip('/')}/{path}"
    return posixpath.relpath(path, posixpath.dirname(JSONLD))


def article_title(s: Source) -> str:
    return s.title or f"Untitled article ({s.file})"


def day_published(s: Source) -> str | None:
    """The publication date, only where the text gives a full day (CFF and schema.org need one)."""
    d = s.date_published
    return str(d) if d is not None and d.precision == Precision.DAY and not d.is_interval else None


def article_identity(s: Source) -> str:
    """One line that identifies the article without its text: genre, date, file and SHA-256."""
    published = f", published {day}" if (day := day_published(s)) else ""
    return f"{s.genre.label}{published}; text file {s.file}, SHA-256 {s.sha256}, not redistributed"


def location(s: Source) -> str | None:
    """Where the text was found published, said as ours and apart from the text's own claims."""
    if s.located_url is None:
        return None
    shows = f"; its URL shows {s.located_date}" if s.located_date is not None else ""
    return f"found published at {s.located_url} (located by us, not stated by the text{shows})"


# What each related identifier is, in words, for CITATION.cff (which has no relation types).
RELATIONS = {
    "isDerivedFrom": "A page where one of the encoded articles was found published",
    "isDocumentedBy": "The project's home",
}


def _q(value: str) -> str:
    # A JSON string is a YAML double-quoted scalar: dates and versions stay strings.
    return json.dumps(value, ensure_ascii=False)


def deposit(
    descriptor: dict[str, Any], release: Release, sources: list[Source], where: Where
) -> dict[str, Any]:
    """The release's citation metadata, once: CITATION.cff and .zenodo.json are both rendered
    from it (Zenodo reads .zenodo.json and ignores CITATION.cff when both exist, so they must
    not disagree). Related identifiers: the pages the texts were found on (the dataset is
    derived from them) and the project's home."""
    related = [
        {"identifier": s.located_url, "relation": "isDerivedFrom", "scheme": "url"}
        for s in sources
        if s.located_url
    ]
    if where.home:
        related.append({"identifier": where.home, "relation": "isDocumentedBy", "scheme": "url"})
    return {
        "title": cff_title(descriptor),
        "version": descriptor["version"],
        "date": release.date,
        "creators": [c["title"] for c in descriptor["contributors"]],
        "license": descriptor["licenses"][0]["name"],
        "description": descriptor["description"],
        "keywords": list(descriptor["keywords"]),
        "doi": where.doi,
        "home": where.home,
        "related": related,
    }


def render_zenodo(meta: dict[str, Any]) -> dict[str, Any]:
    """.zenodo.json (Zenodo's deposit metadata) from `deposit`. Zenodo mints each version's
    DOI itself; the concept DOI, once known, is named as what this version is a version of."""
    related = list(meta["related"])
    if meta["doi"]:
        related.insert(0, {"identifier": meta["doi"], "relation": "isVersionOf", "scheme": "doi"})
    return {
        "upload_type": "dataset",
        "title": meta["title"],
        "version": meta["version"],
        "publication_date": meta["date"],
        "creators": [{"name": name} for name in meta["creators"]],
        "license": meta["license"].lower(),
        "description": meta["description"],
        "keywords": meta["keywords"],
        "related_identifiers": related,
        "access_right": "open",
    }


def render_cff(
    descriptor: dict[str, Any], release: Release, sources: list[Source], where: Where
) -> bytes:
    meta = deposit(descriptor, release, sources, where)
    lines = [
        "# Generated by `rusdata build` from pyproject.toml, CHANGELOG.md and the sources table.",
        f"cff-version: {CFF_VERSION}",
        f"message: {_q(MESSAGE)}",
        "type: dataset",
        f"title: {_q(meta['title'])}",
        f"version: {_q(meta['version'])}",
        f"date-released: {_q(meta['date'])}",
        "authors:",
        *(f"  - name: {_q(name)}" for name in meta["creators"]),
        f"license: {meta['license']}",
        f"abstract: {_q(meta['description'])}",
        "keywords:",
        *(f"  - {_q(k)}" for k in meta["keywords"]),
    ]
    if meta["doi"]:
        lines.append(f"doi: {_q(meta['doi'])}")
    if meta["home"]:
        lines.append(f"url: {_q(meta['home'])}")
    if meta["doi"] or meta["related"]:
        lines.append("identifiers:")
    if meta["doi"]:
        lines += ["  - type: doi", f"    value: {_q(meta['doi'])}"]
        lines.append(f"    description: {_q('The concept DOI: every version of the dataset')}")
    for r in meta["related"]:
        lines += ["  - type: url", f"    value: {_q(r['identifier'])}"]
        lines.append(f"    description: {_q(RELATIONS[r['relation']])}")
    lines.append("references:")
    for s in sources:
        lines += [
            "  - type: article",
            f"    title: {_q(article_title(s))}",
            "    authors:",
            f"      - name: {_q(s.author or NO_AUTHOR)}",
        ]
        if s.publisher:
            lines.append(f"    publisher:\n      name: {_q(s.publisher)}")
        if day := day_published(s):
            lines.append(f"    date-published: {_q(day)}")
        if s.located_url:
            lines.append(f"    url: {_q(s.located_url)}")
        notes = "; ".join(filter(None, [article_identity(s), location(s)]))
        lines += [f"    languages:\n      - {s.language}", f"    notes: {_q(notes)}"]
    return ("\n".join(lines) + "\n").encode("utf-8")


def render_jsonld(
    descriptor: dict[str, Any],
    release: Release,
    sources: list[Source],
    years: tuple[int, int],
    base: str | None = None,
    where: Where | None = None,
    about: About | None = None,
) -> dict[str, Any]:
    """A schema.org Dataset, for search engines and data catalogues. `years`: the first and
    last year the timeline's dates can fall in (temporalCoverage); `base`: see content_url."""
    based_on = []
    for s in sources:
        work: dict[str, Any] = {"@type": "CreativeWork", "name": article_title(s)}
        if s.author:
            work["author"] = {"@type": "Person", "name": s.author}
        if day := day_published(s):
            work["datePublished"] = day
        if s.located_url:
            work["url"] = s.located_url
        work["inLanguage"] = s.language
        work["description"] = "; ".join(filter(None, [article_identity(s), location(s)]))
        based_on.append(work)
    ids: dict[str, Any] = {}
    if where and where.doi:
        ids["@id"] = where.doi_url
        ids["identifier"] = {
            "@type": "PropertyValue",
            "propertyID": "DOI",
            "value": where.doi,
            "url": where.doi_url,
        }
    if where and where.home:
        ids["url"] = where.home
    return {
        "@context": "https://schema.org",
        "@type": "Dataset",
        **ids,
        "name": descriptor["title"],
        "alternateName": descriptor["name"],
        "description": descriptor["description"],
        "version": descriptor["version"],
        "datePublished": release.date,
        "license": descriptor["licenses"][0]["path"],
        "keywords": descriptor["keywords"],
        "creator": [
            {"@type": "Organization", "name": c["title"]} for c in descriptor["contributors"]
        ],
        "isBasedOn": based_on,
        "isAccessibleForFree": True,
        "temporalCoverage": f"{years[0]}/{years[1]}",
        "spatialCoverage": [
            {"@type": "Country", "name": name, "identifier": code}
            for code, name in (about.side_names() if about else {}).items()
        ],
        "distribution": [
            {
                "@type": "DataDownload",
                "name": r["name"],
                "description": r["title"],
                "encodingFormat": r["mediatype"],
                "contentUrl": content_url(descriptor, r["path"], base),
            }
            for r in descriptor["resources"]
        ],
    }
