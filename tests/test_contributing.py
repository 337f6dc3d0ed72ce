"""CONTRIBUTING.md's recipes, followed word for word in a scratch copy of the project. A block's
first line says what to do with the rest: `# append to FILE` (`<... of FILE>` placeholders
filled with what the recipe's commands measured), `# write FILE` or `# save as FILE` (a new
file), `# add to the citations of ID in FILE` (under that record's `citations:`), `# add above
the table registry in FILE` and `# add to REGISTERED in FILE` (the models' registry, its last
section). Each `changelog` block and the totals that `rusdata info --totals` prints go under
`## [Unreleased]`, any other `python` block is run, and every `$ ` line of a `console` block
must exit 0. A recipe ends green: validate, build and the tests it names."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO, git, need_sources

GUIDE = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
FENCE = re.compile(r"^```(\w+)\n(.*?)^```", re.M | re.S)
# The models' registry: a new table's class goes above this line, its name into REGISTERED.
REGISTRY = re.compile(r"^# -+ the table registry$", re.M)


def recipe(title: str) -> list[tuple[str, str]]:
    section = GUIDE[GUIDE.index(f"\n## {title}\n") :].split("\n## ", 2)[1]
    return [(m[1], m[2]) for m in FENCE.finditer(section)]


def scratch(tmp_path: Path, history: bool = False) -> tuple[Path, Path]:
    """A copy of the project with `../shared/sources` beside it, as a contributor's checkout;
    with `history`, a clone with the project's git history (releases name their commits)
    under the working tree as it is now."""
    root = tmp_path / "work" / "rusdata"
    if history:
        root.parent.mkdir(parents=True)
        subprocess.run(["git", "clone", "-q", str(REPO), str(root)], check=True)
    ignore = shutil.ignore_patterns(".git", ".venv", "node_modules", "__pycache__", "*.db")
    shutil.copytree(REPO, root, ignore=ignore, dirs_exist_ok=True)
    sources = tmp_path / "work" / "shared" / "sources"
    sources.mkdir(parents=True)
    for text in need_sources().glob("*.txt"):
        shutil.copy(text, sources)
    return root, sources


def follow(root: Path, blocks: list[tuple[str, str]]) -> list[str]:
    env = {
        **os.environ,
        "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""),
        "PYTHONPATH": str(root),  # `rusdata` and `import rusdata` are the scratch copy's
        "RUSDATA_SOURCES": str(root.parent / "shared" / "sources"),
        # a contributor's git knows who they are; a clean machine's may not
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    # A contributor's machine, not CI: a test that needs a git history the scratch copy lacks
    # skips there, as it would for them.
    env.pop("CI", None)
    outputs = []
    for lang, code in blocks:
        if lang in ("yaml", "text") or (lang == "python" and code.startswith("# add ")):
            edit(root, code)
        elif lang == "python":
            out = subprocess.run(
                [sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True
            )
            assert out.returncode == 0, f"python block:\n{out.stderr[-3000:]}"
            outputs.append(out.stdout)
        elif lang == "changelog":
            unreleased(root, code.strip())
        elif lang == "console":
            for line in code.splitlines():
                if not line.startswith("$ "):
                    continue
                out = subprocess.run(
                    line[2:], shell=True, cwd=root, env=env, capture_output=True, text=True
                )
                assert out.returncode == 0, f"{line}\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}"
                outputs.append(out.stdout)
                if "info --totals" in line:
                    unreleased(root, out.stdout.strip(), replace="- Totals:")
    return outputs


def edit(root: Path, block: str) -> None:
    """Do what a block's first line says with the rest of it."""
    first, _, body = block.partition("\n")
    how, _, name = first.removeprefix("# ").rpartition(" ")
    target = root / name
    for source in re.findall(r"<\w+ of ([\w.]+)>", body):
        data = (root.parent / "shared" / "sources" / source).read_bytes()
        body = body.replace(f"<sha256 of {source}>", hashlib.sha256(data).hexdigest())
        body = body.replace(f"<bytes of {source}>", str(len(data)))
    if how in ("write", "save as"):
        target.write_text(body, encoding="utf-8")
        return
    text = target.read_text(encoding="utf-8")
    if how == "append to":
        text = text.rstrip("\n") + "\n" + body
    elif how.startswith("add to the citations of "):
        record = text.index(f"\n- id: {how.removeprefix('add to the citations of ').split()[0]}\n")
        at = text.index("\n  citations:\n", record) + len("\n  citations:\n")
        assert "\n- id: " not in text[record + 1 : at], f"{first}: the record has no citations"
        text = text[:at] + body + text[at:]
    elif how == "add above the table registry in":
        (registry,) = REGISTRY.finditer(text)
        text = text[: registry.start()] + body + "\n\n" + text[registry.start() :]
    elif how == "add to REGISTERED in":
        end = text.index("\n)\n", text.index("\nREGISTERED: "))
        text = text[:end] + "\n" + body.rstrip("\n") + text[end:]
    else:
        raise AssertionError(f"a block whose first line says nothing to do: {first}")
    target.write_text(text, encoding="utf-8")


