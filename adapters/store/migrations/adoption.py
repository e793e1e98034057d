"""How a baseline revision adopts a database the previous release wrote.

Before migrations, each process created the tables it used (`create_all`), so a
database of that release holds some or all of the baseline's tables and no version
table. A baseline creates each table only where it is missing, and leaves a present
one, rows and all, as it is: the schema of that release is the baseline's.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


def create_missing(
    name: str, *items: sa.schema.SchemaItem, indexes: Sequence[tuple[str, list[str]]] = ()
) -> None:
    """`op.create_table(name, *items)` and its `indexes` (name, columns), unless the
    table exists already."""
    if sa.inspect(op.get_bind()).has_table(name):
        return
    op.create_table(name, *items)
    for index, columns in indexes:
        op.create_index(index, name, columns)
