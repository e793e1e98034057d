"""Figures, table and plot of scripts.load from its outcomes and samples.

Headline figures are over the steady phase (after the warm-up); the per-second series
cover the whole run. Memory growth is the least-squares slope of each process's RSS
over the steady phase: a leak shows as a slope that a longer run does not flatten.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from scripts.bench.harness import table
from scripts.load.clients import Outcome
from scripts.load.sampling import LOAD_PROCESS, Sample

MAX_SLOPE_MB_PER_MIN = 5.0
MAX_GROWTH_PCT = 20.0
MAX_LAG_P99_SECONDS = 1.0
MIN_SOAK_SECONDS = 60.0


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile (NaN for no values): `share` in 0..1."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]


def latency(outcomes: Sequence[Outcome]) -> dict[str, float]:
    ms = [o.seconds * 1e3 for o in outcomes]
    return {
        "count": len(ms),
        "p50_ms": percentile(ms, 0.50),
        "p99_ms": percentile(ms, 0.99),
        "max_ms": max(ms, default=math.nan),
    }


def window(outcomes: Sequence[Outcome], end: float) -> dict[str, Any]:
    """One second's answers (those read in (end - 1, end])."""
    ok = [o for o in outcomes if o.result == "ok"]
    by_kind = {k: latency([o for o in ok if o.kind == k]) for k in ("command", "query")}
    return {
        "at": end,
        "ok": len(ok),
        "refused": sum(1 for o in outcomes if o.result == "refused"),
        "errors": sum(1 for o in outcomes if o.result == "error"),
        **{f"{k}_{f}": by_kind[k][f] for k in by_kind for f in ("p50_ms", "p99_ms")},
    }


def windows(outcomes: Sequence[Outcome], duration: float) -> list[dict[str, Any]]:
    buckets: list[list[Outcome]] = [[] for _ in range(math.ceil(duration))]
    for outcome in outcomes:
        buckets[min(len(buckets) - 1, max(0, math.ceil(outcome.at) - 1))].append(outcome)
    return [window(bucket, index + 1.0) for index, bucket in enumerate(buckets)]


def traffic(outcomes: Sequence[Outcome], seconds: float) -> dict[str, Any]:
    ok = [o for o in outcomes if o.result == "ok"]
    errors = [o for o in outcomes if o.result == "error"]
    return {
        "seconds": seconds,
        "requests": len(outcomes),
        "ok": len(ok),
        "ok_per_second": len(ok) / seconds,
        "commands_ok_per_second": sum(1 for o in ok if o.kind == "command") / seconds,
        "queries_ok_per_second": sum(1 for o in ok if o.kind == "query") / seconds,
        "refused": sum(1 for o in outcomes if o.result == "refused"),
        "errors": len(errors),
        "error_rate": len(errors) / len(outcomes) if outcomes else 0.0,
        "commands": latency([o for o in ok if o.kind == "command"]),
        "queries": latency([o for o in ok if o.kind == "query"]),
        "refusals_by_rule": dict(Counter(f"{o.name}: {o.detail}" for o in outcomes
                                         if o.result == "refused")),
        "errors_by_kind": dict(Counter(f"{o.name}: {o.detail}" for o in errors).most_common(20)),
    }  # fmt: skip


def lag(samples: Sequence[Sample]) -> dict[str, Any]:
    """The slowest read model's lag at each sample, in seconds and store positions."""
    seconds = [max(s.lag_seconds.values()) for s in samples if s.lag_seconds]
    models = [max(v for k, v in s.lag_positions.items() if k != "relay")
              for s in samples if s.lag_positions]  # fmt: skip
    per_model: dict[str, float] = {}
    for sample in samples:
        for name, value in sample.lag_seconds.items():
            per_model[name] = max(per_model.get(name, 0.0), value)
    return {
        "samples": len(seconds),
        "p50_seconds": percentile(seconds, 0.50),
        "p99_seconds": percentile(seconds, 0.99),
        "max_seconds": max(seconds, default=math.nan),
        "p99_positions": percentile(models, 0.99),
        "max_positions": max(models, default=math.nan),
        "max_seconds_by_model": per_model,
        "sampling_errors": sum(1 for s in samples if s.error),
    }


