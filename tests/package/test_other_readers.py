"""Other Data Package readers: every resource declares its `dialect`, and a second reader,
independent of frictionless, reads the whole package with the declared types.

The second reader is datapackage-js (npm `datapackage`, with tableschema-js): another language,
another CSV parser and another Table Schema implementation, and the JavaScript library most
used to read Data Packages. Without a `dialect` it sniffs each file's delimiter and guesses
wrong on tables whose text holds more semicolons or quotes than commas.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, need_tool

from rusdata.build.rows import Dialect, dialect_descriptor
from rusdata.schema.columns import tables

NODE_DIR = REPO / "tests" / "node"


def descriptor() -> dict[str, Any]:
    return json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_every_resource_declares_the_dialect_it_is_written_in() -> None:
    for r in descriptor()["resources"]:
        assert r["dialect"] == dialect_descriptor()
        raw = (REPO / r["path"]).read_text(encoding="utf-8")
        declared = r["dialect"]
        rows = list(
            csv.reader(
                io.StringIO(raw),
                delimiter=declared["delimiter"],
                quotechar=declared["quoteChar"],
                doublequote=declared["doubleQuote"],
            )
        )
        assert rows[0] == [f["name"] for f in r["schema"]["fields"]]
        out = io.StringIO()
        csv.writer(out, dialect=Dialect).writerows(rows)
        assert out.getvalue() == raw  # the declared dialect writes the file back byte for byte
        assert raw.count(declared["lineTerminator"]) == raw.count("\n")


def read_with_datapackage_js(root: Path) -> dict[str, Any]:
    node = need_tool("node")
    if not (NODE_DIR / "node_modules" / "datapackage").is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail("tests/node/node_modules is missing; .ci/run runs npm ci there")
        pytest.skip("run `npm ci --prefix tests/node` to install datapackage-js")
    out = subprocess.run(
        [node, str(NODE_DIR / "read.js"), str(root)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "TZ": "UTC"},
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def test_datapackage_js_reads_every_table_with_its_types() -> None:
    got = read_with_datapackage_js(REPO)
    assert got["valid"], got["errors"]
    assert list(got["tables"]) == list(tables())
    for name, t in tables().items():
        result = got["tables"][name]
        assert "error" not in result, (name, result)
        assert result["fields"] == [c.name for c in t.columns]
        with (REPO / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as f:
            expected = list(csv.DictReader(f))
        assert len(result["rows"]) == len(expected)
        for row, want in zip(result["rows"], expected, strict=True):
            for col in t.columns:
                text, value = want[col.name], row[col.name]
                if text == "":
                    assert value is None
                elif col.type == "integer":
                    assert value == int(text)
                elif col.type == "number":
                    assert value == float(text)
                elif col.type == "date":
                    assert value.startswith(text + "T00:00:00")
                else:
                    assert value == text  # cameo "042", partial dates, curly quotes: as written


def test_without_the_dialect_datapackage_js_guesses_wrong(tmp_path: Path) -> None:
    """The dialect is what makes the second reader work: drop it and tables fail."""
    shutil.copytree(REPO / "data", tmp_path / "data", ignore=shutil.ignore_patterns("yaml"))
    d = descriptor()
    for r in d["resources"]:
        del r["dialect"]
    (tmp_path / "datapackage.json").write_text(json.dumps(d), encoding="utf-8")
    got = read_with_datapackage_js(tmp_path)
    assert any("error" in t for t in got["tables"].values())
