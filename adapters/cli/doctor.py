"""`journey doctor`: check an installation and say how to fix what is wrong.

It checks file modes (adapters/file_modes.py, docs/deployment.md "File modes"): the
data directory and every directory under it 0700, every file in it 0600, and the
same for the SQLite databases, the master key, the chain signing key and the
erasure register wherever they are configured. Exit status 1 when any is wider.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from adapters.file_modes import WidePath, wide_paths
from adapters.settings import Settings

_SQLITE_SUFFIXES = ("", "-wal", "-shm", "-journal")


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    doctor = commands.add_parser(
        "doctor",
        help="check the installation (file modes); exit 1 listing what to fix",
        epilog="examples:\n  journey doctor && echo 'nothing to fix'\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    doctor.set_defaults(run=cmd_doctor)


def wide_files(settings: Settings) -> list[WidePath]:
    """The data directory's files and directories, and the configured secrets, that
    someone other than their owner may use."""
    return wide_paths(settings.data_dir, _configured_files(settings))


def _configured_files(settings: Settings) -> list[Path]:
    files = [settings.master_key_file, settings.chain_key, settings.erasure_log]
    for url in (settings.database_url, settings.read_url, settings.keys_url):
        if url.startswith("sqlite:///"):
            database = url.removeprefix("sqlite:///")
            files.extend(Path(database + suffix) for suffix in _SQLITE_SUFFIXES)
    return files


def warn_about_wide_files(settings: Settings, log: logging.Logger) -> None:
    """Log a warning for each file `journey doctor` would report (`journey up`)."""
    found = wide_files(settings)
    for wide in found:
        log.warning("not private: %s", wide)
    if found:
        log.warning("%d paths are not private; `journey doctor` lists them", len(found))


def cmd_doctor(_: argparse.Namespace, settings: Settings) -> int:
    found = wide_files(settings)
    where = settings.data_dir
    if not where.is_dir():
        print(f"journey doctor: no data directory at {where}")
    for wide in found:
        print(f"not private: {wide}")
    if found:
        print(
            f"journey doctor: {len(found)} paths may be used by others than their owner; "
            f"fix each as shown, or all in the data directory with: chmod -R go-rwx {where}"
        )
        return 1
    print(f"journey doctor: file modes fine (directories 0700, files 0600) in {where}")
    return 0
