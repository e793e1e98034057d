"""Revisions of the store part (adapters/store/migrations/__init__.py)."""
