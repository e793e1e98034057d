"""Serialisation alone, for `python -m scripts.bench commands`: our `MsgspecMapper` versus
the library's default `Mapper(JSONTranscoder())` (with the transcodings it needs for our
events), on the corpus of `corpus.py`; round trips checked for lost types.
"""

from __future__ import annotations

import dataclasses
import secrets
import time
import types
import typing
from collections.abc import Callable, Sequence
from datetime import date
from enum import Enum
from typing import Any
from uuid import UUID

from eventsourcing.persistence import (
    DatetimeAsISO,
    DecimalAsStr,
    JSONTranscoder,
    Mapper,
    StoredEvent,
    Transcoding,
    UUIDAsHex,
)

from adapters.privacy.keyring import Keyring
from adapters.privacy.master_key import KEY_BYTES, MasterKeys
from adapters.store.codec import MsgspecMapper
from adapters.store.read_database import keys_engine
from domain.vocab import (
    RiskLevel,
)
from scripts.bench.corpus import Corpus
from scripts.bench.harness import table

CODEC_EVENTS = 10_000
SMOKE_CODEC_EVENTS = 400


class DateAsISO(Transcoding):
    """Added: `date` (the library registers only `datetime`)."""

    type = date
    name = "date_iso"

    def encode(self, obj: Any) -> str:
        assert type(obj) is date
        return obj.isoformat()

    def decode(self, data: Any) -> date:
        assert isinstance(data, str)
        return date.fromisoformat(data)


class DataclassAsDict(Transcoding):
    """Added: one per value object in events. Rebuilds the enums and tuples of its
    fields from the type hints: the JSON module turns them into str and list."""

    def __init__(self, cls: type[Any]) -> None:
        self.type = cls
        self.name = f"dataclass_{cls.__name__}"
        self.hints = typing.get_type_hints(cls)

    def encode(self, obj: Any) -> dict[str, Any]:
        return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}

    def decode(self, data: Any) -> Any:
        assert isinstance(data, dict)
        return self.type(**{k: coerce(self.hints[k], v) for k, v in data.items()})


def coerce(hint: Any, value: Any) -> Any:
    """A decoded JSON value back to the type its hint names (enums, tuples)."""
    origin = typing.get_origin(hint)
    if value is None:
        return None
    if origin in (typing.Union, types.UnionType):
        inner = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return coerce(inner[0], value)
    if origin is tuple:
        return tuple(coerce(typing.get_args(hint)[0], item) for item in value)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint(value)
    return value


def foreign_types(value: Any, found: set[type[Any]]) -> None:
    """Types in an event's state that JSON has no native form for (recursively)."""
    if value is None or isinstance(value, str | int | float):
        return
    if isinstance(value, list | tuple):
        for item in value:
            foreign_types(item, found)
        return
    if isinstance(value, dict):
        for item in value.values():
            foreign_types(item, found)
        return
    found.add(type(value))
    if dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            foreign_types(getattr(value, f.name), found)


def default_mapper(events: Sequence[Any]) -> tuple[Mapper[UUID], list[str]]:
    """The library's default mapper and transcodings, plus what our events need."""
    transcoder = JSONTranscoder()
    for builtin in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):
        transcoder.register(builtin)
    found: set[type[Any]] = set()
    for domain_event in events:
        foreign_types(vars(domain_event), found)
    added: list[str] = []
    for cls in sorted(found - set(transcoder.types), key=lambda c: c.__name__):
        transcoding = added_transcoding(cls)
        transcoder.register(transcoding)
        added.append(f"{type(transcoding).__name__}({cls.__name__})")
    return Mapper(transcoder=transcoder), added


def added_transcoding(cls: type[Any]) -> Transcoding:
    if cls is date:
        return DateAsISO()
    if dataclasses.is_dataclass(cls):
        return DataclassAsDict(cls)
    msg = f"no transcoding for {cls!r}: add one to scripts/bench/codec.py"
    raise SystemExit(msg)


def enum_probe() -> str:
    """Shows that a Transcoding registered for a StrEnum is never called."""
    calls: list[object] = []

    class RiskLevelAsValue(Transcoding):
        type = RiskLevel
        name = "risk_level"

        def encode(self, obj: Any) -> str:
            calls.append(obj)
            return str(obj.value)

        def decode(self, data: Any) -> RiskLevel:
            return RiskLevel(data)

    transcoder = JSONTranscoder()
    transcoder.register(RiskLevelAsValue())
    encoded = transcoder.encode({"level": RiskLevel.LOW, "pair": ("a", "b")})
    decoded = transcoder.decode(encoded)
    return (
        f"probe: with a Transcoding registered for RiskLevel, JSONTranscoder encoded "
        f"{{level: RiskLevel.LOW, pair: ('a','b')}} as {encoded.decode()} (transcoding called "
        f"{len(calls)} times) and decoded level as {type(decoded['level']).__name__}, "
        f"pair as {type(decoded['pair']).__name__}"
    )


