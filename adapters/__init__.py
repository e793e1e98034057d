"""The outer layer: everything that touches the world — databases, NATS, files, keys,
HTTP, the command line — around services/, projections/ and domain/.

Sub-packages by concern, each saying what it owns and may import: `store`, `stream`,
`privacy`, `audit`, `backup`, `reports`, `run`, and the entrypoints `http` and `cli`.
The rules are checked by import-linter (pyproject.toml, `lint-imports`).
"""
