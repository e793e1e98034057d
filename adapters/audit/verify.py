"""Verifying the stored history against its hash chain and signed checkpoints.

Three kinds of evidence, checked against a chain recomputed from the events:
1. the per-position hashes (`journey_chain`) name the exact first position
   whose event was changed, removed, inserted or moved;
2. the signed checkpoints in the database catch a per-position table that was
   rewritten to match the tampered events: the first checkpoint that no longer
   matches names the range (previous checkpoint, that checkpoint];
3. the checkpoints on the JetStream stream catch checkpoints rewritten in the
   database (even with the signing key), and must agree with the database's.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain

from eventsourcing.persistence import ApplicationRecorder

from adapters.audit.chain import GENESIS, chain_rows
from adapters.audit.chain_tables import ChainStore, Checkpoint
from adapters.audit.checkpoint_stream import Published
from adapters.audit.log_rows import log_rows
from adapters.audit.signing_key import Verifier

Progress = Callable[[int], None]  # events checked so far
EVERY = 1000  # events between two calls of the progress hook
MISSING = "the chained event is missing from the store"
INSERTED = "an event the chain never saw (inserted)"
ALTERED = "the stored event differs from the one chained (altered or moved)"


@dataclass(frozen=True, order=True)
class Problem:
    """Something that does not match; `first`..`last` is where the history differs."""

    last: int
    exact: int  # 0 when the position is exact, 1 for a range (sorts exact first)
    first: int
    reason: str = field(compare=False)

    def describe(self) -> str:
        if self.first == self.last:
            return f"position {self.last}: {self.reason}"
        return f"positions {self.first}..{self.last}: {self.reason}"


def exact(position: int, reason: str) -> Problem:
    return Problem(position, 0, position, reason)


def within(first: int, last: int, reason: str) -> Problem:
    return Problem(last, 0 if first == last else 1, first, reason)


@dataclass
class Report:
    events_checked: int = 0
    unchained: int = 0  # events after the chain's head: not yet covered
    checkpoints_checked: int = 0
    stream_checked: bool = False
    unpublished: list[int] = field(default_factory=list)  # newest checkpoints, not on the stream
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def intact(self) -> bool:
        return not self.problems

    @property
    def first_problem(self) -> Problem | None:
        return min(self.problems, default=None)

    @property
    def events_per_second(self) -> float:
        return self.events_checked / self.seconds if self.seconds > 0 else 0.0


def verify(
    recorder: ApplicationRecorder,
    store: ChainStore,
    verifier: Verifier | Sequence[Verifier],
    published: Published | None,
    *,
    stream_checked: bool,
    progress: Progress | None = None,
) -> Report:
    """Recompute the chain over the whole store and compare it with every witness.

    Several public keys are accepted (the current one and those rotated out): each
    checkpoint must verify under the key its key id names. `progress` hears how many
    events were checked, every thousand and at the end.
    """
    began = time.perf_counter()
    report = Report(stream_checked=stream_checked)
    keys = {v.key_id: v for v in ([verifier] if isinstance(verifier, Verifier) else verifier)}
    stored = store.checkpoints()
    valid = _signed(stored, "database", keys, report)
    if published is not None:
        valid += _signed(published.checkpoints, "stream", keys, report)
        report.problems += [within(0, 0, text) for text in published.malformed]
        _compare_sources(stored, published.checkpoints, report)
    wanted = {checkpoint.position for checkpoint in valid}
    at_checkpoints = _recompute(recorder, store.hashes(), wanted, report, progress)
    if progress is not None:
        progress(report.events_checked)
    _check_checkpoints(valid, at_checkpoints, report)
    report.seconds = time.perf_counter() - began
    return report


def _recompute(
    recorder: ApplicationRecorder,
    stored: Iterator[tuple[int, bytes]],
    wanted: set[int],
    report: Report,
    progress: Progress | None,
) -> dict[int, bytes]:
    """Recompute the chain over the store's rows (adapters/audit/log_rows.py), merge it
    with the stored per-position hashes, record the first difference, and answer the
    recomputed hash at each of the `wanted` positions (the checkpoints')."""
    found: dict[int, bytes] = {}
    expected = next(stored, None)
    problem: Problem | None = None
    checked = unchained = 0
    for position, hash_ in chain_rows(GENESIS, chain.from_iterable(log_rows(recorder))):
        checked += 1
        if position in wanted:
            found[position] = hash_
        if progress is not None and checked % EVERY == 0:
            progress(checked)
        if problem is not None:
            continue  # past the first difference every hash differs; keep counting
        if expected is None:
            unchained += 1
        elif expected[0] == position:
            if expected[1] != hash_:
                problem = exact(position, ALTERED)
            expected = next(stored, None)
        elif expected[0] < position:
            problem = exact(expected[0], MISSING)
        else:
            problem = exact(position, INSERTED)
    if problem is None and expected is not None:
        problem = exact(expected[0], MISSING)
    if problem is not None:
        report.problems.append(problem)
    report.events_checked, report.unchained = checked, unchained
    return found


def _signed(
    checkpoints: list[Checkpoint], source: str, keys: dict[str, Verifier], report: Report
) -> list[Checkpoint]:
    """The checkpoints whose signature verifies; the others are problems."""
    valid = []
    for checkpoint in checkpoints:
        report.checkpoints_checked += 1
        verifier = keys.get(checkpoint.key_id)
        if verifier is None:
            reason = (
                f"{source} checkpoint signed by key {checkpoint.key_id!r}, "
                f"not by the expected {', '.join(map(repr, sorted(keys)))}"
            )
            report.problems.append(exact(checkpoint.position, reason))
        elif not verifier.verifies(checkpoint.signature, checkpoint.message()):
            reason = f"{source} checkpoint's signature does not verify (forged or altered)"
            report.problems.append(exact(checkpoint.position, reason))
        else:
            valid.append(checkpoint)
    return valid


def _compare_sources(stored: list[Checkpoint], published: list[Checkpoint], report: Report) -> None:
    in_database = {c.position: c for c in stored}
    on_stream = {c.position: c for c in published}
    last_published = max(on_stream, default=0)
    for position, checkpoint in in_database.items():
        other = on_stream.get(position)
        if other is None and position > last_published:
            report.unpublished.append(position)
            report.notes.append(f"checkpoint at {position} is not on the stream yet")
        elif other is None:
            report.problems.append(exact(position, "checkpoint in the database, not on the stream"))
        elif other != checkpoint:
            reason = "checkpoint differs between the database and the stream"
            report.problems.append(exact(position, reason))
    for position in on_stream.keys() - in_database.keys():
        report.problems.append(exact(position, "checkpoint on the stream, not in the database"))


def _check_checkpoints(
    valid: list[Checkpoint], recomputed: dict[int, bytes], report: Report
) -> None:
    """Each validly signed checkpoint against the recomputed chain at its position.

    Only the first failing one is named (after it, every later one fails too).
    """
    positions = sorted({c.position for c in valid})
    previous = {p: q for q, p in zip([0, *positions], positions, strict=False)}
    failing = sorted(
        (c for c in valid if recomputed.get(c.position) != c.chain_hash),
        key=lambda c: c.position,
    )
    if not failing:
        return
    first = failing[0]
    where = "no event at that position" if first.position not in recomputed else "differs"
    reason = (
        f"the checkpoint signed at {first.position} ({first.signed_at}) does not match the "
        f"recomputed chain ({where}): history altered after position {previous[first.position]}"
    )
    if len(failing) > 1:
        reason += f"; {len(failing) - 1} later checkpoint(s) do not match either"
    report.problems.append(within(previous[first.position] + 1, first.position, reason))
