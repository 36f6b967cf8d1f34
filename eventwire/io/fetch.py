"""Fetching web pages safely: timeouts, a total deadline, size limits, capped redirects, no private
addresses.

By default every hop of a fetch (the URL and each redirect target) must resolve only to public
addresses; private, loopback, link-local, reserved and multicast ones are refused (SSRF), unless
``allow_private`` is set. IPv6 addresses that carry an IPv4 address (IPv4-mapped, IPv4-compatible,
6to4, NAT64) are judged by the IPv4 address they carry, and Teredo addresses are refused.

The connection goes to the address that was checked, never to a second DNS answer (DNS
rebinding): the client's network backend connects to the pinned address, while the request keeps
the host name in its Host header and in TLS (SNI and certificate verification). Proxies from the
environment are not used, since they would connect elsewhere.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urljoin

import httpcore
import httpx

from ..errors import InputError
from ..settings import current

Resolver = Callable[[str], list[str]]
T = TypeVar("T")

_SIXTOFOUR = ipaddress.ip_network("2002::/16")
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")
_TEREDO = ipaddress.ip_network("2001::/32")


def resolve_host(host: str) -> list[str]:
    """IP addresses a host name resolves to (system resolver)."""
    try:
        return sorted({info[4][0] for info in socket.getaddrinfo(host, None)})
    except (socket.gaierror, UnicodeError) as err:
        raise InputError(host, f"cannot resolve host ({getattr(err, 'strerror', None) or err})") from err


def embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (IPv4-mapped, IPv4-compatible, 6to4, NAT64), if any."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip in _SIXTOFOUR:
        return ip.sixtofour
    if ip in _IPV4_COMPATIBLE or any(ip in net for net in _NAT64):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def is_public(address: str) -> bool:
    """True for a globally routable unicast address; an IPv6 address that carries an IPv4 one is
    judged by that IPv4 address, and Teredo (2001::/32, a tunnel to any IPv4 host) is never public."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address):
        if ip in _TEREDO:
            return False
        inner = embedded_ipv4(ip)
        if inner is not None:
            return is_public(str(inner))
    return not (
        ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_multicast
        or ip.is_unspecified or not ip.is_global
    )  # fmt: skip


@dataclass
class Page:
    """A fetched document."""

    url: str  # final URL after redirects
    content: bytes
    content_type: str


class PinnedBackend(httpcore.NetworkBackend):
    """httpcore's network backend, connecting only to the addresses :meth:`Fetcher.check_url` pinned
    for a host (never resolving the name again); a host that was not checked is refused."""

    def __init__(self) -> None:
        self.pins: dict[str, list[str]] = {}
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[tuple] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = self.pins.get(host.lower().strip("[]"))
        if not addresses:
            raise httpcore.ConnectError(f"refused: {host} was not checked before connecting")
        error: Exception | None = None
        for address in addresses:
            try:
                return self._inner.connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as err:
                error = err
        assert error is not None
        raise error

    def connect_unix_socket(self, path: str, timeout: float | None = None, socket_options=None):
        raise httpcore.ConnectError("refused: unix sockets are never fetched")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class PinnedTransport(httpx.HTTPTransport):
    """httpx's transport over a :class:`PinnedBackend` (TLS verified for the URL's host name)."""

    def __init__(self, backend: PinnedBackend) -> None:
        super().__init__()
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=100,
            max_keepalive_connections=20,
            keepalive_expiry=5.0,
            network_backend=backend,
        )


