"""How a case's incoming referral names the disclosure at a prevention activity it came
from (issue 16): apart from domain/prevention/ so that the case's values (domain/values.py)
need nothing else of prevention."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated
from uuid import UUID

from domain.described import Described

__all__ = ["DisclosureRef"]


@dataclass(frozen=True)
class DisclosureRef:
    """Points a case's incoming referral at the disclosure at a prevention activity it
    came from, without anything of the person on the prevention side."""

    activity_id: Annotated[
        UUID, Described("The prevention activity.", "5d0c2b1e-8f7a-4c3e-9b21-6a4f0e9d8c71")
    ]
    number: Annotated[int, Described("The disclosure's number on the activity.", 1)]
