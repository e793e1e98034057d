"""A keyring in memory, for tests of the codec without a store."""

from __future__ import annotations

import secrets

from adapters.privacy.keyring import Keyring
from adapters.privacy.master_key import KEY_BYTES, MasterKeys
from adapters.store.codec import MsgspecMapper
from adapters.store.read_database import keys_engine


def memory_keyring() -> Keyring:
    return Keyring(keys_engine("sqlite://"), MasterKeys((secrets.token_bytes(KEY_BYTES),)))


def keyed_mapper(keyring: Keyring | None = None) -> MsgspecMapper:
    return MsgspecMapper(keyring=keyring or memory_keyring())