def same(a: Any, b: Any) -> bool:
    """Equal, with the same types all the way down."""
    if type(a) is not type(b):
        return False
    if dataclasses.is_dataclass(a):
        return same(vars(a), vars(b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def normal(value: Any) -> Any:
    """What survives JSON: enums as their value, tuples as lists."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list | tuple):
        return [normal(item) for item in value]
    if isinstance(value, dict):
        return {k: normal(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__, normal(vars(value)))
    return value


def type_losses(original: Any, decoded: Any) -> set[str]:
    """'Class.field: Type -> type' for each field whose type did not survive."""
    name = type(original).__qualname__
    after = vars(decoded)
    return {
        f"{name}.{field}: {_type_name(value)} -> {_type_name(after.get(field))}"
        for field, value in vars(original).items()
        if not same(value, after.get(field))
    }


def _type_name(value: Any) -> str:
    if isinstance(value, list | tuple) and value:
        return f"{type(value).__name__}[{type(value[0]).__name__}]"
    return type(value).__name__


@dataclasses.dataclass(frozen=True)
class RoundTrip:
    strict: int
    loose: int
    losses: list[str]


def round_trip(mapper: Mapper[UUID], events: Sequence[Any]) -> RoundTrip:
    strict = loose = 0
    losses: set[str] = set()
    for original in events:
        decoded = mapper.to_domain_event(mapper.to_stored_event(original))
        if same(original, decoded):
            strict += 1
        else:
            losses |= type_losses(original, decoded)
        loose += normal(vars(original)) == normal(vars(decoded))
    return RoundTrip(strict, loose, sorted(losses))


def best_seconds(work: Callable[[], object], repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def codec_figures(mapper: Mapper[UUID], events: Sequence[Any]) -> dict[str, float]:
    stored: list[StoredEvent] = [mapper.to_stored_event(e) for e in events]
    encode = best_seconds(lambda: [mapper.to_stored_event(e) for e in events])
    decode = best_seconds(lambda: [mapper.to_domain_event(s) for s in stored])
    return {
        "encode_per_s": len(events) / encode,
        "decode_per_s": len(events) / decode,
        "bytes_per_event": sum(len(s.state) for s in stored) / len(stored),
    }


def bench_codec(count: int = CODEC_EVENTS) -> dict[str, Any]:
    events = Corpus().events(count)
    ours = MsgspecMapper()
    ours.keyring = Keyring(  # sealing included: ours encrypts identifying fields too
        keys_engine("sqlite://"), MasterKeys((secrets.token_bytes(KEY_BYTES),))
    )
    default, added = default_mapper(events)
    checks = {"ours": round_trip(ours, events), "default_json": round_trip(default, events)}
    if checks["ours"].strict != len(events):
        raise SystemExit(f"our mapper lost types: {checks['ours'].losses}")
    if checks["default_json"].loose != len(events):
        raise SystemExit("the default mapper does not round-trip even loosely")
    figures = {"ours": codec_figures(ours, events), "default_json": codec_figures(default, events)}
    return {
        "events": len(events),
        "event_classes": len({type(e) for e in events}),
        **figures,
        "ratios_ours_vs_default": {
            k: figures["ours"][k] / figures["default_json"][k] for k in figures["ours"]
        },
        "transcodings_added_for_default": added,
        "round_trip": {k: dataclasses.asdict(v) for k, v in checks.items()},
        "enum_probe": enum_probe(),
    }


def codec_table(codec: dict[str, Any]) -> str:
    rows = [
        [
            name,
            f"{f['encode_per_s']:,.0f}",
            f"{f['decode_per_s']:,.0f}",
            f"{f['bytes_per_event']:.0f}",
        ]
        for name, f in (("ours (msgspec)", codec["ours"]), ("default JSON", codec["default_json"]))
    ]
    r = codec["ratios_ours_vs_default"]
    rows.append([
        "ratio ours/default", f"{r['encode_per_s']:.2f}x", f"{r['decode_per_s']:.2f}x",
        f"{r['bytes_per_event']:.2f}x",
    ])  # fmt: skip
    return table(("codec", "encode ev/s", "decode ev/s", "bytes/event"), rows)


def print_codec_notes(codec: dict[str, Any]) -> None:
    trips, n = codec["round_trip"], codec["events"]
    print(f"{n} events of {codec['event_classes']} classes from busy journeys built in memory")
    print("transcodings added so the default mapper can encode them at all:")
    for name in codec["transcodings_added_for_default"]:
        print(f"  + {name}")
    print(f"round trip, types preserved:  ours {trips['ours']['strict']}/{n}, "
          f"default {trips['default_json']['strict']}/{n}")  # fmt: skip
    print(f"round trip, equal as JSON (enum=str, tuple=list): ours {trips['ours']['loose']}/{n}, "
          f"default {trips['default_json']['loose']}/{n}")  # fmt: skip
    print("types the default mapper cannot restore (no Transcoding hook: json encodes")
    print("str and tuple subclasses natively, so `default` is never called):")
    for loss in trips["default_json"]["losses"]:
        print(f"  - {loss}")
    print(codec["enum_probe"])
