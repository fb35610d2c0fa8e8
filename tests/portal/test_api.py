"""The portal's JSON API through the real app: the Starlette test client, a host app with its own
`identify`, and a real uvicorn server on 127.0.0.1."""

from __future__ import annotations

import json
import re
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from loopback import free_port, running
from portal_signin import sign_in

ROOT = Path(__file__).parents[2]
sys.path.insert(0, str(ROOT))
pytest.importorskip("starlette")
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from starlette.applications import Starlette  # noqa: E402
from starlette.requests import Request  # noqa: E402
from starlette.routing import Mount  # noqa: E402

from eformkit.portal.api import ERRORS, create_api  # noqa: E402
from eformkit.portal.app import create_app, create_portal  # noqa: E402
from eformkit.portal.settings import PortalSettings  # noqa: E402
from eformkit.prefill.identity import Identity  # noqa: E402

CT01 = "/api/forms/vn.bca.ct01"
# What the citizen adds to CT01's prefilled data for a valid submission.
FILLED = {"request_kind": "permanent_registration", "signature": {"place": "Buôn Ma Thuột", "date": "2025-02-05"}}


def _catalogue() -> None:
    if not (ROOT / "forms" / "vn.bca.ct01.yaml").exists():
        pytest.skip("the catalogue is not in this checkout")


def _client(app: Any) -> TestClient:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return TestClient(app)


def _app(**settings: Any) -> Any:
    _catalogue()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return create_app(template_dirs=[], key=b"a" * 32, settings=PortalSettings(**settings))


class Citizen:
    """A browser signed in on the HTML portal, then using the API with the session's CSRF token."""

    def __init__(self, app: Any, index: int = 0, level: int = 2) -> None:
        self.app = app
        self.portal = app.state.portal
        self.client = _client(app)
        assert sign_in(self.client, index, level).status_code == 303
        self.subject = self.portal.citizens()[index]["id"]
        self.csrf = self.client.get("/api/session").json()["csrf"]

    def post(self, path: str, body: Any = None, *, headers: dict[str, str] | None = None, **kw: Any) -> Any:
        sent = {"x-csrf-token": self.csrf, "content-type": "application/json", **(headers or {})}
        content = body if isinstance(body, bytes) else json.dumps({} if body is None else body).encode()
        return self.client.post(path, content=content, headers=sent, **kw)

    def prefill(self, form: str = CT01) -> dict[str, Any]:
        r = self.post(f"{form}/prefill", {})
        assert r.status_code == 200, r.text
        return r.json()  # type: ignore[no-any-return]

    def submit(self, data: dict[str, Any], token: Any = ..., **extra: Any) -> Any:
        body = {"data": data, **({} if token is ... else {"token": token}), **extra}
        return self.post(f"{CT01}/submit", body)


def _stored(portal: Any) -> int:
    return sum(1 for _ in portal.storage.records())


@pytest.fixture(scope="module")
def app() -> Any:
    return _app()


@pytest.fixture(scope="module")
def citizen(app: Any) -> Citizen:
    return Citizen(app)


