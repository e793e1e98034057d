"""The one resolver of record references: codes, numbers and ids (services/references.py)."""

from __future__ import annotations

from uuid import UUID

import pytest

from domain.beneficiary import Beneficiary
from domain.case import Case
from domain.errors import InvalidInput
from domain.facility import Facility
from domain.plan import ReintegrationPlan
from domain.sequence import record_id
from domain.stay import ShelterStay
from services.references import resolve

AN_ID = UUID("9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d")


@pytest.mark.parametrize("typed", ["PVPT-2026-0123", "pvpt-2026-123", " PVPT-2026-00123 "])
def test_a_code_is_read_as_staff_type_it(typed: str) -> None:
    reference = resolve(Beneficiary, typed)
    assert (reference.id, reference.code) == (record_id("PVPT-2026-0123"), "PVPT-2026-0123")


def test_a_case_number_maps_to_the_case_id_and_long_numbers_keep_their_digits() -> None:
    assert resolve(Case, "PVPT-C-2026-0007").id == record_id("PVPT-C-2026-0007")
    assert resolve(Case, "PVPT-C-2026-12345").code == "PVPT-C-2026-12345"


@pytest.mark.parametrize("kind", [Beneficiary, Case, Facility, ShelterStay, ReintegrationPlan])
def test_every_record_is_found_by_id(kind: type) -> None:
    for text in (str(AN_ID), str(AN_ID).upper()):
        reference = resolve(kind, text)
        assert (reference.id, reference.code) == (AN_ID, None)


@pytest.mark.parametrize(
    ("kind", "text", "says"),
    [
        (Beneficiary, "PVPT-C-2026-0007", "is a case number, not a beneficiary code"),
        (Case, "PVPT-2026-0123", "is a beneficiary's code, not a case number"),
        (ShelterStay, "PVPT-2026-0123", "a shelter stay has no code"),
        (Facility, "Shelter Prishtina", "a facility has no code"),
        (Case, "PVPT-C-26-0007", "is not a case number (PVPT-C-2026-0007) or id"),
        (Case, "", "is not a case number"),
        (Beneficiary, "P" * 65, "at most 64"),
    ],
)
def test_a_malformed_reference_names_the_field_and_what_was_expected(
    kind: type, text: str, says: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        resolve(kind, text, field="CASE")
    assert refused.value.field == "CASE"
    assert says in refused.value.message


@pytest.mark.parametrize("kind", [Beneficiary, Case, Facility])
@pytest.mark.parametrize("text", ["Zana Krasniqi", "zana", "Krasniqi 1998", "PVPT-Zana"])
def test_a_reference_that_is_no_code_or_id_is_never_repeated(kind: type, text: str) -> None:
    """Staff may type a person's name where a code belongs: the refusal says what shape
    was expected, not what was typed."""
    with pytest.raises(InvalidInput) as refused:
        resolve(kind, text)
    assert "is not a" in refused.value.message
    said = refused.value.message.lower()
    assert "zana" not in said
    assert "krasniqi" not in said
