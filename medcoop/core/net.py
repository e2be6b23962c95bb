"""Fetching a page from the Internet on a user's behalf, without letting the address reach inside the hospital.

A user-given URL is a request the server makes for them (SSRF): `http://127.0.0.1:5432/`, `http://0x7f000001/`,
MedCoop's own API, a cloud metadata address, a redirect to `ftp://`. So the host is resolved here, every address
it resolves to must be public, the connection goes to the address that was checked (a second DNS answer cannot
swap it), redirects are followed here and checked again, and one deadline and one size cap hold for the whole
fetch, however slowly the server drips its bytes.
"""

import http.client
import ipaddress
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

REDIRECTS = {301, 302, 303, 307, 308}
MAX_REDIRECTS = 5
CHUNK = 64 * 1024


class FetchError(ValueError):
    """The page was not fetched; the message says why, for the user."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one stands for (::ffff:127.0.0.1, 64:ff9b::7f00:1, 6to4, Teredo)."""
    if address.ipv4_mapped:
        return address.ipv4_mapped
    if address in ipaddress.IPv6Network("64:ff9b::/96"):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if address.sixtofour:
        return address.sixtofour
    if address.teredo:
        return address.teredo[1]
    return None


def is_public(address: str) -> bool:
    """Whether an address is on the public Internet: not loopback, private, link-local, multicast, reserved,
    unspecified or shared (carrier NAT), in IPv4 or IPv6, nor an IPv6 form of such an IPv4 address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(ip)
        if embedded is not None and not is_public(str(embedded)):
            return False
    return ip.is_global and not (
        ip.is_multicast or ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_unspecified
    )


def _allowed(address: str) -> bool:
    """Public, or in MEDCOOP_FETCH_ALLOWED_NETWORKS (empty in production; the tests' loopback server)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    networks = getattr(settings, "MEDCOOP_FETCH_ALLOWED_NETWORKS", [])
    return is_public(address) or any(ip in ipaddress.ip_network(n) for n in networks)


def _target(url: str) -> Target:
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in {"http", "https"}:
        raise FetchError(_("Only http:// and https:// addresses can be read."))
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError as error:
        raise FetchError(_("This address is not valid.")) from error
    if not parts.hostname or parts.username or parts.password:
        raise FetchError(_("This address is not valid."))
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(parts.scheme.lower(), parts.hostname, port, path)


def _resolve(target: Target) -> tuple:
    """(family, socket address) of the host, every address of which is allowed; the caller connects to exactly
    this one, without resolving the name again."""
    try:
        infos = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError(_("The host %(host)s was not found.") % {"host": target.host}) from error
    if not infos or not all(_allowed(info[4][0]) for info in infos):
        raise FetchError(
            _("%(host)s is an address inside a private network; only public web pages can be read.")
            % {"host": target.host}
        )
    return infos[0][0], infos[0][4]


class _Connection(http.client.HTTPConnection):
    """Connects to the checked address, whatever the host name would resolve to now."""

    def __init__(self, target: Target, address: tuple, timeout: float):
        super().__init__(target.host, target.port, timeout=timeout)
        self.address = address
        self.target = target
        self.shut_sock = None  # kept for the watchdog: http.client drops self.sock once the response owns it

    def connect(self):
        family, address = self.address
        self.sock = socket.socket(family, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        try:
            self.sock.connect(address)
        except OSError:
            self.sock.close()
            raise
        if self.target.scheme == "https":
            context = ssl.create_default_context()
            self.sock = context.wrap_socket(self.sock, server_hostname=self.target.host)
        self.shut_sock = self.sock


def _read_body(response, sock, deadline: float, limit: int) -> bytes:
    chunks, size = [], 0
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        sock.settimeout(remaining)
        chunk = response.read1(CHUNK)
        if not chunk:
            if time.monotonic() >= deadline:  # the watchdog shut the socket: cut short, not complete
                raise TimeoutError
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            raise FetchError(_("The page is larger than %(limit)s.") % {"limit": filesizeformat(limit)})
        chunks.append(chunk)


def _get(target: Target, deadline: float, limit: int) -> tuple[int, str | None, bytes]:
    """One request, its status, Location and body; the socket is shut at the deadline whatever it is doing."""
    address = _resolve(target)
    connection = _Connection(target, address, timeout=max(deadline - time.monotonic(), 0.01))
    watchdog = threading.Timer(max(deadline - time.monotonic(), 0), _shut, [connection])
    watchdog.daemon = True
    watchdog.start()
    try:
        connection.request(
            "GET",
            target.path,
            headers={"User-Agent": "MedCoop article reader", "Accept-Encoding": "identity", "Connection": "close"},
        )
        sock = connection.sock  # the response reads from it after the connection lets go of it
        response = connection.getresponse()
        if response.status in REDIRECTS:
            return response.status, response.getheader("Location"), b""
        if response.status >= 400:
            raise FetchError(_("The server answered %(status)s.") % {"status": response.status})
        length = response.getheader("Content-Length")
        if length and length.isdigit() and int(length) > limit:
            raise FetchError(_("The page is larger than %(limit)s.") % {"limit": filesizeformat(limit)})
        return response.status, None, _read_body(response, sock, deadline, limit)
    finally:
        watchdog.cancel()
        connection.close()
        if connection.shut_sock is not None:
            connection.shut_sock.close()


def _shut(connection) -> None:
    """At the deadline: whatever read is waiting returns at once."""
    try:
        if connection.shut_sock is not None:
            connection.shut_sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


def fetch(url: str, *, limit: int, deadline_seconds: float | None = None) -> bytes:
    """The body of a public http(s) page, within one deadline and one size cap for the whole fetch, redirects
    (at most MAX_REDIRECTS) included; FetchError with the user's message otherwise."""
    seconds = deadline_seconds if deadline_seconds is not None else settings.MEDCOOP_FETCH_SECONDS
    deadline = time.monotonic() + seconds
    for _hop in range(MAX_REDIRECTS + 1):
        target = _target(url)
        try:
            status, location, body = _get(target, deadline, limit)
        except FetchError:
            raise
        except (OSError, http.client.HTTPException, ValueError) as error:
            if time.monotonic() >= deadline or isinstance(error, TimeoutError):
                reason = _("no answer within %(seconds)s seconds") % {"seconds": f"{seconds:g}"}
                raise FetchError(_("The page could not be fetched: %(reason)s") % {"reason": reason}) from error
            raise FetchError(_("The page could not be fetched: %(reason)s") % {"reason": error}) from error
        if location is None:
            return body
        if not location:
            raise FetchError(_("The server answered %(status)s.") % {"status": status})
        url = urljoin(url, location)
    raise FetchError(_("The page redirects more than %(count)s times.") % {"count": MAX_REDIRECTS})
