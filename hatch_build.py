"""Ship datapackage.json and every resource it lists inside the wheel, under rusdata/_data/.

The list comes from the descriptor itself, so a new table cannot be left out of the wheel.
Paths keep their layout, so the descriptor's relative paths stay valid when installed. A path
that leaves the package (`../secret.txt`, `/etc/passwd`) stops the build: the wheel holds only
the package's own files.
"""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


def _safefiles(root: Path) -> Any:
    # rusdata is not importable while its own wheel builds: load the one module by path.
    spec = importlib.util.spec_from_file_location(
        "_rusdata_safefiles", root / "rusdata" / "safefiles.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SHIPPED_BESIDE = ("releases/releases.csv", "releases/changes.csv", "docs/annotations.jsonld")


class DataFilesHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        # Editable installs read the data from the checkout (rusdata.package.reader.data_root).
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        planted = root / "rusdata" / "_data"
        if os.path.lexists(planted):  # the wheel's _data is made here, from the root package
            raise ValueError(f"{planted}: a data folder inside the code tree; remove it")
        safe = _safefiles(root)
        # Read as every reader does: a regular file, no link followed, no FIFO waited on.
        descriptor = json.loads(safe.read_regular(root / "datapackage.json").decode("utf-8"))
        safe.check_resource_paths(descriptor, "datapackage.json")  # ValueError stops the build
        paths = ["datapackage.json"] + [r["path"] for r in descriptor["resources"]]
        # Beside the tables: each record's history and the quotes' Web Annotations, which
        # `rusdata history`, `reanchor` and `export site` read from an installed package.
        paths += [p for p in SHIPPED_BESIDE if (root / p).is_file()]
        for rel in paths:
            linked = safe.linked_parent(root, rel)
            problem = safe.regular_problem(root / rel) or (linked and f"{linked} is a symlink")
            if problem:
                raise ValueError(f"{rel}: {problem}")
            build_data["force_include"][str(root / rel)] = f"rusdata/_data/{rel}"
