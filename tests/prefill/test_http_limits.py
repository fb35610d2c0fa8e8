"""Answers an HTTP connector must not swallow whole (issue 11), against a real server on 127.0.0.1:
over the size limit (declared, chunked, endless, compressed), too slow as a whole, or holding numbers
JSON does not allow. Each is refused with a typed outcome and a clear reason, never bound or locked."""

from __future__ import annotations

import gzip
import itertools
import json
import time
import tracemalloc
from collections.abc import Iterator
from typing import Any

import pytest

from eformkit.prefill.connectors.http import HttpJsonConnector, connectors_from_yaml
from eformkit.prefill.connectors.static import StaticConnector
from eformkit.prefill.convert import convert_value
from eformkit.prefill.engine import PrefillEngine
from eformkit.prefill.outcome import Outcome
from eformkit.prefill.registry import ConnectorRegistry
from eformkit.prefill.result import PrefillResult

from .conftest import LoopbackServer, Reply
from .forms import FakeForm, bind

PID = "066190001234"
KB = 1024


def _connector(server: LoopbackServer, kind: str = "http_json", **cfg: Any) -> HttpJsonConnector:
    config = {
        "name": "insurance",
        "kind": kind,
        "endpoint": server.url + "/api/{subject}",
        "timeout": 2.0,
        "namespaces": {"x": "urn:x"},
        "attributes": {
            "insurance_number": "$.bhxh.soThe" if kind == "http_json" else "//x:SoThe",
            "monthly_income": "$.thuNhap" if kind == "http_json" else "//x:ThuNhap",
        },
        **cfg,
    }
    (connector,) = connectors_from_yaml({"connectors": [config]})
    return connector  # type: ignore[return-value]


FORM = FakeForm(
    "vn.test.limits",
    [bind("/insurance", "applicant.insurance_number"), bind("/income", "applicant.monthly_income", "number")],
)


def _prefill(connector: Any) -> PrefillResult:
    return PrefillEngine(ConnectorRegistry([connector]), deadline=5.0).prefill(FORM, PID)


def _reason(result: PrefillResult) -> str:
    return next(o.reason for o in result.outcomes if o.connector == "insurance")


def _refused(result: PrefillResult, outcome: Outcome, reason: str) -> None:
    assert result.outcome_of("insurance") is outcome, result.outcomes
    assert reason in _reason(result)
    assert not result.values and not result.locked
    assert {"/insurance", "/income"} <= set(result.to_type)


def _endless(size: int = 64 * KB) -> Iterator[bytes]:
    chunk = b'{"pad": "' + b"x" * size
    return itertools.repeat(chunk)


def _body(size: int) -> bytes:
    """A valid JSON answer of exactly `size` bytes."""
    head = b'{"bhxh": {"soThe": "GD4661234567890"}, "pad": "'
    return head + b"x" * (size - len(head) - 2) + b'"}'


@pytest.mark.parametrize("kind", ["http_json", "xml"])
def test_declared_length_over_the_limit_is_refused_before_reading(kind: str, server: LoopbackServer) -> None:
    # The server declares 200 MB and would stream it; the client must not wait for or read it.
    server.routes["/api/"] = lambda p, h, b: Reply(chunks=_endless, headers={"Content-Length": str(200 * KB * KB)})
    start = time.perf_counter()
    result = _prefill(_connector(server, kind))
    _refused(result, Outcome.UNAVAILABLE, "larger than the 1048576-byte limit (declared 209715200 bytes)")
    assert time.perf_counter() - start < 2.0  # refused, not timed out


@pytest.mark.parametrize("kind", ["http_json", "xml"])
def test_endless_chunked_stream_is_cut_at_the_limit(kind: str, server: LoopbackServer) -> None:
    server.routes["/api/"] = lambda p, h, b: Reply(chunks=_endless)
    tracemalloc.start()
    try:
        result = _prefill(_connector(server, kind))
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    _refused(result, Outcome.UNAVAILABLE, "larger than the 1048576-byte limit; refused")
    assert peak < 6 * KB * KB  # the 1 MB limit, a chunk or two and the server thread: never the stream


def test_the_limit_is_configurable_and_exact(server: LoopbackServer) -> None:
    limit = 10_000
    server.routes["/api/at"] = lambda p, h, b: Reply(chunks=lambda: [_body(limit)[:4000], _body(limit)[4000:]])
    server.routes["/api/over"] = lambda p, h, b: Reply(chunks=lambda: [_body(limit + 1)])
    server.routes["/api/declared"] = lambda p, h, b: Reply(body=_body(limit + 1))
    at = _connector(server, endpoint=server.url + "/api/at/{subject}", max_response_bytes=limit)
    assert _prefill(at).values == {"/insurance": "GD4661234567890"}
    for path in ("over", "declared"):
        over = _connector(server, endpoint=server.url + f"/api/{path}/{{subject}}", max_response_bytes=limit)
        _refused(_prefill(over), Outcome.UNAVAILABLE, "larger than the 10000-byte limit")


