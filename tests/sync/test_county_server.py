"""`county serve` as a real server: uvicorn on 127.0.0.1 with TLS (a certificate made here), many
townships at once, a slow client, the body limit, the health endpoint, the township's certificate check."""

from __future__ import annotations

import datetime as dt
import http.client
import ipaddress
import json
import socket
import ssl
import threading
import time
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from sqlalchemy import func, select

from app.bootstrap import open_database
from app.county.admin import register_township, status
from app.county.models import CountyBatch, CountyRejection
from app.county.server import Limits, Receiver
from app.errors import InvalidInput
from app.models import SyncBatch
from app.services.auth import add_user, login
from app.services.exchange.export import export_batch
from app.services.exchange.keyring import keygen, trust_county
from app.services.exchange.upload import upload_batch
from app.services.township import init_township
from app.sync import tls
from tests.conftest import PASSWORD
from tests.sync.conftest import county_url


def make_cert(folder: Path, name: str = "county") -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 / localhost and its key, as PEM files."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "赫山区民政局接收端")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                        x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / f"{name}.crt", folder / f"{name}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


@pytest.fixture
def cert(tmp_path) -> tuple[Path, Path]:
    return make_cert(tmp_path)


@pytest.fixture
def served(county, cert):
    """The receiver on an ephemeral port over TLS, with short timeouts so the slow-client test is quick."""
    receiver = Receiver(county, "127.0.0.1", 0, cert=cert[0], key=cert[1],
                        limits=Limits(max_body=8 * 1024 * 1024, head_timeout=3, read_timeout=2, body_deadline=4))
    receiver.start()
    yield receiver
    receiver.stop()


def pin_of(cert_path: Path) -> str:
    return tls.normalise_pin(tls.cert_fingerprint(cert_path))


def _tls_conn(receiver: Receiver, cert_path: Path, timeout: float = 20) -> http.client.HTTPSConnection:
    ctx = ssl.create_default_context(cafile=str(cert_path))
    host, port = receiver.address
    return http.client.HTTPSConnection(host, port, context=ctx, timeout=timeout)


def _put(receiver: Receiver, cert_path: Path, body: bytes, headers: dict | None = None) -> tuple[int, str, bytes]:
    conn = _tls_conn(receiver, cert_path)
    conn.request("PUT", "/batches", body=body, headers=headers or {"Content-Type": "application/zip"})
    resp = conn.getresponse()
    out = resp.status, resp.getheader("X-Jiuzhu-Status", ""), resp.read()
    conn.close()
    return out


def _township(tmp_path: Path, county, n: int, county_pub: Path, cert_path: Path, url: str):  # noqa: ANN202
    """A township database with its keys registered at the county and the county's certificate pinned."""
    code = f"4309021{n:02d}"
    folder = tmp_path / f"t{n}"
    folder.mkdir()
    ctx = open_database(folder / "township.db", create=True)
    init_township(ctx.uow, code=code, name=f"第{n}镇", admin="admin", password=PASSWORD)
    admin = login(ctx.uow, "admin", PASSWORD)
    add_user(ctx.uow, admin, "clerk", "clerk", PASSWORD)
    clerk = login(ctx.uow, "clerk", PASSWORD)
    keygen(ctx.uow, admin, folder / "T.pub")
    register_township(county, folder / "T.pub", code)
    trust_county(ctx.uow, admin, county_pub, url=url, tls_trust=tls.TlsTrust(pin=pin_of(cert_path)))
    return code, ctx, clerk, export_batch(ctx.uow, clerk, folder).path


def test_health_answers_over_tls_and_plain_http_is_not_served(served, cert):
    conn = _tls_conn(served, cert[0])
    conn.request("GET", "/health")
    resp = conn.getresponse()
    assert resp.status == 200 and json.loads(resp.read())["status"] == "ok"
    conn.close()
    host, port = served.address
    plain = http.client.HTTPConnection(host, port, timeout=5)
    with pytest.raises((ConnectionError, http.client.HTTPException, OSError)):
        plain.request("GET", "/health")
        plain.getresponse().read()


