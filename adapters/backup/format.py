"""The backup file: a clear header, then AES-GCM chunks of compressed frames.

    MAGIC (8 bytes) | u32 header length | header (JSON)
    then chunks:  u32 length | 12-byte nonce | AES-GCM(zlib(plaintext))

The header holds no personal data: format version, when, from what kind of
store, up to which log position, the id of the master key the backup key is
derived from (HKDF-SHA256 with the header's random salt) and the chunk size.
Every chunk's associated data is SHA-256(magic + header), the chunk's index and
a final flag, so a changed header, a changed, dropped, repeated or reordered
chunk, a file cut short (no chunk flagged final) and bytes after the end are
all refused. Inside, the plaintext is a stream of length-prefixed msgpack
frames: ["section", name], ["rows", [...]], ["end", {section: rows}].
"""

from __future__ import annotations

import hashlib
import secrets
import struct
import zlib
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import IO, Any

import msgspec
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from adapters.privacy.master_key import MasterKeys, key_id
from adapters.settings import ConfigError

MAGIC = b"PVPTJBK\x01"
FORMAT = 1
CHUNK_BYTES = 1 << 20
NONCE_BYTES = 12
_U32 = struct.Struct(">I")
_AAD = struct.Struct(">QB")
_INFO = b"pvpt-journey/backup/v1"


class BackupError(ConfigError):
    """The backup cannot be read or restored; the message says why."""


class Header(msgspec.Struct, frozen=True):
    format: int
    created_at: datetime
    source: str  # "sqlite" or "postgresql"
    position: int  # the last log position in the backup (0: empty store)
    master_key_id: str
    salt: bytes
    chunk_bytes: int = CHUNK_BYTES


def backup_key(master_key: bytes, salt: bytes) -> bytes:
    return HKDF(hashes.SHA256(), 32, salt, _INFO).derive(master_key)


def new_header(
    created_at: datetime,
    source: str,
    position: int,
    master: MasterKeys,
    chunk_bytes: int = CHUNK_BYTES,
) -> Header:
    salt = secrets.token_bytes(32)
    return Header(FORMAT, created_at, source, position, master.current_id, salt, chunk_bytes)


class BackupWriter:
    """Frames in, encrypted chunks out; `close` writes the final chunk."""

    def __init__(self, file: IO[bytes], header: Header, master: MasterKeys) -> None:
        self._file = file
        encoded = msgspec.json.encode(header)
        file.write(MAGIC + _U32.pack(len(encoded)) + encoded)
        self._digest = hashlib.sha256(MAGIC + encoded).digest()
        self._aead = AESGCM(backup_key(master.keys[0], header.salt))
        self._chunk = header.chunk_bytes
        self._buffer = bytearray()
        self._index = 0
        self._encoder = msgspec.msgpack.Encoder()

    def frame(self, *parts: Any) -> None:
        encoded = self._encoder.encode(list(parts))
        self._buffer += _U32.pack(len(encoded)) + encoded
        while len(self._buffer) >= self._chunk:
            self._seal(bytes(self._buffer[: self._chunk]), final=False)
            del self._buffer[: self._chunk]

    def close(self) -> None:
        self._seal(bytes(self._buffer), final=True)
        self._buffer.clear()

    def _seal(self, plaintext: bytes, *, final: bool) -> None:
        nonce = secrets.token_bytes(NONCE_BYTES)
        aad = self._digest + _AAD.pack(self._index, final)
        sealed = self._aead.encrypt(nonce, zlib.compress(plaintext, 1), aad)
        self._file.write(_U32.pack(len(sealed)) + nonce + sealed)
        self._index += 1


