"""The one rule for time (docs/time.md): instants are aware, calendar days are Kosovo's."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import msgspec
import pytest

from adapters.run.bootstrap import build
from adapters.run.clock import ScriptedClock
from domain.beneficiary import Beneficiary
from domain.case import Case
from domain.case_values import IncomingReferral
from domain.local_time import local_date, local_time, utc
from domain.values import PersonalData
from domain.vocab import Gender, IncomingReferralReason, OrganisationType, TraffickingScope
from services.commands.case import OpenCase
from tests.support.factories import WORKER, register

# (instant in UTC, its day in Prishtina)
AROUND_MIDNIGHT_AND_DST = [
    (datetime(2026, 1, 15, 22, 59, tzinfo=UTC), date(2026, 1, 15)),  # 23:59 CET
    (datetime(2026, 1, 15, 23, 0, tzinfo=UTC), date(2026, 1, 16)),  # 00:00 CET
    (datetime(2026, 3, 28, 23, 30, tzinfo=UTC), date(2026, 3, 29)),  # 00:30 CET
    (datetime(2026, 3, 29, 0, 59, tzinfo=UTC), date(2026, 3, 29)),  # 01:59 CET
    (datetime(2026, 3, 29, 1, 30, tzinfo=UTC), date(2026, 3, 29)),  # 03:30 CEST, clocks forward
    (datetime(2026, 3, 29, 21, 59, tzinfo=UTC), date(2026, 3, 29)),  # 23:59 CEST
    (datetime(2026, 3, 29, 22, 0, tzinfo=UTC), date(2026, 3, 30)),  # 00:00 CEST
    (datetime(2026, 7, 1, 22, 30, tzinfo=UTC), date(2026, 7, 2)),  # 00:30 CEST
    (datetime(2026, 10, 24, 21, 59, tzinfo=UTC), date(2026, 10, 24)),  # 23:59 CEST
    (datetime(2026, 10, 24, 22, 0, tzinfo=UTC), date(2026, 10, 25)),  # 00:00 CEST
    (datetime(2026, 10, 25, 0, 30, tzinfo=UTC), date(2026, 10, 25)),  # 02:30 CEST
    (datetime(2026, 10, 25, 1, 30, tzinfo=UTC), date(2026, 10, 25)),  # 02:30 CET, clocks back
    (datetime(2026, 10, 25, 22, 59, tzinfo=UTC), date(2026, 10, 25)),  # 23:59 CET
    (datetime(2026, 10, 25, 23, 0, tzinfo=UTC), date(2026, 10, 26)),  # 00:00 CET
]


@pytest.mark.parametrize(("instant", "day"), AROUND_MIDNIGHT_AND_DST)
def test_an_instant_falls_on_its_day_in_prishtina(instant: datetime, day: date) -> None:
    assert local_date(instant) == day
    assert local_date(instant.astimezone(local_time(instant).tzinfo)) == day
    assert utc(local_time(instant)) == instant
    assert utc(local_time(instant)).tzinfo is UTC


def test_an_instant_without_a_time_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="no time zone"):
        local_date(datetime(2026, 3, 29, 1, 30))


def test_the_domain_decides_on_kosovos_day_whatever_the_clocks_offset() -> None:
    """At 00:30 in Prishtina (23:30 UTC), a referral received today is not in the
    future, even when the service's clock reads UTC."""
    journey = build("memory://", ScriptedClock(datetime(2026, 3, 28, 23, 30, tzinfo=UTC)))
    try:
        referral = IncomingReferral(
            "Kosovo Police",
            OrganisationType.LAW_ENFORCEMENT,
            date(2026, 3, 29),
            IncomingReferralReason.ADDITIONAL_SERVICES_REQUIRED,
        )
        command = OpenCase(beneficiary_id=register(journey), referral=referral)
        case_id = journey.bus.execute(None, command, actor=WORKER).id
        opened: Case = journey.app.repository.get(case_id)
        assert opened.created_on.utcoffset() == timedelta(hours=1)
    finally:
        journey.close()


def test_the_envelope_sends_instants_in_utc() -> None:
    """An event decided on Kosovo's clock travels with `occurred_at` in UTC (`Z`)."""
    from adapters.stream.envelope import encode_envelope, envelope_of  # noqa: PLC0415

    journey = build("memory://", ScriptedClock(datetime(2026, 3, 28, 23, 30, tzinfo=UTC)))
    try:
        register(journey)
        notification = journey.app.recorder.select_notifications(start=1, limit=1)[0]
        wire = msgspec.json.decode(encode_envelope(envelope_of(notification)))
        assert wire["occurred_at"].startswith("2026-03-28T23:30:00")
        assert wire["occurred_at"].endswith("Z")
        assert wire["recorded_at"].endswith("Z")
    finally:
        journey.close()


def test_the_htcds_year_is_the_year_in_prishtina() -> None:
    """Registered at 00:30 on 1 January 2026 in Prishtina (23:30 UTC on New Year's Eve)."""
    from projections.htcds_export import victim_record  # noqa: PLC0415

    new_year = datetime(2025, 12, 31, 23, 30, tzinfo=UTC)
    person = PersonalData("Vjollca", "Zeqiri", date(1998, 3, 14))
    beneficiary = Beneficiary.register(
        "PVPT-2026-0001", person, Gender.FEMININE, 27, ("XK",), ("sq",),
        TraffickingScope.DOMESTIC, actor="ana", at=new_year,
    )  # fmt: skip
    referral = IncomingReferral(
        "Kosovo Police",
        OrganisationType.LAW_ENFORCEMENT,
        date(2025, 12, 30),
        IncomingReferralReason.OTHER,
    )
    case = Case.open(
        "PVPT-C-2026-0001", beneficiary.id, "PVPT-2026-0001", referral, actor="ana", at=new_year
    )
    assert victim_record(beneficiary, case, [], []).quasi["year"] == "2026"


def test_a_code_takes_the_year_in_prishtina() -> None:
    """At 00:30 on 1 January in Prishtina (23:30 UTC on New Year's Eve) codes are the
    new year's, even when the service's clock reads UTC."""
    journey = build("memory://", ScriptedClock(datetime(2025, 12, 31, 23, 30, tzinfo=UTC)))
    try:
        beneficiary: Beneficiary = journey.app.repository.get(register(journey))
        assert beneficiary.code == "PVPT-2026-0001"
    finally:
        journey.close()