class Fetcher:
    """One HTTP client with eventwire's safety rules; reuse it for many URLs.

    ``client`` replaces the HTTP client (tests use a canned transport); the default client connects
    only to the addresses each hop's check found public (see the module docstring).
    """

    def __init__(
        self,
        allow_private: bool = False,
        client: httpx.Client | None = None,
        resolver: Resolver = resolve_host,
    ) -> None:
        self.allow_private = allow_private
        self.resolver = resolver
        self.max_bytes = int(current().fetch.max_bytes)
        self.max_redirects = int(current().fetch.max_redirects)
        self.timeout = float(current().fetch.timeout_s)
        self.deadline_s = float(current().fetch.deadline_s)
        self.max_feed_entries = int(current().fetch.max_feed_entries)
        self.backend: PinnedBackend | None = None
        if client is None:
            transport = None
            if not allow_private:
                self.backend = PinnedBackend()
                transport = PinnedTransport(self.backend)
            client = httpx.Client(
                timeout=self.timeout, follow_redirects=False, transport=transport, trust_env=False,
                headers={"User-Agent": current().fetch.user_agent},
            )  # fmt: skip
        self.client = client

    def check_url(self, url: str) -> list[str]:
        """The addresses ``url``'s host resolves to, all public; raise InputError for a URL eventwire
        will not fetch. The addresses are pinned: the connection goes to one of them."""
        try:
            parsed = httpx.URL(url)
            host = parsed.raw_host.decode("ascii").lower()
        except (httpx.InvalidURL, UnicodeError) as err:
            raise InputError(url, f"not a valid URL ({err})") from err
        if parsed.scheme not in ("http", "https") or not host:
            raise InputError(url, "only http(s) URLs can be fetched")
        if self.allow_private:
            return []
        try:
            addresses = [str(ipaddress.ip_address(host.strip("[]")))]
        except ValueError:
            addresses = self.resolver(host)
        if not addresses:
            raise InputError(url, "host resolves to no address")
        blocked = [a for a in addresses if not is_public(a)]
        if blocked:
            raise InputError(url, f"refused: {host} resolves to a non-public address ({blocked[0]}); "
                             "use --allow-private to fetch it")  # fmt: skip
        if self.backend is not None:
            self.backend.pins[host.strip("[]")] = addresses
        return addresses

    def fetch(self, url: str) -> Page:
        """GET ``url`` following at most ``max_redirects`` redirects, each hop checked, the whole
        fetch within ``deadline_s`` (checked between reads; one read waits at most ``timeout_s``)."""
        deadline = time.monotonic() + self.deadline_s
        for _ in range(self.max_redirects + 1):
            self.check_url(url)
            try:
                timeout = httpx.Timeout(max(0.01, min(self.timeout, deadline - time.monotonic())))
                with self.client.stream("GET", url, timeout=timeout) as response:
                    if response.is_redirect:
                        location = response.headers.get("location")
                        if not location:
                            raise InputError(url, "redirect without a Location header")
                        url = urljoin(url, location)
                        self._check_deadline(url, deadline)
                        continue
                    if response.status_code >= 400:
                        raise InputError(url, f"HTTP {response.status_code}")
                    declared = int(response.headers.get("content-length") or 0)
                    if declared > self.max_bytes:
                        raise InputError(url, f"too large ({declared:,} bytes > {self.max_bytes:,})")
                    chunks, size = [], 0
                    for chunk in response.iter_bytes():
                        self._check_deadline(url, deadline)
                        size += len(chunk)
                        if size > self.max_bytes:
                            raise InputError(url, f"too large (over {self.max_bytes:,} bytes)")
                        chunks.append(chunk)
                    self._check_deadline(url, deadline)
                    return Page(str(response.url), b"".join(chunks), response.headers.get("content-type", ""))
            except httpx.TimeoutException as err:
                raise InputError(url, "timed out") from err
            except httpx.HTTPError as err:
                raise InputError(url, f"fetch failed ({type(err).__name__}: {err})") from err
            except ValueError as err:  # a malformed Content-Length header
                raise InputError(url, f"fetch failed (bad response: {err})") from err
        raise InputError(url, f"more than {self.max_redirects} redirects")

    def _check_deadline(self, url: str, deadline: float) -> None:
        if time.monotonic() > deadline:
            raise InputError(url, f"took longer than {self.deadline_s:g} s (settings: fetch.deadline_s)")

    def feed_entries(self, entries: Sequence[T], origin: str) -> tuple[Sequence[T], str | None]:
        """The first ``max_feed_entries`` entries of a feed, and a warning when some were left out
        (report it once; the entries past the cap are not fetched)."""
        if len(entries) <= self.max_feed_entries:
            return entries, None
        return entries[: self.max_feed_entries], (
            f"the feed has {len(entries):,} entries; only the first {self.max_feed_entries:,} are fetched "
            "(settings: fetch.max_feed_entries)"
        )

    def close(self) -> None:
        self.client.close()