def read_header(file: IO[bytes], name: str) -> tuple[Header, bytes]:
    """The header and the digest its chunks are bound to."""
    magic = file.read(len(MAGIC))
    if magic != MAGIC:
        raise BackupError(f"{name} is not a journey backup (format {FORMAT})")
    size = _read_u32(file, name, "header length")
    encoded = file.read(size)
    if len(encoded) != size:
        raise BackupError(f"{name} is truncated inside its header")
    try:
        header = msgspec.json.decode(encoded, type=Header)
    except msgspec.DecodeError as error:
        raise BackupError(f"{name}: the header is damaged ({error})") from error
    if header.format != FORMAT:
        raise BackupError(f"{name} has backup format {header.format}; this version reads {FORMAT}")
    return header, hashlib.sha256(MAGIC + encoded).digest()


def _read_u32(file: IO[bytes], name: str, what: str) -> int:
    raw = file.read(_U32.size)
    if len(raw) != _U32.size:
        raise BackupError(f"{name} is truncated (it ends where the {what} should be)")
    value: int = _U32.unpack(raw)[0]
    return value


def master_key_for(header: Header, master: MasterKeys, key_file: Path | str) -> bytes:
    for key in master.keys:
        if key_id(key) == header.master_key_id:
            return key
    held = ", ".join(key_id(key) for key in master.keys)
    msg = (
        f"the backup was encrypted under master key {header.master_key_id}, which is not in "
        f"the master key file {key_file} (it holds {held}): restore with the master key file "
        "of the installation the backup was taken from"
    )
    raise BackupError(msg)


def plaintext_chunks(
    file: IO[bytes], header: Header, digest: bytes, master_key: bytes, name: str
) -> Iterator[bytes]:
    """The decrypted chunks in order; refuses any altered, missing or extra byte."""
    aead = AESGCM(backup_key(master_key, header.salt))
    index = 0
    while True:
        raw = file.read(_U32.size)
        if not raw:
            msg = f"{name} is truncated: it ends after chunk {index - 1} without the final chunk"
            raise BackupError(msg)
        size = _read_u32_from(raw, name)
        body = file.read(NONCE_BYTES + size)
        if len(body) != NONCE_BYTES + size:
            raise BackupError(f"{name} is truncated inside chunk {index}")
        plaintext, final = _open(aead, body, digest, index, name)
        yield plaintext
        if final:
            if file.read(1):
                raise BackupError(f"{name} has data after its final chunk (altered)")
            return
        index += 1


def _read_u32_from(raw: bytes, name: str) -> int:
    if len(raw) != _U32.size:
        raise BackupError(f"{name} is truncated inside a chunk length")
    value: int = _U32.unpack(raw)[0]
    return value


def _open(aead: AESGCM, body: bytes, digest: bytes, index: int, name: str) -> tuple[bytes, bool]:
    nonce, sealed = body[:NONCE_BYTES], body[NONCE_BYTES:]
    for final in (False, True):
        try:
            compressed = aead.decrypt(nonce, sealed, digest + _AAD.pack(index, final))
        except InvalidTag:
            continue
        return zlib.decompress(compressed), final
    msg = (
        f"{name}: chunk {index} fails authentication — the file was altered, its header "
        "changed, or its chunks reordered; it is not restored"
    )
    raise BackupError(msg)


def frames(chunks: Iterator[bytes], name: str) -> Iterator[list[Any]]:
    """The frames of the plaintext stream, across chunk boundaries."""
    decoder = msgspec.msgpack.Decoder()
    buffer = bytearray()
    for chunk in chunks:
        buffer += chunk
        offset = 0
        while len(buffer) - offset >= _U32.size:
            size = _U32.unpack_from(buffer, offset)[0]
            if len(buffer) - offset - _U32.size < size:
                break
            start = offset + _U32.size
            frame = decoder.decode(bytes(buffer[start : start + size]))
            if not isinstance(frame, list) or not frame:
                raise BackupError(f"{name}: a frame is malformed")
            yield frame
            offset = start + size
        del buffer[:offset]
    if buffer:
        raise BackupError(f"{name}: its content ends inside a frame")
