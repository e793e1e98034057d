"""Fixtures of the end-to-end tests: a store with a scripted clock and a read database."""

from __future__ import annotations
