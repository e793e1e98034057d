"""What auditors rely on: the hash chain over the store's log, its tables, the keeper
that extends it and signs checkpoints (with the signing key), checkpoints on a stream of
their own, verification, the access log, and the history export shown per role.

May import: `adapters.store`, `adapters.stream`, `adapters.privacy`, services, domain.
Not: backup, run, or the entrypoints.
"""
