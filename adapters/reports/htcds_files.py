"""`journey export htcds`: read the store, anonymise, write the files (docs/export-htcds.md).

Beneficiaries, plans and stays are found on the store's log by the topic of the event
that created them (one indexed query per page), and loaded through `Queries`, so the
codec decodes (and decrypts) them. Only facts `projections.htcds_export` reads leave
this module, after `projections.kanon` has made them k-anonymous.
"""

from __future__ import annotations

import csv
import itertools
import json
import os
import random
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from uuid import UUID

from eventsourcing.utils import get_topic

from adapters.run.bootstrap import Journey
from domain.beneficiary import Beneficiary
from domain.plan import ReintegrationPlan
from domain.stay import ShelterStay
from projections import htcds_export as htcds
from projections import htcds_person as person
from projections.kanon import Anonymised, Record, anonymise, count_table

PAGE = 1000
VICTIMS_FILE = "htcds-victims.csv"
METADATA_FILE = "htcds-export.json"


@dataclass(frozen=True)
class ExportOptions:
    k: int = htcds.CTDC_K
    min_count: int = htcds.CTDC_K
    max_suppressed: float = 0.05


@dataclass
class Collected:
    """The records to anonymise and what was left out, read up to `position`."""

    records: list[Record] = field(default_factory=list)
    excluded: Counter[str] = field(default_factory=Counter)
    beneficiaries: int = 0
    position: int = 0


@dataclass(frozen=True)
class ExportSummary:
    out: Path
    files: tuple[str, ...]
    result: Anonymised
    metadata: dict[str, Any]


def export_htcds(
    journey: Journey,
    out: Path,
    options: ExportOptions,
    now: datetime,
    rng: random.Random | None = None,
    *,
    progress: Callable[[int], None] = lambda _records: None,
) -> ExportSummary:
    """Write the de-identified victims CSV, the outcome tables and the metadata to `out`;
    `progress` hears how many records (plans, stays, beneficiaries) were read so far."""
    collected = collect(journey, progress)
    result = anonymise(
        collected.records,
        htcds.HIERARCHIES,
        options.k,
        options.max_suppressed,
        htcds.SUPPRESSED_FIELDS,
    )
    rows = numbered(result.rows, rng or random.SystemRandom())
    out.mkdir(mode=0o700, parents=True, exist_ok=True)
    files = [VICTIMS_FILE]
    _write_csv(out / VICTIMS_FILE, htcds.COLUMNS, rows)
    for name, dimensions in htcds.TABLES.items():
        table = count_table(map(htcds.table_row, rows), dimensions, options.min_count)
        files.append(f"htcds-table-{name}.csv")
        _write_csv(out / files[-1], (*dimensions, "count"), table)
    metadata = _metadata(collected, result, options, now, files)
    _write_private(out / METADATA_FILE, json.dumps(metadata, indent=2) + "\n")
    return ExportSummary(out, (*files, METADATA_FILE), result, metadata)


def collect(journey: Journey, progress: Callable[[int], None] = lambda _records: None) -> Collected:
    """Every exportable victim's record, as the store holds it now."""
    recorder = journey.app.recorder
    read = itertools.count(1)  # the records read
    collected = Collected(position=recorder.max_notification_id() or 0)
    queries = journey.queries
    plans: defaultdict[UUID, list[ReintegrationPlan]] = defaultdict(list)
    for plan_id in _created(journey, ReintegrationPlan.Drafted, collected.position):
        plan = queries.plan(plan_id)
        plans[plan.case_id].append(plan)
        progress(next(read))
    stays: defaultdict[UUID, list[ShelterStay]] = defaultdict(list)
    for stay_id in _created(journey, ShelterStay.Admitted, collected.position):
        stay = queries.stay(stay_id)
        stays[stay.case_id].append(stay)
        progress(next(read))
    for beneficiary_id in _created(journey, Beneficiary.Registered, collected.position):
        collected.beneficiaries += 1
        beneficiary = queries.beneficiary(beneficiary_id)
        progress(next(read))
        left_out = htcds.exclusion(beneficiary)
        if left_out is not None:
            collected.excluded[left_out.value] += 1
            continue
        case = queries.case(beneficiary.case_ids[-1])
        record = htcds.victim_record(beneficiary, case, plans[case.id], stays[case.id])
        collected.records.append(record)
    return collected


