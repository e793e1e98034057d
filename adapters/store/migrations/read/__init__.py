"""Revisions of the read part (adapters/store/migrations/__init__.py)."""
