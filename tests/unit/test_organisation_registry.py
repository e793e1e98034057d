"""The registry shipped with the package (domain/reference/organisations.toml): every
entry registers as it stands, keys are unique, every municipality has its Centre for
Social Work, and the kinds give the HTCDS types the issue asks for."""

from __future__ import annotations

import pytest

from domain.errors import InvalidInput
from domain.organisation_values import HTCDS_TYPES, OrganisationKind
from domain.places import MUNICIPALITIES
from domain.vocab import OrganisationType
from services.commands.organisation import RegisterOrganisation
from services.organisation_registry import parse_registry, read_registry


@pytest.fixture(scope="module")
def shipped() -> dict[str, RegisterOrganisation]:
    return {command.key: command for command in read_registry()}


def test_every_municipality_has_its_centre_for_social_work(
    shipped: dict[str, RegisterOrganisation],
) -> None:
    centres = [
        c for c in shipped.values() if c.details.kind is OrganisationKind.CENTRE_FOR_SOCIAL_WORK
    ]
    assert sorted(c.details.municipality or "" for c in centres) == sorted(MUNICIPALITIES)
    assert shipped["csw-prishtine"].details.municipality == "19"
    assert all(c.key.startswith("csw-") for c in centres)


def test_the_partners_the_issue_names_are_there_with_their_kinds(
    shipped: dict[str, RegisterOrganisation],
) -> None:
    kinds = {key: command.details.kind.value for key, command in shipped.items()}
    assert kinds["iom-kosovo"] == "international_organisation"
    assert kinds["kosovo-police-dithb"] == "police"
    assert kinds["vaao"] == "legal_service"
    assert kinds["ucck"] == "health"
    courts = {key for key, kind in kinds.items() if kind == "court"}
    assert len(courts) == 7
    assert {"embassy-albania", "embassy-north-macedonia", "embassy-ukraine-belgrade"} <= set(kinds)
    assert shipped["interim-security-facility"].details.htcds_type is (
        OrganisationType.CENTRAL_GOVERNMENT_ORGANISATION
    )


def test_an_international_organisation_is_not_typed_an_ngo() -> None:
    assert HTCDS_TYPES[OrganisationKind.INTERNATIONAL_ORGANISATION] is None
    assert set(HTCDS_TYPES) == set(OrganisationKind)


def test_only_an_organisation_in_kosovo_has_a_municipality(
    shipped: dict[str, RegisterOrganisation],
) -> None:
    abroad = [c for c in shipped.values() if c.details.country != "XK"]
    assert abroad
    assert all(c.details.municipality is None for c in abroad)


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ('[[organisation]]\nkey = "a-b"\nkind = "ngo"\ncountry = "XK"\n', "organisation 1 (a-b)"),
        (
            '[[organisation]]\nkey = "a-b"\nkind = "club"\nenglish = "A"\ncountry = "XK"\n',
            "organisation 1 (a-b)",
        ),
        (
            '[[organisation]]\nkey = "a-b"\nenglish = "A"\ncountry = "XK"\ncolour = 1\n',
            "organisation 1 (a-b)",
        ),
        ("[[organisation]\n", "file"),
    ],
)
def test_a_bad_file_is_refused_naming_the_entry(text: str, where: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_registry(text)
    assert refused.value.field == where


def test_a_key_twice_is_refused() -> None:
    entry = '[[organisation]]\nkey = "a-b"\nkind = "ngo"\nenglish = "A"\ncountry = "XK"\n'
    with pytest.raises(InvalidInput) as refused:
        parse_registry(entry * 2)
    assert refused.value.field == "key"
