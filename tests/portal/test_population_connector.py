"""examples/population_connector.yaml end to end: a population-database gateway on 127.0.0.1 answers the
declarative HTTP connector, and the portal's JSON API prefills, locks and accepts a submission from it."""

from __future__ import annotations

import json
import threading
import warnings
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml
from portal_signin import sign_in

ROOT = Path(__file__).parents[2]
pytest.importorskip("starlette")
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from eformkit.portal.app import create_app  # noqa: E402
from eformkit.prefill.connectors.http import connectors_from_yaml  # noqa: E402
from eformkit.prefill.registry import ConnectorRegistry  # noqa: E402

TOKEN = "gateway-secret-for-tests"

SIGNED = {"request_kind": "permanent_registration", "signature": {"place": "Huế", "date": "2025-02-05"}}


def _person(pid: str) -> dict[str, Any]:
    """What the made-up gateway answers for a citizen (Vietnamese field names, codes as the form's lists)."""
    return {
        "soDinhDanh": pid, "hoVaTen": "Lê Thị Mai", "ngaySinh": "1991-07-15", "gioiTinh": "female",
        "soDienThoai": "0912345678", "quanHeVoiChuHo": "head",
        "chuHo": {"hoVaTen": "Lê Thị Mai", "soDinhDanh": pid},
        "thanhVienHo": [{"hoVaTen": "Lê Thị Mai", "soDinhDanh": pid, "ngaySinh": "1991-07-15", "gioiTinh": "female",
                         "quanHe": "head"}],
    }  # fmt: skip


@pytest.fixture()
def gateway() -> Iterator[tuple[str, list[dict[str, str]]]]:
    seen: list[dict[str, str]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(dict(self.headers))
            pid = self.path.rsplit("/", 1)[-1]
            ok = self.headers.get("Authorization") == f"Bearer {TOKEN}"
            body = json.dumps(_person(pid), ensure_ascii=False).encode() if ok else b"{}"
            self.send_response(200 if ok else 401)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            return

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", seen
    httpd.shutdown()
    httpd.server_close()


def test_the_example_population_connector_prefills_locks_and_submits(
    gateway: tuple[str, list[dict[str, str]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    if not (ROOT / "forms" / "vn.bca.ct01.yaml").exists():
        pytest.skip("the catalogue is not in this checkout")
    url, seen = gateway
    config = yaml.safe_load((ROOT / "examples" / "population_connector.yaml").read_text(encoding="utf-8"))
    config["connectors"][0]["endpoint"] = url + "/v1/cong-dan/{subject}"  # the only change: where it listens
    monkeypatch.setenv("POPULATION_API_TOKEN", TOKEN)
    registry = ConnectorRegistry(connectors_from_yaml(config))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        client = TestClient(create_app(template_dirs=[], key=b"g" * 32, registry=registry))
    assert sign_in(client).status_code == 303
    csrf = {"x-csrf-token": client.get("/api/session").json()["csrf"]}
    prefill = client.post("/api/forms/vn.bca.ct01/prefill", json={}, headers=csrf).json()
    assert prefill["sources"] == {"population": "ok"}
    assert prefill["data"]["full_name"] == "Lê Thị Mai" and prefill["data"]["phone"] == "0912345678"
    fields = prefill["fields"]
    assert fields["/full_name"] == {"source": "population", "source_label": "Từ CSDL quốc gia về dân cư",
                                    "verified": True, "locked": True, "pick_list": False}  # fmt: skip
    assert fields["/phone"]["verified"] is False and fields["/phone"]["locked"] is False
    assert fields["/members"]["locked"] is True
    assert seen[-1]["Authorization"] == f"Bearer {TOKEN}" and seen[-1]["X-Agency"] == "ubnd-phuong"
    assert "X-Purpose" in seen[-1]  # the source can check the purpose too
    data = {**prefill["data"], **SIGNED}
    changed = client.post("/api/forms/vn.bca.ct01/submit", json={"data": {**data, "full_name": "Lê Thị Mại"},
                                                                  "token": prefill["token"]}, headers=csrf)  # fmt: skip
    assert changed.status_code == 403 and changed.json()["error"]["pointer"] == "/full_name"
    r = client.post("/api/forms/vn.bca.ct01/submit", json={"data": data, "token": prefill["token"]}, headers=csrf)
    assert r.status_code == 201, r.text
    record = client.get(client.get(r.json()["receipt"]).json()["links"]["record"]).json()
    assert record["reuse"]["population_data"] is True
