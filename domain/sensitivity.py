"""The classes of sensitivity a stored field has, and the entries that say which and why:
the vocabulary of domain/classification.py (its module docstring says what each means),
apart so that other modules' classification tables (domain/care_plan_classification.py)
use it without importing the tables they are merged into."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Sensitivity(StrEnum):
    PERSONAL = "personal"
    SENSITIVE = "sensitive"
    NON_IDENTIFYING = "non-identifying"


@dataclass(frozen=True)
class Field:
    """A leaf's class and why; `category_from` names the sibling field that holds a
    SENSITIVE note's category. When the sibling holds something else (a need domain, a
    kind of service), `categories` maps its values to note categories, and a value not
    mapped makes the field `otherwise`. `erased_as_text`: an optional text reads
    "[erased]" once its key is gone, as a required one does (not null)."""

    sensitivity: Sensitivity
    why: str
    category_from: str | None = None
    categories: tuple[tuple[str, str], ...] = ()
    otherwise: Field | None = None
    erased_as_text: bool = False
    # A non-identifying value that, combined with others, can single a person out
    # (municipality, country of exploitation, exact age): kept in read models, but the
    # anonymised exports generalise it (projections/kanon.py) and never show it raw.
    quasi_identifier: bool = False

    @property
    def identifying(self) -> bool:
        return self.sensitivity is not Sensitivity.NON_IDENTIFYING

    def for_sibling(self, sibling: Any) -> tuple[Field, Any]:
        """The field's class and its note category, given the `category_from` sibling's value."""
        if not self.categories:
            return self, sibling
        category = dict(self.categories).get(str(getattr(sibling, "value", sibling)))
        if category is None and self.otherwise is not None:
            return self.otherwise, None
        return self, category


# A field is classified by a Field, or by the value-object class it holds.
Entry = Field | type[Any]

PERSON = Field(Sensitivity.PERSONAL, "personal data")
FREE_TEXT = Field(Sensitivity.PERSONAL, "free text written by staff may name people")
NOTE_TEXT = Field(Sensitivity.SENSITIVE, "case note, readable by its category", "category")
PLAIN = Field(Sensitivity.NON_IDENTIFYING, "vocabulary, date, number or id")
CODE = Field(Sensitivity.NON_IDENTIFYING, "pseudonymous code")
STAFF = Field(Sensitivity.NON_IDENTIFYING, "a staff member's user name")
ORGANISATION = Field(Sensitivity.NON_IDENTIFYING, "an organisation's name")
PROFILE = Field(Sensitivity.NON_IDENTIFYING, "non-identifying profile (HTCDS codes)")
FACILITY_TEXT = Field(Sensitivity.NON_IDENTIFYING, "about the facility, not a person")
# Places (domain/places.py, issue 15): a person's municipality or a country of their
# journey is a quasi-identifier; an organisation's or a facility's place is not about a person.
PERSON_PLACE = Field(
    Sensitivity.NON_IDENTIFYING,
    "a municipality or country of a person's life or journey: a quasi-identifier",
    quasi_identifier=True,
)
# Prevention (issue 16): a campaign's name and aims, an activity's title, an outlet's name
# and an indicator's wording are written for reports and donors, about the work and never
# about a person (the prevention pillar records no person: domain/prevention/).
PREVENTION_TEXT = Field(Sensitivity.NON_IDENTIFYING, "about prevention work, never a person")
# Funding (issue 17): a grant's title and the names of its budget lines and indicators are
# written from the donor's contract, about the funded work and never about a person.
GRANT_TEXT = Field(Sensitivity.NON_IDENTIFYING, "about a grant and its terms, never a person")
ORGANISATION_PLACE = Field(Sensitivity.NON_IDENTIFYING, "where an organisation or facility is")
# A document's file name holds names ("passport-arta-krasniqi.jpg") and says what the
# file is about: sealed, and shown only to the roles that may read its category.
DOCUMENT_NAME = Field(
    Sensitivity.SENSITIVE, "document file name, readable by its category", "category"
)
# Care plan (issue 14, fixcare): notes of the health need domains and outcome notes of
# medical and psychological services are health data, read as case notes of that category
# (a lawyer does not read them); the care plan's other optional texts are free text.
CARE_TEXT = Field(Sensitivity.PERSONAL, FREE_TEXT.why, erased_as_text=True)
NEED_NOTES = Field(
    Sensitivity.SENSITIVE,
    "note on a health need, readable as a case note of its category",
    "domain",
    (("physical_health", "medical"), ("mental_health", "psychological")),
    CARE_TEXT,
    erased_as_text=True,
)
OUTCOME_NOTE = Field(
    Sensitivity.SENSITIVE,
    "outcome note on a health service, readable as a case note of its category",
    "service",
    (("medical", "medical"), ("psychological", "psychological")),
    CARE_TEXT,
    erased_as_text=True,
)