def test_forms_schema_and_ui_are_json_in_the_asked_language(app: Any) -> None:
    client = _client(app)
    vi, en = client.get("/api/forms"), client.get("/api/forms?lang=en")
    assert vi.status_code == 200 and vi.headers["content-type"].startswith("application/json")
    assert vi.headers["cache-control"] == "no-store" and vi.headers["x-content-type-options"] == "nosniff"
    ct01_vi = next(f for f in vi.json() if f["id"] == "vn.bca.ct01")
    ct01_en = next(f for f in en.json() if f["id"] == "vn.bca.ct01")
    assert set(ct01_vi) == {"id", "code", "title"} and ct01_vi["code"] == "CT01"
    assert ct01_vi["title"] != ct01_en["title"] and "cư trú" in ct01_vi["title"]
    schema_vi, schema_en = client.get(f"{CT01}/schema").json(), client.get(f"{CT01}/schema?lang=en").json()
    assert schema_vi["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema_vi["properties"]["signature"]["title"] == "NGƯỜI KÊ KHAI"
    assert schema_en["properties"]["signature"]["title"] == "Declarant"
    assert schema_vi == app.state.portal.forms["vn.bca.ct01"].json_schema("vi")


def test_ui_schema_kinds(app: Any) -> None:
    client = _client(app)
    rjsf = client.get(f"{CT01}/ui").json()
    assert rjsf == client.get(f"{CT01}/ui?kind=rjsf").json() and "ui:order" in rjsf
    jsonforms = client.get(f"{CT01}/ui?kind=jsonforms&lang=en").json()
    assert jsonforms["type"] == "VerticalLayout"
    assert client.get(f"{CT01}/ui?kind=eformkit").json() == app.state.portal.forms["vn.bca.ct01"].ui_schema()
    bad = client.get(f"{CT01}/ui?kind=vue&lang=en")
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "EFK-API-012"
    assert "rjsf" in bad.json()["error"]["message"]
    missing = client.get("/api/forms/vn.nope/schema")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "EFK-API-006"
    assert client.get("/api/no/such/route").json()["error"]["code"] == "EFK-API-013"


def test_session_is_401_until_the_html_sign_in_then_masked(app: Any) -> None:
    client = _client(app)
    r = client.get("/api/session")
    assert r.status_code == 401 and r.json()["error"]["code"] == "EFK-API-003"
    assert r.headers["content-type"].startswith("application/json")
    en = client.get("/api/session?lang=en").json()["error"]["message"]
    assert en != r.json()["error"]["message"] and "signed in" in en
    assert sign_in(client, 1, level=1).status_code == 303
    session = client.get("/api/session").json()
    subject = app.state.portal.citizens()[1]["id"]
    assert session["level"] == 1 and session["csrf"]
    assert session["subject"] == subject[:3] + "*" * 7 + subject[-2:] and subject not in json.dumps(session)
    assert client.post(f"{CT01}/prefill", json={}).json()["error"]["code"] == "EFK-API-004"  # no header


def test_prefill_gives_locked_fields_with_their_sources_and_is_logged(app: Any) -> None:
    citizen = Citizen(app, 2)
    portal = citizen.portal
    before = len(portal.access_log.entries_of(citizen.subject))
    body = citizen.prefill()
    assert len(portal.access_log.entries_of(citizen.subject)) > before  # the read is in "who viewed my data"
    assert body["data"]["personal_id"] == citizen.subject and body["token"].count(".") == 1
    name = body["fields"]["/full_name"]
    assert name == {"source": "population", "source_label": "Từ CSDL quốc gia về dân cư", "verified": True,
                    "locked": True, "pick_list": False}  # fmt: skip
    assert body["fields"]["/members"]["locked"] and body["fields"]["/members"]["pick_list"]  # rows may be dropped
    assert body["fields"]["/phone"]["locked"] is False  # offered, not locked: the citizen may change it
    assert body["sources"]["population"] == "ok" and body["notice"] is None
    en = citizen.post(f"{CT01}/prefill?lang=en", {}).json()
    assert en["fields"]["/full_name"]["source_label"] != name["source_label"]
    assert citizen.client.post(f"{CT01}/prefill", content=b"").status_code == 403  # POST: CSRF header too


def test_a_level_1_sign_in_gets_values_without_locks_and_a_notice(app: Any) -> None:
    citizen = Citizen(app, 3, level=1)
    body = citizen.prefill()
    assert body["data"]["full_name"] and not any(f["locked"] for f in body["fields"].values())
    assert "mức 1" in body["notice"]


def test_validate_gives_located_errors(citizen: Citizen) -> None:
    data = citizen.prefill()["data"]
    r = citizen.post(f"{CT01}/validate?lang=en", {"data": data})
    assert r.status_code == 200
    body = r.json()
    assert body["valid"] is False
    by_pointer = {e["pointer"]: e for e in body["errors"]}
    assert set(by_pointer) == {"/request_kind", "/signature"}
    assert by_pointer["/request_kind"]["code"] == "EFK-DATA-001" and "Request" in by_pointer["/request_kind"]["message"]
    good = citizen.post(f"{CT01}/validate", {"data": {**data, **FILLED}}).json()
    assert good == {"valid": True, "errors": [], "warnings": []}


DEEP_NAN = b"[" * 900 + b"NaN" + b"]" * 900


@pytest.mark.parametrize(
    ("body", "code", "where"),
    [
        (b'{"data": {"full_name": "A",\n  "sex" "male"}}', "EFK-API-001", {"line": 2, "column": 9}),
        (b'{"data": {}', "EFK-API-001", {"line": 1, "column": 12}),
        (b'{"data": "\xff"}', "EFK-API-001", {"line": 1, "column": 11}),
        (b"", "EFK-API-001", {"line": 1, "column": 1}),
        (b'{"data": {"n": NaN}}', "EFK-API-002", {"pointer": "/data/n"}),
        (b'{"data": [1]}', "EFK-API-002", {"pointer": "/data"}),
        (b"[]", "EFK-API-002", {"pointer": ""}),
        (b"[" * 100_000 + b"]" * 100_000, "EFK-API-001", {}),
        (b'{"data": {"a": ' + DEEP_NAN + b"}}", "EFK-API-002", {"pointer": "/data/a" + "/0" * 900}),
        (b'{"data": {"a/b~c": Infinity}}', "EFK-API-002", {"pointer": "/data/a~1b~0c"}),
    ],
)
def test_bad_json_is_400_with_its_location(citizen: Citizen, body: bytes, code: str, where: dict[str, Any]) -> None:
    r = citizen.post(f"{CT01}/validate", body)
    assert r.status_code == 400, r.text
    error = r.json()["error"]
    assert error["code"] == code and {k: error.get(k) for k in where} == where
    if "line" in where:
        assert f"dòng {where['line']}, cột {where['column']}" in error["message"]
        assert "Expecting" not in error["message"]  # the parser's English words only in English


def test_deeply_nested_data_is_an_answer_not_a_crash(citizen: Citizen) -> None:
    deep = b'{"data": {"full_name": ' + b"[" * 900 + b"1" + b"]" * 900 + b"}}"
    r = citizen.post(f"{CT01}/validate?lang=en", deep)
    assert r.status_code in (200, 400), r.text
    assert r.headers["content-type"].startswith("application/json")


def test_submit_with_the_genuine_token_is_201_and_the_receipt_readable(app: Any) -> None:
    citizen = Citizen(app, 4)
    prefill = citizen.prefill()
    data = {**prefill["data"], **FILLED}
    corrections = [{"pointer": "/phone", "reason": "đổi số"}, {"pointer": "/request_kind", "reason": "not offered"}]
    r = citizen.submit(data, prefill["token"], corrections=corrections)
    assert r.status_code == 201, r.text
    rid = r.json()["receipt_id"]
    assert r.json()["receipt"] == f"/api/receipts/{rid}?lang=vi"
    receipt = citizen.client.get(r.json()["receipt"])
    assert receipt.status_code == 200
    body = receipt.json()
    assert body["receipt_id"] == rid and body["form_id"] == "vn.bca.ct01"
    assert body["data"]["request_kind"] == "permanent_registration" and body["warnings"] == []
    assert body["corrections"] == [{"pointer": "/phone", "reason": "đổi số"}]  # only on values the page offered
    assert body["links"] == {"word": f"/api/receipts/{rid}/word.docx", "record": f"/api/receipts/{rid}/record.json"}
    word = citizen.client.get(body["links"]["word"])
    assert word.status_code == 200 and word.content[:2] == b"PK"
    record = citizen.client.get(body["links"]["record"]).json()
    provenance = {v["pointer"]: v for v in record["provenance"]}
    assert provenance["/full_name"]["locked"] and provenance["/full_name"]["attribute"] == "full_name"
    assert record["channel"] == "online" and record["subject"]["assurance_level"] == 2
    # Stored as the HTML form's post is: the HTML receipt page and the citizen's requests show it.
    assert citizen.client.get(f"/receipts/{rid}").status_code == 200
    assert "đổi số" in citizen.client.get("/requests").text


def test_a_changed_locked_value_is_refused_with_its_pointer(app: Any) -> None:
    citizen = Citizen(app, 5)
    prefill = citizen.prefill()
    before = _stored(citizen.portal)
    r = citizen.submit({**prefill["data"], **FILLED, "full_name": "Kẻ Giả Mạo"}, prefill["token"])
    assert r.status_code == 403
    body = r.json()
    assert body["error"]["code"] == "EFK-TOKEN-007" and body["error"]["pointer"] == "/full_name"
    assert "không được sửa" in body["error"]["message"]
    assert "Kẻ Giả Mạo" not in r.text and citizen.subject not in r.text  # never a value in an error
    assert {"pointer": "/full_name", "code": "EFK-TOKEN-007"}.items() <= body["errors"][0].items()
    assert _stored(citizen.portal) == before
    en = citizen.post(f"{CT01}/submit?lang=en", {"data": {**prefill["data"], "full_name": "X"},
                                                  "token": prefill["token"]}).json()  # fmt: skip
    assert "registry" in en["error"]["message"]


@pytest.mark.parametrize("token", [..., "", None, "not-a-token", 42])
def test_no_or_a_bad_token_is_refused(citizen: Citizen, token: Any) -> None:
    data = {**citizen.prefill()["data"], **FILLED}
    before = _stored(citizen.portal)
    r = citizen.submit(data, token)
    assert r.status_code == (400 if token == 42 else 403), r.text
    expected = {42: "EFK-API-002", "not-a-token": "EFK-TOKEN-002"}.get(token, "EFK-TOKEN-001")  # type: ignore[call-overload]
    assert r.json()["error"]["code"] == expected and _stored(citizen.portal) == before


def test_another_citizens_token_is_refused(app: Any, citizen: Citizen) -> None:
    other = Citizen(app, 6)
    mine = citizen.prefill()
    r = other.submit({**mine["data"], **FILLED}, mine["token"])
    assert r.status_code == 403 and r.json()["error"]["code"] == "EFK-TOKEN-006"


@pytest.mark.parametrize("csrf", [None, "", "wrong", "sai-mã-ằ".encode()])
def test_a_post_without_the_csrf_header_is_refused(citizen: Citizen, csrf: str | bytes | None) -> None:
    prefill = citizen.prefill()
    before = _stored(citizen.portal)
    headers: dict[str, Any] = {"content-type": "application/json"} | ({} if csrf is None else {"x-csrf-token": csrf})
    body = json.dumps({"data": {**prefill["data"], **FILLED}, "token": prefill["token"]}).encode()
    r = citizen.client.post(f"{CT01}/submit", content=body, headers=headers)
    assert r.status_code == 403 and r.json()["error"]["code"] == "EFK-API-004"
    assert _stored(citizen.portal) == before


def test_cross_site_requests_are_refused_in_json(citizen: Citizen) -> None:
    prefill = citizen.prefill()
    before = _stored(citizen.portal)
    body = {"data": {**prefill["data"], **FILLED}, "token": prefill["token"]}
    for headers in ({"origin": "https://evil.example"}, {"sec-fetch-site": "cross-site"}, {"origin": "null"}):
        r = citizen.post(f"{CT01}/submit?lang=en", body, headers=headers)
        assert r.status_code == 403 and r.headers["content-type"].startswith("application/json")
        assert r.json()["error"] == {"code": "EFK-API-005", "message": "A request from another site was refused."}
    # Reads too: the API's GETs answer personal data (a receipt), so another site gets nothing.
    assert citizen.client.get("/api/session", headers={"sec-fetch-site": "cross-site"}).status_code == 403
    assert citizen.client.get("/api/session", headers={"origin": "http://testserver"}).status_code == 200
    assert _stored(citizen.portal) == before


def test_a_body_over_the_limit_is_413_in_json() -> None:
    citizen = Citizen(_app(max_body=4096))
    r = citizen.post(f"{CT01}/validate", {"data": {"full_name": "x" * 5000}})
    assert r.status_code == 413 and r.json()["error"]["code"] == "EFK-API-008"


def _sources_down(portal: Any) -> None:
    """Every source of the portal's engine answers `unavailable` from now on (same key, same access log)."""
    from eformkit.prefill.connectors.static import StaticConnector
    from eformkit.prefill.engine import PrefillEngine
    from eformkit.prefill.outcome import Outcome
    from eformkit.prefill.registry import ConnectorRegistry

    down = [StaticConnector(c.name, {}, specs=c.attributes(), fail=Outcome.UNAVAILABLE) for c in portal.engine.registry]
    portal.engine = PrefillEngine(ConnectorRegistry(down), audit=portal.access_log, token_key=portal.key)


def test_every_source_down_at_submit_time_changes_nothing() -> None:
    """Locks and the record's trust flags come from the page's signed token, not from a prefill at submit."""
    citizen = Citizen(_app())
    prefill = citizen.prefill()
    data = {**prefill["data"], **FILLED}
    _sources_down(citizen.portal)
    assert citizen.prefill()["sources"]["population"] == "unavailable"  # really down
    before = _stored(citizen.portal)
    tampered = citizen.submit({**data, "full_name": "Kẻ Giả Mạo"}, prefill["token"])
    assert tampered.status_code == 403 and tampered.json()["error"]["code"] == "EFK-TOKEN-007"
    assert citizen.submit({**data, "full_name": "Kẻ Giả Mạo"}).status_code == 403  # and without a token
    assert _stored(citizen.portal) == before
    r = citizen.submit(data, prefill["token"])
    assert r.status_code == 201
    record = citizen.client.get(f"/api/receipts/{r.json()['receipt_id']}/record.json").json()
    name = next(v for v in record["provenance"] if v["pointer"] == "/full_name")
    assert name["source"] == "population" and name["verified"] and name["locked"] and not name["edited"]
    assert record["reuse"]["population_data"] is True


def test_another_citizen_cannot_read_the_receipt(app: Any) -> None:
    owner, other = Citizen(app, 7), Citizen(app, 1)
    prefill = owner.prefill()
    rid = owner.submit({**prefill["data"], **FILLED}, prefill["token"]).json()["receipt_id"]
    for path in (f"/api/receipts/{rid}", f"/api/receipts/{rid}/word.docx", f"/api/receipts/{rid}/record.json"):
        assert owner.client.get(path).status_code == 200
        r = other.client.get(path)
        assert r.status_code == 404 and r.json()["error"]["code"] == "EFK-API-007"
        assert owner.subject not in r.text
    assert _client(app).get(f"/api/receipts/{rid}").status_code == 401


def test_the_receipt_quota_is_429() -> None:
    citizen = Citizen(_app(receipts_per_citizen=1))
    prefill = citizen.prefill()
    data = {**prefill["data"], **FILLED}
    assert citizen.submit(data, prefill["token"]).status_code == 201
    r = citizen.submit(data, prefill["token"])
    assert r.status_code == 429 and r.json()["error"]["code"] == "EFK-API-011"


def test_a_key_rotation_keeps_open_pages_and_the_access_log(tmp_path: Path) -> None:
    """Restarted with a new key: the old one in `previous_keys` keeps a page prefilled before the restart
    submittable; in `previous_audit_keys` it keeps the citizen's earlier reads listed. Without them, neither."""
    _catalogue()
    old, new, store = b"o" * 32, b"n" * 32, tmp_path / "portal.sqlite"

    def restart(**keys: Any) -> Citizen:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return Citizen(create_app(template_dirs=[], store=store, **keys))

    before = restart(key=old)
    prefill = before.prefill()
    reads = len(before.portal.access_log.entries_of(before.subject))
    before.portal.close()
    rotated = restart(key=new, previous_keys=[old], previous_audit_keys=[old])
    later = restart(key=new, previous_audit_keys=[old])  # a token lifetime later: the old key signs nothing now
    forgotten = restart(key=new)
    assert reads and len(rotated.portal.access_log.entries_of(rotated.subject)) == reads
    assert len(later.portal.access_log.entries_of(later.subject)) >= reads
    assert forgotten.portal.access_log.entries_of(forgotten.subject) == []  # hashed under a key it lacks
    body = {"data": {**prefill["data"], **FILLED}, "token": prefill["token"]}
    for refusing in (later, forgotten):
        refused = refusing.post(f"{CT01}/submit", body)
        assert refused.status_code == 403 and refused.json()["error"]["code"] == "EFK-TOKEN-003"
    assert rotated.post(f"{CT01}/submit", body).status_code == 201
    fresh = rotated.prefill()  # new pages are signed with the new key only: any worker with it accepts them
    assert forgotten.submit({**fresh["data"], **FILLED}, fresh["token"]).status_code == 201


# -- a host app with its own sign-in -----------------------------------------------------------------


def _host() -> tuple[Starlette, Any]:
    """A host app that signs citizens in its own way (here: a header its proxy sets) and mounts the API."""
    _catalogue()
    portal = create_portal(template_dirs=[], key=b"h" * 32, store=":memory:")
    subjects = {c["handle"]: c["id"] for c in portal.citizens()}
    users = {"alice": portal.citizens()[0]["id"], "bob": portal.citizens()[1]["id"]}
    assert subjects

    async def identify(request: Request) -> Identity | None:  # async: a host may look its session up
        user = request.headers.get("x-host-user")
        return Identity(users[user], 2, "vneid") if user in users else None

    host = Starlette(routes=[Mount("/efk", app=create_api(portal, identify=identify))])
    return host, portal


def test_an_identify_hook_given_by_a_host_app_works() -> None:
    host, portal = _host()
    alice, bob, anon = _client(host), _client(host), _client(host)
    assert anon.get("/efk/session").status_code == 401
    session = alice.get("/efk/session", headers={"x-host-user": "alice"})
    assert session.status_code == 200 and "efk_api_csrf" in session.headers["set-cookie"]
    headers = {"x-host-user": "alice", "x-csrf-token": session.json()["csrf"]}
    prefill = alice.post("/efk/forms/vn.bca.ct01/prefill", json={}, headers=headers).json()
    assert prefill["data"]["personal_id"] == portal.citizens()[0]["id"] and prefill["fields"]["/full_name"]["locked"]
    body = {"data": {**prefill["data"], **FILLED}, "token": prefill["token"]}
    r = alice.post("/efk/forms/vn.bca.ct01/submit", json=body, headers=headers)
    assert r.status_code == 201 and r.json()["receipt"].startswith("/efk/receipts/")
    assert alice.get(r.json()["receipt"], headers={"x-host-user": "alice"}).status_code == 200
    assert bob.get(r.json()["receipt"], headers={"x-host-user": "bob"}).status_code == 404
    # The CSRF token is bound to the identity and to alice's browser cookie: bob's browser cannot use it.
    bob.get("/efk/session", headers={"x-host-user": "bob"})
    stolen = {"x-host-user": "bob", "x-csrf-token": headers["x-csrf-token"]}
    assert bob.post("/efk/forms/vn.bca.ct01/validate", json={"data": {}}, headers=stolen).status_code == 403
    no_cookie = _client(host)
    assert no_cookie.post("/efk/forms/vn.bca.ct01/validate", json={"data": {}}, headers=headers).status_code == 403
    # The host's app has no guard of its own: the API's guard still refuses other sites and adds the headers.
    evil = alice.post("/efk/forms/vn.bca.ct01/submit", json=body, headers={**headers, "origin": "https://evil.example"})
    assert evil.status_code == 403 and evil.json()["error"]["code"] == "EFK-API-005"
    assert evil.headers["x-content-type-options"] == "nosniff"
    assert sum(1 for _ in portal.storage.records()) == 1


# -- a real server ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served() -> Iterator[str]:
    uvicorn = pytest.importorskip("uvicorn")
    from eformkit.portal.server import config

    app, port = _app(), free_port()
    with running(uvicorn.Server(config(app, "127.0.0.1", port, PortalSettings(), log_config=None))):
        yield f"http://127.0.0.1:{port}"


def test_sign_in_prefill_submit_and_receipt_over_a_real_server(served: str) -> None:
    import httpx

    with httpx.Client(base_url=served, timeout=30) as client:
        assert client.get("/api/session").status_code == 401
        assert sign_in(client, 0).status_code == 303
        csrf = client.get("/api/session").json()["csrf"]
        headers = {"x-csrf-token": csrf}
        prefill = client.post(f"{CT01}/prefill?lang=en", json={}, headers=headers).json()
        assert prefill["fields"]["/full_name"]["source_label"] == "From the National Population Database"
        tampered = {"data": {**prefill["data"], **FILLED, "sex": "female"}, "token": prefill["token"]}
        r = client.post(f"{CT01}/submit", json=tampered, headers=headers)
        assert r.status_code == 403 and r.json()["error"]["pointer"] == "/sex"
        r = client.post(f"{CT01}/submit", json={"data": {**prefill["data"], **FILLED}, "token": prefill["token"]},
                        headers=headers)  # fmt: skip
        assert r.status_code == 201, r.text
        receipt = client.get(r.json()["receipt"])
        assert receipt.status_code == 200 and receipt.json()["data"]["personal_id"] == prefill["data"]["personal_id"]
        big = client.post(f"{CT01}/validate", content=b"x" * (11 * 1024 * 1024), headers=headers)
        assert big.status_code == 413 and big.json()["error"]["code"] == "EFK-API-008"


# -- codes ---------------------------------------------------------------------------------------------------


def test_every_api_code_is_documented_and_speaks_both_languages() -> None:
    doc = (ROOT / "docs" / "findings.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| (EFK-API-\d{3}) \|", doc, re.MULTILINE))
    assert documented == set(ERRORS)
    for code, (status, vi, en) in ERRORS.items():
        assert re.search(rf"^\| {code} \| {status} \|", doc, re.MULTILINE), code
        assert vi != en and vi and en, code
