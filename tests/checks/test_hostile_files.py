"""Files and build inputs: links, loops, FIFOs and paths that leave the package are refused
with one clear line; broken pyproject.toml, CHANGELOG.md and README.md name their file."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import REPO, Project, need_sources

from rusdata.cli import main
from rusdata.errors import RusdataError
from rusdata.package.reader import Package


def errors(project: Project, *args: str) -> list[str]:
    before = project.snapshot()
    result = project.run(*args)
    assert result.code == 1, result.out
    assert "Traceback" not in result.out + result.err
    assert project.snapshot() == before  # committed outputs untouched
    return [line for line in result.err.splitlines() if line.startswith("rusdata: error:")]


@pytest.mark.parametrize("where", ["outside", "inside"])
def test_a_table_file_that_is_a_symlink_is_refused(
    project: Project, tmp_path: Path, where: str
) -> None:
    target = tmp_path / "elsewhere.yaml" if where == "outside" else project.root / "x.txt"
    shutil.copy(project.yaml("people"), target)
    project.yaml("people").unlink()
    project.yaml("people").symlink_to(target)
    result = project.run("validate")
    assert result.code == 1
    assert (
        "data/yaml/people.yaml",
        0,
        "is a symbolic link; it must be a regular file inside the project",
    ) in result.problems


def test_a_table_file_that_is_a_fifo_does_not_hang(project: Project) -> None:
    project.yaml("people").unlink()
    os.mkfifo(project.yaml("people"))
    result = project.run("validate")
    assert result.code == 1
    assert (
        "data/yaml/people.yaml",
        0,
        "is not a regular file (a FIFO, device or folder)",
    ) in result.problems


def test_a_linked_yaml_folder_is_refused(project: Project, tmp_path: Path) -> None:
    shutil.move(project.root / "data" / "yaml", tmp_path / "yaml")
    (project.root / "data" / "yaml").symlink_to(tmp_path / "yaml")
    result = project.run("validate")
    assert result.code == 1
    assert result.problems == [
        ("data/yaml", 0, "is a symbolic link; the table files must be inside the project")
    ]


def test_a_source_text_that_is_a_symlink_loop(project: Project, sources_copy: Path) -> None:
    need_sources()
    text = sorted(sources_copy.glob("*.txt"))[0]
    text.unlink()
    text.symlink_to(text)
    result = project.run("validate", "--sources", str(sources_copy))
    assert result.code == 1
    assert "Traceback" not in result.out + result.err
    assert any(m == f"file: '{text.name}' is a symbolic link loop" for _, _, m in result.problems)


@pytest.mark.parametrize("folder", ["schemas", "docs"])
def test_build_does_not_write_through_a_linked_folder(
    project: Project, tmp_path: Path, folder: str
) -> None:
    outside = tmp_path / "outside"
    shutil.copytree(project.root / folder, outside)
    (outside / "stray.schema.json").write_text("{}")
    before = {p.name: p.read_bytes() for p in outside.iterdir() if p.is_file()}
    shutil.rmtree(project.root / folder)
    (project.root / folder).symlink_to(outside)
    project.edit("sources", "genre: analysis", "genre: news_report")  # changes files in both
    lines = errors(project, "build")
    assert lines == [
        f"rusdata: error: {folder}: is a symbolic link; build writes only inside the project"
    ]
    assert {p.name: p.read_bytes() for p in outside.iterdir() if p.is_file()} == before


def test_a_linked_data_folder_is_refused(project: Project, tmp_path: Path) -> None:
    shutil.move(project.root / "data", tmp_path / "data")
    (project.root / "data").symlink_to(tmp_path / "data")
    result = project.run("build")
    assert result.code == 1
    assert result.problems == [
        ("data", 0, "is a symbolic link; the table files must be inside the project")
    ]


@pytest.mark.parametrize("path", ["../secret.txt", "/etc/passwd", "data/../../x.csv", "C:\\x.csv"])
def test_resource_paths_that_leave_the_package(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, path: str
) -> None:
    root = tmp_path / "pkg"
    root.mkdir()
    shutil.copytree(REPO / "data", root / "data", ignore=shutil.ignore_patterns("yaml"))
    desc = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
    desc["resources"][1]["path"] = path
    (root / "datapackage.json").write_text(json.dumps(desc), encoding="utf-8")
    (tmp_path / "secret.txt").write_text("SECRET,x\n1,2\n")
    for args in (["show", desc["resources"][1]["name"]], ["info"]):
        capsys.readouterr()
        assert main(["--root", str(root), *args]) == 1
        out, err = capsys.readouterr()
        assert "SECRET" not in out + err and "Traceback" not in err
        assert err.startswith("rusdata: error:") and "leaves the package" in err
    with pytest.raises(RusdataError, match="leaves the package"):
        Package.at(root)  # the accessors' reader refuses the descriptor before reading any file


def test_the_wheel_hook_refuses_a_path_that_leaves_the_package(tmp_path: Path) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("hb", REPO / "hatch_build.py")
    assert spec and spec.loader
    hb = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hb)
    root = tmp_path / "proj"
    shutil.copytree(REPO / "rusdata", root / "rusdata")
    desc = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
    desc["resources"][0]["path"] = "../secret.txt"
    (root / "datapackage.json").write_text(json.dumps(desc), encoding="utf-8")
    hook = hb.DataFilesHook.__new__(hb.DataFilesHook)
    hook._BuildHookInterface__root = str(root)  # type: ignore[attr-defined]
    hook._BuildHookInterface__target_name = "wheel"  # type: ignore[attr-defined]
    with pytest.raises(ValueError, match="leaves the package"):
        hook.initialize("standard", {"force_include": {}})


def test_diff_refuses_a_path_that_leaves_the_package(tmp_path: Path) -> None:
    from rusdata.errors import RusdataError
    from rusdata.release.snapshot import from_tree

    root = tmp_path / "proj"
    root.mkdir()
    desc = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
    desc["resources"][0]["path"] = "/etc/passwd"
    (root / "datapackage.json").write_text(json.dumps(desc), encoding="utf-8")
    with pytest.raises(RusdataError, match="leaves the package"):
        from_tree(root)


def test_a_readme_that_is_a_fifo_does_not_hang_build(project: Project) -> None:
    (project.root / "README.md").unlink()
    os.mkfifo(project.root / "README.md")
    assert errors(project, "build") == [
        "rusdata: error: README.md: is not a regular file (a FIFO, device or folder)"
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('name = "rusdata"', 'name = "rusdata', "pyproject.toml: not valid TOML"),
        ("keywords = [", "keywordz = [", "pyproject.toml: [project] keywords: must be a list"),
    ],
)
def test_a_broken_pyproject_is_one_line(
    project: Project, old: str, new: str, expected: str
) -> None:
    path = project.root / "pyproject.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    got = errors(project, "build")
    assert len(got) == 1 and got[0].startswith(f"rusdata: error: {expected}"), got


def test_an_impossible_changelog_date_is_one_line(project: Project) -> None:
    path = project.root / "CHANGELOG.md"
    text = path.read_text(encoding="utf-8")
    import re

    path.write_text(
        re.sub(r"(## \[[^\]]+\] - )\d{4}-\d{2}-\d{2}", r"\g<1>2026-13-45", text, count=1)
    )
    got = errors(project, "build")
    assert len(got) == 1 and got[0].startswith(
        "rusdata: error: CHANGELOG.md: the release date 2026-13-45"
    )


def test_a_readme_that_is_not_utf8_names_the_file(project: Project) -> None:
    path = project.root / "README.md"
    path.write_bytes(path.read_bytes() + b"\n\xff\xfe latin-1 \xe9\n")
    got = errors(project, "build")
    assert len(got) == 1 and got[0].startswith("rusdata: error: README.md: not UTF-8 (byte 0xff")


def test_every_broken_input_is_reported_at_once(project: Project) -> None:
    (project.root / "README.md").write_bytes(b"\xff")
    (project.root / "pyproject.toml").write_text("[project\n")
    project.edit("sources", "genre: analysis", "genre: nonsense")
    result = project.run("build")
    assert result.code == 1
    assert len(result.problems) == 1
    assert [
        line.split(":")[2].strip()
        for line in result.err.splitlines()
        if line.startswith("rusdata: error:")
    ] == ["pyproject.toml", "README.md"]


def test_a_source_file_name_too_long_for_any_file_system(project: Project) -> None:
    """Found by the fuzzer: a 2,000-character name crashed `--sources` (ENAMETOOLONG)."""
    need_sources()
    line = project.edit("sources", "file: 001_31d19213f0e270f8.txt", "file: " + "x" * 2000)
    result = project.run("validate", "--sources", str(need_sources()))
    assert result.code == 1
    got = [(n, m) for p, n, m in result.problems if p == "data/yaml/sources.yaml"]
    assert got and got[0][0] == line and "at most 255 characters" in got[0][1]
