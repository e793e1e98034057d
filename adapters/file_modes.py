"""Private files: the data directory 0700 and every file in it 0600, whatever the umask.

The data directory holds personal data and what protects it: the event store, the
read store (staff token hashes, the access log), the data keys, the master key, the
chain signing key, the admin token, the erasure register and the embedded NATS
server's copy of the stream. Two mechanisms keep them private:

- the `journey` command sets the process umask to 0o077 first (`private_umask`), so
  every file it or a child process (the relay, the workers, nats-server) creates is
  private, including files made by libraries (SQLite's -wal, -shm and -journal);
- the code that creates the data directory and its files does so explicitly private
  (`private_dir`, `private_file`, `write_private`), so the store, keys and tokens are
  private also when the code runs without the command (tests, scripts) under 0o022.
  SQLite gives a database's -wal, -shm and -journal files the mode of the database.

Files that already exist are not changed: `wide_paths` lists those that anyone but
their owner may read, write or run, `journey up` logs a warning for each and
`journey doctor` lists them with the fix and exits 1.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

PRIVATE_UMASK = 0o077
DIR_MODE = 0o700
FILE_MODE = 0o600
_OTHERS = stat.S_IRWXG | stat.S_IRWXO


def private_umask() -> int:
    """Make every file this process and its children create private; the old umask."""
    return os.umask(PRIVATE_UMASK)


def private_dir(path: Path) -> Path:
    """`path` as a directory: created 0700 (and its missing parents) if absent."""
    if path.is_dir():
        return path
    if path.parent != path:
        private_dir(path.parent)
    try:
        path.mkdir(mode=DIR_MODE)
    except FileExistsError:
        return path
    os.chmod(path, DIR_MODE)
    return path


def private_file(path: Path) -> Path:
    """`path` as a file: created empty, 0600, if absent (an empty file is an empty
    SQLite database, which SQLite then keeps with its mode)."""
    private_dir(path.parent)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return path
    try:
        os.fchmod(descriptor, FILE_MODE)
    finally:
        os.close(descriptor)
    return path


def write_private(path: Path, text: str) -> None:
    """Replace the content of `path` with `text`, the file 0600."""
    private_dir(path.parent)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    os.fchmod(descriptor, FILE_MODE)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(text)


@dataclass(frozen=True)
class WidePath:
    """A file or directory that someone other than its owner may use."""

    path: Path
    mode: int
    is_dir: bool

    @property
    def fix(self) -> str:
        return f"chmod {'700' if self.is_dir else '600'} {self.path}"

    def __str__(self) -> str:
        kind = "directory" if self.is_dir else "file"
        return (
            f"{self.path}: {kind} mode {self.mode:04o}, anyone but its owner may use it "
            f"(want {DIR_MODE if self.is_dir else FILE_MODE:04o}); fix: {self.fix}"
        )


def wide_paths(root: Path, also: Iterable[Path] = ()) -> list[WidePath]:
    """`root`, everything under it and the files `also` that are wider than 0700/0600
    (symbolic links are not followed; missing paths are skipped)."""
    found: dict[Path, WidePath] = {}
    for path in (*_tree(root), *also):
        wide = _wide(path)
        if wide is not None:
            found.setdefault(path, wide)
    return list(found.values())


def _tree(root: Path) -> Iterator[Path]:
    if not root.is_dir():
        return
    yield root
    for directory, subdirectories, files in os.walk(root):
        for name in sorted(subdirectories) + sorted(files):
            yield Path(directory) / name


def _wide(path: Path) -> WidePath | None:
    try:
        status = path.lstat()
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(status.st_mode) or not status.st_mode & _OTHERS:
        return None
    return WidePath(path, stat.S_IMODE(status.st_mode), stat.S_ISDIR(status.st_mode))
