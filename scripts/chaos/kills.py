"""The kills of scripts.chaos: at seeded random moments, one component at a time is
killed (SIGKILL; PostgreSQL: its backends terminated) and, in a thread of its own,
started again after a short random pause and timed until the system has recovered:
the API answers /health, every child runs, and every read model has applied the
store's head as it was when the component came back (so the restarted part had to
do its share). Kills may overlap; a component still down is not killed again.

Between kills a watchdog does what `journey up`'s supervisor does: a child that
exited by itself is started again, and counted apart (a component that dies when
another does is a finding).
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import httpx
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from adapters.run.bootstrap import Journey
from scripts.chaos.system import POSTGRES, System

RECOVER_SECONDS = 45.0
POLL_SECONDS = 0.1
WATCH_SECONDS = 0.25


@dataclass
class Kill:
    component: str
    at: float  # seconds since the load began
    ended: int  # processes killed or backends terminated
    down_seconds: float
    recovered_seconds: float | None  # None: not within RECOVER_SECONDS


@dataclass
class Chaos:
    system: System
    journey: Journey
    engine: Engine
    rng: random.Random
    began: float
    kills: list[Kill] = field(default_factory=list)
    exited: Counter[str] = field(default_factory=Counter)  # restarts of self-exited children
    held: set[str] = field(default_factory=set)  # killed, not started again yet
    reviving: list[threading.Thread] = field(default_factory=list)

    def schedule(self, count: int, duration: float) -> list[tuple[float, str]]:
        """`count` moments in the middle of the run, every component in turn (shuffled)."""
        moments = sorted(self.rng.uniform(0.1, 0.8) * duration for _ in range(count))
        names = self.system.components()
        self.rng.shuffle(names)
        return [(moment, names[i % len(names)]) for i, moment in enumerate(moments)]

    def run(self, plan: list[tuple[float, str]], until: float) -> None:
        """Kill as planned (a component still down is waited for), watching between;
        then wait for the last revivals."""
        for moment, name in plan:
            while (self.now() < moment or name in self.held) and time.monotonic() < until:
                self.watch()
                time.sleep(POLL_SECONDS)
            if time.monotonic() >= until:
                break
            self.kill(name)
        while time.monotonic() < until:
            self.watch()
            time.sleep(WATCH_SECONDS)
        for reviving in self.reviving:
            reviving.join()

    def now(self) -> float:
        return time.monotonic() - self.began

    def kill(self, name: str) -> None:
        """Kill now; a thread starts it again after a pause and times the recovery."""
        at = self.now()
        self.held.add(name)
        ended = self.system.kill(name)
        print(f"[chaos] {at:6.1f} s  killed {name} ({ended})", flush=True)
        pause = self.rng.uniform(0.2, 1.5)
        thread = threading.Thread(target=self.revive, args=(name, at, ended, pause))
        self.reviving.append(thread)
        thread.start()

    def revive(self, name: str, at: float, ended: int, pause: float) -> None:
        time.sleep(pause)
        self.system.start(name)
        self.held.discard(name)
        down = self.now() - at
        head = self.journey.app.recorder.max_notification_id() or 0
        recovered = self.wait_recovered(head)
        seconds = None if recovered is None else recovered - at
        self.kills.append(Kill(name, at, ended, down, seconds))
        shown = "not recovered" if seconds is None else f"recovered in {seconds:.1f} s"
        print(f"[chaos] {self.now():6.1f} s  {name} back after {down:.1f} s, {shown}", flush=True)

    def wait_recovered(self, head: int) -> float | None:
        deadline = time.monotonic() + RECOVER_SECONDS
        while time.monotonic() < deadline:
            if self.recovered(head):
                return self.now()
            time.sleep(POLL_SECONDS)
        return None

    def recovered(self, head: int) -> bool:
        if self.system.dead() or self.held:
            return False
        try:
            if httpx.get(f"{self.system.base_url}/health", timeout=1.0).status_code != 200:
                return False
            return min(self.system.positions(self.engine).values()) >= head
        except (httpx.HTTPError, OperationalError):  # API down, read database busy
            return False

    def watch(self) -> None:
        """Start again what exited by itself (the supervisor's job in `journey up`)."""
        for name in self.system.dead():
            if name in self.held:
                continue
            self.exited[name] += 1
            print(f"[chaos] {self.now():6.1f} s  {name} exited by itself; restarting", flush=True)
            self.system.start(name)

    def figures(self) -> dict[str, object]:
        per: Counter[str] = Counter(k.component for k in self.kills)
        times = [k.recovered_seconds for k in self.kills if k.recovered_seconds is not None]
        return {
            "kills": len(self.kills),
            "kills_per_component": dict(sorted(per.items())),
            "restarts": sum(1 for k in self.kills if k.component != POSTGRES),
            "self_exits_restarted": dict(sorted(self.exited.items())),
            "not_recovered": sum(1 for k in self.kills if k.recovered_seconds is None),
            "recovery_seconds_max": max(times, default=None),
            "events": [
                {
                    "component": k.component,
                    "at": round(k.at, 2),
                    "ended": k.ended,
                    "down_seconds": round(k.down_seconds, 2),
                    "recovered_seconds": None
                    if k.recovered_seconds is None
                    else round(k.recovered_seconds, 2),
                }
                for k in self.kills
            ],
        }
