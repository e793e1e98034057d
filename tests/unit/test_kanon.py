"""k-anonymity with local suppression, checked as a property over random caseloads: by
our own count, and by an independent checker (pycanon) on the CSV an analyst receives."""

from __future__ import annotations

import csv
import io
import math
import random

import pandas as pd
from hypothesis import given as for_all
from hypothesis import settings
from hypothesis import strategies as st
from pycanon import anonymity

from projections import htcds_export as htcds
from projections.htcds_export import (
    DEPENDENT_COLUMNS,
    EXPLOITATION,
    K_COLUMNS,
    QUASI_COLUMNS,
    SUPPRESSED_FIELDS,
)
from projections.htcds_person import without_rehabilitation_goals
from projections.kanon import Anonymised, anonymise
from tests.support.htcds import random_record, small_classes


def _csv_frame(rows: list[dict[str, str]]) -> pd.DataFrame:
    """The rows written and read back as the export's CSV is (blank cells stay blank)."""
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(htcds.COLUMNS), extrasaction="ignore")
    writer.writeheader()
    writer.writerows({c: row.get(c, "") for c in htcds.COLUMNS} for row in rows)
    text.seek(0)
    return pd.read_csv(text, dtype=str, keep_default_na=False)


@settings(max_examples=15, deadline=None)
@for_all(
    seed=st.integers(0, 10**6),
    size=st.integers(0, 120),
    k=st.integers(2, 15),
    budget=st.sampled_from([0.0, 0.05, 1.0]),
)
def test_every_combination_with_suppressed_markers_occurs_at_least_k_times(
    seed: int, size: int, k: int, budget: float
) -> None:
    rng = random.Random(seed)
    records = [random_record(rng) for _ in range(size)]
    result = anonymise(records, htcds.HIERARCHIES, k, budget, SUPPRESSED_FIELDS)

    assert small_classes(result.rows, k) == {}  # a suppressed cell: its own value
    assert small_classes(result.rows, k, QUASI_COLUMNS) == {}  # or read as blank
    assert result.rows_suppressed == size - len(result.rows)
    assert result.rows_suppressed <= math.floor(budget * size) or size < k
    assert result.achieved_k >= k or result.rows == []
    assert 0.0 <= result.information_loss <= 1.0
    assert _leaking_dependents(result) == []
    if result.rows:
        frame = _csv_frame(result.rows)
        assert anonymity.k_anonymity(frame, list(K_COLUMNS)) == result.achieved_k
        assert anonymity.k_anonymity(frame, list(QUASI_COLUMNS)) >= k


def test_suppressed_cells_are_blank_and_named_in_their_row() -> None:
    rng = random.Random(7)
    result = anonymise(
        [random_record(rng) for _ in range(120)], htcds.HIERARCHIES, 11, 0.05, SUPPRESSED_FIELDS
    )
    named = [(row, row[SUPPRESSED_FIELDS].split(";")) for row in result.rows]
    assert any(fields != [""] for _, fields in named)
    for row, fields in named:
        assert all(row[field] == "" for field in fields if field)
    assert sum(result.cells_suppressed.values()) == sum(
        len(fields) for _, fields in named if fields != [""]
    )


SUB_TYPES = ("vic_TypeOfSexExploitation", "vic_ForcedLabourIndustry")


def _leaking_dependents(result: Anonymised) -> list[tuple[str, str]]:
    """(column, value) of every cell telling an exploitation type in a row whose
    exploitation cell is not exact (generalised, or suppressed in the row): a sub-type,
    or a plan goal named after a type."""
    assert set(SUB_TYPES) <= set(DEPENDENT_COLUMNS["exploitation"])
    leaks: list[tuple[str, str]] = []
    for row in result.rows:
        suppressed = EXPLOITATION in row[SUPPRESSED_FIELDS].split(";")
        if result.levels["exploitation"] == 0 and not suppressed:
            continue
        leaks += [(column, row[column]) for column in SUB_TYPES if row[column]]
        if row["spl_Type"] != without_rehabilitation_goals(row["spl_Type"]):
            leaks.append(("spl_Type", row["spl_Type"]))
    return leaks