def unreleased(root: Path, entry: str, replace: str | None = None) -> None:
    """Put `entry` under `## [Unreleased]` (made above the top release if absent), replacing
    a line there that starts with `replace`."""
    path = root / "CHANGELOG.md"
    text = path.read_text(encoding="utf-8")
    if "\n## [Unreleased]\n" not in text:
        at = text.index("\n## [")
        text = text[:at] + "\n## [Unreleased]\n" + text[at:]
    head, _, rest = text.partition("\n## [Unreleased]\n")
    body, sep, later = rest.partition("\n## [")
    lines = [li for li in body.splitlines() if not (replace and li.startswith(replace))]
    if replace:  # a totals line spans one line; drop wrapped continuations of an old one too
        lines = [li for li in lines if not re.match(r"^  `\w+`", li)]
    body = "\n".join([*lines, entry]).strip("\n")
    path.write_text(f"{head}\n## [Unreleased]\n\n{body}\n{sep}{later}", encoding="utf-8")


def test_every_recipe_is_in_the_guide() -> None:
    for title in (
        "Add or correct a fact",
        "Add a source text",
        "Record a disagreement or an identity question",
        "Add a table",
        "Add a validate rule",
        "Cut a release",
    ):
        assert f"\n## {title}\n" in GUIDE


def test_add_a_fact_ends_green(tmp_path: Path) -> None:
    root, _ = scratch(tmp_path)
    follow(root, recipe("Add or correct a fact"))
    rows = (root / "data" / "claims.csv").read_text(encoding="utf-8")
    assert "only-time-will-unveil-outcome" in rows
    assert "only-time-will-unveil-outcome" in (root / "CHANGELOG.md").read_text(encoding="utf-8")


