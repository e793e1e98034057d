"""The query parameters every list takes, with their limits and descriptions
(adapters/http/routes/paging.py reads them into a `PageRequest`)."""

from __future__ import annotations

from typing import Annotated

from litestar.params import QueryParameter

MAX_LIMIT = 500


DEFAULT_LIMIT = 50


MAX_WAIT_SECONDS = 10.0


DEFAULT_WAIT_SECONDS = 5.0


SORT_PATTERN = r"^-?[a-z][a-z0-9_]{0,62}$"


Limit = Annotated[
    int,
    QueryParameter(ge=1, le=MAX_LIMIT, description=f"rows per page, 1 to {MAX_LIMIT}"),
]


Cursor = Annotated[
    str | None,
    QueryParameter(
        max_length=2000,
        description="`next_cursor` of the page before, with the same `sort`",
    ),
]


WaitFor = Annotated[
    int | None,
    QueryParameter(ge=0, description="wait until the read model applied this store position"),
]


WaitTimeout = Annotated[
    float, QueryParameter(gt=0, le=MAX_WAIT_SECONDS, description="seconds to wait at most")
]


Sort = Annotated[
    str | None,
    QueryParameter(
        max_length=64,
        pattern=SORT_PATTERN,
        description="a column the list sorts on (its description names them), `-` before it "
        "for descending; the list's unique key breaks ties; nulls come last",
    ),
]


Total = Annotated[
    bool,
    QueryParameter(description="also count the rows under the same filters, as `total`"),
]
