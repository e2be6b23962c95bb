"""A small web site on this machine, for the importer's fetching: a news page, a slow one, a huge one and one
with no article in it."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

ARTICLE = (
    "Bệnh viện K hợp tác với Viện Gustave Roussy về ung thư\n"
    "Tháng 10/2024, Bệnh viện K ký biên bản ghi nhớ hợp tác với Viện Gustave Roussy tại Pháp. "
    "Viện Gustave Roussy đã đào tạo cho 25 lượt bác sĩ và tài trợ 1,2 triệu Euro cho Bệnh viện Nevers tại Pháp."
)


class Pages(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - the standard library's name
        if self.path == "/slow":
            time.sleep(3)
        body = {
            "/big": b"<html><body><p>" + b"x" * 2_000_000 + b"</p></body></html>",
            "/empty": b"<html><body><nav>Menu</nav></body></html>",
        }.get(
            self.path,
            (
                "<html><head><title>Hợp tác</title></head><body><nav>Trang chủ | Tin tức</nav><article>"
                f"<h1>Hợp tác ung thư</h1><p>{ARTICLE}</p></article></body></html>"
            ).encode(),
        )
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def site(settings):
    settings.MEDCOOP_FETCH_ALLOWED_NETWORKS = ["127.0.0.1/32"]  # the real fetch path, to this one loopback address
    server = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
