"""A prevention campaign and attendance sheets for the tests of the CSV import
(services/prevention_import.py): a header and rows, written as a spreadsheet would."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from uuid import UUID

from adapters.run.bootstrap import Journey
from domain.prevention.values import CampaignPlan
from domain.prevention.vocab import TargetGroup
from services.commands.prevention import LaunchCampaign
from tests.support.partners import CSW_PRIZREN, partner

OFFICER = "drita.gashi"
TODAY = datetime(2026, 6, 30, 9, 0, tzinfo=UTC)
SCHOOL = {
    "type": "school_session",
    "held_on": "2026-05-12",
    "duration_minutes": "90",
    "setting": "school",
    "language": "sq",
    "municipality": "Prizren",
    "title": "Safe online: grade 8",
    "facilitators": "drita.gashi; besa.pvpt",
    "students_grades_6_9.female.11-14": "14",
    "students_grades_6_9.male.11-14": "12",
    "inclusion.roma_ashkali_egyptian": "3",
    "materials.leaflet.sq": "26",
    "learning.max_score": "10",
    "learning.pass_mark": "7",
    "learning.pre_count": "26",
    "learning.pre_mean": "5,2",
    "learning.pre_passed": "6",
    "learning.post_count": "25",
    "learning.post_mean": "7.6",
    "learning.post_passed": "18",
}
TRAINING = {
    "type": "professional_training",
    "held_on": "14.05.2026",
    "duration_minutes": "240",
    "setting": "professional_premises",
    "language": "sq",
    "municipality": "25",
    "facilitators": "drita.gashi",
    "partners": CSW_PRIZREN,
    "professionals.police.male.25-64": "11",
    "professionals.police.female.25-64": "4",
    "professionals.social_work.female.25-64": "6",
}
MEDIA = {
    "type": "media_appearance",
    "held_on": "2026-05-20",
    "duration_minutes": "30",
    "setting": "media_studio",
    "language": "sq",
    "facilitators": "drita.gashi",
    "audience.broadcast_reach": "45000",
    "audience.outlet": "RTK 1",
}


def sheet(rows: Sequence[Mapping[str, str]], *, delimiter: str = ",") -> bytes:
    """The rows as a CSV file, its header every column any row fills."""
    columns = list(dict.fromkeys(column for row in rows for column in row))
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, delimiter=delimiter, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def campaign(journey: Journey, starts_on: date, ends_on: date) -> UUID:
    """A school campaign of the period given, with the CSW of Prizren as a partner."""
    plan = CampaignPlan(
        name="Safe online 2026",
        starts_on=starts_on,
        ends_on=ends_on,
        target_groups=(TargetGroup.STUDENTS,),
        partner_ids=(partner(journey, CSW_PRIZREN),),
    )
    return journey.bus.execute(None, LaunchCampaign(plan=plan), actor=OFFICER).id
