"""The `journey` command line: `main.py` builds the parser, one module per command group
registers its commands (`add_commands`) and runs them.

May import: every other adapter package, services, projections and domain. Nothing
imports it but its own `__main__` and the `journey` script (pyproject.toml): it is an
entrypoint, like `adapters.http`, and the two never import each other.
"""