def test_compressed_answers_count_after_decompression(server: LoopbackServer) -> None:
    small = gzip.compress(json.dumps({"bhxh": {"soThe": "GD4661234567890"}}).encode())
    bomb = gzip.compress(b'{"pad": "' + b"0" * (64 * KB * KB))  # 64 MB of zeros in about 64 KB
    assert len(bomb) < 100 * KB
    server.routes["/api/small"] = lambda p, h, b: Reply(body=small, headers={"Content-Encoding": "gzip"})
    server.routes["/api/bomb"] = lambda p, h, b: Reply(body=bomb, headers={"Content-Encoding": "gzip"})
    server.routes["/api/br"] = lambda p, h, b: Reply(body=b"\x1b", headers={"Content-Encoding": "br"})
    ok = _prefill(_connector(server, endpoint=server.url + "/api/small/{subject}"))
    assert ok.values == {"/insurance": "GD4661234567890"}
    assert server.seen[-1][2]["Accept-Encoding"] == "gzip, deflate"
    tracemalloc.start()
    try:
        bombed = _prefill(_connector(server, endpoint=server.url + "/api/bomb/{subject}"))
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    _refused(bombed, Outcome.UNAVAILABLE, "larger than the 1048576-byte limit")
    assert peak < 8 * KB * KB
    _refused(_prefill(_connector(server, endpoint=server.url + "/api/br/{subject}")), Outcome.UNAVAILABLE,
             "unsupported content encoding")  # fmt: skip


def test_the_timeout_covers_the_whole_answer_not_each_read(server: LoopbackServer) -> None:
    # Each piece comes well within the per-read timeout; the answer as a whole never does.
    def trickle() -> Iterator[bytes]:
        yield b'{"bhxh": {"soThe": "GD4661234567890"}, "pad": "'
        while True:
            time.sleep(0.05)
            yield b"x"

    server.routes["/api/"] = lambda p, h, b: Reply(chunks=trickle)
    start = time.perf_counter()
    result = _prefill(_connector(server, timeout=0.4))
    _refused(result, Outcome.TIMEOUT, "no answer within 0.4 s")
    assert time.perf_counter() - start < 3.0


def test_parsing_counts_against_the_deadline(server: LoopbackServer, monkeypatch: pytest.MonkeyPatch) -> None:
    server.routes["/api/"] = lambda p, h, b: Reply(body=json.dumps({"bhxh": {"soThe": "GD4661234567890"}}).encode())
    connector = _connector(server, timeout=0.3)
    parse = connector._parse

    def slow_parse(content: bytes) -> Any:
        time.sleep(0.4)  # stands for a parse that ends after the deadline
        return parse(content)

    monkeypatch.setattr(connector, "_parse", slow_parse)
    _refused(_prefill(connector), Outcome.TIMEOUT, "answer not read within 0.3 s")


NON_FINITE = {
    "NaN": b'{"bhxh": {"soThe": "GD4661234567890"}, "thuNhap": NaN}',
    "Infinity": b'{"bhxh": {"soThe": "GD4661234567890"}, "thuNhap": Infinity}',
    "-Infinity": b'{"bhxh": {"soThe": NaN}, "thuNhap": -Infinity}',
    "1e999": b'{"bhxh": {"soThe": "GD4661234567890"}, "thuNhap": 1e999}',
    "nested-deep": b"[" * 100_000 + b"]" * 100_000,
}


@pytest.mark.parametrize("name", sorted(NON_FINITE))
def test_json_that_is_not_json_is_refused_whole(name: str, server: LoopbackServer) -> None:
    server.routes["/api/"] = lambda p, h, b: Reply(body=NON_FINITE[name])
    result = _prefill(_connector(server))
    expected = {"NaN": "NaN is not", "Infinity": "Infinity is not", "-Infinity": "NaN is not",
                "1e999": "out of range", "nested-deep": "malformed JSON"}[name]  # fmt: skip
    _refused(result, Outcome.UNAVAILABLE, expected)


def test_a_non_finite_value_from_any_source_is_never_bound_even_as_text(server: LoopbackServer) -> None:
    xml = b"<r xmlns='urn:x'><SoThe>GD4661234567890</SoThe><ThuNhap>NaN</ThuNhap></r>"
    server.routes["/api/"] = lambda p, h, b: Reply(body=xml, content_type="text/xml")
    result = _prefill(_connector(server, "xml"))
    assert result.values == {"/insurance": "GD4661234567890"} and "/income" in result.to_type
    assert any(n.pointer == "/income" and "finite" in n.note for n in result.notes)
    static = StaticConnector("insurance", {PID: {"insurance_number": float("nan"), "monthly_income": float("inf")}})
    result = _prefill(static)
    assert not result.values and not result.locked and {"/insurance", "/income"} <= set(result.to_type)
    for value in (float("nan"), float("-inf"), "nan", "Infinity", "-1e400"):
        assert convert_value(value, "number").value is None
    assert convert_value(float("nan"), "text").value is None
    assert convert_value("12.5", "number").value == 12.5
