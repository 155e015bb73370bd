"""The township's trust in the county receiver's TLS certificate (SPEC §8, upload service).

Recorded with `sync trust-county C.pub --url https://... (--ca F | --pin SHA256)`, kept in the
township's settings ("county_tls"): either a CA certificate (PEM) the county's certificate must
chain to, with the host name checked, or the SHA-256 fingerprint of the county's own certificate
(a self-signed one, read to the township on the phone). Without either, https:// uses the
system's CA store. A certificate that does not verify is a security failure, never retried.
"""

from __future__ import annotations

import hashlib
import http.client
import re
import ssl
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from app.errors import InvalidInput, SecurityError

_HEX64 = re.compile(r"[0-9a-f]{64}")


class CertificateRefused(SecurityError):
    code = "E_SYNC_TLS"
    template = "县级接收端的证书不可信：{detail}"


@dataclass(frozen=True)
class TlsTrust:
    pin: str = ""  # SHA-256 of the county certificate (DER), 64 lowercase hex digits
    ca_pem: str = ""

    @property
    def configured(self) -> bool:
        return bool(self.pin or self.ca_pem)


def normalise_pin(text: str) -> str:
    """'AB:CD:...' or 'abcd...' (64 hex digits, colons and spaces allowed) -> lowercase hex."""
    pin = re.sub(r"[\s:]", "", text).lower()
    if pin.startswith("sha256"):
        pin = pin[6:].lstrip("=/")
    if not _HEX64.fullmatch(pin):
        raise InvalidInput(f"证书指纹应为 64 位十六进制 SHA-256（可带冒号），实为「{text[:80]}」")
    return pin


def read_ca(path: str | Path) -> str:
    try:
        pem = Path(path).read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"无法读取 CA 证书文件 {path}：{exc}") from exc
    try:
        ssl.create_default_context(cadata=pem)
    except ssl.SSLError as exc:
        raise InvalidInput(f"{path} 不是有效的 PEM 格式 CA 证书：{exc}") from exc
    return pem


def cert_fingerprint(path: str | Path) -> str:
    """The pin of a PEM certificate file: SHA-256 over its DER bytes, as AB:CD:... for reading aloud."""
    try:
        der = ssl.PEM_cert_to_DER_cert(Path(path).read_text(encoding="ascii"))
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"无法读取证书文件 {path}：{exc}") from exc
    return shown(hashlib.sha256(der).hexdigest())


def shown(pin: str) -> str:
    return ":".join(pin[i:i + 2] for i in range(0, len(pin), 2)).upper()


class _PinnedConnection(http.client.HTTPSConnection):
    pin = ""

    def connect(self) -> None:
        super().connect()
        der = self.sock.getpeercert(binary_form=True)
        got = hashlib.sha256(der).hexdigest() if der else ""
        if got != self.pin:
            self.sock.close()
            raise ssl.SSLCertVerificationError(
                f"证书指纹 {shown(got)[:23]}… 与登记的 {shown(self.pin)[:23]}… 不符")


class _PinnedHandler(urllib.request.HTTPSHandler):
    def __init__(self, pin: str) -> None:
        ctx = ssl.create_default_context()
        ctx.check_hostname = False  # the pin names the one certificate; no CA or host name is involved
        ctx.verify_mode = ssl.CERT_NONE
        super().__init__(context=ctx)
        self.pin = pin

    def https_open(self, req: urllib.request.Request):  # noqa: ANN201 - http.client.HTTPResponse
        pin = self.pin

        def connection(host: str, **kw: object) -> _PinnedConnection:
            conn = _PinnedConnection(host, **kw)  # type: ignore[arg-type]
            conn.pin = pin
            return conn

        return self.do_open(connection, req, context=self._context)  # type: ignore[attr-defined]


def opener(trust: TlsTrust | None) -> urllib.request.OpenerDirector:
    """An opener whose https:// checks the recorded trust (and refuses redirects' surprises as usual)."""
    if trust is None or not trust.configured:
        return urllib.request.build_opener()
    if trust.pin:
        return urllib.request.build_opener(_PinnedHandler(trust.pin))
    ctx = ssl.create_default_context(cadata=trust.ca_pem)
    return urllib.request.build_opener(urllib.request.HTTPSHandler(context=ctx))


def verification_failure(exc: BaseException) -> ssl.SSLCertVerificationError | None:
    """The certificate error inside a urllib failure, if that is what it was."""
    reason = getattr(exc, "reason", exc)
    return reason if isinstance(reason, ssl.SSLCertVerificationError) else None
