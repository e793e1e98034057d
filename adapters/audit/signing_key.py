"""The Ed25519 key that signs the chain's checkpoints.

The private key is a PEM file (PKCS#8, unencrypted) readable by its owner only;
it is generated on first use. Auditors keep a copy of the *public* key
(`journey audit public-key`) and verify with it: a key swapped on the server
then shows as a key id they do not know, or as signatures that do not verify.
"""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from adapters.file_modes import private_dir
from adapters.settings import ConfigError

log = logging.getLogger("journey.chain")


class ChainKeyError(ConfigError):
    """The key file is missing, unreadable or not an Ed25519 key; the message says which."""


@dataclass(frozen=True)
class Verifier:
    """A public key and its id (the first 16 hex digits of SHA-256 of its raw bytes)."""

    public_key: Ed25519PublicKey

    @property
    def key_id(self) -> str:
        return key_id_of(self.public_key)

    def verifies(self, signature: bytes, message: bytes) -> bool:
        try:
            self.public_key.verify(signature, message)
        except InvalidSignature:
            return False
        return True

    def pem(self) -> str:
        return self.public_key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode()

    @classmethod
    def from_pem(cls, path: Path) -> Verifier:
        try:
            key = serialization.load_pem_public_key(path.read_bytes())
        except (OSError, ValueError) as error:
            msg = f"public key {path}: cannot be read as PEM ({error})"
            raise ChainKeyError(msg) from error
        if not isinstance(key, Ed25519PublicKey):
            msg = f"public key {path}: not an Ed25519 key"
            raise ChainKeyError(msg)
        return cls(key)


@dataclass(frozen=True)
class Signer:
    private_key: Ed25519PrivateKey

    @property
    def verifier(self) -> Verifier:
        return Verifier(self.private_key.public_key())

    def sign(self, message: bytes) -> bytes:
        return self.private_key.sign(message)


def key_id_of(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def load_signer(path: Path) -> Signer:
    """The signing key at `path`; an error naming the file if there is none."""
    try:
        data = path.read_bytes()
    except FileNotFoundError as error:
        msg = f"chain signing key {path} does not exist (set JOURNEY_CHAIN_KEY or run the keeper)"
        raise ChainKeyError(msg) from error
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as error:
        msg = f"chain signing key {path}: not an unencrypted PEM private key ({error})"
        raise ChainKeyError(msg) from error
    if not isinstance(key, Ed25519PrivateKey):
        msg = f"chain signing key {path}: not an Ed25519 key"
        raise ChainKeyError(msg)
    _warn_if_readable_by_others(path)
    return Signer(key)


def load_or_create_signer(path: Path) -> Signer:
    """The signing key at `path`, generated there (mode 0600) if there is none yet."""
    if not path.exists():
        _create(path)
    return load_signer(path)


def _create(path: Path) -> None:
    private_dir(path.parent)
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    draft = path.with_name(f".{path.name}.{os.getpid()}")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(pem)
    try:
        os.link(draft, path)  # atomic, and refuses to replace a key another process made
    except FileExistsError:
        return
    finally:
        draft.unlink()
    log.info("generated the chain signing key %s", path)


def _warn_if_readable_by_others(path: Path) -> None:
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        log.warning(
            "chain signing key %s is readable by others (mode %o); chmod 600 it", path, mode
        )