def test_a_sixth_source_is_counted_everywhere(tmp_path: Path) -> None:
    root, sources = scratch(tmp_path)
    n = len(list(sources.glob("*.txt"))) + 1
    outputs = follow(root, recipe("Add a source text"))
    assert (sources / "005_example.txt").is_file()
    assert f"`sources`: {n} rows" in outputs[-2]  # rusdata info --totals
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    assert f"encoded from {n} articles" in descriptor["title"]
    assert f"from {n} articles" in descriptor["description"]
    assert len(descriptor["sources"]) == n
    cff = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))
    assert f"{n} articles" in cff["title"] and len(cff["references"]) == n
    jsonld = json.loads((root / "docs" / "dataset.jsonld").read_text(encoding="utf-8"))
    assert f"{n} articles" in jsonld["name"] and len(jsonld["isBasedOn"]) == n
    svg = (root / "docs" / "timeline.svg").read_text(encoding="utf-8")
    assert f"in the {n} articles" in svg
    info = subprocess.run(
        [sys.executable, "-m", "rusdata", "--root", str(root), "info", "--width", "200"],
        env={**os.environ, "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert f"encoded from {n} articles" in info and "src-005" in info
    # "five" (or any count of sources) is written in no code: it comes from the data
    for path in (REPO / "rusdata").rglob("*.py"):
        code = path.read_text(encoding="utf-8")
        assert not re.search(r"\bfive (articles|texts|sources)\b", code, re.I), path


def _rows(root: Path, name: str, /, **match: str) -> list[dict[str, str]]:
    """The rows of the built `data/NAME.csv` whose columns hold the values in `match`."""
    with (root / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return [r for r in csv.DictReader(f) if all(r[k] == v for k, v in match.items())]


def _python(root: Path, code: str) -> str:
    """`code` run with the scratch copy's `import rusdata`, as a user's script."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr[-3000:]
    return out.stdout


def _appended(blocks: list[tuple[str, str]], name: str) -> list[dict[str, Any]]:
    """The records the recipe's blocks append to (or write as) `data/yaml/NAME.yaml`."""
    return [
        record
        for lang, code in blocks
        if lang == "yaml" and code.partition("\n")[0].endswith(f"data/yaml/{name}.yaml")
        for record in yaml.safe_load(code)
    ]


def test_a_disagreement_and_an_identity_question_end_green(tmp_path: Path) -> None:
    """The sixth article of "Add a source text" (its files; this recipe's commands check
    them), then the recipe: the new text's report joins the record it is about, the
    disagreement and the identity question are rows of the built package."""
    root, _ = scratch(tmp_path)
    follow(root, [block for block in recipe("Add a source text") if block[0] != "console"])
    blocks = recipe("Record a disagreement or an identity question")
    outputs = follow(root, blocks)

    (disagreement,) = _appended(blocks, "discrepancies")
    (question,) = _appended(blocks, "identities")
    (report,) = _appended(blocks, "exercises")
    assert disagreement["aspect"] != "identity"  # identity questions are never disagreements
    # What `rusdata show` printed, and the CSVs: the rows, their versions and reports.
    assert any(disagreement["id"] in out for out in outputs)
    assert any(question["id"] in out and question["verdict"] in out for out in outputs)
    (row,) = _rows(root, "discrepancies", id=disagreement["id"])
    assert row["aspect"] == disagreement["aspect"] and row["withdrawn"] == ""
    versions = _rows(root, "discrepancy_records", record_id=disagreement["id"])
    assert [(v["target_id"], v["source_id"]) for v in versions] == [
        (v["target_id"], v["source"]) for v in disagreement["versions"]
    ]
    (row,) = _rows(root, "identities", id=question["id"])
    assert row["verdict"] == question["verdict"]
    reports = _rows(root, "identity_records", record_id=question["id"])
    assert [(r["target_table"], r["target_id"]) for r in reports] == [
        (r["target_table"], r["target_id"]) for r in question["reports"]
    ]
    assert _rows(root, "inferences", table="identities", record_id=question["id"])
    assert _rows(root, "exercises", id=report["id"])
    # The new text's report of the visit is one more of that record's quotes.
    visit = disagreement["versions"][-1]
    assert _rows(
        root, "citations", table="visits", record_id=visit["target_id"], source_id="src-005"
    )
    # The accessors read them.
    code = (
        "import rusdata\n"
        f"d = [d for d in rusdata.discrepancies() if d.id == {disagreement['id']!r}]\n"
        f"i = [i for i in rusdata.identities() if i.id == {question['id']!r}]\n"
        "print(len(d), [v.source for v in d[0].versions], i[0].verdict)"
    )
    sources = [v["source"] for v in disagreement["versions"]]
    assert _python(root, code).split(" ", 1) == ["1", f"{sources} {question['verdict']}\n"]
    changelog = (root / "CHANGELOG.md").read_text(encoding="utf-8")
    assert disagreement["id"] in changelog and question["id"] in changelog


def test_a_table_added_by_the_guide_reaches_every_output(tmp_path: Path) -> None:
    """The recipe's model, registered, and its YAML file: with no other edit the table is in
    the descriptor, its CSV, the data dictionary, the README, the accessors, the timeline and
    a lane of the figure in a colour of its own; validate, build and the tests green."""
    root, _ = scratch(tmp_path)
    blocks = recipe("Add a table")
    ((name, records),) = [
        (Path(code.partition("\n")[0]).stem, yaml.safe_load(code))
        for lang, code in blocks
        if lang == "yaml" and code.startswith("# write ")
    ]
    title = re.search(r'TableInfo\(\s*"(\w+)",\s*"([^"]+)"', GUIDE)
    assert title and title[1] == name
    outputs = follow(root, blocks)
    ids = [r["id"] for r in records]

    shown = f"({len(ids)} of {len(ids)} rows of {name} match)"  # rusdata show, at its end
    assert any(out.rstrip().endswith(shown) for out in outputs)
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    (resource,) = [r for r in descriptor["resources"] if r["name"] == name]
    assert resource["path"] == f"data/{name}.csv"
    fields = [f["name"] for f in resource["schema"]["fields"]]
    assert {"id", "date", "date_qualifier", "date_text", "countries"} <= set(fields)
    assert [r["id"] for r in _rows(root, name)] == ids
    assert (root / "schemas" / f"{name}.schema.json").is_file()
    dictionary = (root / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    section = dictionary.split(f"\n## {name}\n", 1)[1].split("\n## ", 1)[0]
    assert title[2] in section and "| `date_qualifier` |" in section
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert f"| [`{name}`](docs/data-dictionary.md#{name}) | {len(ids)} |" in readme
    # The accessor, typed, and the timeline: every dated record, in its table's name.
    code = f"import rusdata; print([r.id for r in rusdata.{name}()], type(rusdata.{name}()[0]))"
    assert _python(root, code).startswith(f"{ids} <class 'rusdata.package.classes.")
    dated = sorted(r["id"] for r in records if r.get("date"))
    assert dated and sorted(r["record_id"] for r in _rows(root, "timeline", table=name)) == dated
    # The figure: a lane titled as the table, in a colour no other table has.
    svg = (root / "docs" / "timeline.svg").read_text(encoding="utf-8")
    assert f">{title[2]}" in svg
    code = (
        "import json; from rusdata.build.figure import colours\n"
        "from rusdata.schema.models import FACT_TABLES as f; print(json.dumps([f, colours(len(f))]))"
    )
    facts, palette = json.loads(_python(root, code))
    assert len(set(palette)) == len(palette) and palette[facts.index(name)] in svg
    assert name in (root / "CHANGELOG.md").read_text(encoding="utf-8")


def test_a_rule_tried_from_the_guide_finds_what_it_checks(tmp_path: Path) -> None:
    root, _ = scratch(tmp_path)
    blocks = recipe("Add a validate rule")
    assert follow(root, blocks)[-1].startswith("0 problems")
    visits = root / "data" / "yaml" / "visits.yaml"
    text = visits.read_text(encoding="utf-8")
    at = text.index("  summary: ")
    visits.write_text(text[:at] + "  summary: Did it happen?\n" + text[text.index("\n", at) + 1 :])
    line = text[:at].count("\n") + 1
    out = follow(root, blocks)[-1]
    assert out.startswith("1 problems") and f"data/yaml/visits.yaml:{line}: summary:" in out


def test_cutting_a_release_judges_the_version(tmp_path: Path) -> None:
    """A checkout at its last release, tagged; a fact added (a minor change); then the
    release recipe: the unchanged version fails `diff --check`, the bumped one passes, is
    committed and recorded in releases/."""
    import datetime as dt
    import tomllib

    root, _ = scratch(tmp_path, history=True)
    version = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", "the last release")
    git(root, "tag", f"v{version}")
    fact = recipe("Add or correct a fact")
    follow(root, fact)
    major, minor, _ = (int(p) for p in version.split("."))
    bumped = f"{major}.{minor + 1}.0"
    steps = [
        (lang, code.replace("<previous tag>", f"v{version}").replace("<version>", bumped))
        for lang, code in recipe("Cut a release")
    ]
    with pytest.raises(AssertionError, match="diff"):  # rows added: the version is too low
        follow(root, steps)
    pyproject = root / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text(encoding="utf-8").replace(
            f'version = "{version}"', f'version = "{bumped}"', 1
        ),
        encoding="utf-8",
    )
    changelog = root / "CHANGELOG.md"
    today = dt.date.today().isoformat()
    changelog.write_text(
        changelog.read_text(encoding="utf-8").replace(
            "## [Unreleased]", f"## [{bumped}] - {today}", 1
        ),
        encoding="utf-8",
    )
    follow(root, steps)
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["version"] == bumped
    cff = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["version"] == bumped and cff["date-released"] == today
    releases = (root / "releases" / "releases.csv").read_text(encoding="utf-8")
    assert f"\n{bumped},{today}," in releases
    changes = (root / "releases" / "changes.csv").read_text(encoding="utf-8")
    (claim,) = _appended(fact, "claims")
    assert f"{bumped},claims,{claim['id']},added" in changes
