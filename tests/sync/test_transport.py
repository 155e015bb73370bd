"""HTTP: upload to a real `county serve` on 127.0.0.1 (ephemeral port), with bounded retries."""

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from sqlalchemy import select

from app.county.stand_in import make_server
from app.models import SyncBatch
from app.services.exchange.upload import upload_batch
from app.sync.errors import SyncRefused, UploadError
from app.sync.transport import upload


@pytest.fixture
def serve(linked):
    server = make_server(linked, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/batches"
    server.shutdown()
    server.server_close()
    thread.join(5)


def _status(db_ctx) -> str:
    with db_ctx.uow.read() as s:
        return s.scalar(select(SyncBatch.status).where(SyncBatch.direction == "out"))


def test_upload_to_county_serve_ingests_and_the_receipt_marks_the_batch(db_ctx, clerk, household, export, serve,
                                                                        linked):
    result = upload_batch(db_ctx.uow, clerk, export(), url=serve, attempts=2, backoff=0)
    assert result.outcome == "accepted" and _status(db_ctx) == "received"
    from app.county.admin import status

    assert status(linked)["townships"][0]["last_sequence"] == 1


def test_uploading_the_same_batch_twice_is_answered_as_a_duplicate(db_ctx, clerk, household, export, serve):
    path = export()
    upload_batch(db_ctx.uow, clerk, path, url=serve, backoff=0)
    assert upload_batch(db_ctx.uow, clerk, path, url=serve, backoff=0).outcome == "duplicate"


def test_a_refused_upload_imports_the_signed_rejection_and_fails(db_ctx, clerk, household, export, serve):
    one, two = export(), export()
    with pytest.raises(SyncRefused, match="E_SYNC_GAP"):  # batch 2 before batch 1
        upload_batch(db_ctx.uow, clerk, two, url=serve, backoff=0)
    with db_ctx.uow.read() as s:
        assert s.scalar(select(SyncBatch.status).where(SyncBatch.sequence == 2)) == "rejected"
    for path in (one, two):
        upload_batch(db_ctx.uow, clerk, path, url=serve, backoff=0)
    with db_ctx.uow.read() as s:
        assert set(s.scalars(select(SyncBatch.status).where(SyncBatch.direction == "out"))) == {"received"}


class Flaky(BaseHTTPRequestHandler):
    calls = 0

    def do_PUT(self):  # noqa: N802
        type(self).calls += 1
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(503 if type(self).calls < 3 else 200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


def test_upload_retries_server_errors_a_bounded_number_of_times():
    server = HTTPServer(("127.0.0.1", 0), Flaky)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        assert upload(url, b"x", attempts=3, backoff=0).status == 200 and Flaky.calls == 3
        Flaky.calls = 0
        with pytest.raises(UploadError, match="2 次"):
            upload(url, b"x", attempts=2, backoff=0)
        assert Flaky.calls == 2
    finally:
        server.shutdown()
        server.server_close()


def test_upload_to_a_closed_port_gives_up_after_the_attempts():
    with HTTPServer(("127.0.0.1", 0), Flaky) as probe:
        port = probe.server_address[1]  # closed again when the block ends
    with pytest.raises(UploadError, match="3 次"):
        upload(f"http://127.0.0.1:{port}/", b"x", attempts=3, backoff=0, timeout=2)
