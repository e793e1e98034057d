"""Staff passwords: Argon2id hashes and the password policy (docs/sign-in.md).

Hashing is argon2-cffi's `PasswordHasher` with its defaults (Argon2id, the RFC 9106
low-memory profile: 3 passes over 64 MiB, 4 lanes); a stored hash made with weaker
parameters is re-hashed at the next successful sign-in. The policy follows NIST SP
800-63B: length over composition rules — 12 to 128 characters, any characters (a
passphrase is welcome), not the user's name, not one character repeated, not one of
the passwords most often seen in breaches or about this organisation. The upper bound
keeps the hash's cost bounded; nothing expires by age, a password is changed when it
may be known to someone else (an administrator's reset makes the next sign-in change it).
"""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 12
MAX_LENGTH = 128
_HASHER = PasswordHasher()

# Lower-cased; compared after removing spaces. The most common long passwords of the
# public breach lists, and the words a PVPT password would be guessed from.
_KNOWN = frozenset(
    {
        "123456789012",
        "1234567890123",
        "12345678910",
        "qwertyuiopas",
        "qwertyuiop123",
        "1q2w3e4r5t6y",
        "passwordpassword",
        "password1234",
        "password12345",
        "iloveyou1234",
        "administrator",
        "adminadmin123",
        "welcome12345",
        "letmein12345",
        "changeme1234",
        "pvptjourney123",
        "pvptpvptpvpt",
        "journeyjourney",
        "prishtina1234",
        "kosova123456",
        "kosovo123456",
    }
)


class PasswordRefused(ValueError):
    """A new password breaks the policy; the message says which rule."""


def check_policy(name: str, password: str) -> None:
    """Raise PasswordRefused naming the first rule `password` breaks for user `name`."""
    if len(password) < MIN_LENGTH:
        msg = f"the password has {len(password)} characters: use at least {MIN_LENGTH}"
        raise PasswordRefused(msg)
    if len(password) > MAX_LENGTH:
        msg = f"the password has {len(password)} characters: use at most {MAX_LENGTH}"
        raise PasswordRefused(msg)
    folded = "".join(password.lower().split())
    if name.lower() in folded or folded in name.lower():
        raise PasswordRefused("the password contains the user name")
    if len(set(folded)) <= 2:
        raise PasswordRefused("the password repeats one or two characters")
    if folded in _KNOWN:
        raise PasswordRefused("the password is one of the most common (breach lists)")


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(stored: str, password: str) -> bool:
    """Whether `password` matches the stored Argon2 hash (False for a malformed hash)."""
    try:
        return _HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """Whether a hash was made with parameters weaker than today's."""
    return _HASHER.check_needs_rehash(stored)


def temporary_password() -> str:
    """A one-time password an administrator hands over: 20 characters, ~119 bits."""
    return secrets.token_urlsafe(15)
