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
    SENSITIVE note's category."""

    sensitivity: Sensitivity
    why: str
    category_from: str | None = None

    @property
    def identifying(self) -> bool:
        return self.sensitivity is not Sensitivity.NON_IDENTIFYING


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
# A document's file name holds names ("passport-arta-krasniqi.jpg") and says what the
# file is about: sealed, and shown only to the roles that may read its category.
DOCUMENT_NAME = Field(
    Sensitivity.SENSITIVE, "document file name, readable by its category", "category"
)
