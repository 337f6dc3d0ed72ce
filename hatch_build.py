"""Ship datapackage.json and every resource it lists inside the wheel, under rusdata/_data/.

The list comes from the descriptor itself, so a new table cannot be left out of the wheel.
Paths keep their layout, so the descriptor's relative paths stay valid when installed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class DataFilesHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        # Editable installs read the data from the checkout (rusdata.package.reader.data_root).
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        descriptor = root / "datapackage.json"
        paths = ["datapackage.json"] + [
            r["path"] for r in json.loads(descriptor.read_text(encoding="utf-8"))["resources"]
        ]
        for rel in paths:
            build_data["force_include"][str(root / rel)] = f"rusdata/_data/{rel}"
