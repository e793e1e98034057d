"""Once a second during scripts.load: projection lag (from the API's /metrics and the
clients' accepted commands) and the resident memory of every process of `journey up`."""

from __future__ import annotations

import dataclasses
import os
import re
import threading

import httpx

from scripts.load.clients import Accepted, Clock
from scripts.load.system import family, rss_mb

SAMPLE_LINE = re.compile(r"^(journey_[a-z_]+)(?:\{([^}]*)\})?\s+(\S+)$")
LOAD_PROCESS = "load clients (this script)"


@dataclasses.dataclass(frozen=True)
class Pipeline:
    """What /metrics says: the store's head, the relay's and each read model's position."""

    head: int
    relay: int | None
    models: dict[str, int]


def parse_metrics(text: str) -> Pipeline:
    head, relay, models = None, None, {}
    for line in text.splitlines():
        match = SAMPLE_LINE.match(line)
        if match is None:
            continue
        name, labels, value = match[1], match[2] or "", int(float(match[3]))
        if name == "journey_store_position":
            head = value
        elif name == "journey_projection_position":
            models[_label(labels, "projection")] = value
        elif name == "journey_component_position" and _label(labels, "component") == "relay":
            relay = value
    if head is None or not models:
        raise ValueError(f"/metrics has no store or read model positions: {text[-300:]!r}")
    return Pipeline(head, relay, models)


def _label(labels: str, key: str) -> str:
    found = re.search(rf'{key}="([^"]*)"', labels)
    return found[1] if found else ""


@dataclasses.dataclass(frozen=True)
class Sample:
    at: float  # seconds since the load began
    head: int | None
    lag_positions: dict[str, int]  # per read model, and "relay"
    lag_seconds: dict[str, float]  # per read model
    rss_mb: dict[str, float]  # per process name
    error: str = ""


class Sampler(threading.Thread):
    """Samples every `interval` seconds until stopped; keeps every sample."""

    def __init__(
        self, base_url: str, root: int, clock: Clock, accepted: Accepted, interval: float = 1.0
    ) -> None:
        super().__init__(name="load-sampler", daemon=True)
        self.http = httpx.Client(base_url=base_url, timeout=5.0)
        self.root, self.clock, self.accepted, self.interval = root, clock, accepted, interval
        self.samples: list[Sample] = []
        self.pids: dict[str, list[int]] = {}  # each process name's pids, in order seen
        self._halt = threading.Event()

    def run(self) -> None:
        tick = self.clock.now()
        while not self._halt.is_set():
            self.samples.append(self.sample())
            tick += self.interval
            self._halt.wait(max(0.0, tick - self.clock.now()))

    def stop(self) -> None:
        self._halt.set()
        self.join(10)
        self.http.close()

    def sample(self) -> Sample:
        memory = self.memory()
        try:
            answer = self.http.get("/metrics")
            read_at = self.clock.now()
            answer.raise_for_status()
            pipeline = parse_metrics(answer.text)
        except (httpx.HTTPError, ValueError) as error:
            return Sample(
                self.clock.now(), None, {}, {}, memory, f"{type(error).__name__}: {error}"
            )
        lag = {name: pipeline.head - reached for name, reached in pipeline.models.items()}
        if pipeline.relay is not None:
            lag["relay"] = pipeline.head - pipeline.relay
        seconds = self.accepted.lag(pipeline.models, read_at)
        return Sample(read_at, pipeline.head, lag, seconds, memory)

    def memory(self) -> dict[str, float]:
        found = {LOAD_PROCESS: os.getpid(), **{n: p for p, n in family(self.root).items()}}
        sizes: dict[str, float] = {}
        for name, pid in found.items():
            size = rss_mb(pid)
            if size is None:
                continue
            sizes[name] = size
            seen = self.pids.setdefault(name, [])
            if not seen or seen[-1] != pid:
                seen.append(pid)
        return sizes
