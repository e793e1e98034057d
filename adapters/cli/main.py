"""The `journey` command line.

The settings are built once, here, before the command runs (adapters/settings/__init__.py): from
the `--config FILE` (or JOURNEY_CONFIG), the environment, and the options before the
command (`journey --nats-replicas 3 up`); each command receives them.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from importlib import metadata

from adapters.cli import (
    audit,
    backup,
    beneficiaries,
    db,  # issue 17: analysts' read-only roles, the data dictionary
    demo,
    doctor,
    due,
    grants,  # issue 17: donors' grants
    keys,
    organisations,  # issue 15: the partner registry
    pipeline,
    prevention,  # issue 16: attendance sheets
    report,  # issue 17: period reports
    retention,  # issue 17: retention of personal data
    serve,
    status,  # issue 19: the installation at a glance
    users,
)
from adapters.file_modes import private_umask
from adapters.observability.logs import configure_logging
from adapters.settings import CONFIG_ENV, ConfigError, Settings, load_settings
from adapters.settings.schema import FIELDS
from domain.errors import DomainError

EXIT_CODES = """exit codes: 0 done; 1 a failure (a check that found a problem, a file that
cannot be read); 2 a usage or configuration error, or a refusal (a bad option or
setting, an unknown name, a rule the data breaks)."""
OPTION = "setting_"  # the namespace prefix of the settings' options: apart from commands'


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _run(argv)
    except BrokenPipeError:  # `journey … | head`: the reader left; no traceback for that
        _stdout_to_devnull()  # else the interpreter's last flush fails again
        return 1


def _stdout_to_devnull() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def _run(argv: Sequence[str] | None) -> int:
    configure_logging()  # until the settings say otherwise (adapters/observability/logs.py)
    parser = _parser()
    args = parser.parse_args(argv)
    umask = private_umask()  # every file we and our children create (adapters/file_modes.py)
    try:
        settings = _settings(args)
        configure_logging(settings.log_format, settings.log_level)
        result: int = args.run(args, settings)
    except (ConfigError, DomainError) as error:
        print(f"journey: {error}", file=sys.stderr)
        return 2
    finally:
        os.umask(umask)
    return result


def _version() -> str:
    """The installed package's version (pyproject.toml), as pip installed it."""
    try:
        return metadata.version("pvpt-journey")
    except metadata.PackageNotFoundError:  # run from a source tree never installed
        return "unknown (not installed)"


def _settings(args: argparse.Namespace) -> Settings:
    given = vars(args).items()
    return load_settings({k.removeprefix(OPTION): v for k, v in given if k.startswith(OPTION)})


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="journey",
        description=__doc__,
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"journey {_version()}")
    _add_setting_options(parser)
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    demo.add_commands(commands)
    pipeline.add_commands(commands)
    serve.add_commands(commands)
    users.add_commands(commands)
    audit.add_commands(commands)
    keys.add_commands(commands)
    beneficiaries.add_commands(commands)
    backup.add_commands(commands)
    doctor.add_commands(commands)
    due.add_commands(commands)  # issue 14: what is due
    organisations.add_commands(commands)  # issue 15: the partner registry
    prevention.add_commands(commands)  # issue 16: prevention work
    db.add_commands(commands)  # issue 17: analysts' access
    report.add_commands(commands)  # issue 17: period reports
    grants.add_commands(commands)  # issue 17: grants
    retention.add_commands(commands)  # issue 17: retention of personal data
    status.add_commands(commands)  # issue 19: the installation at a glance
    return parser


def _add_setting_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("settings (over the environment and the --config file)")
    group.add_argument(
        "--config", dest=f"{OPTION}config", metavar="FILE", help=f"a TOML file ({CONFIG_ENV})"
    )
    for field in FIELDS:
        group.add_argument(
            field.option,
            dest=f"{OPTION}{field.name}",
            metavar="VALUE",
            help=f"{field.env}: {field.allowed}",
        )
