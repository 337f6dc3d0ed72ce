"""Text that hides or breaks things, and spreadsheet formulas: refused in the YAML files and in
every text field at their file:line, kept intact by the CSV reader, and never printed raw."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from conftest import REPO, Project

from rusdata.cli import main
from rusdata.package.reader import Package
from rusdata.package.records import records

VISITS = "data/yaml/visits.yaml"
# Each refused character, and what the message calls it.
HIDDEN = {
    "\u2028": "line break to YAML",
    "\u2029": "line break to YAML",
    "\x85": "line break to YAML",
    "\r": "carriage return",
    "\x00": "control character",
    "\x1b": "control character",
    "\x07": "control character",
    "\x7f": "control character",
    "\x9b": "control character",
    "\u202e": "bidirectional",
    "\u2066": "bidirectional",
    "\u200f": "bidirectional",
    "\u200b": "invisible",
    "\u200d": "invisible",
    "\u2060": "invisible",
    "\ufeff": "invisible",
    # By category and the known fillers (the red-team pass of 1.0.0 got these through).
    "\U000e0041": "tag character",
    "\U000e0001": "tag character",
    "\u115f": "invisible",
    "\u1160": "invisible",
    "\u3164": "invisible",
    "\uffa0": "invisible",
    "\ufff9": "invisible",
    "\ufffb": "invisible",
    "\u034f": "invisible",
    "\u2800": "invisible",
    "\ufe0f": "invisible",
    "\u00ad": "invisible",
    "\ufdd0": "noncharacter",
    "\uffff": "noncharacter",
    "\U0010fffe": "noncharacter",
    "\ue000": "private-use",
    "\U000f0000": "private-use",
}
# A terminal must never receive these from rusdata: what the tests look for in the output.
RAW = [c for c in HIDDEN if c not in "\r"]


def no_raw(text: str) -> None:
    assert not any(c in text for c in RAW), repr(text)


def problems(project: Project, *args: str) -> tuple[list[tuple[str, int, str]], str]:
    result = project.run("validate", *args)
    assert result.code == 1, result.out
    no_raw(result.out + result.err)
    return result.problems, result.out


@pytest.mark.parametrize("ch", list(HIDDEN))
def test_refused_in_a_comment_at_its_line(seeded: Project, ch: str) -> None:
    """A line that editors, grep and git diff show as a comment cannot carry a record."""
    line = seeded.edit(
        "visits",
        "  date_qualifier: exact\n",
        f"  date_qualifier: exact\n  # a comment{ch}- id: smuggled\n",
    )
    got, _ = problems(seeded)
    assert len(got) == 1, got
    path, at, message = got[0]
    assert (path, at) == (VISITS, line + 1)
    assert f"U+{ord(ch):04X}" in message and HIDDEN[ch] in message


def test_every_line_with_one_is_reported(seeded: Project) -> None:
    text = seeded.yaml("visits").read_text(encoding="utf-8")
    lines = text.split("\n")
    for i in (3, 10, 20):
        lines[i] += " # \u202e"
    seeded.yaml("visits").write_text("\n".join(lines), encoding="utf-8")
    got, _ = problems(seeded)
    assert [(p, n) for p, n, _ in got] == [(VISITS, 4), (VISITS, 11), (VISITS, 21)]


@pytest.mark.parametrize(
    ("escape", "what"),
    [
        ("\\u2028", "U+2028"),
        ("\\x1b[2J", "U+001B"),
        ("\\u202e", "U+202E"),
        ("\\u200b", "U+200B"),
        ("\\U000E0041", "U+E0041"),
        ("\\u3164", "U+3164"),
        ("\\uFFFA", "U+FFFA"),
        ("\\uFDD0", "U+FDD0"),
        ("\\x85", "U+0085"),
        ("\\r", "U+000D"),
        ("\\t", "U+0009"),
        ("\\0", "U+0000"),
    ],
)
@pytest.mark.parametrize("field", ["summary", "quote", "note", "name"])
def test_refused_in_text_fields_written_as_escapes(
    seeded: Project, escape: str, what: str, field: str
) -> None:
    """A double-quoted YAML escape makes the character only after parsing: the models refuse it."""
    if field == "name":
        line = seeded.edit(
            "people",
            "name: Russian Foreign Minister Sergey Lavrov\n",
            f'name: "Russian Foreign Minister Sergey{escape}Lavrov"\n',
        )
        path = "data/yaml/people.yaml"
    elif field == "note":
        line = (
            seeded.edit(
                "visits",
                "  date_qualifier: exact\n",
                f'  date_qualifier: exact\n  note: "a{escape}b"\n',
            )
            + 1
        )
        path = VISITS
    elif field == "quote":
        line = seeded.edit("visits", 'quote: "Russian', f'quote: "{escape}Russian')
        path = VISITS
    else:
        line = seeded.edit(
            "visits", "summary: A visit made up for the tests", f'summary: "A visit{escape} made"'
        )
        path = VISITS
    got, _ = problems(seeded)
    assert len(got) == 1, got
    assert got[0][:2] == (path, line)
    assert what in got[0][2] and f"{field}: contains" in got[0][2]


@pytest.mark.parametrize("sign", ["=", "+", "-", "@"])
@pytest.mark.parametrize("field", ["summary", "quote", "note"])
def test_a_formula_start_is_refused(seeded: Project, sign: str, field: str) -> None:
    if field == "note":
        line = (
            seeded.edit(
                "visits",
                "  date_qualifier: exact\n",
                f"  date_qualifier: exact\n  note: '{sign}HYPERLINK(\"http://x\")'\n",
            )
            + 1
        )
    elif field == "quote":
        line = seeded.edit("visits", 'quote: "Russian', f'quote: "{sign}Russian')
    else:
        line = seeded.edit(
            "visits", "summary: A visit made up for the tests", f"summary: '{sign}1+1 A visit'"
        )
    got, _ = problems(seeded)
    assert len(got) == 1, got
    assert got[0][:2] == (VISITS, line)
    assert f"starts with '{sign}'" in got[0][2] and "formula" in got[0][2]


def test_a_sign_inside_the_text_is_fine(seeded: Project) -> None:
    seeded.edit("visits", "summary: A visit made up", "summary: A visit = made + up - @")
    assert seeded.run("validate").code == 0


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """A copy of the built package whose people.csv the test may rewrite (hash kept valid)."""
    shutil.copy(REPO / "datapackage.json", tmp_path)
    shutil.copytree(REPO / "data", tmp_path / "data", ignore=shutil.ignore_patterns("yaml"))
    for name in ("README.md", "pyproject.toml"):
        shutil.copy(REPO / name, tmp_path)
    return tmp_path


def rewrite_people(root: Path, old: str, new: str) -> None:
    path = root / "data" / "people.csv"
    data = path.read_text(encoding="utf-8").replace(old, new, 1).encode("utf-8")
    path.write_bytes(data)
    desc = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    for r in desc["resources"]:
        if r["name"] == "people":
            r["bytes"], r["hash"] = len(data), "sha256:" + hashlib.sha256(data).hexdigest()
    (root / "datapackage.json").write_text(json.dumps(desc), encoding="utf-8")


def test_the_csv_reader_keeps_a_line_separator_in_a_cell(package: Path) -> None:
    rewrite_people(package, "Andrew Korybko,", '"Andrew\u2028Korybko\x85",')
    copy = Package.at(package)
    header, rows, trusted = copy.rows("people")
    assert trusted
    names = [r[header.index("name")] for r in rows]
    assert "Andrew\u2028Korybko\x85" in names
    assert len(rows) == len(records("people", copy))


def run(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["--root", str(root), *args])
    out, err = capsys.readouterr()
    return code, out + err


def test_show_and_info_escape_what_a_terminal_would_act_on(
    package: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rewrite_people(package, "Andrew Korybko,", '"Andrew\x1b]0;pwned\x07\u202eKorybko",')
    code, out = run(package, capsys, "show", "people", "--width", "200")
    assert code == 0
    no_raw(out)
    assert "Andrew\\x1b]0;pwned\\x07\\u202eKorybko" in out
    code, out = run(package, capsys, "show", "people", "--csv")  # not a terminal: the data
    assert "\x1b]0;pwned" in out
    path = package / "data" / "sources.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",en,", ",en\x1b[2J,", 1))
    desc = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    desc["title"] += "\x1b[31m"
    (package / "datapackage.json").write_text(json.dumps(desc), encoding="utf-8")
    code, out = run(package, capsys, "info")
    assert code == 0
    no_raw(out)
    assert "\\x1b[31m" in out


def test_validate_escapes_file_names_and_values(project: Project) -> None:
    (project.root / "data" / "yaml" / "x\x1b[2J\u202e.yaml").write_text("[]\n")
    project.edit("people", "country: RUS", 'country: "R\\x1b[5mS"')
    _, out = problems(project)
    assert "x\\x1b[2J\\u202e.yaml" in out
    assert "R\\x1b[5mS" in out


def test_the_files_other_problems_are_reported_too(seeded: Project) -> None:
    """The file is read on with the refused character blanked: every problem at once."""
    hidden = seeded.edit("people", "  country: RUS\n", "  country: RUS\n  # x\u202ey\n") + 1
    status = seeded.edit("visits", "  status: occurred\n", "  status: happened\n")
    got, _ = problems(seeded)
    assert [(p, n) for p, n, _ in got] == [
        ("data/yaml/people.yaml", hidden),
        (VISITS, status),
    ]
    assert seeded.run("build").code == 1
