"""Build inputs typed: every value build takes from pyproject.toml and CHANGELOG.md is checked
for type and characters; a bad one is one `rusdata: error:` line naming the file and the key
(or line), and nothing is written."""

from __future__ import annotations

import tomllib

import pytest
from conftest import REPO, Project

from rusdata.build.render import project_metadata


def _build_errors(project: Project) -> list[str]:
    before = project.snapshot()
    result = project.run("build")
    assert result.code == 1
    assert "Traceback" not in result.err
    assert project.snapshot() == before  # nothing written
    return [line for line in result.err.splitlines() if line.startswith("rusdata: error:")]


def _pyproject(project: Project, old: str, new: str) -> None:
    path = project.root / "pyproject.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# The version line as pyproject.toml has it (whatever the release), and a bad value built on it.
_V = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
VERSION = f'version = "{_V}"'
AUTHORS = 'authors = [{ name = "rusdata contributors" }]'


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "[project.optional-dependencies]",
            'urls = "https://example.org"\n\n[project.optional-dependencies]',
            "pyproject.toml: [project] urls: must be a table of name = URL, not a string",
        ),
        (
            "[project.optional-dependencies]",
            "urls = { Download = 5 }\n\n[project.optional-dependencies]",
            "pyproject.toml: [project] urls.Download: must be a non-empty string, not a number",
        ),
        (
            "[project.optional-dependencies]",
            'urls = { Download = "javascript:alert(1)" }\n\n[project.optional-dependencies]',
            "pyproject.toml: [project] urls.Download: 'javascript:alert(1)' does not match",
        ),
        (
            VERSION,
            f'version = "{_V}\\u001b[2J"',
            "pyproject.toml: [project] version: contains U+001B (a control character)",
        ),
        (
            VERSION,
            f'version = "{_V}\\u202e"',
            "pyproject.toml: [project] version: contains U+202E (an invisible bidirectional",
        ),
        (VERSION, "version = 1", "pyproject.toml: [project] version: must be a non-empty string"),
        (VERSION, 'version = "one"', "pyproject.toml: [project] version: 'one' does not match"),
        (
            AUTHORS,
            'authors = [{ name = "Eve\\u202e" }]',
            "pyproject.toml: [project] authors[0].name: contains U+202E",
        ),
        (
            AUTHORS,
            'authors = ["Eve"]',
            "pyproject.toml: [project] authors[0]: must be a table {name = ...}, not a string",
        ),
        (
            'keywords = ["Russia"',
            'keywords = ["Russia\\U000E0041"',
            "pyproject.toml: [project] keywords[0]: contains U+E0041 (an invisible tag",
        ),
        (
            "description = ",
            'description = "A\\u3164" # ',
            "pyproject.toml: [project] description: contains U+3164 (an invisible character)",
        ),
        (
            "[build-system]",
            "# a comment \u202e\n[build-system]",
            "pyproject.toml: line 1: character U+202E (an invisible bidirectional control)",
        ),
    ],
)
def test_a_bad_pyproject_value_is_one_line(
    project: Project, old: str, new: str, expected: str
) -> None:
    _pyproject(project, old, new)
    got = _build_errors(project)
    assert len(got) == 1 and got[0].startswith(f"rusdata: error: {expected}"), got


def test_each_bad_key_is_its_own_line(project: Project) -> None:
    _pyproject(project, VERSION, f'version = "{_V}\\u202e"')
    _pyproject(project, AUTHORS, "authors = [{ name = 7 }]")
    got = _build_errors(project)
    assert [g.split(": ")[3] for g in got] == ["[project] version", "[project] authors[0].name"]


def test_a_hidden_character_in_the_changelog_names_its_line(project: Project) -> None:
    path = project.root / "CHANGELOG.md"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[2] += " \u202e"
    lines[5] += " \x1b[31m"
    path.write_text("\n".join(lines), encoding="utf-8")
    assert _build_errors(project) == [
        "rusdata: error: CHANGELOG.md: line 3: character U+202E (an invisible bidirectional "
        "control) is not allowed",
        "rusdata: error: CHANGELOG.md: line 6: character U+001B (a control character) is not "
        "allowed",
    ]


def test_windows_line_endings_are_fine(project: Project) -> None:
    for name in ("pyproject.toml", "CHANGELOG.md"):
        path = project.root / name
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert project.run("build", "--check").code == 0


def test_the_real_metadata_passes(project: Project) -> None:
    assert project_metadata(project.root)["name"] == "rusdata"