def memory(
    samples: Sequence[Sample], pids: dict[str, list[int]], steady_seconds: float
) -> dict[str, dict[str, Any]]:
    """Per process: RSS at the start and end of the steady phase, slope, growth, restarts.

    Judged against the bounds only over a steady phase of MIN_SOAK_SECONDS or more (a
    few seconds' slope says nothing), and never this script's own process (it keeps
    every outcome in memory by design)."""
    judged = steady_seconds >= MIN_SOAK_SECONDS
    figures = {}
    for name in sorted({n for s in samples for n in s.rss_mb}):
        points = [(s.at / 60, s.rss_mb[name]) for s in samples if name in s.rss_mb]
        trend = rss_trend(points)
        trend["judged"] = judged and name != LOAD_PROCESS
        trend["flagged"] = trend["judged"] and trend["over"]
        figures[name] = {**trend, "pids": pids.get(name, []),
                         "restarts": max(0, len(pids.get(name, [])) - 1)}  # fmt: skip
    return figures


def rss_trend(points: Sequence[tuple[float, float]]) -> dict[str, Any]:
    if len(points) < 3:
        return {"samples": len(points), "over": False, "slope_mb_per_min": math.nan}
    minutes, sizes = [p[0] for p in points], [p[1] for p in points]
    slope, intercept = statistics.linear_regression(minutes, sizes)
    start, end = intercept + slope * minutes[0], intercept + slope * minutes[-1]
    growth = (end - start) / start * 100 if start > 0 else math.nan
    return {
        "samples": len(points),
        "start_mb": sizes[0],
        "end_mb": sizes[-1],
        "max_mb": max(sizes),
        "slope_mb_per_min": slope,
        "growth_pct": growth,
        "over": slope > MAX_SLOPE_MB_PER_MIN or growth > MAX_GROWTH_PCT,
    }


def bounds(report: dict[str, Any]) -> list[dict[str, Any]]:
    steady, lagged = report["steady"], report["lag"]
    flagged = [n for n, m in report["memory"].items() if m["flagged"] or m["restarts"]]
    judged = any(m["judged"] for m in report["memory"].values())
    return [
        _bound("unexpected errors", steady["errors"], "0", steady["errors"] == 0),
        _bound("lag p99 s (slowest read model)", f"{lagged['p99_seconds']:.3f}",
               f"< {MAX_LAG_P99_SECONDS:g}", lagged["p99_seconds"] < MAX_LAG_P99_SECONDS),
        _bound("processes growing or restarted",
               ", ".join(flagged) or ("none" if judged else "none restarted; growth not "
                                      f"judged (steady phase < {MIN_SOAK_SECONDS:g} s)"),
               f"<= {MAX_SLOPE_MB_PER_MIN:g} MB/min and <= {MAX_GROWTH_PCT:g}%, no restart",
               not flagged),
    ]  # fmt: skip


def _bound(metric: str, value: object, target: str, met: bool) -> dict[str, Any]:
    return {"metric": metric, "value": str(value), "target": target, "met": bool(met)}


# ------------------------------------------------------------------ printing


def print_report(report: dict[str, Any]) -> None:
    config, steady, lagged = report["config"], report["steady"], report["lag"]
    print(f"\n== load: {config['clients']} clients, {config['duration']:.0f} s "
          f"({config['warmup']:.0f} s warm-up), {config['database']} ==")  # fmt: skip
    rows = []
    for kind in ("commands", "queries"):
        figures = steady[kind]
        rows.append([kind, str(figures["count"]), f"{figures['count'] / steady['seconds']:,.1f}",
                     f"{figures['p50_ms']:.1f}", f"{figures['p99_ms']:.1f}",
                     f"{figures['max_ms']:.1f}"])  # fmt: skip
    print(table(("steady phase", "ok", "ok/s", "p50 ms", "p99 ms", "max ms"), rows))
    print(f"\nrequests {steady['requests']}, ok {steady['ok']} ({steady['ok_per_second']:,.1f}/s)"
          f", expected refusals (409/422) {steady['refused']}, unexpected errors "
          f"{steady['errors']} (rate {steady['error_rate']:.4%}); lag of the slowest read "
          f"model p50 {lagged['p50_seconds']:.3f} s, p99 {lagged['p99_seconds']:.3f} s, max "
          f"{lagged['max_seconds']:.3f} s ({lagged['max_positions']} positions)")  # fmt: skip
    for problem, count in steady["errors_by_kind"].items():
        print(f"  ERROR x{count}: {problem}")
    drained = report["drain_seconds"]
    server = report["server"]
    print(f"setup {report['setup_seconds']:.1f} s; after the load the read models caught up "
          f"in {'NOT within the limit' if drained is None else f'{drained:.2f} s'}; events "
          f"stored {report['events_stored']}; 409 concurrent_writes retried "
          f"{report['concurrent_writes_retried']}; server log: {server['errors_logged']} "
          "error lines" + (f" (first: {server['first_error']})" if server["first_error"]
                           else ""))  # fmt: skip
    print()
    print(table(("process", "RSS start MB", "RSS end MB", "slope MB/min", "growth %",
                 "restarts", "flag"), memory_rows(report["memory"])))  # fmt: skip
    print()
    print(table(("bound", "value", "target", "met?"),
                [[b["metric"], b["value"], b["target"], "yes" if b["met"] else "NO"]
                 for b in report["bounds"]]))  # fmt: skip


