"""Compare two built packages (descriptor + CSV rows) and say which version bump the change needs.

Semver for data, after the Data Package version recipe:
- major: a table or field removed, a field's type or format changed, a constraint made
  stricter (enum value removed, field made required, a bound tightened, a pattern or other
  rule added or changed, a foreign key added), the primary key or `missingValues` changed,
  fields reordered, a resource property readers rely on changed (path, format, encoding,
  dialect, ...), or a record removed (a released primary key);
- minor: records, tables or fields added, a constraint loosened (enum value added, a bound
  relaxed, a rule or foreign key removed);
- patch: values of existing records corrected, including a link-table row (a quote, a person)
  added to or dropped from a record; descriptions, titles and other metadata changed.
A renamed field or table shows as one removed and one added. Pure functions on packages read
by `rusdata.package.reader`; the git access lives in `rusdata.release.snapshot`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rusdata.errors import RusdataError
from rusdata.package.reader import Package

BUMPS = ("none", "patch", "minor", "major")
Row = dict[str, str]


@dataclass(frozen=True)
class Change:
    bump: str  # "patch", "minor" or "major"
    text: str


@dataclass
class TableDiff:
    name: str
    schema: list[Change] = field(default_factory=list)
    added: list[str] = field(default_factory=list)  # primary keys, joined with "/"
    removed: list[str] = field(default_factory=list)
    changed: dict[str, list[str]] = field(default_factory=dict)  # key -> changed field names
    # A link table (key: table, record_id, ordinal) holds parts of records kept elsewhere: a
    # quote or person added to or dropped from a record corrects that record (a patch). Adding
    # or removing the record itself is judged in its own table.
    parts_of_records: bool = False

    @property
    def bump(self) -> str:
        levels = [c.bump for c in self.schema]
        if self.parts_of_records:
            levels += ["patch"] * bool(self.added or self.removed)
        else:
            levels += ["minor"] * bool(self.added) + ["major"] * bool(self.removed)
        levels += ["patch"] * bool(self.changed)
        return highest(levels)


@dataclass
class PackageDiff:
    old_version: str
    new_version: str
    metadata: list[Change]
    tables: list[TableDiff]  # only the tables that changed

    @property
    def bump(self) -> str:
        return highest([c.bump for c in self.metadata] + [t.bump for t in self.tables])


def highest(levels: list[str]) -> str:
    return max(levels, key=BUMPS.index, default="none")


# Resource properties that say how to read the CSV: changing one breaks readers.
_READING = ("path", "format", "mediatype", "encoding", "scheme", "dialect", "compression")
# Derived from the rows, which are compared one by one instead.
_DERIVED = ("bytes", "hash", "schema")


def _changed_keys(old: dict[str, Any], new: dict[str, Any], skip: tuple[str, ...]) -> list[str]:
    keys = sorted((old.keys() | new.keys()) - set(skip))
    return [k for k in keys if old.get(k) != new.get(k)]


def compare_bound(name: str, old: Any, new: Any) -> Change | None:
    """A numeric bound (minimum, maxLength, …): raising a minimum or lowering a maximum is stricter."""
    if old == new:
        return None
    if old is None or new is None:
        added = old is None
        return Change("major" if added else "minor", f"{name} {'added' if added else 'removed'}")
    stricter = new > old if name.startswith("min") else new < old
    return Change("major" if stricter else "minor", f"{name} {old} → {new}")


def compare_field(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Changes of one field (same name in both schemas)."""
    where = f"field {new['name']}"
    out: list[Change] = []
    for key in ("type", "format"):
        if old.get(key) != new.get(key):
            out.append(Change("major", f"{where}: {key} {old.get(key)} → {new.get(key)}"))
    oc, nc = old.get("constraints", {}), new.get("constraints", {})
    if bool(oc.get("required")) != bool(nc.get("required")):
        made = "required" if nc.get("required") else "optional"
        out.append(Change("major" if made == "required" else "minor", f"{where}: made {made}"))
    if oc.get("enum") != nc.get("enum"):
        if "enum" not in oc or "enum" not in nc:
            added = "enum" in nc
            out.append(
                Change(
                    "major" if added else "minor",
                    f"{where}: enum {'added' if added else 'removed'}",
                )
            )
        else:
            gone = [v for v in oc["enum"] if v not in nc["enum"]]
            new_values = [v for v in nc["enum"] if v not in oc["enum"]]
            if gone:
                out.append(
                    Change("major", f"{where}: enum values removed: {', '.join(map(str, gone))}")
                )
            if new_values:
                out.append(
                    Change(
                        "minor", f"{where}: enum values added: {', '.join(map(str, new_values))}"
                    )
                )
    for key in sorted((oc.keys() | nc.keys()) - {"required", "enum"}):
        if key.startswith(("min", "max")):
            change = compare_bound(key, oc.get(key), nc.get(key))
            if change:
                out.append(Change(change.bump, f"{where}: {change.text}"))
        elif oc.get(key) != nc.get(key):
            # A changed pattern (or other rule) may reject released values: assume stricter.
            loosened = key in oc and key not in nc
            verb = "removed" if loosened else "added" if key not in oc else "changed"
            out.append(Change("minor" if loosened else "major", f"{where}: {key} {verb}"))
    # `categories` repeats the enum with labels: report it only when just the labels changed.
    same_enum = oc.get("enum") == nc.get("enum")
    meta = _changed_keys(
        old, new, ("name", "type", "format", "constraints", *(() if same_enum else ("categories",)))
    )
    if meta:
        out.append(Change("patch", f"{where}: {', '.join(meta)} changed"))
    return out


