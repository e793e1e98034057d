"""Places: Kosovo's 38 municipalities and the world's countries, as reference data.

Municipalities carry the code of the Kosovo Agency of Statistics (formerly the
Statistical Office of Kosovo), "01" Deçan to "38" North Mitrovica, their names in
Albanian, Serbian (Latin script) and English, and their district (one of the seven
regions), which is what an anonymised export generalises a municipality to: a
municipality is a quasi-identifier (someone who knows a survivor knows where they come
from). Countries are ISO 3166-1 alpha-2 codes (pycountry's list, names in our
languages from its translations) and XK for Kosovo, the user-assigned code the EU,
IOM and ISO's own users use, since Kosovo has no code in the standard itself.
"""

from __future__ import annotations

import gettext
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

import pycountry

from domain.errors import InvalidInput

KOSOVO = "XK"


class Language(StrEnum):
    """The languages the reference data names places in."""

    ALBANIAN = "sq"
    SERBIAN = "sr"
    ENGLISH = "en"


class District(StrEnum):
    """Kosovo's seven districts (regions): a municipality, generalised."""

    PRISHTINE = "Prishtine"
    MITROVICE = "Mitrovice"
    PEJE = "Peje"
    GJAKOVE = "Gjakove"
    PRIZREN = "Prizren"
    FERIZAJ = "Ferizaj"
    GJILAN = "Gjilan"


@dataclass(frozen=True)
class Municipality:
    code: str
    albanian: str
    serbian: str
    english: str
    district: District

    def name(self, language: Language = Language.ALBANIAN) -> str:
        return {
            Language.ALBANIAN: self.albanian,
            Language.SERBIAN: self.serbian,
            Language.ENGLISH: self.english,
        }[language]


_D = District
# code, Albanian, Serbian (Latin), English, district
_MUNICIPALITIES = (
    ("01", "Deçan", "Dečane", "Deçan", _D.GJAKOVE),
    ("02", "Gjakovë", "Đakovica", "Gjakova", _D.GJAKOVE),
    ("03", "Drenas", "Glogovac", "Drenas", _D.PRISHTINE),
    ("04", "Gjilan", "Gnjilane", "Gjilan", _D.GJILAN),
    ("05", "Dragash", "Dragaš", "Dragash", _D.PRIZREN),
    ("06", "Istog", "Istok", "Istog", _D.PEJE),
    ("07", "Kaçanik", "Kačanik", "Kaçanik", _D.FERIZAJ),
    ("08", "Klinë", "Klina", "Klina", _D.PEJE),
    ("09", "Fushë Kosovë", "Kosovo Polje", "Fushë Kosova", _D.PRISHTINE),
    ("10", "Kamenicë", "Kosovska Kamenica", "Kamenica", _D.GJILAN),
    ("11", "Mitrovicë e Jugut", "Južna Mitrovica", "South Mitrovica", _D.MITROVICE),
    ("12", "Leposaviq", "Leposavić", "Leposavić", _D.MITROVICE),
    ("13", "Lipjan", "Lipljan", "Lipjan", _D.PRISHTINE),
    ("14", "Novobërdë", "Novo Brdo", "Novo Brdo", _D.PRISHTINE),
    ("15", "Obiliq", "Obilić", "Obiliq", _D.PRISHTINE),
    ("16", "Rahovec", "Orahovac", "Rahovec", _D.GJAKOVE),
    ("17", "Pejë", "Peć", "Peja", _D.PEJE),
    ("18", "Podujevë", "Podujevo", "Podujeva", _D.PRISHTINE),
    ("19", "Prishtinë", "Priština", "Pristina", _D.PRISHTINE),
    ("20", "Prizren", "Prizren", "Prizren", _D.PRIZREN),
    ("21", "Skënderaj", "Srbica", "Skenderaj", _D.MITROVICE),
    ("22", "Shtime", "Štimlje", "Shtime", _D.FERIZAJ),
    ("23", "Shtërpcë", "Štrpce", "Štrpce", _D.FERIZAJ),
    ("24", "Suharekë", "Suva Reka", "Suhareka", _D.PRIZREN),
    ("25", "Ferizaj", "Uroševac", "Ferizaj", _D.FERIZAJ),
    ("26", "Viti", "Vitina", "Viti", _D.GJILAN),
    ("27", "Vushtrri", "Vučitrn", "Vushtrri", _D.MITROVICE),
    ("28", "Zubin Potok", "Zubin Potok", "Zubin Potok", _D.MITROVICE),
    ("29", "Zveçan", "Zvečan", "Zvečan", _D.MITROVICE),
    ("30", "Malishevë", "Mališevo", "Malisheva", _D.PRIZREN),
    ("31", "Hani i Elezit", "Elez Han", "Hani i Elezit", _D.FERIZAJ),
    ("32", "Mamushë", "Mamuša", "Mamusha", _D.PRIZREN),
    ("33", "Junik", "Junik", "Junik", _D.GJAKOVE),
    ("34", "Kllokot", "Klokot", "Klokot", _D.GJILAN),
    ("35", "Graçanicë", "Gračanica", "Gračanica", _D.PRISHTINE),
    ("36", "Ranillug", "Ranilug", "Ranilug", _D.GJILAN),
    ("37", "Partesh", "Parteš", "Parteš", _D.GJILAN),
    ("38", "Mitrovicë e Veriut", "Severna Mitrovica", "North Mitrovica", _D.MITROVICE),
)