def memory_rows(figures: dict[str, dict[str, Any]]) -> list[list[str]]:
    return [
        [name, f"{m.get('start_mb', math.nan):.1f}", f"{m.get('end_mb', math.nan):.1f}",
         f"{m['slope_mb_per_min']:+.2f}", f"{m.get('growth_pct', math.nan):+.1f}",
         str(m["restarts"]), _flag(m)]
        for name, m in figures.items()
    ]  # fmt: skip


def _flag(figures: dict[str, Any]) -> str:
    if not figures["judged"]:
        return "not judged"
    return "GROWING" if figures["flagged"] else "ok"


# ------------------------------------------------------------------ plot


def plot(report: dict[str, Any], path: Path) -> None:
    """Latency p50/p99 per second, lag, and RSS per process, over time (PNG)."""
    import matplotlib  # noqa: PLC0415  (only when a plot is asked for)

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    figure, (top, middle, bottom) = plt.subplots(3, 1, figsize=(14, 11), sharex=True)
    series = report["series"]
    at = [w["at"] for w in series["windows"]]
    for kind, colour in (("command", "tab:blue"), ("query", "tab:green")):
        top.plot(at, [w[f"{kind}_p50_ms"] for w in series["windows"]], color=colour,
                 label=f"{kind} p50")  # fmt: skip
        top.plot(at, [w[f"{kind}_p99_ms"] for w in series["windows"]], color=colour,
                 linestyle="--", label=f"{kind} p99")  # fmt: skip
    top.set_ylabel("latency ms (per second)")
    top.set_yscale("log")
    _lag_panel(middle, series["samples"])
    for name in sorted({n for s in series["samples"] for n in s["rss_mb"]}):
        points = [(s["at"], s["rss_mb"][name]) for s in series["samples"] if name in s["rss_mb"]]
        bottom.plot([p[0] for p in points], [p[1] for p in points],
                    label=_rss_label(name, report["memory"].get(name, {})))  # fmt: skip
    bottom.set_ylabel("RSS MB")
    bottom.set_xlabel("seconds since the load began (RSS slopes: steady phase)")
    warmup = report["config"]["warmup"]
    for axes in (top, middle, bottom):
        axes.axvspan(0, warmup, color="grey", alpha=0.15)
        axes.grid(alpha=0.3)
        axes.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))  # off the lines
    config = report["config"]
    top.set_title(f"journey up under load: {config['clients']} clients, {config['database']} "
                  "(grey: warm-up)")  # fmt: skip
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)


def _rss_label(name: str, figures: dict[str, Any]) -> str:
    """A process's name and its steady-phase RSS slope, when there is one."""
    slope = figures.get("slope_mb_per_min")
    if slope is None or not math.isfinite(slope):
        return name
    return f"{name} {slope:+.2f} MB/min"


def _lag_panel(axes: Any, samples: list[dict[str, Any]]) -> None:
    for name in sorted({n for s in samples for n in s["lag_seconds"]}):
        points = [(s["at"], s["lag_seconds"][name]) for s in samples if name in s["lag_seconds"]]
        axes.plot([p[0] for p in points], [p[1] for p in points], label=f"{name} lag s")
    axes.set_ylabel("read model lag s")
