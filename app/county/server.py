"""`county serve`: the receiver as an ASGI application on uvicorn (SPEC §8, upload service).

Why uvicorn: a maintained production server that terminates TLS itself from a certificate and key
(waitress has no TLS and would need a proxy in front), runs on the office's Windows and Linux
machines from a wheel, and being asyncio, one slow or stalled connection costs a coroutine, not a
thread: a township on a poor line cannot hold up the others.

- TLS from --cert/--key; without them the receiver only listens on loopback.
- The body limit is checked on Content-Length before a byte of the body is read (413, E_SYNC_SIZE);
  a body without a length is refused (411).
- Read timeouts: the request head must arrive within HEAD_TIMEOUT seconds of connecting, each piece
  of the body within READ_TIMEOUT, the whole body within BODY_DEADLINE (408).
- Many connections at once; the ingests run one at a time on a single writer thread (the county
  database has one writer), so a batch is applied while others are still uploading.
- GET /health answers 200 with the database reachable.
- Logs name the township code, sequence, outcome and size, never a record: the batch is encrypted
  and the receiver logs nothing from inside it.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import logging
import socket
import threading
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import h11
from sqlalchemy import text
from uvicorn.protocols.http.h11_impl import H11Protocol

from app.errors import InvalidInput
from app.sync.batch import MAX_BATCH_BYTES
from app.sync.errors import SyncRefused

log = logging.getLogger(__name__)
ZIP = "application/zip"
HEAD_TIMEOUT = 20.0
READ_TIMEOUT = 30.0
BODY_DEADLINE = 600.0
MAX_HEAD_BYTES = 16 * 1024

Scope = dict
Receive = Callable[[], Awaitable[dict]]
Send = Callable[[dict], Awaitable[None]]


@dataclass(frozen=True)
class Limits:
    max_body: int = MAX_BATCH_BYTES
    head_timeout: float = HEAD_TIMEOUT
    read_timeout: float = READ_TIMEOUT
    body_deadline: float = BODY_DEADLINE


class _TooSlow(Exception):
    pass


class ReceiverApp:
    """The ASGI application: PUT/POST a batch -> the signed receipt; GET /health."""

    def __init__(self, county, limits: Limits | None = None) -> None:  # noqa: ANN001 - County
        self.county = county
        self.limits = limits or Limits()
        self.writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="county-writer")
        self.ingested = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        method, path = scope["method"], scope["path"]
        if method in ("GET", "HEAD"):
            if path == "/health":
                return await self._health(send)
            return await _text(send, 200, "jiuzhu county receiver: PUT or POST a batch file\n", "ok")
        if method not in ("PUT", "POST"):
            return await _text(send, 405, "只接受 PUT 或 POST 批次文件\n")
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        length = headers.get("content-length", "")
        if not length.isdigit():
            return await _text(send, 411, "[E_SYNC_SIZE] 需要 Content-Length\n", "rejected")
        size = int(length)
        if size > self.limits.max_body:
            log.info("county serve: refused %d bytes from %s (over the limit)", size, _client(scope))
            return await _text(send, 413, f"[E_SYNC_SIZE] 批次 {size} 字节，超过上限 {self.limits.max_body} 字节\n",
                               "rejected")
        try:
            data = await self._body(receive, size)
        except _TooSlow:
            log.info("county serve: %s too slow sending its batch, closed", _client(scope))
            return await _text(send, 408, "[E_SYNC_UPLOAD] 上传过慢，已超时\n")
        if data is None:
            return  # the client went away
        name = f"http-{time.strftime('%Y%m%d%H%M%S')}-{sha_prefix(data)}.zip"
        loop = asyncio.get_running_loop()
        try:
            outcome = await loop.run_in_executor(self.writer, _ingest, self.county, data, name)
        except SyncRefused as exc:
            refused = getattr(exc, "outcome", None)
            log.info("county serve: %s refused %s (%d bytes from %s)", name, exc.code, size, _client(scope))
            if refused is not None and refused.receipt:
                return await _answer(send, 422, refused.receipt, ZIP, "rejected")
            return await _text(send, 422, f"[{exc.code}] {exc.text}\n", "rejected")
        except Exception:  # noqa: BLE001 - answer and keep serving
            log.exception("county serve: ingest of %s failed", name)
            return await _text(send, 500, "[E_INTERNAL] 县级接收端内部错误，请稍后重试\n")
        self.ingested += 1
        log.info("county serve: %s township %s sequence %d %s (%d bytes)", name, outcome.township,
                 outcome.sequence, outcome.status, size)
        await _answer(send, 200, outcome.receipt or b"", ZIP, outcome.status)

    async def _body(self, receive: Receive, size: int) -> bytes | None:
        lim = self.limits
        deadline = time.monotonic() + lim.body_deadline
        parts: list[bytes] = []
        got = 0
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise _TooSlow
            try:
                message = await asyncio.wait_for(receive(), timeout=min(lim.read_timeout, left))
            except TimeoutError as exc:
                raise _TooSlow from exc
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            got += len(chunk)
            if got > size:  # h11 refuses a longer body itself; never hold more than announced
                return None
            parts.append(chunk)
            if not message.get("more_body", False):
                return b"".join(parts)

    async def _health(self, send: Send) -> None:
        loop = asyncio.get_running_loop()
        try:  # its own thread: a long ingest on the writer does not make the receiver look dead
            await loop.run_in_executor(None, _ping, self.county)
        except Exception:  # noqa: BLE001 - report, do not crash
            log.exception("county serve: health check failed")
            return await _answer(send, 503, b'{"status":"db-unavailable"}', "application/json", "error")
        body = json.dumps({"status": "ok", "ingested": self.ingested}).encode()
        await _answer(send, 200, body, "application/json", "ok")

    def close(self) -> None:
        self.writer.shutdown(wait=True)


def sha_prefix(data: bytes) -> str:
    from app.sync.strictjson import sha256_hex

    return sha256_hex(data)[:12]


def _client(scope: Scope) -> str:
    client = scope.get("client")
    return client[0] if client else "?"


def _ingest(county, data: bytes, name: str):  # noqa: ANN001, ANN202 - County -> Outcome
    from app.county.ingest import ingest_bytes

    return ingest_bytes(county, data, name)


def _ping(county) -> None:  # noqa: ANN001
    with county.db.engine.connect() as conn:
        conn.execute(text("SELECT 1"))


async def _answer(send: Send, status: int, body: bytes, content_type: str, outcome: str) -> None:
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", content_type.encode()), (b"content-length", str(len(body)).encode()),
        (b"x-jiuzhu-status", outcome.encode())]})
    await send({"type": "http.response.body", "body": body})


async def _text(send: Send, status: int, message: str, outcome: str = "error") -> None:
    await _answer(send, status, message.encode(), "text/plain; charset=utf-8", outcome)


class _HeadTimeoutProtocol(H11Protocol):
    """h11 as uvicorn runs it, plus a deadline for the request head: a client that connects and sends
    its headers a byte at a time is closed after `head_timeout` (uvicorn itself waits forever)."""

    head_timeout = HEAD_TIMEOUT

    def connection_made(self, transport) -> None:  # noqa: ANN001
        super().connection_made(transport)
        self._arm_head_timer()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm_head_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        timer = getattr(self, "_head_timer", None)
        if timer is not None:
            timer.cancel()
        super().connection_lost(exc)

    def _arm_head_timer(self) -> None:
        timer = getattr(self, "_head_timer", None)
        if timer is not None:
            timer.cancel()
        self._head_timer = self.loop.call_later(self.head_timeout, self._head_expired)

    def _head_expired(self) -> None:
        if not self.transport.is_closing() and self.conn.their_state in (h11.IDLE, h11.DONE) and (
                self.cycle is None or self.cycle.response_complete):
            self.transport.close()


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _protocol(head_timeout: float) -> type[H11Protocol]:
    return type("HeadTimeoutProtocol", (_HeadTimeoutProtocol,), {"head_timeout": head_timeout})


class Receiver:
    """A configured uvicorn server around ReceiverApp; `run()` blocks, `start()` runs it on a thread."""

    def __init__(self, county, host: str = "127.0.0.1", port: int = 8765, *,  # noqa: ANN001 - County
                 cert: str | Path | None = None, key: str | Path | None = None, limits: Limits | None = None,
                 max_connections: int = 200) -> None:
        import uvicorn

        if (cert is None) != (key is None):
            raise InvalidInput("--cert 与 --key 须同时给出（证书与私钥）")
        resolved = {a[4][0] for a in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)}  # gaierror: OSError
        if cert is None and not all(map(is_loopback, resolved)):
            raise InvalidInput(f"在 {host} 上接收须用 TLS：请给出 --cert 证书与 --key 私钥（明文 HTTP 只限本机 127.0.0.1）")
        for label, path in (("证书", cert), ("私钥", key)):
            if path is not None and not Path(path).is_file():
                raise InvalidInput(f"找不到{label}文件：{path}")
        self.app = ReceiverApp(county, limits)
        self.tls = cert is not None
        config = uvicorn.Config(
            self.app, host=host, port=port, http=_protocol(self.app.limits.head_timeout), loop="asyncio",
            lifespan="off", access_log=False, log_config=None, server_header=False, proxy_headers=False,
            ssl_certfile=str(cert) if cert else None, ssl_keyfile=str(key) if key else None,
            limit_concurrency=max_connections, timeout_keep_alive=5, h11_max_incomplete_event_size=MAX_HEAD_BYTES,
            backlog=256, timeout_graceful_shutdown=10)
        try:
            config.load()  # TLS files are read here: a bad certificate is a clear error, not a traceback
        except (OSError, ValueError) as exc:
            raise InvalidInput(f"无法读取 TLS 证书或私钥：{exc}") from exc
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        # bound here, not by uvicorn (which exits the process when a port is taken): OSError for the caller
        self.sock = socket.create_server((host, port), family=family, backlog=256)
        self.server = uvicorn.Server(config)
        self._thread: threading.Thread | None = None

    @property
    def address(self) -> tuple[str, int]:
        return self.sock.getsockname()[:2]

    @property
    def url(self) -> str:
        host, port = self.address
        host = f"[{host}]" if ":" in host else host
        return f"{'https' if self.tls else 'http'}://{host}:{port}/"

    def run(self) -> None:
        try:
            self.server.run(sockets=[self.sock])
        finally:
            self.app.close()
            self.sock.close()

    def start(self, timeout: float = 10.0) -> Receiver:
        self._thread = threading.Thread(target=self.server.run, args=([self.sock],), name="county-serve", daemon=True)
        self._thread.start()
        end = time.monotonic() + timeout
        while not self.server.started:
            if not self._thread.is_alive() or time.monotonic() > end:
                raise OSError("接收服务未能启动")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        if self._thread is not None:
            self._thread.join(10)
        self.app.close()
        self.sock.close()
