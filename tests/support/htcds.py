"""The HTCDS 2.0 reference (docs/reference) and checks any export must pass."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from projections.htcds_export import MULTI, QUASI_COLUMNS
from projections.kanon import equivalence_classes

REFERENCE = Path(__file__).resolve().parents[2] / "docs" / "reference"
ISO_3166 = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    values: frozenset[str]


def reference_fields() -> dict[str, Field]:
    """HTCDS fields by full name (e.g. prs_Gender), with their picklist value names."""
    with (REFERENCE / "htcds-field-standards-2.0.csv").open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return {
        row["Field Name including Prefix"]: Field(
            row["Field Name including Prefix"],
            row["Field Type"].strip(),
            frozenset(
                v.strip() for v in row["Value Names (if picklist)"].splitlines() if v.strip()
            ),
        )
        for row in rows
    }


def invalid_values(rows: Iterable[Mapping[str, str]], fields: dict[str, Field]) -> list[str]:
    """Every HTCDS cell value that is not a value name of its field's picklist."""
    wrong = []
    for row in rows:
        for column, cell in row.items():
            if column.startswith("pvpt_") or not cell:
                continue
            for value in cell.split(MULTI):
                if column == "prs_Citizenship":
                    ok = bool(ISO_3166.match(value))
                else:
                    ok = value in fields[column].values
                if not ok:
                    wrong.append(f"{column}={value}")
    return wrong


def small_classes(rows: Iterable[Mapping[str, str]], k: int) -> dict[tuple[str, ...], int]:
    """Equivalence classes over the quasi-identifier columns with fewer than k rows."""
    classes = equivalence_classes(rows, QUASI_COLUMNS)
    return {key: size for key, size in classes.items() if size < k}
