"""How the statistics generalise where a person is from: a citizenship to its group
(Kosovo, the Western Balkans, the EU/EEA, the rest of Europe, then the UN M49 continents)
and a Kosovo municipality to its district (domain/places.py).

The continents are the UN Statistics Division's M49 regions, with two choices of ours:
Kosovo and the five other Western Balkan states are a group of their own (most of PVPT's
foreign beneficiaries come from them), and Turkey counts in Other Europe, as the HTCDS
export's regions count it (projections/htcds_export.py). A code in no group (Antarctica)
reads 'Stateless/unknown', as a person with no citizenship recorded would.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from domain import places


class CitizenshipGroup(StrEnum):
    KOSOVO = "Kosovo"
    WESTERN_BALKANS = "Western Balkans"
    EU_EEA = "EU/EEA"
    OTHER_EUROPE = "Other Europe"
    AFRICA = "Africa"
    ASIA = "Asia"
    AMERICAS = "Americas"
    OCEANIA = "Oceania"
    UNKNOWN = "Stateless/unknown"


def _codes(text: str) -> frozenset[str]:
    return frozenset(text.split())


_GROUPS: dict[CitizenshipGroup, frozenset[str]] = {
    CitizenshipGroup.KOSOVO: frozenset({places.KOSOVO}),
    CitizenshipGroup.WESTERN_BALKANS: _codes("AL BA ME MK RS"),
    CitizenshipGroup.EU_EEA: _codes(
        "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO"
    ),
    CitizenshipGroup.OTHER_EUROPE: _codes("AD AX BY CH FO GB GG GI IM JE MC MD RU SJ SM TR UA VA"),
    CitizenshipGroup.AFRICA: _codes(
        "DZ EG LY MA SD TN EH BI KM DJ ER ET KE MG MW MU YT MZ RE RW SC SO SS TZ UG ZM ZW "
        "AO CM CF TD CG CD GQ GA ST BW SZ LS NA ZA BJ BF CV CI GM GH GN GW LR ML MR NE NG "
        "SH SN SL TG IO TF"
    ),
    CitizenshipGroup.ASIA: _codes(
        "AF AM AZ BH BD BT BN KH CN GE HK IN ID IR IQ IL JP JO KZ KW KG LA LB MO MY MV MN "
        "MM NP KP OM PK PS PH QA SA SG KR LK SY TW TJ TH TL TM AE UZ VN YE"
    ),
    CitizenshipGroup.AMERICAS: _codes(
        "AI AG AR AW BS BB BZ BM BO BQ BV BR CA KY CL CO CR CU CW DM DO EC SV FK GF GL GD "
        "GP GT GY HT HN JM MQ MX MS NI PA PY PE PR BL KN LC MF PM VC SX GS SR TT TC US VI "
        "VG UY VE"
    ),
    CitizenshipGroup.OCEANIA: _codes(
        "AS AU CK FJ PF GU HM KI MH FM NR NC NZ NU NF MP PW PG PN WS SB TK TO TV UM VU WF CX CC"
    ),
}
_GROUP_OF = {code: group for group, codes in _GROUPS.items() for code in codes}


def group_of(country: str) -> CitizenshipGroup:
    """The group of one ISO 3166-1 alpha-2 code (XK: Kosovo)."""
    return _GROUP_OF.get(country, CitizenshipGroup.UNKNOWN)


def citizenship_group(citizenships: Sequence[str]) -> CitizenshipGroup:
    """Kosovo for anyone holding Kosovo's citizenship; otherwise the group of the first
    citizenship recorded; 'Stateless/unknown' with none."""
    if places.KOSOVO in citizenships:
        return CitizenshipGroup.KOSOVO
    return group_of(citizenships[0]) if citizenships else CitizenshipGroup.UNKNOWN


def district_of(municipality: str | None) -> str | None:
    """A Kosovo municipality's KAS code -> its district (one of seven); None stays None."""
    if municipality is None:
        return None
    found = places.MUNICIPALITIES.get(municipality)
    return None if found is None else found.district.value
