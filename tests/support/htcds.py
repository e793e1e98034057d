"""The HTCDS 2.0 reference (docs/reference) and checks any export must pass."""

from __future__ import annotations

import csv
import random
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from domain.vocab import AgeBand, ClosureReason, ExploitationType, Gender
from projections.htcds_export import K_COLUMNS, MULTI
from projections.htcds_person import REGIONS
from projections.kanon import Record, equivalence_classes

REFERENCE = Path(__file__).resolve().parents[2] / "docs" / "reference"
ISO_3166 = re.compile(r"^[A-Z]{2}$")
# HTCDS text or lookup fields the export fills with codes of its own (docs/export-htcds.md):
# a closure reason's code, the regions of the countries of recruitment and exploitation.
CODED = {
    "cas_ReasonForCaseClosure": frozenset(ClosureReason),
    "vic_LocationOfRecruitment": frozenset(REGIONS),
    "vic_LocationOfExploitation": frozenset(REGIONS),
}


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    values: frozenset[str]
    label: str = ""
    core: bool = False


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
            row["Field Label"].strip(),
            row["Core"].strip() == "Core",
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
                if column in CODED:
                    ok = value in CODED[column]
                elif column == "prs_Citizenship":
                    ok = bool(ISO_3166.match(value))
                elif fields[column].type == "Checkbox":
                    ok = value in ("true", "false")
                else:
                    ok = value in fields[column].values
                if not ok:
                    wrong.append(f"{column}={value}")
    return wrong


def small_classes(
    rows: Iterable[Mapping[str, str]], k: int, columns: Sequence[str] = K_COLUMNS
) -> dict[tuple[str, ...], int]:
    """Equivalence classes with fewer than k rows, over the quasi-identifier columns and
    the list of suppressed cells (a suppressed cell is then a value of its own)."""
    classes = equivalence_classes(rows, columns)
    return {key: size for key, size in classes.items() if size < k}


def random_record(rng: random.Random) -> Record:
    """A random victim's quasi-identifiers (skewed, as real caseloads are)."""
    citizenship = rng.choices(["XK", "AL", "RS", "UA", "NG", "AL;XK", ""], [60, 8, 8, 5, 2, 2, 3])
    exploitation = rng.choices(
        [e.value for e in ExploitationType] + ["ForcedLabour;SexualExploitation", ""],
        [1] * len(ExploitationType) + [2, 3],
    )
    quasi = {
        "year": str(rng.randint(2019, 2026)),
        "citizenship": citizenship[0],
        "age": rng.choice(list(AgeBand)).value,
        "gender": rng.choices(list(Gender), [60, 25, 3, 3, 3, 6])[0].value,
        "exploitation": exploitation[0],
        "residence": rng.choices(["13", "01", "20", "XK", "abroad:DE", ""], [40, 10, 10, 5, 5, 30])[
            0
        ],
    }
    return Record(
        quasi,
        {
            "cas_Status": rng.choice(["Active", "Closed", "FollowUp"]),
            **_details(rng, exploitation[0]),
        },
    )


def _details(rng: random.Random, exploitation: str) -> dict[str, str]:
    """Sub-types and plan goals that tell the exploitation type, as episodes and plans
    record them (sometimes missing, as in real records)."""
    types = set(exploitation.split(MULTI))
    sexual = "SexualExploitation" in types and rng.random() < 0.8
    labour = "ForcedLabour" in types and rng.random() < 0.8
    goals = {"Education", "LabourExploitationRehabilitation" if labour else "Health"}
    if sexual:
        goals.add("SexualExploitationRehabilitation")
    return {
        "vic_TypeOfSexExploitation": rng.choice(["Prostitution", "Pornography"]) if sexual else "",
        "vic_ForcedLabourIndustry": rng.choice(["F_Construction", "I_Hospitality"])
        if labour
        else "",
        "spl_Type": MULTI.join(sorted(rng.sample(sorted(goals), rng.randint(0, len(goals))))),
    }
