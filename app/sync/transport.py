"""HTTP transport: the township uploads the same batch file (PUT) with bounded retries.

`county serve` runs app/sync/county_server.py (uvicorn, TLS); the single-threaded CountyHandler
below is kept only for tests that need a plain stand-in server. HTTP adds no trust to the batch
(signed and encrypted end to end, the receipt likewise); TLS keeps who uploads what from the line.
"""

from __future__ import annotations

import logging
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, HTTPServer

from app.sync.batch import MAX_BATCH_BYTES
from app.sync.errors import SyncRefused, UploadError
from app.sync.tls import CertificateRefused, TlsTrust, opener, verification_failure

log = logging.getLogger(__name__)
ZIP = "application/zip"
RETRY_STATUS = frozenset({408, 429, 500, 502, 503, 504})


@dataclass(frozen=True)
class Response:
    status: int
    content_type: str
    body: bytes
    outcome: str  # X-Jiuzhu-Status: accepted / duplicate / rejected / error


def _once(url: str, data: bytes, timeout: float, tls: TlsTrust | None = None) -> Response:
    req = urllib.request.Request(url, data=data, method="PUT",
                                 headers={"Content-Type": ZIP, "Content-Length": str(len(data))})
    try:
        with opener(tls).open(req, timeout=timeout) as resp:
            return Response(resp.status, resp.headers.get("Content-Type", ""), resp.read(),
                            resp.headers.get("X-Jiuzhu-Status", ""))
    except urllib.error.HTTPError as exc:
        return Response(exc.code, exc.headers.get("Content-Type", ""), exc.read(),
                        exc.headers.get("X-Jiuzhu-Status", ""))


def upload(url: str, data: bytes, *, attempts: int = 4, backoff: float = 1.0, timeout: float = 60.0,
           tls: TlsTrust | None = None) -> Response:
    """PUT the batch; retries connection failures and 408/429/5xx with doubling waits, at most `attempts` times.
    https:// checks the county certificate against `tls` (app/sync/tls.py); a failed check is not retried."""
    if not url.startswith(("http://", "https://")):
        raise UploadError(f"县级接收地址应以 http:// 或 https:// 开头：{url}")
    try:  # a saved address such as "http://[::1" would raise ValueError inside urllib, not retry
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 - ValueError for a port that is no number or out of range
    except ValueError:
        parts = None
    if parts is None or not parts.hostname:
        raise UploadError(f"县级接收地址无效（主机名或端口有误）：{url}")
    problem = ""
    for attempt in range(1, attempts + 1):
        try:
            resp = _once(url, data, timeout, tls)
            if resp.status not in RETRY_STATUS:
                return resp
            problem = f"HTTP {resp.status}"
        except (urllib.error.URLError, OSError) as exc:
            if (bad := verification_failure(exc)) is not None:
                raise CertificateRefused(f"{url}：{getattr(bad, 'verify_message', '') or bad}") from exc
            problem = str(getattr(exc, "reason", exc))
        log.warning("upload attempt %d/%d to %s failed: %s", attempt, attempts, url, problem)
        if attempt < attempts:
            time.sleep(backoff * 2 ** (attempt - 1))
    raise UploadError(f"{attempts} 次尝试均失败（{problem}），批次文件仍可用 U 盘送达")


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
        from app.sync.county import ingest_bytes

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
