"""A document's content sealed with its record's data key (ADR 0014, ADR 0023).

AES-GCM with a fresh 96-bit nonce; the associated data binds the ciphertext to the
record, the document's number and its content id, so a content moved to another
record or document (a swapped file, a restored row) fails to open instead of showing
the wrong person's papers. Once the record's key is destroyed (erasure), nothing opens.
"""

from __future__ import annotations

from uuid import UUID

from adapters.privacy.keyring import Keyring, decrypt, encrypt

FORMAT = b"journey-document:v1"


def associated_data(record_id: UUID, document: int, content_id: UUID) -> bytes:
    return b"|".join((FORMAT, str(record_id).encode(), str(document).encode(), content_id.bytes))


class KeyringCipher:
    def __init__(self, keyring: Keyring) -> None:
        self.keyring = keyring

    def seal(self, record_id: UUID, document: int, content_id: UUID, plain: bytes) -> bytes:
        """Refused (PersonalDataErased) for a record whose keys were destroyed."""
        key = self.keyring.sealing_key(record_id)
        return encrypt(key, plain, associated_data(record_id, document, content_id))

    def open(self, record_id: UUID, document: int, content_id: UUID, sealed: bytes) -> bytes | None:
        key = self.keyring.opening_key(record_id)
        if key is None:
            return None
        return decrypt(key, sealed, associated_data(record_id, document, content_id))

    def erased(self, record_id: UUID) -> bool:
        return self.keyring.is_destroyed(record_id)
