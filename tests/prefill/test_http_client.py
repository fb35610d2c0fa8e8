"""The HTTP connectors' client (issue 13): one pooled client per connector and event loop, reused across
fetches and closed properly; transport retries with backoff for what is worth retrying, and only that."""

from __future__ import annotations

import asyncio
import itertools
import socket
import time
from typing import Any

import pytest

from eformkit.prefill.connectors.http import connectors_from_yaml
from eformkit.prefill.engine import PrefillEngine
from eformkit.prefill.outcome import Outcome
from eformkit.prefill.registry import ConnectorRegistry

from .conftest import LoopbackServer, Reply
from .forms import FakeForm, bind

PID = "066190001234"
GOOD = b'{"bhxh": {"soThe": "GD4661234567890"}}'
FORM = FakeForm("vn.test.client", [bind("/insurance", "applicant.insurance_number")])


def _engine(url: str, deadline: float = 2.0, **cfg: Any) -> PrefillEngine:
    config = {"name": "insurance", "kind": "http_json", "endpoint": url + "/api/{subject}", "backoff": 0.01,
              "attributes": {"insurance_number": "$.bhxh.soThe"}, **cfg}  # fmt: skip
    return PrefillEngine(ConnectorRegistry(connectors_from_yaml({"connectors": [config]})), deadline=deadline)


def _wait_closed(server: LoopbackServer) -> int:
    for _ in range(100):  # the server notices a closed connection a moment after the client closes it
        if server.open == 0:
            break
        time.sleep(0.02)
    return server.open


def test_one_client_per_connector_reused_across_fetches_and_closed(server: LoopbackServer) -> None:
    server.routes["/api/"] = lambda p, h, b: Reply(body=GOOD)
    engine = _engine(server.url)

    async def batch() -> list[str]:
        async with engine:  # closes the connectors' clients on exit
            results = [await engine.run(FORM, PID) for _ in range(5)]
            results += await asyncio.gather(*(engine.run(FORM, PID) for _ in range(3)))
            assert server.open >= 1
        return [r.values["/insurance"] for r in results]

    assert asyncio.run(batch()) == ["GD4661234567890"] * 8
    assert len(server.peers) == 8
    assert len(set(server.peers[:5])) == 1  # five fetches one after another: one connection, kept alive
    assert len(set(server.peers)) <= 3  # the three concurrent ones share the pool
    assert _wait_closed(server) == 0


def test_blocking_prefill_closes_its_client(server: LoopbackServer) -> None:
    server.routes["/api/"] = lambda p, h, b: Reply(body=GOOD)
    engine = _engine(server.url)
    for _ in range(3):  # each call has its own event loop, so its own client, closed when it ends
        assert engine.prefill(FORM, PID).values["/insurance"] == "GD4661234567890"
        assert _wait_closed(server) == 0


def test_blocking_prefill_works_inside_a_running_loop(server: LoopbackServer) -> None:
    server.routes["/api/"] = lambda p, h, b: Reply(body=GOOD)
    engine = _engine(server.url)

    async def notebook_cell() -> dict[str, Any]:
        blocking = engine.prefill(FORM, PID)  # asyncio.run here would raise "cannot be called from a running loop"
        awaited = await engine.run(FORM, PID)  # the async twin
        await engine.aclose()
        return {"blocking": blocking.values, "awaited": awaited.values}

    out = asyncio.run(notebook_cell())
    assert out["blocking"] == out["awaited"] == {"/insurance": "GD4661234567890"}
    assert _wait_closed(server) == 0


def _flaky(failures: int, status: int) -> Any:
    count = itertools.count()
    return lambda p, h, b: Reply(status, b"busy") if next(count) < failures else Reply(body=GOOD)


@pytest.mark.parametrize("status", [429, 502, 503, 504])
def test_busy_answers_are_retried_with_backoff(status: int, server: LoopbackServer) -> None:
    server.routes["/api/"] = _flaky(2, status)
    result = _engine(server.url, retries=2).prefill(FORM, PID)
    assert result.outcome_of("insurance") is Outcome.OK and result.values["/insurance"] == "GD4661234567890"
    assert len(server.seen) == 3


def test_retries_run_out_and_the_last_answer_counts(server: LoopbackServer) -> None:
    server.routes["/api/"] = _flaky(5, 503)
    result = _engine(server.url, retries=2).prefill(FORM, PID)
    assert result.outcome_of("insurance") is Outcome.UNAVAILABLE and "HTTP 503" in result.outcomes[0].reason
    assert len(server.seen) == 3


@pytest.mark.parametrize("status", [500, 404, 403])
def test_answers_that_retrying_cannot_change_are_not_retried(status: int, server: LoopbackServer) -> None:
    server.routes["/api/"] = _flaky(5, status)
    _engine(server.url, retries=3).prefill(FORM, PID)
    assert len(server.seen) == 1


def test_no_retries_when_switched_off(server: LoopbackServer) -> None:
    server.routes["/api/"] = _flaky(1, 503)
    assert _engine(server.url, retries=0).prefill(FORM, PID).outcome_of("insurance") is Outcome.UNAVAILABLE
    assert len(server.seen) == 1


def test_connection_refused_is_retried_then_unavailable() -> None:
    with socket.socket() as s:  # a port that was free a moment ago: nothing listens there
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = _engine(f"http://127.0.0.1:{port}", retries=2, timeout=1.0).prefill(FORM, PID)
    assert result.outcome_of("insurance") is Outcome.UNAVAILABLE
    assert result.outcomes[0].reason == "connection failed (ConnectError)"


def test_retries_stay_inside_the_timeout(server: LoopbackServer) -> None:
    # A source that says "retry after 30 s" forever: the call still ends within its timeout.
    server.routes["/api/"] = lambda p, h, b: Reply(503, b"", headers={"Retry-After": "30"})
    start = time.perf_counter()
    result = _engine(server.url, retries=5, timeout=0.5).prefill(FORM, PID)
    assert result.outcome_of("insurance") is Outcome.TIMEOUT
    assert time.perf_counter() - start < 3.0


def test_many_fetches_at_once_spill_over_to_further_pooled_clients(server: LoopbackServer) -> None:
    server.routes["/api/"] = lambda p, h, b: Reply(body=GOOD, delay=0.2)
    engine = _engine(server.url, deadline=20.0, max_connections=48, timeout=20.0)  # a loaded CI machine is slow

    async def batch() -> list[Any]:
        async with engine:
            first = await asyncio.gather(*(engine.run(FORM, PID) for _ in range(40)))
            again = await asyncio.gather(*(engine.run(FORM, PID) for _ in range(40)))
        return [*first, *again]

    results = asyncio.run(batch())
    assert [r.outcome_of("insurance") for r in results] == [Outcome.OK] * 80
    assert len(set(server.peers[:40])) == 40  # 40 at once: 40 connections, over three pooled clients
    assert len(set(server.peers)) == 40  # and the second round reuses them all
    assert _wait_closed(server) == 0
