"""Every setting of `journey`: its field, environment variable, option, allowed values.

`FIELDS` is the one list: adapters/settings/__init__.py builds `Settings` from it, and
docs/settings.md is generated from it (`python -m adapters.settings.table`, checked by a test).
A parser (adapters/settings/values.py) turns the text of a setting into its typed value
or raises `BadValue` saying what is allowed; adapters/settings/__init__.py names the
setting and the value around it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from adapters.settings.values import (
    MAX_REFLECTION_DAYS,
    MAX_REPLICAS,
    READ,
    STORE,
    directory,
    file_path,
    nats_urls,
    one_of,
    optional_directory,
    origins,
    positive,
    proxies,
    reflection_days,
    replicas,
    retention_years,
    text,
    whole,
)
from domain.retention.policy import (
    DEFAULT_YEARS_AFTER_CLOSURE,
    DEFAULT_YEARS_AFTER_MAJORITY,
    MAX_YEARS,
)


@dataclass(frozen=True)
class Field:
    name: str  # the Settings attribute, and the key in a --config file
    kind: Callable[[str], object]
    allowed: str
    default: str  # as the docs show it
    description: str

    @property
    def env(self) -> str:
        return f"JOURNEY_{self.name.upper()}"

    @property
    def option(self) -> str:
        return f"--{self.name.replace('_', '-')}"


FIELDS = (
    Field(
        "data_dir",
        directory,
        "a directory",
        "`./journey-data`",
        "where the embedded default keeps its files",
    ),
    Field(
        "database_url",
        STORE,
        "`sqlite:///path.db`, `postgresql://user:pw@host:5432/db?schema=name&pool_size=5`, "
        "`memory://`",
        "`sqlite:///$JOURNEY_DATA_DIR/journey.db`",
        "the event store",
    ),
    Field(
        "read_database_url",
        READ,
        "`sqlite:///path.db`, `postgresql://…`",
        "the store's PostgreSQL, or `read.db` beside the SQLite store",
        "the read models' database",
    ),
    Field(
        "nats_url",
        nats_urls,
        "`nats://host:port`, comma-separated for a cluster",
        "an embedded nats-server started by `journey up`",
        "an external NATS",
    ),
    Field("nats_stream", text, "a stream name", "`JOURNEY_EVENTS`", "the event stream"),
    Field("nats_prefix", text, "a subject prefix", "`journey.events`", "its subjects' prefix"),
    Field("nats_replicas", replicas, f"1 to {MAX_REPLICAS}", "`1`", "its replicas"),
    Field(
        "master_key_file",
        file_path,
        "a file's path",
        "`master.key` beside the SQLite store / in the data dir, generated, mode 0600",
        "the master key that wraps the per-record data keys "
        "(keep it in your secret store, apart from backups)",
    ),
    Field(
        "chain_key",
        file_path,
        "a file's path (PEM)",
        "`keys/chain-signing-key.pem` under the data dir, generated",
        "the Ed25519 key that signs the hash chain's checkpoints",
    ),
    Field(
        "erasure_log",
        file_path,
        "a file's path",
        "`erasures.log` in the data dir",
        "the erasure register, one line per erased record",
    ),
    Field(
        "checkpoint_every",
        whole(1),
        "a whole number ≥ 1",
        "`1000`",
        "events between signed checkpoints",
    ),
    Field(
        "checkpoint_seconds",
        positive,
        "a number > 0",
        "`60`",
        "a checkpoint at the latest this many seconds after new events",
    ),
    Field(
        "checkpoint_stream",
        text,
        "a stream name",
        "`JOURNEY_CHECKPOINTS`",
        "the stream the signed checkpoints are published to",
    ),
    Field(
        "checkpoint_subject",
        text,
        "a subject",
        "`journey.checkpoints`",
        "the checkpoints' subject",
    ),
    Field(
        "trusted_proxies",
        proxies,
        "addresses or CIDR networks, comma-separated",
        "none: the header is ignored",
        "reverse proxies whose `X-Forwarded-For` names the client "
        "([deployment](deployment.md#behind-a-reverse-proxy))",
    ),
    Field(
        "cors_origins",
        origins,
        "exact origins `scheme://host[:port]`, comma-separated; not `*`",
        "none: no browser script of another origin may call the API",
        "web origins whose scripts may call the API from a browser (a staff UI served from "
        "another origin; [CORS](api.md#cors-calling-the-api-from-a-browser))",
    ),
    Field(
        "db_connect_timeout",
        whole(1),
        "whole seconds ≥ 1",
        "`3`",
        "seconds to connect to PostgreSQL, and to wait for a pooled connection, before a "
        "request is answered 503 ([health checks](deployment.md#health-checks))",
    ),
    Field(
        "db_statement_timeout",
        whole(0),
        "whole seconds ≥ 0 (`0`: no limit)",
        "`5`",
        "seconds one statement of the API may take, lock waits included",
    ),
    # issue 14: what is due
    Field(
        "no_contact_days",
        whole(1),
        "whole days ≥ 1",
        "`30`",
        "days without contact after which an open case's `no_contact` item is overdue; "
        "applied when the due list is read, no rebuild "
        "([due](read-models/due.md))",
    ),
    # issue 17, section 5: retention of personal data (docs/retention.md)
    Field(
        "retention_years_after_closure",
        retention_years,
        f"whole years 1 to {MAX_YEARS}",
        f"`{DEFAULT_YEARS_AFTER_CLOSURE}`",
        "whole calendar years a beneficiary's personal data is kept after the year of the "
        "last activity on their closed cases (or of their proceedings' outcome); it may be "
        "erased from the 1 January after; applied when the due list is read and when a "
        "retention batch is proposed or executed ([retention](retention.md))",
    ),
    Field(
        "retention_years_after_majority",
        retention_years,
        f"whole years 1 to {MAX_YEARS}",
        f"`{DEFAULT_YEARS_AFTER_MAJORITY}`",
        "for a person who was a minor when identified: whole calendar years their data is "
        "kept, at least, after the year they turned 18 ([retention](retention.md))",
    ),
    Field(
        "reflection_days",
        reflection_days,
        "`basis=days` pairs, comma-separated (e.g. `kosovo_sop=90, law_on_foreigners=60`); "
        f"days 1 to {MAX_REFLECTION_DAYS}",
        "the statutory lengths: `kosovo_sop=90`, `law_04_l_218=30`, `law_on_foreigners=30`, "
        "`coe_convention_art_13=30`",
        "the length of a reflection and recovery period per legal basis, where this "
        "installation's law or practice differs from the defaults "
        "([domain](domain.md#reflection-and-recovery-period))",
    ),
    # documents (issue 14, section 7; ADR 0023)
    Field(
        "document_store",
        one_of("auto", "directory", "database"),
        "`auto`, `directory`, `database`",
        "`auto`",
        "where documents' encrypted contents are kept: `directory` (files under "
        "`document_dir`), `database` (a table in the event store's database); `auto`: "
        "`database` on PostgreSQL, else `directory`",
    ),
    Field(
        "document_dir",
        optional_directory,
        "a directory",
        "`$JOURNEY_DATA_DIR/documents`",
        "the `directory` document store's directory",
    ),
    Field(
        "document_max_bytes",
        whole(1),
        "a whole number of bytes ≥ 1",
        "`10485760` (10 MiB)",
        "the largest document accepted (a larger upload is 413 `document-too-large`)",
    ),
    # period reports (issue 17; ADR 0034)
    Field(
        "report_min_cell",
        whole(2),
        "a whole number ≥ 2",
        "`5`",
        "the period reports' small-cell threshold: counts of people from 1 to this - 1 are "
        "suppressed, with secondary suppression ([reports](reports.md#disclosure-control))",
    ),
    Field(
        "session_idle_minutes",
        whole(1),
        "whole minutes ≥ 1",
        "`15`",
        "minutes without a request after which a console session ends (shared office "
        "computers; [sign-in](sign-in.md#the-consoles-session))",
    ),
    # issue 19: operations (docs/operations.md)
    Field(
        "log_format",
        one_of("auto", "json", "console"),
        "`auto`, `json`, `console`",
        "`auto`",
        "how every process writes its log on stderr: `json`, one JSON object per line (for "
        "journald, Loki and other collectors); `console`, readable lines; `auto`, `console` "
        "on a terminal and `json` otherwise ([operations](operations.md#logs))",
    ),
    Field(
        "log_level",
        one_of("debug", "info", "warning", "error"),
        "`debug`, `info`, `warning`, `error`",
        "`info`",
        "the least important lines logged; `debug` adds a line per change a projection "
        "worker applies, with its correlation id ([operations](operations.md#logs))",
    ),
    Field(
        "stop_grace_seconds",
        whole(1),
        "whole seconds ≥ 1",
        "`10`",
        "seconds `journey up` gives its processes, once told to stop, to exit by themselves "
        "before it kills them ([journey up](deployment.md#one-machine-journey-up))",
    ),
)
