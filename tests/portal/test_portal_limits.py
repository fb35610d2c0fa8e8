"""The demo portal under hostile clients: body limits, slow clients, disconnects, bounded storage.

Connection-level cases run against a real uvicorn on 127.0.0.1 with raw sockets; storage cases use
the Starlette test client."""

from __future__ import annotations

import gc
import io
import logging
import select
import socket
import sys
import time
import tracemalloc
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from formsim import form_pairs
from loopback import free_port, running
from portal_signin import sign_in

ROOT = Path(__file__).parents[2]
sys.path.insert(0, str(ROOT))
pytest.importorskip("starlette")
uvicorn = pytest.importorskip("uvicorn")
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from eformkit.portal.app import create_app  # noqa: E402
from eformkit.portal.server import config  # noqa: E402
from eformkit.portal.settings import PortalSettings  # noqa: E402

TIMEOUT = 1.0  # the configured header and body deadlines of the served portal


def _catalogue() -> None:
    if not (ROOT / "forms" / "vn.bca.ct01.yaml").exists():
        pytest.skip("the catalogue is not in this checkout")


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[int, list[logging.LogRecord]]]:
    _catalogue()
    settings = PortalSettings(body_timeout=TIMEOUT, header_timeout=TIMEOUT, keep_alive=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        app = create_app(template_dirs=[], key=b"l" * 32, settings=settings)
    port = free_port()
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logging.getLogger("uvicorn").addHandler(handler)
    try:
        with running(uvicorn.Server(config(app, "127.0.0.1", port, settings, log_config=None, log_level="info"))):
            yield port, records
    finally:
        logging.getLogger("uvicorn").removeHandler(handler)


def _connect(port: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    return sock


def _read_all(sock: socket.socket, wait: float = 10) -> bytes:
    sock.settimeout(wait)
    out = b""
    try:
        while chunk := sock.recv(65536):
            out += chunk
    except (TimeoutError, ConnectionResetError):
        pass
    return out


def _head(path: str, port: int, extra: str) -> bytes:
    return f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{extra}\r\n".encode()


def test_a_declared_oversized_body_is_refused_unread(served) -> None:
    port, _ = served
    for path in ("/signin", "/forms/vn.bca.ct01"):
        with _connect(port) as sock:
            start = time.monotonic()
            big = "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1048576000\r\n"
            sock.sendall(_head(path, port, big))
            answer = _read_all(sock)
            assert answer.startswith(b"HTTP/1.1 413"), answer[:80]
            assert b"connection: close" in answer.lower() and b"x-frame-options" in answer.lower()
            assert time.monotonic() - start < 5


def test_a_streamed_body_is_cut_at_the_limit(served) -> None:
    """1,000 fields of 1 MB, chunked (no length to refuse up front): the sign-in stops reading at 16 KB."""
    port, _ = served
    field = b"a=" + b"x" * (1024 * 1024 - 3) + b"&"
    with _connect(port) as sock:
        sock.sendall(_head("/signin", port, "Content-Type: application/x-www-form-urlencoded\r\n"
                                            "Transfer-Encoding: chunked\r\n"))  # fmt: skip
        sent = 0
        try:
            for _ in range(1000):
                sock.sendall(b"%x\r\n%s\r\n" % (len(field), field))
                sent += len(field)
                if select.select([sock], [], [], 0)[0]:
                    break
        except (BrokenPipeError, ConnectionResetError):
            pass
        answer = _read_all(sock)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:80]
    assert sent < 64 * 1024 * 1024  # the server stopped long before 1,000 MB (socket buffers aside)


def test_slow_clients_are_dropped_after_the_timeout(served) -> None:
    port, _ = served
    silent, trickle, slow_body = _connect(port), _connect(port), _connect(port)
    start = time.monotonic()
    trickle.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
    slow_body.sendall(_head("/signin", port, "Content-Type: application/x-www-form-urlencoded\r\n"
                                             "Content-Length: 100\r\n") + b"subject=")  # fmt: skip
    for sock in (silent, trickle):
        assert _read_all(sock, wait=TIMEOUT * 6) == b""  # closed by the server, no answer
    answer = _read_all(slow_body, wait=TIMEOUT * 6)
    assert answer.startswith(b"HTTP/1.1 408"), answer[:80]
    elapsed = time.monotonic() - start
    assert TIMEOUT * 0.8 < elapsed < TIMEOUT * 6
    for sock in (silent, trickle, slow_body):
        sock.close()


def test_a_client_disconnect_logs_no_traceback(served) -> None:
    port, records = served
    before = len(records)
    with _connect(port) as sock:
        sock.sendall(_head("/signin", port, "Content-Type: application/x-www-form-urlencoded\r\n"
                                            "Content-Length: 1000\r\n") + b"subject=abc")  # fmt: skip
        time.sleep(0.1)
    time.sleep(0.3)
    with _connect(port) as sock:  # the server still answers
        sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        assert _read_all(sock).startswith(b"HTTP/1.1 200")
    logged = [r for r in records[before:] if r.levelno >= logging.ERROR or r.exc_info]
    assert not logged, [r.getMessage() for r in logged]


def _client(**settings: object) -> TestClient:
    _catalogue()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        app = create_app(template_dirs=[], key=b"l" * 32, settings=PortalSettings(**settings))  # type: ignore[arg-type]
        return TestClient(app)


_CT01_FIX = {"request_kind": "permanent_registration", "signature:place": "Buôn Ma Thuột",
             "signature:date:d": "5", "signature:date:m": "2", "signature:date:y": "2025"}  # fmt: skip


def _submit_ct01(client: TestClient) -> str:
    r = _post_ct01(client)
    assert r.status_code == 303, r.status_code
    return str(r.headers["location"]).split("?")[0]


def _post_ct01(client: TestClient) -> Any:
    pairs = [(k, _CT01_FIX.get(k, v)) for k, v in form_pairs(client.get("/forms/vn.bca.ct01").text)]
    return client.post("/forms/vn.bca.ct01", data=dict(pairs), follow_redirects=False)


def test_one_citizen_replaying_cannot_evict_anothers_receipt() -> None:
    """Receipts are dossiers and are never dropped: past the quota a citizen's new posts are refused (429),
    and nothing of anyone else's is touched."""
    client = _client(receipts_per_citizen=3)
    sign_in(client, 0)
    first = _submit_ct01(client)
    other = TestClient(client.app)
    sign_in(other, 1)
    kept = [_submit_ct01(other) for _ in range(3)]
    refused = [_post_ct01(other) for _ in range(3)]
    assert [r.status_code for r in refused] == [429] * 3
    assert client.get(first).status_code == 200  # still there for its citizen
    assert all(other.get(url).status_code == 200 for url in kept)  # the replaying citizen's own stay too
    assert sum(1 for _ in client.app.state.portal.storage.records()) == 4  # type: ignore[attr-defined]


def test_uploads_of_refused_submissions_do_not_stay_in_memory() -> None:
    client = _client(max_upload=5 * 1024 * 1024, upload_disk_budget=12 * 1024 * 1024)
    sign_in(client)
    page = client.get("/forms/vn.btp.birth_registration")
    if page.status_code != 200 or 'name="birth_notice"' not in page.text:
        pytest.skip("the birth registration form has no upload field in this catalogue")
    pairs = dict(form_pairs(page.text))
    store = client.app.state.portal.store  # type: ignore[attr-defined]

    def post(size: int) -> int:
        files = {"birth_notice": ("notice.pdf", io.BytesIO(b"%PDF" + b"\0" * (size - 4)), "application/pdf")}
        return client.post("/forms/vn.btp.birth_registration", data=pairs, files=files).status_code

    assert post(1024) == 422  # warm up (validators compiled, templates loaded); refused: the form is empty
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        for size in [4 * 1024 * 1024] * 10 + [6 * 1024 * 1024] * 2:
            assert post(size) == 422
        gc.collect()  # what is only waiting for the cycle collector is not held
        held = tracemalloc.get_traced_memory()[0] - base
    finally:
        tracemalloc.stop()
    assert held < 4 * 1024 * 1024, held  # 52 MB of uploads were posted with refused submissions
    on_disk = sum(p.stat().st_size for p in store.upload_dir.iterdir())
    assert 0 < on_disk <= 12 * 1024 * 1024  # within the disk budget; the 6 MB files were not kept