def numbered(rows: Sequence[dict[str, str]], rng: random.Random) -> list[dict[str, str]]:
    """Rows in random order, numbered 1..n: neither order nor id follows the store's."""
    shuffled = list(rows)
    rng.shuffle(shuffled)
    return [{htcds.EXPORT_ID: str(n), **row} for n, row in enumerate(shuffled, start=1)]


def _created(journey: Journey, created: type[Any], stop: int) -> Iterator[UUID]:
    """Ids of the records whose creating event is `created`, in log order, up to `stop`."""
    topic = get_topic(created)
    start = 1
    while True:
        page = journey.app.recorder.select_notifications(start, PAGE, stop=stop, topics=(topic,))
        for notification in page:
            yield UUID(str(notification.originator_id))
        if len(page) < PAGE:
            return
        start = page[-1].id + 1


def _metadata(
    collected: Collected,
    result: Anonymised,
    options: ExportOptions,
    now: datetime,
    files: Sequence[str],
) -> dict[str, Any]:
    quasi = {
        h.name: {
            "level": result.levels[h.name],
            "top_level": h.top,
            "generalisation": result.level_labels[h.name],
            "column": h.levels[result.levels[h.name]].column,
            "weight": h.weight,
            "cells_suppressed": result.cells_suppressed[h.name],
            "dependent_columns": list(h.dependent_columns),
        }
        for h in htcds.HIERARCHIES
    }
    return {
        "standard": "HTCDS 2.0 (IOM), field names and picklist values",
        "generated_at": now.isoformat(),
        "source_position": collected.position,
        "k": options.k,
        "min_count": options.min_count,
        "small_counts_shown_as": f"<{options.min_count}",
        "max_suppressed": options.max_suppressed,
        "achieved_k": result.achieved_k,
        "information_loss": round(result.information_loss, 4),
        "suppressed_cells_listed_in": htcds.SUPPRESSED_FIELDS,
        "quasi_identifiers": quasi,
        "generalised_at_a_fixed_level": {
            "vic_LocationOfRecruitment": "region of each country (Kosovo, WesternBalkans, "
            "OtherEurope, RestOfWorld)",
            "vic_LocationOfExploitation": "region of each country (Kosovo, WesternBalkans, "
            "OtherEurope, RestOfWorld)",
        },
        "withheld": person.WITHHELD,
        "beneficiaries_read": collected.beneficiaries,
        "excluded": dict(sorted(collected.excluded.items())),
        "rows_before_suppression": result.rows_in,
        "rows_suppressed": result.rows_suppressed,
        "rows_exported": len(result.rows),
        "rows_with_citizenship": _filled(result.rows, htcds.CITIZENSHIP, htcds.CITIZENSHIP_GROUP),
        "rows_with_exploitation_type": _filled(result.rows, htcds.EXPLOITATION),
        "files": list(files),
    }


def _filled(rows: Sequence[dict[str, str]], *columns: str) -> int:
    """How many rows carry a value in any of `columns`."""
    return sum(1 for row in rows if any(row[column] for column in columns))


def _write_csv(path: Path, columns: Sequence[str], rows: Sequence[dict[str, str]]) -> None:
    def write(handle: Any) -> None:
        writer = csv.DictWriter(handle, fieldnames=list(columns), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)

    _replace_private(path, write)


def _write_private(path: Path, text: str) -> None:
    _replace_private(path, lambda handle: handle.write(text))


def _replace_private(path: Path, write: Callable[[Any], object]) -> None:
    """Written to a temporary file readable by the owner only (0600), then renamed over
    `path`, so a reader never sees half a file and a previous export is replaced whole."""
    temporary = path.with_name(f".{path.name}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", newline="", encoding="utf-8") as handle:
        write(handle)
    os.chmod(temporary, 0o600)
    temporary.replace(path)
