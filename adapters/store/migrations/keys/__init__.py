"""Revisions of the keys part (adapters/store/migrations/__init__.py)."""
