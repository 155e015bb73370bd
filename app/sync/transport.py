"""HTTP transport: the township uploads the same batch file (PUT) with bounded retries.

`county serve` runs app/county/server.py (uvicorn, TLS); app/county/stand_in.py is a plain
single-threaded stand-in kept for tests. HTTP adds no trust to the batch
(signed and encrypted end to end, the receipt likewise); TLS keeps who uploads what from the line.
"""

from __future__ import annotations

import logging
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from app.sync.errors import UploadError
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
