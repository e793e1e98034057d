"""Options several commands share."""

from __future__ import annotations

import argparse


def add_metrics_port_option(parser: argparse.ArgumentParser) -> None:
    """`--metrics-port PORT`: the process's Prometheus metrics at
    http://127.0.0.1:PORT/metrics (0: a free port, listed by `journey projections status`)."""
    parser.add_argument(
        "--metrics-port",
        type=int,
        default=None,
        metavar="PORT",
        help="serve Prometheus metrics at http://127.0.0.1:PORT/metrics "
        "(0: any free port, shown by `journey projections status`; default: none)",
    )