MUNICIPALITIES: dict[str, Municipality] = {row[0]: Municipality(*row) for row in _MUNICIPALITIES}


def municipality(field: str, code: str) -> Municipality:
    """The municipality with this code ("01".."38"), or a refusal naming the field."""
    found = MUNICIPALITIES.get(code)
    if found is None:
        raise InvalidInput(
            field, f"{code!r} is not a Kosovo municipality code: '01' (Deçan) to '38'"
        )
    return found


def municipality_named(field: str, text: str) -> Municipality:
    """The municipality a sheet names: by its code ("22", or "7" as a spreadsheet shows
    "07") or by its name in Albanian, Serbian (Latin) or English, in any case and with or
    without diacritics ("Ferizaj", "Uroševac", "urosevac"); a refusal naming the field."""
    given = text.strip()
    if given.isdigit() and len(given) <= 2:
        return municipality(field, given.zfill(2))
    found = _BY_NAME.get(_folded(given))
    if found is None:
        raise InvalidInput(
            field,
            f"{given!r} is neither a municipality code ('01'-'38') nor a municipality's "
            "name in Albanian, Serbian or English",
        )
    return found


def _folded(name: str) -> str:
    """A name in lower case, without diacritics (`Fushë Kosovë` = `fushe kosove`)."""
    decomposed = unicodedata.normalize("NFKD", name.casefold().replace("đ", "dj"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.split())


_BY_NAME: dict[str, Municipality] = {
    _folded(name): place
    for place in MUNICIPALITIES.values()
    for name in (place.albanian, place.serbian, place.english)
}


def municipality_code(field: str, code: str | None) -> str | None:
    """A municipality code, checked; None stays None."""
    return None if code is None else municipality(field, code).code


@cache
def country_codes() -> frozenset[str]:
    """Every ISO 3166-1 alpha-2 code, and XK for Kosovo."""
    return frozenset(c.alpha_2 for c in pycountry.countries) | {KOSOVO}


def is_country(code: str) -> bool:
    return code in country_codes()


def country(field: str, code: str) -> str:
    """An ISO 3166-1 alpha-2 code (or XK), checked."""
    if not is_country(code):
        raise InvalidInput(field, f"{code!r} is not an ISO 3166-1 alpha-2 country code (e.g. 'XK')")
    return code


def countries(field: str, codes: Iterable[str]) -> tuple[str, ...]:
    return tuple(country(field, code) for code in codes)


def country_code(field: str, code: str | None) -> str | None:
    return None if code is None else country(field, code)


_KOSOVO_NAMES = {
    Language.ALBANIAN: "Kosova",
    Language.SERBIAN: "Kosovo",
    Language.ENGLISH: "Kosovo",
}
_GETTEXT_LANGUAGE = {Language.ALBANIAN: "sq", Language.SERBIAN: "sr@latin"}


def country_name(code: str, language: Language = Language.ENGLISH) -> str:
    """A country's name in one of our languages (Serbian in Latin script)."""
    if code == KOSOVO:
        return _KOSOVO_NAMES[language]
    entry = pycountry.countries.get(alpha_2=country("country", code))
    assert entry is not None  # checked above
    name = str(getattr(entry, "common_name", entry.name))
    if language is Language.ENGLISH:
        return name
    return _translations(_GETTEXT_LANGUAGE[language]).gettext(str(entry.name))


@cache
def _translations(language: str) -> gettext.NullTranslations:
    return gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True
    )
