"""Fault tests against a real HTTP server on 127.0.0.1: every failure is a typed outcome, the form stays
usable, the other sources' values are kept, and the audit log never holds a value."""

from __future__ import annotations

import json
import socket
from typing import Any

import pytest

from eformkit.prefill.audit import AuditLog, MemorySink
from eformkit.prefill.connectors.http import connectors_from_yaml
from eformkit.prefill.connectors.static import StaticConnector
from eformkit.prefill.engine import PrefillEngine
from eformkit.prefill.outcome import Outcome
from eformkit.prefill.registry import ConnectorRegistry

from .conftest import LoopbackServer, Reply
from .forms import FakeForm, bind

PID = "066190001234"
NAME = "Nguyễn Thị Hồng"
INSURANCE = "GD4661234567890"
GOOD_JSON = json.dumps({"bhxh": {"soThe": INSURANCE}, "hoTen": "Khác Tên"}).encode()
GOOD_XML = f"<r xmlns='urn:x'><SoThe>{INSURANCE}</SoThe></r>".encode()
BOMB = b"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>
<r xmlns='urn:x'><SoThe>&b;</SoThe></r>"""


def _engine(server: LoopbackServer, kind: str, timeout: float = 1.0) -> tuple[PrefillEngine, MemorySink]:
    path = "$.bhxh.soThe" if kind == "http_json" else "//x:SoThe"
    config = {
        "name": "insurance",
        "kind": kind,
        "endpoint": server.url + "/api/{subject}",
        "timeout": timeout,
        "namespaces": {"x": "urn:x"},
        "auth": {"env": "EFK_TEST_TOKEN", "scheme": "Bearer"},
        "attributes": {"insurance_number": path},
    }
    population = StaticConnector("population", {PID: {"full_name": NAME, "sex": "female"}})
    sink = MemorySink()
    engine = PrefillEngine(
        ConnectorRegistry([population, *connectors_from_yaml({"connectors": [config]})]),
        audit=AuditLog(sink, key=b"audit-key-0123456789"),
        token_key=b"token-key-0123456789",
    )
    return engine, sink


def _form(on_error: str = "manual", on_missing: str = "ask") -> FakeForm:
    return FakeForm(
        "vn.test.faults",
        [
            bind("/full_name", "applicant.full_name"),
            bind("/sex", "applicant.sex", "choice", list_name="sex"),
            bind(
                "/insurance",
                "applicant.insurance_number",
                on_error=on_error,
                on_missing=on_missing,
                message={"vi": "Hệ thống BHXH đang bận.", "en": "The insurance system is busy."},
            ),
        ],
    )


FAULTS: dict[str, tuple[Reply, Outcome, str]] = {
    "slow": (Reply(200, GOOD_JSON, delay=3.0), Outcome.TIMEOUT, "no answer"),
    "500": (Reply(500, b"internal error for 066190001234"), Outcome.UNAVAILABLE, "HTTP 500"),
    "503": (Reply(503, b""), Outcome.UNAVAILABLE, "HTTP 503"),
    "403": (Reply(403, b"{}"), Outcome.DENIED, "HTTP 403"),
    "401": (Reply(401, b"{}"), Outcome.DENIED, "HTTP 401"),
    "404": (Reply(404, b"{}"), Outcome.NOT_FOUND, "HTTP 404"),
    "malformed": (Reply(200, b'{"bhxh": {"soThe": "GD4661234567890"'), Outcome.UNAVAILABLE, "malformed JSON"),
    "not-object": (Reply(200, b'"GD4661234567890"'), Outcome.UNAVAILABLE, "not an object"),
    "empty-204": (Reply(204, b""), Outcome.EMPTY, "no content"),
    "empty-body": (Reply(200, b""), Outcome.EMPTY, "no content"),
    "empty-object": (Reply(200, b"{}"), Outcome.EMPTY, ""),
}
XML_FAULTS: dict[str, tuple[Reply, Outcome, str]] = {
    "malformed-xml": (Reply(200, b"<r><SoThe>GD466</r>", "text/xml"), Outcome.UNAVAILABLE, "malformed XML"),
    "dtd-bomb": (Reply(200, BOMB, "text/xml"), Outcome.UNAVAILABLE, "DTD"),
    "soap-fault": (
        Reply(
            200, b"<Envelope><Body><Fault><faultstring>066190001234</faultstring></Fault></Body></Envelope>", "text/xml"
        ),
        Outcome.UNAVAILABLE,
        "SOAP fault",
    ),
    "empty-xml": (Reply(200, b"<r xmlns='urn:x'/>", "text/xml"), Outcome.EMPTY, ""),
}


def _audit_holds_no_values(sink: MemorySink, *values: str) -> None:
    dump = json.dumps([e.to_json() for e in sink.events], ensure_ascii=False)
    for value in values:
        assert value not in dump


def _check(engine: PrefillEngine, sink: MemorySink, outcome: Outcome, reason: str) -> None:
    result = engine.prefill(_form(), PID)
    assert result.outcome_of("insurance") is outcome
    assert reason in next(o.reason for o in result.outcomes if o.connector == "insurance")
    # Nothing lost: the healthy source's values are all there and locked; the form stays usable.
    assert result.values["/full_name"] == NAME and result.values["/sex"] == "female"
    assert {"/full_name", "/sex"} <= result.locked
    assert result.usable and "/insurance" in result.to_type and "/insurance" not in result.values
    assert len(sink.events) == 2 and {e.outcome for e in sink.events} == {"ok", outcome.value}
    _audit_holds_no_values(sink, PID, NAME, INSURANCE, "female")


@pytest.mark.parametrize("name", sorted(FAULTS))
def test_json_faults(name: str, server: LoopbackServer) -> None:
    reply, outcome, reason = FAULTS[name]
    server.routes["/api/"] = lambda p, h, b: reply
    engine, sink = _engine(server, "http_json")
    _check(engine, sink, outcome, reason)


@pytest.mark.parametrize("name", sorted(XML_FAULTS))
def test_xml_faults(name: str, server: LoopbackServer) -> None:
    reply, outcome, reason = XML_FAULTS[name]
    server.routes["/api/"] = lambda p, h, b: reply
    engine, sink = _engine(server, "xml")
    _check(engine, sink, outcome, reason)


def test_connection_refused_is_unavailable() -> None:
    with socket.socket() as s:  # a port that was free a moment ago: nothing listens there
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv: Any = type("S", (), {"url": f"http://127.0.0.1:{port}"})()
    engine, sink = _engine(srv, "http_json")
    _check(engine, sink, Outcome.UNAVAILABLE, "connection failed")


@pytest.mark.parametrize("kind,body", [("http_json", GOOD_JSON), ("xml", GOOD_XML)])
def test_success_sends_purpose_minimal_attributes_and_auth(
    kind: str, body: bytes, server: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EFK_TEST_TOKEN", "s3cret")
    server.routes["/api/"] = lambda p, h, b: Reply(200, body)
    engine, sink = _engine(server, kind)
    result = engine.prefill(_form(), PID)
    assert result.values["/insurance"] == INSURANCE and "/insurance" in result.locked
    _method, path, headers = server.seen[-1]
    assert path == f"/api/{PID}"
    assert headers["X-Purpose"] == "test-purpose" and headers["X-Attributes"] == "insurance_number"
    assert headers["Authorization"] == "Bearer s3cret"
    _audit_holds_no_values(sink, PID, NAME, INSURANCE, "s3cret")


@pytest.mark.parametrize("name", ["slow", "500", "403"])
def test_on_error_block_stops_the_form_with_the_authors_message(name: str, server: LoopbackServer) -> None:
    reply = FAULTS[name][0]
    server.routes["/api/"] = lambda p, h, b: reply
    engine, _ = _engine(server, "http_json")
    result = engine.prefill(_form(on_error="block"), PID)
    assert not result.usable
    (blocker,) = result.blocked
    assert blocker.pointer == "/insurance" and blocker.reason == "source_failed"
    assert blocker.message_vi == "Hệ thống BHXH đang bận." and blocker.message_en == "The insurance system is busy."
    assert result.values["/full_name"] == NAME  # still nothing lost


@pytest.mark.parametrize("name", ["404", "empty-204"])
def test_missing_is_not_an_error(name: str, server: LoopbackServer) -> None:
    reply = FAULTS[name][0]
    server.routes["/api/"] = lambda p, h, b: reply
    engine, _ = _engine(server, "http_json")
    assert engine.prefill(_form(on_error="block"), PID).usable  # on_error does not apply to "not held"
    result = engine.prefill(_form(on_missing="block"), PID)
    assert [b.reason for b in result.blocked] == ["not_held"]
