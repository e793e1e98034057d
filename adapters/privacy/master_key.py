"""The master key file: the key that wraps every data key (`adapters.privacy.keyring`).

The file holds one base64 key per line, the current one first; during a rotation
it briefly holds the new key and then the old ones, so that at every moment it
holds every key a stored data key is wrapped with. A key's id is a short hash of
it, stored beside each wrapped data key. The embedded default generates the file
under the data directory, readable by its owner only; a file others may read is
refused.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from adapters.file_modes import private_dir
from adapters.settings import ConfigError

KEY_BYTES = 32
_NONCE_BYTES = 12


def key_id(key: bytes) -> str:
    return hashlib.sha256(b"pvpt-journey-master-key:" + key).hexdigest()[:16]


@dataclass(frozen=True)
class MasterKeys:
    keys: tuple[bytes, ...]  # current first

    @property
    def current_id(self) -> str:
        return key_id(self.keys[0])

    def wrap(self, record_id: str, data_key: bytes) -> tuple[str, bytes]:
        nonce = secrets.token_bytes(_NONCE_BYTES)
        sealed = AESGCM(self.keys[0]).encrypt(nonce, data_key, record_id.encode())
        return self.current_id, nonce + sealed

    def unwrap(self, kek_id: str, record_id: str, wrapped: bytes) -> bytes:
        for key in self.keys:
            if key_id(key) == kek_id:
                try:
                    return AESGCM(key).decrypt(
                        wrapped[:_NONCE_BYTES], wrapped[_NONCE_BYTES:], record_id.encode()
                    )
                except InvalidTag:
                    msg = f"the data key of record {record_id} was altered or moved"
                    raise ValueError(msg) from None
        msg = (
            f"the data key of record {record_id} is wrapped with master key {kek_id}, "
            "which is not in the master key file"
        )
        raise ConfigError(msg)

    def with_new_key(self) -> MasterKeys:
        return MasterKeys((secrets.token_bytes(KEY_BYTES), *self.keys))

    def current_only(self) -> MasterKeys:
        return MasterKeys(self.keys[:1])


def load_or_create(path: Path) -> MasterKeys:
    """The master keys in `path`, generating a first key if the file does not exist.

    Several processes may start on a new data directory together (`journey up`'s
    children): the file is created exclusively, so exactly one key is made and every
    other process loads it, rather than each wrapping data keys with its own."""
    if not path.exists():
        keys = MasterKeys((secrets.token_bytes(KEY_BYTES),))
        if _create_exclusively(path, keys):
            return keys
    return load(path)


def _create_exclusively(path: Path, keys: MasterKeys) -> bool:
    """Write `keys` to `path` if no file is there (False: another process was first)."""
    private_dir(path.parent)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    _write_file(temporary, keys)
    try:
        os.link(temporary, path)  # fails if the file exists: never replaces a key
    except FileExistsError:
        return False
    finally:
        temporary.unlink()
    return True


def load(path: Path) -> MasterKeys:
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        msg = f"master key file {path} may be read by others (mode {oct(mode & 0o777)}); chmod 600"
        raise ConfigError(msg)
    lines = [line.strip() for line in path.read_text().splitlines() if line.strip()]
    try:
        keys = tuple(base64.b64decode(line, validate=True) for line in lines)
    except ValueError as error:
        raise ConfigError(f"master key file {path}: not base64 keys, one per line") from error
    if not keys or any(len(key) != KEY_BYTES for key in keys):
        raise ConfigError(f"master key file {path}: expected {KEY_BYTES}-byte keys, one per line")
    return MasterKeys(keys)


def write(path: Path, keys: MasterKeys) -> None:
    """Replace the file atomically (write beside, fsync, rename), mode 0600."""
    private_dir(path.parent)
    temporary = path.with_name(path.name + ".new")
    _write_file(temporary, keys)
    temporary.replace(path)


def _write_file(path: Path, keys: MasterKeys) -> None:
    """One base64 key a line, mode 0600, on disk (fsync) before it is linked or renamed."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as file:
        file.write("".join(base64.b64encode(key).decode() + "\n" for key in keys.keys))
        file.flush()
        os.fsync(file.fileno())
