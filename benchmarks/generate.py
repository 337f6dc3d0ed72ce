"""Scale the real dataset synthetically: N records across all tables, M source texts.

The real YAML is copied `copies` times, each copy with its own ids (`<id>-c<k>`, every reference
renamed the same way) and its own five source texts. Each text is made of the quotes that cite
it, one per line, between filler paragraphs, so `rusdata validate --sources` finds every quote
and checks real SHA-256s. The records keep the real files' shapes and YAML style (plain, quoted
and flow scalars alike), since those are what the parser and validators spend their time on.

    python benchmarks/generate.py OUT --records 10000 [--files-per-table 1]

Deterministic: the same arguments give byte-identical output.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import shutil
from dataclasses import dataclass
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Project files a build reads besides the YAML (kept if present, so new build inputs follow).
PROJECT_FILES = ("pyproject.toml", "CHANGELOG.md", "README.md", "CITATION.cff", "LICENSE")
# Keys whose value is a record id (of any table): renamed in each copy.
_ID_KEYS = "id|person|source|speaker|credited|visit_id|agreement_id|previous_id|target_id"
_REF = re.compile(
    rf"""(?P<pre>(?:^|[{{,])[ \t]*(?:-[ \t]+)?(?:{_ID_KEYS}):[ \t]*)(?P<q>["']?)"""
    r"""(?P<id>[a-z0-9]+(?:-[a-z0-9]+)*)(?P=q)(?=[ \t]*(?:$|[,}]))""",
    re.MULTILINE,
)
FILLER = (
    "This paragraph is filler written for the benchmark; it states no fact and no quote cites it.",
    "Officials from both sides met again later in the year, the report continues without dates.",
    "Analysts quoted elsewhere in the article disagree about what the talks will achieve.",
)


@dataclass
class Chunk:
    """One record's lines in a real table file."""

    text: str
    source_ids: list[str]  # for sources.yaml: the record's id


def _split(path: Path) -> tuple[str, list[str]]:
    """A table file as (header lines, one text chunk per top-level record)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if line.startswith("- ")]
    header = "".join(lines[: starts[0]] if starts else lines)
    chunks = ["".join(lines[a:b]) for a, b in zip(starts, [*starts[1:], len(lines)], strict=True)]
    return header, chunks


def _quotes_by_source(root: Path) -> dict[str, list[list[str]]]:
    """Every quote in the real data, grouped by the source it cites (via the real loader), in
    paragraphs: quotes one record cites from one source share a paragraph, as the
    `stated-together` rule asks of quotes that state a record's key values together."""
    from rusdata.checks.yamlio import load_records

    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(q: tuple[str, str]) -> tuple[str, str]:
        while parent.setdefault(q, q) != q:
            q = parent[q]
        return q

    for path in sorted((root / "data" / "yaml").glob("*.yaml")):
        for item in load_records(path):
            first: dict[str, tuple[str, str]] = {}
            for c in item.get("citations") or []:
                key = (c["source"], c["quote"])
                other = first.setdefault(c["source"], key)
                parent[find(key)] = find(other)
    # A quote inside another is found there first: keep the two in one paragraph too.
    for a in list(parent):
        for b in list(parent):
            if a != b and a[0] == b[0] and a[1] in b[1]:
                parent[find(a)] = find(b)
    out: dict[str, dict[tuple[str, str], list[str]]] = {}
    for key in parent:
        out.setdefault(key[0], {}).setdefault(find(key), []).append(key[1])
    return {source: list(paras.values()) for source, paras in out.items()}


def _text(copy: int, source: str, quotes: list[list[str]], rng: random.Random) -> bytes:
    paras = [f"Synthetic article {source}, copy {copy}."]
    for group in quotes:  # each quote once, beside the quotes its records cite with it
        paras.append(" ".join(group))
    head, body = paras[:1], paras[1:]
    rng.shuffle(body)
    for i in range(0, len(body) + 1, 3):
        body.insert(i, rng.choice(FILLER))
    return ("\n\n".join(head + body) + "\n").encode("utf-8")


def generate(out: Path, records: int, files_per_table: int = 1, seed: int = 8) -> dict[str, int]:
    """Write a project with about `records` records under `out`; return its counts."""
    src = ROOT / "data" / "yaml"
    tables = {p.stem: _split(p) for p in sorted(src.glob("*.yaml"))}
    real = sum(len(chunks) for _, chunks in tables.values())
    copies = max(1, round(records / real))
    quotes = _quotes_by_source(ROOT)
    rng = random.Random(seed)

    if out.exists():
        shutil.rmtree(out)
    (out / "data" / "yaml").mkdir(parents=True)
    texts = out / "sources"
    texts.mkdir()
    for name in PROJECT_FILES:
        if (ROOT / name).is_file():
            shutil.copy(ROOT / name, out / name)

    # People are written once and every copy refers to them: a copy of a person would repeat
    # a spelling (validate refuses one name for two people), and a renamed copy would no longer
    # be named in the quotes of the records that name them. So disagreements over a person's
    # name, and identity questions over one, are not copied either.
    people = {m["id"] for c in tables["people"][1] for m in _SOURCE_ID.finditer(c)}
    parts: dict[str, list[list[str]]] = {t: [[] for _ in range(files_per_table)] for t in tables}
    for k in range(copies):
        suffix = f"-c{k}"
        for table, (_, chunks) in tables.items():
            if table == "people" and k:
                continue
            for chunk in chunks:
                if (
                    k
                    and table in ("discrepancies", "identities")
                    and "target_table: people" in chunk
                ):
                    continue  # its versions would need the copy's people, who are not copied
                text = _REF.sub(partial(_suffixed, suffix=suffix, keep=people), chunk)
                if table == "sources":
                    text = _source_chunk(text, k, texts, quotes, rng)
                # Spread a table's records over its files round-robin by copy (see README).
                parts[table][k % files_per_table].append(text)
    n = 0
    for table, (header, _) in tables.items():
        for i, chunks in enumerate(parts[table]):
            name = f"{table}.yaml" if files_per_table == 1 else f"{table}/part-{i:03d}.yaml"
            path = out / "data" / "yaml" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(header + "".join(chunks), encoding="utf-8")
            n += len(chunks)
    return {"records": n, "copies": copies, "texts": copies * len(tables["sources"][1])}


def _suffixed(m: re.Match[str], suffix: str, keep: set[str]) -> str:
    """A reference with the copy's suffix, unless it names one of `keep` (people)."""
    return f"{m['pre']}{m['q']}{m['id']}{'' if m['id'] in keep else suffix}{m['q']}"


_FIELD = re.compile(r"^(?P<key>  (?:file|sha256|bytes)): .*$", re.MULTILINE)
_SOURCE_ID = re.compile(r"^- id: (?P<id>\S+)$", re.MULTILINE)


def _source_chunk(
    chunk: str, copy: int, folder: Path, quotes: dict[str, list[list[str]]], rng: random.Random
) -> str:
    """A copy's source record, pointing at a generated text with its real hash and size."""
    sid = _SOURCE_ID.search(chunk)
    assert sid, chunk
    base = sid["id"].rsplit("-c", 1)[0]
    data = _text(copy, sid["id"], quotes.get(base, []), rng)
    name = f"{sid['id']}.txt"
    (folder / name).write_bytes(data)
    values = {"file": name, "sha256": hashlib.sha256(data).hexdigest(), "bytes": str(len(data))}
    return _FIELD.sub(lambda m: f"{m['key']}: {values[m['key'].strip()]}", chunk)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("out", type=Path, help="project folder to (re)create")
    p.add_argument("--records", type=int, default=1000, help="about this many records")
    p.add_argument("--files-per-table", type=int, default=1, help="split each table into files")
    p.add_argument("--seed", type=int, default=8)
    args = p.parse_args()
    counts = generate(args.out, args.records, args.files_per_table, args.seed)
    print(f"{args.out}: {counts['records']} records, {counts['texts']} source texts")


if __name__ == "__main__":
    main()
