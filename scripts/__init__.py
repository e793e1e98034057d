"""Checks and benchmarks run by hand or by the tests, never shipped: `python -m scripts.bench`,
`python -m scripts.chaos`, `python -m scripts.load` and `scripts/render_permissions.py`."""
