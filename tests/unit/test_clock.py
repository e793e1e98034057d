"""The services decide on Kosovo's clock, so "today" is Kosovo's calendar day."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from adapters.run.clock import KOSOVO, kosovo_now
from domain.errors import InvalidInput
from domain.values import PersonalData
from domain.vocab import Gender, TraffickingScope
from services.commands.beneficiary import RegisterBeneficiary


def test_kosovo_is_one_hour_ahead_in_winter_and_two_in_summer() -> None:
    assert datetime(2026, 1, 15, 12, tzinfo=KOSOVO).utcoffset().total_seconds() == 3600  # type: ignore[union-attr]
    assert datetime(2026, 7, 15, 12, tzinfo=KOSOVO).utcoffset().total_seconds() == 7200  # type: ignore[union-attr]
    assert kosovo_now().tzinfo is KOSOVO


def test_at_half_past_eleven_in_prishtina_today_is_kosovos_date() -> None:
    """23:30 on 28 November in Prishtina is 22:30 UTC: a birth date of 28 November is
    not in the future, and one of the 29th is."""
    from domain.beneficiary import Beneficiary  # noqa: PLC0415

    evening = datetime(2026, 11, 28, 22, 30, tzinfo=UTC).astimezone(KOSOVO)
    assert evening.date() == date(2026, 11, 28)
    after_midnight = datetime(2026, 11, 28, 23, 30, tzinfo=UTC).astimezone(KOSOVO)
    assert after_midnight.date() == date(2026, 11, 29)

    def register(birth: date, at: datetime) -> Beneficiary:
        command = RegisterBeneficiary(
            PersonalData("Drita", "Hoxha", birth), Gender.FEMININE, 0, ("XK",),
            TraffickingScope.DOMESTIC,
        )  # fmt: skip
        return Beneficiary.register(
            "PVPT-2026-0001", command.personal, command.gender, 0, command.citizenships,
            command.languages, command.scope, actor="besa", at=at,
        )  # fmt: skip

    assert register(date(2026, 11, 29), after_midnight).personal.birth_date == date(2026, 11, 29)
    with pytest.raises(InvalidInput, match="future"):
        register(date(2026, 11, 29), evening)
