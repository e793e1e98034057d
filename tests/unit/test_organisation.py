"""Organisation (the partner registry): registered under a key, renamed keeping its
identity, details changed, deactivated and reactivated; each refusal named."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from domain.errors import DomainError, InvalidInput, RuleViolated
from domain.organisation import (
    Organisation,
    OrganisationDetails,
    OrganisationKind,
    OrganisationNames,
    organisation_id,
)
from domain.organisation_values import HTCDS_TYPES
from domain.vocab import OrganisationType
from tests.unit.dsl import at, given, history, then, when

IOM = OrganisationNames(
    "Organizata Ndërkombëtare për Migracion",
    "Međunarodna organizacija za migracije",
    "International Organization for Migration, Kosovo",
)
IOM_PLACE = OrganisationDetails(
    OrganisationKind.INTERNATIONAL_ORGANISATION, "XK", "19", city="Prishtinë"
)
CSW = OrganisationNames(albanian="Qendra për Punë Sociale Gjakovë")
CSW_PLACE = OrganisationDetails(OrganisationKind.CENTRE_FOR_SOCIAL_WORK, "XK", "02")
FROM = date(2020, 1, 1)


def register(
    key: str = "iom-kosovo",
    names: OrganisationNames = IOM,
    details: OrganisationDetails = IOM_PLACE,
) -> Organisation:
    return Organisation.register(key, names, details, FROM, actor="ana", at=at())


def organisation(*commands: Callable[[Organisation], object]) -> Organisation:
    return given(Organisation, history(register, *commands))


def refused(error: type[DomainError], command: Callable[[Organisation], object]) -> DomainError:
    """The command on a registered organisation raises `error` and records nothing."""
    record = organisation()
    with pytest.raises(error) as raised:
        command(record)
    assert list(record.collect_events()) == []
    return raised.value


def deactivate(on: date = date(2026, 6, 30)) -> Callable[[Organisation], object]:
    return lambda o: o.deactivate(on, "Office closed.", actor="ana", at=at(1))


# ------------------------------------------------------------------ register


def test_registered_under_its_key_with_the_id_derived_from_it() -> None:
    events = history(register)
    then(events, (Organisation.Registered, {"key": "iom-kosovo", "names": IOM}))
    record = given(Organisation, events)
    assert record.id == organisation_id("iom-kosovo")
    assert record.display_name == IOM.albanian
    assert record.is_active_on(FROM)
    assert not record.is_active_on(date(2019, 12, 31))


def test_an_international_organisation_has_no_htcds_type_it_is_not_an_ngo() -> None:
    record = organisation()
    assert record.kind is OrganisationKind.INTERNATIONAL_ORGANISATION
    assert record.htcds_type is None
    assert HTCDS_TYPES[OrganisationKind.NGO] is OrganisationType.NGO


def test_a_stated_htcds_type_overrides_the_kinds() -> None:
    state_shelter = OrganisationDetails(
        OrganisationKind.SHELTER,
        "XK",
        htcds_type=OrganisationType.CENTRAL_GOVERNMENT_ORGANISATION,
    )
    record = register("interim-security-facility", CSW, state_shelter)
    assert record.htcds_type is OrganisationType.CENTRAL_GOVERNMENT_ORGANISATION


def test_the_display_name_is_albanian_else_english_else_serbian() -> None:
    assert register(names=OrganisationNames(None, "Ambasada", "Embassy")).display_name == "Embassy"
    assert register(names=OrganisationNames(serbian="Ambasada")).display_name == "Ambasada"


@pytest.mark.parametrize(
    ("key", "names", "details", "field"),
    [
        ("IOM", IOM, IOM_PLACE, "key"),
        ("-iom", IOM, IOM_PLACE, "key"),
        ("iom", OrganisationNames(" ", None, ""), IOM_PLACE, "names"),
        ("iom", OrganisationNames(english="x" * 201), IOM_PLACE, "names.english"),
        ("iom", IOM, OrganisationDetails(OrganisationKind.NGO, "ZZ"), "country"),
        ("iom", IOM, OrganisationDetails(OrganisationKind.NGO, "XK", "39"), "municipality"),
        ("iom", IOM, OrganisationDetails(OrganisationKind.EMBASSY, "AL", "19"), "municipality"),
        ("iom", IOM, OrganisationDetails(OrganisationKind.NGO, "XK", phone="call us"), "phone"),
        ("iom", IOM, OrganisationDetails(OrganisationKind.NGO, "XK", latitude=42.6), "longitude"),
        (
            "iom",
            IOM,
            OrganisationDetails(OrganisationKind.NGO, "XK", latitude=91.0, longitude=21.0),
            "latitude",
        ),
    ],
)
def test_bad_registrations_name_the_field(
    key: str, names: OrganisationNames, details: OrganisationDetails, field: str
) -> None:
    with pytest.raises(InvalidInput) as raised:
        register(key, names, details)
    assert raised.value.field == field


def test_names_and_details_are_kept_trimmed_and_a_phone_compact() -> None:
    details = OrganisationDetails(OrganisationKind.NGO, "XK", "02", phone="+383 39 123 456")
    record = register("ngo-x", OrganisationNames(albanian="  Qendra  "), details)
    assert record.names.albanian == "Qendra"
    assert record.details.phone == "+38339123456"


# -------------------------------------------------------------------- rename


def test_a_rename_keeps_the_identity_and_the_old_names() -> None:
    record = organisation()
    new = OrganisationNames(english="IOM Mission in Kosovo")
    events = when(record, lambda o: o.rename(new, "New mission name.", actor="ana", at=at(2)))
    then(events, (Organisation.Renamed, {"names": new, "previous": IOM}))
    assert record.id == organisation_id("iom-kosovo")
    assert record.display_name == "IOM Mission in Kosovo"


def test_a_rename_to_the_same_names_is_no_change() -> None:
    error = refused(RuleViolated, lambda o: o.rename(IOM, actor="ana", at=at(2)))
    assert error.rule == "no_change"


def test_details_change_and_the_same_details_are_no_change() -> None:
    record = organisation()
    moved = OrganisationDetails(OrganisationKind.INTERNATIONAL_ORGANISATION, "XK", "11")
    events = when(record, lambda o: o.change_details(moved, actor="ana", at=at(2)))
    then(events, (Organisation.DetailsChanged, {"details": moved}))
    error = refused(RuleViolated, lambda o: o.change_details(IOM_PLACE, actor="ana", at=at(2)))
    assert error.rule == "no_change"


# ------------------------------------------------------ active from and to


def test_deactivated_it_is_inactive_after_its_last_day() -> None:
    record = organisation()
    events = when(record, deactivate())
    then(events, (Organisation.Deactivated, {"active_to": date(2026, 6, 30)}))
    assert record.is_active_on(date(2026, 6, 30))
    assert not record.is_active_on(date(2026, 7, 1))


def test_deactivating_twice_is_refused() -> None:
    record = organisation(deactivate())
    with pytest.raises(RuleViolated) as raised:
        deactivate(date(2026, 8, 1))(record)
    assert raised.value.rule == "already_deactivated"


def test_deactivation_before_it_became_active_names_active_to() -> None:
    error = refused(InvalidInput, deactivate(date(2019, 1, 1)))
    assert isinstance(error, InvalidInput)
    assert error.field == "active_to"


def test_reactivated_it_is_active_again_but_not_in_between() -> None:
    record = organisation(deactivate())
    events = when(record, lambda o: o.reactivate(date(2027, 1, 1), actor="ana", at=at(3)))
    then(events, (Organisation.Reactivated, {"active_from": date(2027, 1, 1)}))
    assert record.is_active_on(date(2027, 1, 1))
    assert record.active_to is None
    assert not record.is_active_on(date(2026, 9, 1))
    assert record.active_from == FROM


def test_reactivating_an_active_one_or_too_early_is_refused() -> None:
    error = refused(RuleViolated, lambda o: o.reactivate(date(2027, 1, 1), actor="a.b", at=at(3)))
    assert error.rule == "not_deactivated"
    record = organisation(deactivate())
    with pytest.raises(InvalidInput) as raised:
        record.reactivate(date(2026, 6, 30), actor="ana", at=at(3))
    assert raised.value.field == "active_from"


@pytest.mark.parametrize(
    ("command", "field"),
    [
        (
            lambda: Organisation.register(
                "x-later", CSW, CSW_PLACE, date(2999, 1, 1), actor="ana", at=at()
            ),
            "active_from",
        ),
        (
            lambda: organisation(deactivate()).reactivate(date(2999, 1, 1), actor="a", at=at(3)),
            "active_from",
        ),
    ],
)
def test_a_day_far_ahead_is_refused_by_name(command: Callable[[], object], field: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        command()
    assert raised.value.field == field
    assert "more than 12 months ahead" in str(raised.value)


def test_a_day_within_a_year_ahead_is_accepted() -> None:
    record = Organisation.register("x-soon", CSW, CSW_PLACE, date(2027, 2, 1), actor="a", at=at())
    assert record.active_from == date(2027, 2, 1)
