"""Alembic's script directory of the project's own tables (docs/upgrades.md, ADR 41).

`env.py` is Alembic's environment, run by adapters/store/upgrades.py (no alembic.ini);
one directory of revisions per part of the schema, each with its own version table:

- `store/`: the event store's database: the hash chain, its checkpoints, documents;
- `keys/`: the data keys' database (`keys.db`, or the store's on PostgreSQL): the data
  keys and the blind index;
- `read/`: the read database: accounts, sign-in, sessions, the access log, idempotency
  keys and the read models' catalog (generations, positions, status, dead letters).

The read models' own tables are not here: a rebuild makes them (docs/read-models/).
"""
