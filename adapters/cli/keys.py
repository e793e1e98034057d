"""`journey erase CODE` (the right to erasure) and `journey keys rotate` (the master key,
and a new blind-index key: docs/privacy.md#master-key-rotation)."""

from __future__ import annotations

import argparse

from adapters.privacy import master_key
from adapters.privacy.blind_index import BlindIndex
from adapters.run.bootstrap import build, open_keyring
from adapters.settings import ConfigError, Settings
from domain.beneficiary import Beneficiary
from domain.errors import InvalidInput
from domain.vocab import ErasureBasis
from services.commands.beneficiary import ErasePersonalData
from services.references import find

ERASE_EXAMPLES = """examples:
  journey erase PVPT-2026-0001 --legal-basis consent_withdrawn --reference DPO-2026-014 \\
      --by arta.manager
"""
KEYS_EXAMPLES = """examples:
  journey backup before-rotation.jbk && journey keys rotate
"""


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    erase = commands.add_parser(
        "erase",
        help="erase a beneficiary's personal data and destroy their keys",
        epilog=ERASE_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    erase.add_argument("code", help="the beneficiary's code (PVPT-2026-0001) or id")
    erase.add_argument(
        "--legal-basis",
        required=True,
        choices=[b.value for b in ErasureBasis],
        help="why the data may be erased (docs/privacy.md)",
    )
    erase.add_argument("--reference", required=True, help="the request's reference (no narrative)")
    erase.add_argument("--by", required=True, help="the user who erases (recorded)")
    erase.set_defaults(run=cmd_erase)
    keys = commands.add_parser(
        "keys",
        help="the master key that wraps the data keys",
        epilog=KEYS_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = keys.add_subparsers(required=True, metavar="ACTION")
    rotate = actions.add_parser(
        "rotate",
        help="re-wrap every data key under a new master key, then drop the old one; "
        "make a new blind-index key (the index rebuilds at the next search)",
    )
    rotate.set_defaults(run=cmd_keys_rotate)


def cmd_erase(args: argparse.Namespace, settings: Settings) -> int:
    journey = build(settings)
    try:
        beneficiary = find(journey.queries, Beneficiary, args.code, field="code")
        command = ErasePersonalData(ErasureBasis(args.legal_basis), args.reference)
        result = journey.bus.execute(beneficiary.id, command, actor=_actor(args.by))
    finally:
        journey.close()
    print(
        f"erased the personal data of {beneficiary.code} (version {result.version}, "
        f"position {result.position}); their data keys are destroyed"
    )
    return 0


def cmd_keys_rotate(_: argparse.Namespace, settings: Settings) -> int:
    """Crash-safe: the file holds the new and the old keys until every data key is re-wrapped."""
    path = settings.master_key_file
    if not path.exists():
        raise ConfigError(f"no master key file at {path}; nothing to rotate")
    keyring = open_keyring(settings)
    try:
        rotated = keyring.master.with_new_key()
        master_key.write(path, rotated)
        count = keyring.rotate(rotated)
        BlindIndex(keyring).renew_key()
        master_key.write(path, rotated.current_only())
    finally:
        keyring.close()
    print(
        f"re-wrapped {count} data keys under master key {rotated.current_id}; old keys "
        "removed; a new blind-index key: the index rebuilds from the store at the next search"
    )
    return 0


def _actor(name: str) -> str:
    if not name.strip():
        raise InvalidInput("by", "must name the user who erases")
    return name
