"""Shared fixtures: a synthetic registry, the bundled connectors and a real HTTP server on loopback."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from eformkit.packs.vn.synthetic import build
from eformkit.prefill.connectors.business import BusinessRegistryConnector
from eformkit.prefill.connectors.documents import DocumentStoreConnector
from eformkit.prefill.connectors.population import PopulationConnector
from eformkit.prefill.connectors.submissions import PreviousSubmissionsConnector
from eformkit.prefill.registry import ConnectorRegistry
from eformkit.prefill.registry_db import RegistryDB

SEED = 11


@pytest.fixture(scope="session")
def registry_db() -> Iterator[RegistryDB]:
    db = RegistryDB.memory()
    build(db, citizens=400, seed=SEED)
    yield db
    db.close()


@pytest.fixture(scope="session")
def bundled(registry_db: RegistryDB) -> ConnectorRegistry:
    return ConnectorRegistry([
        PopulationConnector(registry_db),
        DocumentStoreConnector(registry_db),
        BusinessRegistryConnector(registry_db),
        PreviousSubmissionsConnector(registry_db),
    ])  # fmt: skip


@dataclass
class Reply:
    """One answer. `chunks` (a factory, called per request) streams a chunked body, endless if it never stops;
    `headers` adds or overrides headers (a false Content-Length, a Content-Encoding)."""

    status: int = 200
    body: bytes = b""
    content_type: str = "application/json"
    delay: float = 0.0
    chunks: Callable[[], Iterable[bytes]] | None = None
    headers: dict[str, str] = field(default_factory=dict)


Route = Callable[[str, dict[str, str], bytes], Reply]


class LoopbackServer:
    """A threaded HTTP/1.1 server on 127.0.0.1 whose answers tests set per path prefix.

    `peers` records the client port of every request (one port = one reused connection); `open`
    counts the connections the clients still hold.
    """

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.seen: list[tuple[str, str, dict[str, str]]] = []
        self.peers: list[int] = []
        self.open = 0
        lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, and chunked answers

            def setup(self) -> None:
                super().setup()
                with lock:
                    server.open += 1

            def finish(self) -> None:
                with lock:
                    server.open -= 1
                super().finish()

            def handle(self) -> None:
                try:
                    super().handle()
                except (BrokenPipeError, ConnectionResetError):  # a client dropping a kept-alive connection
                    self.close_connection = True

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                server.seen.append((self.command, self.path, dict(self.headers)))
                server.peers.append(self.client_address[1])
                route = next((r for p, r in server.routes.items() if self.path.startswith(p)), None)
                reply = route(self.path, dict(self.headers), body) if route else Reply(404)
                if reply.delay:
                    time.sleep(reply.delay)
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", reply.content_type)
                    if reply.chunks is None:
                        self.send_header("Content-Length", str(len(reply.body)))
                    elif "Content-Length" not in reply.headers:
                        self.send_header("Transfer-Encoding", "chunked")
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    if reply.chunks is None:
                        self.wfile.write(reply.body)
                        return
                    framed = "Content-Length" not in reply.headers
                    for chunk in reply.chunks():
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk) if framed else chunk)
                    if framed:
                        self.wfile.write(b"0\r\n\r\n")
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout, size limit)
                    self.close_connection = True

            do_GET = _serve
            do_POST = _serve

            def log_message(self, format: str, *args: object) -> None:
                return

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.02,), daemon=True)

    def __enter__(self) -> LoopbackServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as srv:
        yield srv