def compare_schemas(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Changes between two Table Schemas."""
    old_fields = {f["name"]: f for f in old.get("fields", [])}
    new_fields = {f["name"]: f for f in new.get("fields", [])}
    out = [
        Change("minor", f"field added: {n} ({f.get('type', 'any')})")
        for n, f in new_fields.items()
        if n not in old_fields
    ]
    out += [Change("major", f"field removed: {n}") for n in old_fields if n not in new_fields]
    kept_old = [n for n in old_fields if n in new_fields]
    kept_new = [n for n in new_fields if n in old_fields]
    if kept_old != kept_new:
        out.append(Change("major", f"fields reordered: {', '.join(kept_new)}"))
    for n in kept_new:
        out += compare_field(old_fields[n], new_fields[n])
    if old.get("primaryKey") != new.get("primaryKey"):
        out.append(
            Change("major", f"primary key {old.get('primaryKey')} → {new.get('primaryKey')}")
        )
    old_fks, new_fks = old.get("foreignKeys", []), new.get("foreignKeys", [])
    out += [
        Change("major", f"foreign key added: {fk['fields']}") for fk in new_fks if fk not in old_fks
    ]
    out += [
        Change("minor", f"foreign key removed: {fk['fields']}")
        for fk in old_fks
        if fk not in new_fks
    ]
    if old.get("missingValues") != new.get("missingValues"):
        out.append(Change("major", "missingValues changed"))
    meta = _changed_keys(old, new, ("fields", "primaryKey", "foreignKeys", "missingValues"))
    if meta:
        out.append(Change("patch", f"schema {', '.join(meta)} changed"))
    return out


def _key_of(pk: list[str] | str) -> list[str]:
    return [pk] if isinstance(pk, str) else list(pk)


def compare_rows(
    old: list[Row], new: list[Row], primary_key: list[str]
) -> tuple[list[str], list[str], dict[str, list[str]]]:
    """(added keys, removed keys, {key: changed fields}); fields present in only one side are
    schema changes, not value changes."""

    def keyed(rows: list[Row]) -> dict[str, Row]:
        return {"/".join(r.get(k, "") for k in primary_key): r for r in rows}

    a, b = keyed(old), keyed(new)
    changed = {}
    for key in sorted(a.keys() & b.keys()):
        fields = [f for f in b[key] if f in a[key] and a[key][f] != b[key][f]]
        if fields:
            changed[key] = fields
    return sorted(b.keys() - a.keys()), sorted(a.keys() - b.keys()), changed


def compare_tables(
    name: str, old: dict[str, Any], new: dict[str, Any], old_rows: list[Row], new_rows: list[Row]
) -> TableDiff:
    """Changes of one resource present in both packages."""
    diff = TableDiff(name)
    for key in _changed_keys(old, new, _DERIVED):
        bump = "major" if key in _READING else "patch"
        diff.schema.append(Change(bump, f"resource {key} changed"))
    old_schema, new_schema = old.get("schema", {}), new.get("schema", {})
    diff.schema += compare_schemas(old_schema, new_schema)
    old_pk = _key_of(old_schema.get("primaryKey", []))
    new_pk = _key_of(new_schema.get("primaryKey", []))
    if old_pk and old_pk == new_pk:  # rows are matched by the key they share
        diff.added, diff.removed, diff.changed = compare_rows(old_rows, new_rows, new_pk)
        diff.parts_of_records = "record_id" in new_pk
    return diff


def compare(old: Package, new: Package) -> PackageDiff:
    """Everything that changed from `old` to `new`, table by table."""
    meta = [
        Change("patch", f"package {key} changed")
        for key in _changed_keys(old.descriptor, new.descriptor, ("resources", "version"))
    ]
    old_res = {r["name"]: r for r in old.descriptor.get("resources", [])}
    new_res = {r["name"]: r for r in new.descriptor.get("resources", [])}
    tables = []
    for name, res in new_res.items():
        if name not in old_res:
            rows = len(new.rows(name).rows)
            tables.append(TableDiff(name, [Change("minor", f"table added ({rows} rows)")]))
        else:
            diff = compare_tables(name, old_res[name], res, old.dicts(name)[1], new.dicts(name)[1])
            if diff.bump != "none":
                tables.append(diff)
    tables += [
        TableDiff(n, [Change("major", "table removed")]) for n in old_res if n not in new_res
    ]
    return PackageDiff(old.version, new.version, meta, tables)


_SEMVER = re.compile(r"^([0-9]+)\.([0-9]+)\.([0-9]+)$")


def parse_version(version: str) -> tuple[int, int, int]:
    m = _SEMVER.match(version)
    if not m:
        raise RusdataError(f"version {version!r} is not MAJOR.MINOR.PATCH")
    return int(m[1]), int(m[2]), int(m[3])


def required_version(version: str, bump: str) -> str:
    """The lowest version that `bump` allows after `version` (e.g. 0.1.0 + minor = 0.2.0)."""
    major, minor, patch = parse_version(version)
    if bump == "major":
        return f"{major + 1}.0.0"
    if bump == "minor":
        return f"{major}.{minor + 1}.0"
    if bump == "patch":
        return f"{major}.{minor}.{patch + 1}"
    return version


def version_ok(diff: PackageDiff) -> bool:
    """Whether the new version is at least the old one with the required bump applied."""
    required = required_version(diff.old_version, diff.bump)
    return parse_version(diff.new_version) >= parse_version(required)


def report(diff: PackageDiff, old_label: str, new_label: str) -> list[str]:
    """The human-readable report, one line per change."""
    lines = [f"version: {diff.old_version} ({old_label}) → {diff.new_version} ({new_label})"]
    lines += [f"  [{c.bump}] {c.text}" for c in diff.metadata]
    for t in diff.tables:
        lines.append(f"{t.name}: {t.bump}")
        lines += [f"  [{c.bump}] {c.text}" for c in t.schema]
        if t.added or t.removed or t.changed:
            lines.append(
                f"  records: {len(t.added)} added, {len(t.removed)} removed, {len(t.changed)} changed"
            )
        lines += [f"  + {k}" for k in t.added]
        lines += [f"  - {k}" for k in t.removed]
        lines += [f"  ~ {k}: {', '.join(fs)}" for k, fs in t.changed.items()]
    if not diff.metadata and not diff.tables:
        lines.append("no changes")
    needed = required_version(diff.old_version, diff.bump)
    lines.append(f"required bump: {diff.bump} (version ≥ {needed})")
    return lines
