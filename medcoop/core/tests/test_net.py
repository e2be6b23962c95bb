"""Fetching on a user's behalf (core.net) against a real server on loopback: refused as an inside address in
every spelling; with loopback let through by the test-only setting, redirects, the deadline and the size cap."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from medcoop.core.net import MAX_REDIRECTS, FetchError, fetch, is_public

PAGE = b"<html><body><p>Bai bao</p></body></html>"


class Pages(BaseHTTPRequestHandler):
    hits = 0

    def do_GET(self):  # noqa: N802 - the standard library's name
        type(self).hits += 1
        url = urlsplit(self.path)
        if url.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", parse_qs(url.query)["to"][0])
            self.end_headers()
            return
        if url.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        if url.path == "/drip":  # a few bytes at a time, never finishing: a per-read timeout never fires
            for _ in range(40):
                self.wfile.write(b"x" * 10)
                self.wfile.flush()
                time.sleep(0.1)
            return
        self.wfile.write(b"y" * 300_000 if url.path == "/big" else PAGE)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    Pages.hits = 0
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def loopback_allowed(settings):
    """The test-only exemption: 127.0.0.1 alone, so the real fetch code runs against the test server."""
    settings.MEDCOOP_FETCH_ALLOWED_NETWORKS = ["127.0.0.1/32"]


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "0x7f000001", "2130706433", "127.1", "017700000001", "localhost", "[::1]", "[::ffff:7f00:1]"]
)
def test_every_spelling_of_loopback_is_refused_before_any_request(server, host):
    with pytest.raises(FetchError, match="private network|mạng nội bộ"):
        fetch(f"http://{host}:{server}/", limit=10_000)
    assert Pages.hits == 0


@pytest.mark.parametrize(
    "address",
    [
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata
        "100.64.0.1",
        "224.0.0.1",
        "239.255.255.250",
        "240.0.0.1",
        "0.0.0.0",
        "255.255.255.255",
        "::",
        "::1",
        "fe80::1",
        "fc00::1",
        "ff02::1",
        "::ffff:10.0.0.1",
        "64:ff9b::a00:1",
        "2002:7f00:1::",  # 6to4 of 127.0.0.1
    ],
)
def test_inside_multicast_and_reserved_addresses_are_not_public(address):
    assert not is_public(address)


def test_public_addresses_are_public():
    assert is_public("8.8.8.8") and is_public("2001:4860:4860::8888") and is_public("203.113.131.1")


@pytest.mark.parametrize("url", ["ftp://example.org/", "file:///etc/passwd", "gopher://x/", "http://user:pw@x/"])
def test_only_plain_http_and_https_addresses(url):
    with pytest.raises(FetchError):
        fetch(url, limit=10_000)


def test_an_allowed_page_is_fetched_through_the_real_code_path(server, loopback_allowed):
    assert fetch(f"http://127.0.0.1:{server}/page", limit=10_000) == PAGE


def test_a_redirect_is_checked_again(server, loopback_allowed):
    base = f"http://127.0.0.1:{server}"
    assert fetch(f"{base}/redirect?to=/page", limit=10_000) == PAGE
    with pytest.raises(FetchError, match="http://"):
        fetch(f"{base}/redirect?to=ftp://127.0.0.1/x", limit=10_000)
    hits = Pages.hits
    with pytest.raises(FetchError, match="private network|mạng nội bộ"):  # 127.0.0.2 is loopback, not exempted
        fetch(f"{base}/redirect?to=http://127.0.0.2:{server}/page", limit=10_000)
    assert Pages.hits == hits + 1
    with pytest.raises(FetchError, match=str(MAX_REDIRECTS)):
        fetch(f"{base}/loop", limit=10_000)
    assert Pages.hits == hits + 1 + MAX_REDIRECTS + 1


def test_a_slow_drip_server_is_cut_at_the_one_deadline(server, loopback_allowed):
    started = time.monotonic()
    with pytest.raises(FetchError):
        fetch(f"http://127.0.0.1:{server}/drip", limit=10_000, deadline_seconds=0.6)
    assert time.monotonic() - started < 1.5


def test_a_page_past_the_size_cap_is_refused(server, loopback_allowed):
    with pytest.raises(FetchError, match="larger than|lớn hơn"):
        fetch(f"http://127.0.0.1:{server}/big", limit=100_000)


def test_the_connection_goes_to_the_address_that_was_checked(server, loopback_allowed, monkeypatch):
    """DNS rebinding: the host is resolved once per request and that very address is connected to."""
    import socket

    answers = []
    real = socket.getaddrinfo

    def resolver(host, *args, **kwargs):
        answers.append(host)
        return real("127.0.0.1" if len(answers) == 1 else "10.0.0.1", *args, **kwargs)  # a second answer differs

    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    assert fetch(f"http://rebind.example:{server}/page", limit=10_000) == PAGE
    assert answers == ["rebind.example"]