def test_twenty_townships_upload_at_once_and_each_gets_its_own_receipt(served, county, cert, tmp_path):
    url = served.url + "batches"
    townships = [_township(tmp_path, county, n, tmp_path / "C.pub", cert[0], url) for n in range(1, 21)]
    results: dict[str, object] = {}

    def send(code, ctx, clerk, path) -> None:  # noqa: ANN001
        try:
            results[code] = upload_batch(ctx.uow, clerk, path, backoff=0)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            results[code] = exc

    threads = [threading.Thread(target=send, args=t) for t in townships]
    started = time.monotonic()
    for th in threads:
        th.start()
    for th in threads:
        th.join(120)
    elapsed = time.monotonic() - started
    try:
        assert {c: getattr(r, "outcome", r) for c, r in results.items()} == {t[0]: "accepted" for t in townships}
        for code, ctx, _clerk, _path in townships:
            with ctx.uow.read() as s:  # the township imported its own signed receipt
                assert s.scalar(select(SyncBatch.status).where(SyncBatch.direction == "out")) == "received"
            assert results[code].receipt.receipt_status == "accepted"  # what the county's signed receipt says
        sequences = {t["code"]: t["last_sequence"] for t in status(county)["townships"]}
        assert sequences == {t[0]: 1 for t in townships}
        with county.db.uow.read() as s:
            assert s.scalar(select(func.count()).select_from(CountyBatch)) == 20
        assert served.app.ingested == 20 and elapsed < 90
    finally:
        for _code, ctx, _clerk, _path in townships:
            ctx.close()


def test_a_client_sending_one_byte_a_second_does_not_delay_the_others(served, county, cert, tmp_path):
    url = served.url + "batches"
    code, ctx, clerk, path = _township(tmp_path, county, 1, tmp_path / "C.pub", cert[0], url)
    host, port = served.address
    raw = socket.create_connection((host, port), timeout=30)
    slow = ssl.create_default_context(cafile=str(cert[0])).wrap_socket(raw, server_hostname="127.0.0.1")
    slow.sendall(b"PUT /batches HTTP/1.1\r\nHost: x\r\nContent-Type: application/zip\r\nContent-Length: 1000\r\n\r\n")
    stop = threading.Event()

    def dribble() -> None:
        while not stop.is_set():
            try:
                slow.sendall(b"P")
            except OSError:
                return
            stop.wait(1)

    dribbler = threading.Thread(target=dribble, daemon=True)
    dribbler.start()
    try:
        time.sleep(1.5)  # the slow upload is under way
        started = time.monotonic()
        assert upload_batch(ctx.uow, clerk, path, backoff=0).outcome == "accepted"
        assert time.monotonic() - started < 3  # not held behind the slow one
        slow.settimeout(10)  # the body deadline (4 s here) ends the slow upload with 408
        answer = b""
        while b"E_SYNC" not in answer and (chunk := slow.recv(4096)):
            answer += chunk
        assert answer.startswith(b"HTTP/1.1 408") and b"E_SYNC_UPLOAD" in answer
    finally:
        stop.set()
        slow.close()
        dribbler.join(5)
        ctx.close()


def test_a_client_that_never_finishes_its_headers_is_closed(served, cert):
    host, port = served.address
    raw = socket.create_connection((host, port), timeout=30)
    conn = ssl.create_default_context(cafile=str(cert[0])).wrap_socket(raw, server_hostname="127.0.0.1")
    conn.sendall(b"PUT /batches HTTP/1.1\r\nHost: x\r\n")
    started = time.monotonic()
    conn.settimeout(15)
    assert conn.recv(100) == b""  # closed by the head deadline (3 s here)
    assert time.monotonic() - started < 10
    conn.close()


def test_an_oversize_body_is_refused_before_it_is_read(served, county, cert):
    conn = _tls_conn(served, cert[0])
    conn.putrequest("PUT", "/batches")
    conn.putheader("Content-Length", str(9 * 1024 * 1024))
    conn.endheaders()  # nothing of the body is sent: the answer comes from the header alone
    resp = conn.getresponse()
    assert resp.status == 413 and b"E_SYNC_SIZE" in resp.read()
    conn.close()
    status_, _outcome, body = _put(served, cert[0], b"x", headers={"Transfer-Encoding": "chunked"})
    assert status_ == 411 and b"E_SYNC_SIZE" in body


