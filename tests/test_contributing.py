"""CONTRIBUTING.md's recipes, followed word for word in a scratch copy of the project: each
`yaml` block is appended to the file its first line names (`<... of FILE>` placeholders filled
with what the recipe's commands measured), each `changelog` block and the totals that
`rusdata info --totals` prints go under `## [Unreleased]`, and every `$ ` line of a `console`
block must exit 0. A recipe ends green: validate, build and the tests it names."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO, need_sources

GUIDE = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
FENCE = re.compile(r"^```(\w+)\n(.*?)^```", re.M | re.S)
# The synthetic sixth article of "Add a source text": one sentence, cited by one record.
EXAMPLE_TEXT = "An example article\n\nPakistan and Russia held talks in 2019.\n"


def recipe(title: str) -> list[tuple[str, str]]:
    section = GUIDE[GUIDE.index(f"\n## {title}\n") :].split("\n## ", 2)[1]
    return [(m[1], m[2]) for m in FENCE.finditer(section)]


def scratch(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the project with `../shared/sources` beside it, as a contributor's checkout."""
    root = tmp_path / "work" / "rusdata"
    ignore = shutil.ignore_patterns(".git", ".venv", "node_modules", "__pycache__", "*.db")
    shutil.copytree(REPO, root, ignore=ignore)
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
    }
    # A contributor's machine, not CI: a test that needs a git history the scratch copy lacks
    # skips there, as it would for them.
    env.pop("CI", None)
    outputs = []
    for lang, code in blocks:
        if lang == "yaml":
            first, _, record = code.partition("\n")
            target = root / first.removeprefix("# append to ").strip()
            for name in re.findall(r"<\w+ of ([\w.]+)>", record):
                data = (root.parent / "shared" / "sources" / name).read_bytes()
                record = record.replace(f"<sha256 of {name}>", hashlib.sha256(data).hexdigest())
                record = record.replace(f"<bytes of {name}>", str(len(data)))
            text = target.read_text(encoding="utf-8")
            target.write_text(text.rstrip("\n") + "\n" + record, encoding="utf-8")
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
    before = len(list(sources.glob("*.txt")))
    (sources / "005_example.txt").write_text(EXAMPLE_TEXT, encoding="utf-8")
    n = before + 1
    outputs = follow(root, recipe("Add a source text"))
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


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


def test_cutting_a_release_judges_the_version(tmp_path: Path) -> None:
    """A checkout at its last release, tagged; a fact added (a minor change); then the
    release recipe: the unchanged version fails `diff --check`, the bumped one passes."""
    import datetime as dt
    import tomllib

    root, _ = scratch(tmp_path)
    version = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "the last release")
    _git(root, "tag", f"v{version}")
    follow(root, recipe("Add or correct a fact"))
    steps = [
        (lang, code.replace("<previous tag>", f"v{version}"))
        for lang, code in recipe("Cut a release")
    ]
    with pytest.raises(AssertionError, match="diff"):  # rows added: 1.0.0 is too low
        follow(root, steps)
    major, minor, _ = (int(p) for p in version.split("."))
    bumped = f"{major}.{minor + 1}.0"
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
