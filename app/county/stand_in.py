"""A plain single-threaded HTTP receiver over the county's ingest, for tests that need a stand-in
server (`county serve` runs app/county/server.py)."""

from __future__ import annotations

import logging
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

from app.county.ingest import ingest_bytes
from app.sync.batch import MAX_BATCH_BYTES
from app.sync.errors import SyncRefused
from app.sync.transport import ZIP

log = logging.getLogger(__name__)


class CountyHandler(BaseHTTPRequestHandler):
    """PUT or POST a batch: ingest it and answer with the signed receipt (section 12 of the format doc)."""

    server_version = "jiuzhu-county"

    def log_message(self, fmt: str, *args: object) -> None:
        log.info("county serve %s: " + fmt, self.client_address[0], *args)

    def _answer(self, status: int, body: bytes, content_type: str, outcome: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Jiuzhu-Status", outcome)
        self.end_headers()
        self.wfile.write(body)

    def _text(self, status: int, text: str, outcome: str = "error") -> None:
        self._answer(status, text.encode(), "text/plain; charset=utf-8", outcome)

    def do_GET(self) -> None:  # noqa: N802 - http.server naming
        self._text(200, "jiuzhu county receiver: PUT or POST a batch file\n", "ok")

    def do_PUT(self) -> None:  # noqa: N802
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            return self._text(411, "需要 Content-Length\n")
        if int(length) > MAX_BATCH_BYTES:
            return self._text(413, f"[E_SYNC_SIZE] 批次超过 {MAX_BATCH_BYTES} 字节\n")
        data = self.rfile.read(int(length))
        name = f"http-{self.client_address[0]}-{time.strftime('%Y%m%d%H%M%S')}.zip"
        try:
            outcome = ingest_bytes(self.server.county, data, name)  # type: ignore[attr-defined]
        except SyncRefused as exc:
            refused = getattr(exc, "outcome", None)
            if refused is not None and refused.receipt:
                return self._answer(422, refused.receipt, ZIP, "rejected")
            return self._text(422, f"[{exc.code}] {exc.text}\n", "rejected")
        except Exception as exc:  # noqa: BLE001 - answer and keep serving
            log.exception("county serve: ingest failed")
            return self._text(500, f"[E_INTERNAL] {exc}\n")
        self._answer(200, outcome.receipt or b"", ZIP, outcome.status)

    do_POST = do_PUT  # noqa: N815


def make_server(county, host: str = "127.0.0.1", port: int = 8765) -> HTTPServer:  # noqa: ANN001 - County
    """A single-threaded server: one ingest at a time (the county database has one writer)."""
    server = HTTPServer((host, port), CountyHandler)
    server.county = county  # type: ignore[attr-defined]
    return server