def test_a_body_that_is_not_a_batch_is_refused_with_its_code_and_logged(served, county, cert):
    status_, outcome, body = _put(served, cert[0], b"<html>not a zip</html>")
    assert (status_, outcome) == (422, "rejected") and body.startswith(b"[E_SYNC_ZIP]")
    with county.db.uow.read() as s:
        assert list(s.scalars(select(CountyRejection.error_code))) == ["E_SYNC_ZIP"]
        assert s.scalar(select(func.count()).select_from(CountyBatch)) == 0


def test_the_logs_carry_no_personal_data(served, county, cert, tmp_path, caplog, db_ctx, clerk, household, linked,
                                         export):
    from tests.sync.conftest import ID_HEAD, NAME_HEAD

    caplog.set_level("DEBUG")
    trust_county(db_ctx.uow, login(db_ctx.uow, "admin", PASSWORD), tmp_path / "C.pub",
                 tls_trust=tls.TlsTrust(pin=pin_of(cert[0])))
    assert upload_batch(db_ctx.uow, clerk, export(), url=served.url + "batches", backoff=0).outcome == "accepted"
    text = caplog.text
    assert "430902101" in text and "accepted" in text
    assert ID_HEAD not in text and NAME_HEAD not in text


def test_the_township_refuses_a_certificate_it_did_not_pin(served, county, cert, tmp_path, db_ctx, clerk, linked,
                                                          export):
    other, _key = make_cert(tmp_path, "other")
    admin = login(db_ctx.uow, "admin", PASSWORD)
    trust_county(db_ctx.uow, admin, tmp_path / "C.pub", tls_trust=tls.TlsTrust(pin=pin_of(other)))
    first, second = export(), export()
    with pytest.raises(tls.CertificateRefused, match="E_SYNC_TLS") as err:
        upload_batch(db_ctx.uow, clerk, first, url=served.url, backoff=0)
    assert err.value.exit_code == 4
    with county.db.uow.read() as s:
        assert s.scalar(select(func.count()).select_from(CountyBatch)) == 0
    # the CA file way: the county certificate is its own CA here
    trust_county(db_ctx.uow, admin, tmp_path / "C.pub", tls_trust=tls.TlsTrust(ca_pem=tls.read_ca(cert[0])))
    assert upload_batch(db_ctx.uow, clerk, first, url=served.url, backoff=0).outcome == "accepted"
    # a CA that did not sign it is refused too
    trust_county(db_ctx.uow, admin, tmp_path / "C.pub", tls_trust=tls.TlsTrust(ca_pem=tls.read_ca(other)))
    with pytest.raises(tls.CertificateRefused):
        upload_batch(db_ctx.uow, clerk, second, url=served.url, backoff=0)


def test_plain_http_is_refused_beyond_loopback_and_half_a_certificate_is_refused(county, cert):
    with pytest.raises(InvalidInput, match="TLS"):
        Receiver(county, "0.0.0.0", 0)  # noqa: S104 - the point of the test
    with pytest.raises(InvalidInput, match="同时"):
        Receiver(county, "127.0.0.1", 0, cert=cert[0])


def test_county_serve_command_starts_on_loopback_and_answers_health(county, cert, tmp_path):
    """`jiuzhu county serve --host --port --cert --key` as a process."""
    import os
    import subprocess
    import sys

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = dict(os.environ)
    proc = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "app", "county", "serve", "--db", county_url(tmp_path), "--host", "127.0.0.1", "--port", str(port),
         "--cert", str(cert[0]), "--key", str(cert[1])],
        cwd=Path(__file__).resolve().parents[2], env=env, stderr=subprocess.PIPE, text=True)
    try:
        ctx = ssl.create_default_context(cafile=str(cert[0]))
        for _ in range(100):
            try:
                conn = http.client.HTTPSConnection("127.0.0.1", port, context=ctx, timeout=5)
                conn.request("GET", "/health")
                resp = conn.getresponse()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("county serve did not start")
        assert resp.status == 200 and json.loads(resp.read())["status"] == "ok"
        conn.close()
    finally:
        proc.terminate()
        _out, err = proc.communicate(timeout=10)
    assert f"https://127.0.0.1:{port}/" in err and tls.cert_fingerprint(cert[0]) in err
