"""Where newsevents may send requests: public addresses only (no SSRF into the machine or its network).

Shared by alert webhooks and any fetcher: a URL must be http(s), name a host, and every address that host
resolves to must be global (not loopback, private, link-local such as 169.254.169.254, multicast or
reserved). `NEWSEVENTS_ALLOW_PRIVATE_TARGETS=1` lifts the address check for a trusted local setup.
"""

from __future__ import annotations

import ipaddress
import os
import socket
from urllib.parse import urlsplit

import httpx

from .errors import NewsEventsError

ALLOW_PRIVATE = "NEWSEVENTS_ALLOW_PRIVATE_TARGETS"
_LOCAL_NAMES = ("localhost", ".localhost", ".local", ".internal", ".home.arpa")


class UnsafeTarget(NewsEventsError):
    """A URL that newsevents will not send requests to."""


def private_allowed() -> bool:
    return os.environ.get(ALLOW_PRIVATE, "").strip().lower() in ("1", "true", "yes")


def check_url(url: str) -> str:
    """The host of an http(s) URL that may be requested; UnsafeTarget when it names a local or private place
    (checked without a DNS look-up: the look-up happens at each request, in `GuardedTransport`)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeTarget(f"Not an http(s) URL with a host: {url!r}.")
    if parts.username or parts.password:
        raise UnsafeTarget("A target URL must not carry a user name or password.")
    host = parts.hostname.lower().rstrip(".")
    if private_allowed():
        return host
    if host.endswith(_LOCAL_NAMES) or host == "localhost":
        raise UnsafeTarget(f"{host} is a local name; set {ALLOW_PRIVATE}=1 to allow local targets.")
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host
    _check_address(address, host)
    return host


def check_host_addresses(host: str, port: int) -> None:
    """Resolve `host` and raise UnsafeTarget unless every address it has is public."""
    if private_allowed():
        return
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as e:
        raise httpx.ConnectError(f"cannot resolve {host}: {e}") from e
    for info in infos:
        _check_address(ipaddress.ip_address(info[4][0].split("%")[0]), host)


def _check_address(address: ipaddress.IPv4Address | ipaddress.IPv6Address, host: str) -> None:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    if not address.is_global or address.is_multicast:
        raise UnsafeTarget(
            f"{host} is a private, loopback or link-local address ({address}); set {ALLOW_PRIVATE}=1 to allow it."
        )


class GuardedTransport(httpx.HTTPTransport):
    """An httpx transport that refuses, at each request, hosts resolving to non-public addresses."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        check_url(str(request.url))
        check_host_addresses(request.url.host, request.url.port or (443 if request.url.scheme == "https" else 80))
        return super().handle_request(request)


def guarded_client(timeout: float = 5.0) -> httpx.Client:
    """An httpx client for outgoing requests: public targets only, a short timeout, no redirects followed."""
    return httpx.Client(transport=GuardedTransport(), timeout=timeout, follow_redirects=False)
