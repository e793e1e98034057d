"""Registered partner organisations for tests that refer out or give sharing consent:
entries of the shipped registry (adapters/run/demo/partners.py), registered on first use."""

from __future__ import annotations

from uuid import UUID

from adapters.run.bootstrap import Journey
from adapters.run.demo.partners import CSW_PRISHTINE, CSW_PRIZREN, IOM, registered
from tests.support.factories import WORKER

__all__ = ["CSW_PRISHTINE", "CSW_PRIZREN", "IOM", "IOM_NAME", "partner"]

IOM_NAME = "Organizata Ndërkombëtare për Migracion, Misioni në Kosovë"  # its display name


def partner(journey: Journey, key: str = IOM) -> UUID:
    """The id of the organisation registered under `key` (registered now if need be)."""
    return registered(journey, key, WORKER)
