"""Issue 11 item 9: who the client is — the peer, or behind trusted proxies the
right-most address of X-Forwarded-For that is not one of them."""

from __future__ import annotations

import pytest

from adapters.http.forwarded import TrustedProxies
from adapters.http.server import server_config
from adapters.settings import ConfigError, trusted_proxies

PROXIES = TrustedProxies(trusted_proxies({"JOURNEY_TRUSTED_PROXIES": "10.0.0.5, 10.1.0.0/16,::1"}))


@pytest.mark.parametrize(
    ("peer", "forwarded", "client"),
    [
        ("203.0.113.7", ["198.51.100.9"], "203.0.113.7"),  # untrusted peer: header ignored
        ("10.0.0.5", [], "10.0.0.5"),  # a trusted proxy sending no header
        ("10.0.0.5", ["198.51.100.9"], "198.51.100.9"),
        ("10.0.0.5", ["1.2.3.4, 198.51.100.9"], "198.51.100.9"),  # left part: the client's
        ("10.0.0.5", ["198.51.100.9, 10.1.2.3"], "198.51.100.9"),  # two proxies
        ("10.0.0.5", ["1.2.3.4", "198.51.100.9"], "198.51.100.9"),  # two header lines
        ("10.0.0.5", ["10.1.9.9, 10.1.2.3"], "10.1.9.9"),  # every hop trusted
        ("10.0.0.5", ["198.51.100.9, not-an-ip, 10.1.2.3"], "10.1.2.3"),
        ("::1", ["2001:db8:0:0::1"], "2001:db8::1"),  # canonical form
        ("::ffff:10.0.0.5", ["::ffff:198.51.100.9"], "198.51.100.9"),  # IPv4-mapped
        ("testclient", ["198.51.100.9"], "testclient"),  # not an address: as it is
    ],
)
def test_the_client_address(peer: str, forwarded: list[str], client: str) -> None:
    assert PROXIES.client(peer, forwarded) == client


def test_no_proxy_is_trusted_by_default() -> None:
    assert trusted_proxies({}) == ()
    assert TrustedProxies().client("127.0.0.1", ["198.51.100.9"]) == "127.0.0.1"


def test_a_malformed_proxy_setting_is_named() -> None:
    with pytest.raises(ConfigError, match=r"JOURNEY_TRUSTED_PROXIES: 'proxy\.local'"):
        trusted_proxies({"JOURNEY_TRUSTED_PROXIES": "10.0.0.5,proxy.local"})


def test_uvicorn_does_not_rewrite_the_client_from_forwarded_headers() -> None:
    assert server_config(object(), "127.0.0.1", 0).proxy_headers is False


@pytest.mark.parametrize(
    ("scheme", "peer", "proto", "over_tls"),
    [
        ("https", "198.51.100.9", None, True),  # TLS to us directly
        ("http", "10.0.0.5", "https", True),  # a trusted proxy ended TLS
        ("http", "10.0.0.5", " HTTPS ", True),
        ("http", "10.0.0.5", "http", False),
        ("http", "10.0.0.5", None, False),
        ("http", "198.51.100.9", "https", False),  # anyone else's header is not believed
        ("http", "testclient", "https", False),  # no address at all
    ],
)
def test_the_session_cookie_is_secure_over_tls_ended_by_a_trusted_proxy(
    scheme: str, peer: str, proto: str | None, over_tls: bool
) -> None:
    assert PROXIES.over_tls(scheme, peer, proto) is over_tls
