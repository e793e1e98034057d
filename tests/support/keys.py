"""A keyring in memory, for tests of the codec without a store."""

from __future__ import annotations

import secrets

from adapters.codec import MsgspecMapper
from adapters.keyring import Keyring
from adapters.masterkey import KEY_BYTES, MasterKeys
from adapters.readstore import keys_engine


def memory_keyring() -> Keyring:
    return Keyring(keys_engine("sqlite://"), MasterKeys((secrets.token_bytes(KEY_BYTES),)))


def keyed_mapper(keyring: Keyring | None = None) -> MsgspecMapper:
    mapper = MsgspecMapper()
    mapper.keyring = keyring or memory_keyring()
    return mapper
