"""The `journey` command line."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from adapters.cli import audit, backup, demo, doctor, keys, pipeline, serve
from adapters.file_modes import private_umask
from adapters.settings import ConfigError
from domain.errors import DomainError

LOG_FORMAT = "%(asctime)s %(name)-22s %(levelname)-7s %(message)s"


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT, datefmt="%H:%M:%S")
    parser = _parser()
    args = parser.parse_args(argv)
    umask = private_umask()  # every file we and our children create (adapters/file_modes.py)
    try:
        result: int = args.run(args)
    except (ConfigError, DomainError) as error:
        print(f"journey: {error}", file=sys.stderr)
        return 2
    finally:
        os.umask(umask)
    return result


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="journey", description=__doc__)
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    demo.add_commands(commands)
    pipeline.add_commands(commands)
    serve.add_commands(commands)
    audit.add_commands(commands)
    keys.add_commands(commands)
    backup.add_commands(commands)
    doctor.add_commands(commands)
    return parser
