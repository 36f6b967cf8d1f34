"""Fetching web pages safely: timeouts, size limits, capped redirects, no private addresses.

By default every hop of a fetch (the URL and each redirect target) must resolve only to public
addresses; private, loopback, link-local, reserved and multicast ones are refused (SSRF), unless
``allow_private`` is set.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from .errors import InputError
from .settings import setting

Resolver = Callable[[str], list[str]]


def resolve_host(host: str) -> list[str]:
    """IP addresses a host name resolves to (system resolver)."""
    try:
        return sorted({info[4][0] for info in socket.getaddrinfo(host, None)})
    except socket.gaierror as err:
        raise InputError(host, f"cannot resolve host ({err.strerror})") from err


def is_public(address: str) -> bool:
    """True for a globally routable unicast address."""
    ip = ipaddress.ip_address(address.split("%")[0])
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


class Fetcher:
    """One HTTP client with eventwire's safety rules; reuse it for many URLs."""

    def __init__(
        self,
        allow_private: bool = False,
        client: httpx.Client | None = None,
        resolver: Resolver = resolve_host,
    ) -> None:
        self.allow_private = allow_private
        self.resolver = resolver
        self.max_bytes = int(setting("fetch", "max_bytes"))
        self.max_redirects = int(setting("fetch", "max_redirects"))
        timeout = float(setting("fetch", "timeout_s"))
        self.client = client or httpx.Client(
            timeout=timeout, follow_redirects=False, headers={"User-Agent": setting("fetch", "user_agent")}
        )

    def check_url(self, url: str) -> None:
        """Raise InputError for a URL eventwire will not fetch."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise InputError(url, "only http(s) URLs can be fetched")
        if self.allow_private:
            return
        host = parts.hostname
        try:
            addresses = [str(ipaddress.ip_address(host))]
        except ValueError:
            addresses = self.resolver(host)
        if not addresses:
            raise InputError(url, "host resolves to no address")
        blocked = [a for a in addresses if not is_public(a)]
        if blocked:
            raise InputError(url, f"refused: {host} resolves to a non-public address ({blocked[0]}); "
                             "use --allow-private to fetch it")  # fmt: skip

    def fetch(self, url: str) -> Page:
        """GET ``url`` following at most ``max_redirects`` redirects, each hop checked."""
        for _ in range(self.max_redirects + 1):
            self.check_url(url)
            try:
                with self.client.stream("GET", url) as response:
                    if response.is_redirect:
                        location = response.headers.get("location")
                        if not location:
                            raise InputError(url, "redirect without a Location header")
                        url = urljoin(url, location)
                        continue
                    if response.status_code >= 400:
                        raise InputError(url, f"HTTP {response.status_code}")
                    declared = int(response.headers.get("content-length") or 0)
                    if declared > self.max_bytes:
                        raise InputError(url, f"too large ({declared:,} bytes > {self.max_bytes:,})")
                    chunks, size = [], 0
                    for chunk in response.iter_bytes():
                        size += len(chunk)
                        if size > self.max_bytes:
                            raise InputError(url, f"too large (over {self.max_bytes:,} bytes)")
                        chunks.append(chunk)
                    return Page(str(response.url), b"".join(chunks), response.headers.get("content-type", ""))
            except httpx.TimeoutException as err:
                raise InputError(url, "timed out") from err
            except httpx.HTTPError as err:
                raise InputError(url, f"fetch failed ({type(err).__name__}: {err})") from err
        raise InputError(url, f"more than {self.max_redirects} redirects")

    def close(self) -> None:
        self.client.close()
