"""The read models' data dictionary, as shipped: what each view and column means.

Generated from docs/read-models/*.md by `python -m scripts.data_dictionary` into
`datapackage.json` beside this module (a Frictionless data package, ADR 35); the workers
write it into PostgreSQL as `COMMENT ON` each view and column, and `journey db
dictionary` prints it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

PACKAGE_DATA = Path(__file__).with_name("datapackage.json")
# The name prefix of a published view documented on its own (its SELECT is the model's:
# its columns are not those of the model's view of the same name)
REPORTING_PREFIX = "reporting."


@dataclass(frozen=True)
class ViewDoc:
    summary: str
    page: str
    columns: dict[str, str]  # column -> meaning


@cache
def dictionary_text() -> str:
    return PACKAGE_DATA.read_text()


def view_docs() -> dict[str, ViewDoc]:
    """Each documented view, by name."""
    resources: list[dict[str, Any]] = json.loads(dictionary_text())["resources"]
    return {
        resource["name"]: ViewDoc(
            summary=resource["description"],
            page=resource["page"],
            columns={f["name"]: f["description"] for f in resource["schema"]["fields"]},
        )
        for resource in resources
    }
