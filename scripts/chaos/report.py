"""Figures and table of scripts.chaos."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from scripts.bench.harness import table
from scripts.chaos.clients import Sent


def traffic(sent: Sequence[Sent]) -> dict[str, Any]:
    """Commands by outcome; refusals by rule; what the retries met on the way."""
    outcomes = Counter(s.outcome for s in sent)
    met: Counter[str] = Counter(kind for s in sent for kind in s.transient)
    return {
        "sent": len(sent),
        "acknowledged": outcomes["acknowledged"],
        "refused": outcomes["refused"],
        "failed": outcomes["failed"],
        "refused_by_rule": dict(Counter(s.title for s in sent if s.outcome == "refused")),
        "failed_last_error": dict(
            Counter(s.transient[-1] if s.transient else "?" for s in sent if s.outcome == "failed")
        ),
        "by_kind": {
            kind: dict(Counter(s.outcome for s in sent if s.kind == kind))
            for kind in sorted({s.kind for s in sent})
        },
        "attempts": sum(s.attempts for s in sent),
        "retried": sum(1 for s in sent if s.attempts > 1),
        "transient_answers": dict(met.most_common()),
        "longest_command_seconds": round(max((s.ended - s.began for s in sent), default=0.0), 2),
    }


def print_report(result: dict[str, Any]) -> None:
    config, commands, chaos = result["config"], result["commands"], result["chaos"]
    print(
        f"\nChaos run: seed {config['seed']}, {config['duration']:.0f} s, "
        f"{config['database']} ({config['store']}), {config['clients']} clients"
    )
    rows = [
        ["commands sent", str(commands["sent"])],
        ["  acknowledged (2xx)", str(commands["acknowledged"])],
        ["  refused (409/422, expected)", str(commands["refused"])],
        ["  failed (no answer before the end)", str(commands["failed"])],
        ["  retried with the same key", str(commands["retried"])],
        ["  attempts in all", str(commands["attempts"])],
        ["kills", str(chaos["kills"])],
        ["restarts", str(chaos["restarts"])],
        ["children that exited by themselves", str(sum(chaos["self_exits_restarted"].values()))],
        ["kills not recovered from", str(chaos["not_recovered"])],
        ["slowest recovery (s)", _seconds(chaos["recovery_seconds_max"])],
        ["load (s)", str(result["load_seconds"])],
    ]
    print(table(["figure", "value"], rows))
    print("\nrefusals by rule:", commands["refused_by_rule"] or "none")
    print("what retries met:", commands["transient_answers"] or "nothing")
    if commands["failed"]:
        print("failed commands' last error:", commands["failed_last_error"])
    print()
    kills = [
        [e["component"], f"{e['at']:.1f}", str(e["ended"]), f"{e['down_seconds']:.1f}",
         _seconds(e["recovered_seconds"])]
        for e in chaos["events"]
    ]  # fmt: skip
    if kills:
        print(table(["killed", "at (s)", "ended", "down (s)", "recovered (s)"], kills))
        print()
    checks = [
        [("PASS" if c["passed"] else "FAIL"), c["name"], _figures(c["figures"])]
        for c in result["checks"]
    ]
    print(table(["", "check", "figures"], checks))
    for check in result["checks"]:
        for problem in check["problems"][:10]:
            print(f"  FAIL {check['name']}: {problem}")
    print(f"\n{'PASS' if result['passed'] else 'FAIL'}: chaos run")


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _figures(figures: dict[str, Any]) -> str:
    return ", ".join(f"{key} {value}" for key, value in figures.items())
