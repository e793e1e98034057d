"""The second factor: time-based one-time codes (TOTP, RFC 6238) from an authenticator app.

pyotp computes the codes: 6 digits, 30-second steps, SHA-1 (what every authenticator app
reads from an `otpauth://` URI). A code is accepted for its step and one step either
side (clock drift of a phone), and only once: the step of the last accepted code is kept
and a code of that step or an earlier one is refused, so a code seen over a shoulder
cannot be replayed. The shared secret is stored sealed with the master key
(adapters/privacy/credentials.py), never in the clear.
"""

from __future__ import annotations

import re
from datetime import datetime

import pyotp
import segno

ISSUER = "PVPT Journey"
STEP_SECONDS = 30
DRIFT_STEPS = 1
_CODE = re.compile(r"[0-9]{6}")


def new_secret() -> str:
    """A fresh shared secret: 32 base32 characters (160 bits)."""
    return pyotp.random_base32()


def provisioning_uri(secret: str, name: str) -> str:
    """The `otpauth://totp/…` URI an authenticator app reads (from a QR code or typed)."""
    return pyotp.TOTP(secret).provisioning_uri(name=name, issuer_name=ISSUER)


def step_of(secret: str, code: str, now: datetime, after_step: int | None) -> int | None:
    """The time step `code` belongs to, if it is a valid code for a step around `now`
    later than `after_step` (the last accepted); None otherwise."""
    code = code.strip()
    if not _CODE.fullmatch(code):
        return None
    totp = pyotp.TOTP(secret, interval=STEP_SECONDS)
    current = int(now.timestamp()) // STEP_SECONDS
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if after_step is not None and step <= after_step:
            continue
        if totp.verify(code, for_time=step * STEP_SECONDS):
            return step
    return None


def code_at(secret: str, now: datetime) -> str:
    """The code an authenticator shows at `now` (the tests' and the demo's phone)."""
    return pyotp.TOTP(secret, interval=STEP_SECONDS).at(now)


def qr_code(uri: str) -> str:
    """The URI as a QR code, an SVG `data:` URI an `<img>` shows (segno: no network, no
    script); the console shows the secret as text beside it, for typing it in."""
    return str(segno.make(uri, error="m").svg_data_uri(scale=5, border=2))
