"""Which client sent a request: the peer, or behind a trusted reverse proxy the
address that proxy saw.

`X-Forwarded-For` is believed only when the peer (the TCP connection's other end)
is one of the configured trusted proxies (JOURNEY_TRUSTED_PROXIES,
adapters/settings/__init__.py). The header is then read from the right, where each trusted
proxy appended the address it received the request from: the first address that is
not itself a trusted proxy is the client. Everything left of it was written by that
client and could say anything. An entry that is not an IP address ends the walk
(the last trusted hop is used). Addresses are returned in canonical form, so the
same client always has the same key (IPv4-mapped IPv6 addresses as IPv4).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address

IPAddress = IPv4Address | IPv6Address
Network = IPv4Network | IPv6Network


def parse_address(text: str) -> IPAddress | None:
    try:
        address = ip_address(text.strip())
    except ValueError:
        return None
    if isinstance(address, IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


@dataclass(frozen=True)
class TrustedProxies:
    """The reverse proxies whose X-Forwarded-For is believed (none by default)."""

    networks: tuple[Network, ...] = ()

    def trusts(self, address: IPAddress) -> bool:
        return any(address in network for network in self.networks)

    def over_tls(self, scheme: str, peer: str, forwarded_proto: str | None) -> bool:
        """Whether the browser's request came over TLS: its own scheme, or, from a trusted
        proxy that ended TLS, that proxy's `X-Forwarded-Proto: https`. A client's own
        header, sent past no trusted proxy, is not believed."""
        if scheme == "https":
            return True
        address = parse_address(peer)
        trusted = address is not None and self.trusts(address)
        return trusted and (forwarded_proto or "").strip().lower() == "https"

    def client(self, peer: str, forwarded_for: Sequence[str] = ()) -> str:
        """The client's address: the peer unless it is a trusted proxy, then the
        right-most address of X-Forwarded-For (all its headers) that is not one."""
        client = parse_address(peer)
        if client is None:
            return peer
        if not self.trusts(client):
            return str(client)
        hops = [hop for header in forwarded_for for hop in header.split(",")]
        for hop in reversed(hops):
            address = parse_address(hop)
            if address is None:
                break
            client = address
            if not self.trusts(address):
                break
        return str(client)
