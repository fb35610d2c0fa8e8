"""Prefill benchmarks.

1. Engine overhead: median µs per CT01 prefill with an in-memory connector (target ≤ 50 µs).
2. Three loopback HTTP sources answering in 50 ms each: all at once through the engine vs one after
   another, and the ratio of the concurrent total to the slowest single source (target ≤ 1.2×).

Run: ``python benchmarks/bench_prefill.py`` (loopback only; bounded number of requests).
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import eformkit
from eformkit.prefill.base import call_connector
from eformkit.prefill.connectors.http import connectors_from_yaml
from eformkit.prefill.connectors.static import StaticConnector
from eformkit.prefill.engine import PrefillEngine
from eformkit.prefill.outcome import FetchRequest
from eformkit.prefill.registry import ConnectorRegistry

ROOT = Path(__file__).resolve().parents[1]
PID = "066190001234"
HEAD = "066060000002"
MEMBERS = [
    {
        "full_name": "Nguyễn Văn An",
        "date_of_birth": "1960-01-02",
        "sex": "male",
        "personal_id": HEAD,
        "relationship_to_household_head": "head",
    },
    {
        "full_name": "Nguyễn Thị Hồng",
        "date_of_birth": "1990-03-04",
        "sex": "female",
        "personal_id": PID,
        "relationship_to_household_head": "child",
    },
]
CITIZEN = {
    "full_name": "Nguyễn Thị Hồng",
    "date_of_birth": "1990-03-04",
    "sex": "female",
    "personal_id": PID,
    "mobile_phone": "0912345678",
    "email": "hong@example.vn",
    "relationship_to_household_head": "child",
    "household_head": {"full_name": "Nguyễn Văn An", "personal_id": HEAD},
    "household_members": MEMBERS,
}
DELAY = 0.05


def bench_overhead(rounds: int = 3000) -> float:
    form = eformkit.load_form(ROOT / "forms" / "vn.bca.ct01.yaml")
    engine = PrefillEngine(ConnectorRegistry([StaticConnector("population", {PID: CITIZEN})]))

    async def main() -> list[float]:
        await engine.run(form, PID)  # plan once (cached), warm up
        times = []
        for _ in range(rounds):
            start = time.perf_counter()
            await engine.run(form, PID)
            times.append(time.perf_counter() - start)
        return times

    return statistics.median(asyncio.run(main())) * 1e6


class _Slow(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        time.sleep(DELAY)
        body = json.dumps(CITIZEN).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        return


def bench_http(rounds: int = 15) -> dict[str, float]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Slow)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    split = [
        ("civil", {"full_name": "$.full_name", "date_of_birth": "$.date_of_birth"}),
        ("identity", {"sex": "$.sex", "personal_id": "$.personal_id"}),
        (
            "residence",
            {
                "household_head.full_name": "$.household_head.full_name",
                "household_head.personal_id": "$.household_head.personal_id",
            },
        ),
    ]
    config = {
        "connectors": [
            {"name": n, "kind": "http_json", "endpoint": url + f"/{n}/{{subject}}", "timeout": 2.0, "attributes": a}
            for n, a in split
        ]
    }
    connectors = connectors_from_yaml(config)
    form = eformkit.load_form(ROOT / "forms" / "vn.bca.ct01.yaml")
    engine = PrefillEngine(ConnectorRegistry(connectors))
    requests = [
        FetchRequest(
            PID,
            frozenset(a) - {"household_head.full_name", "household_head.personal_id"},
            "bench",
            2.0,
            relations={"household_head": frozenset({"full_name", "personal_id"})} if n == "residence" else {},
        )
        for n, a in split
    ]

    async def main() -> dict[str, list[float]]:
        out: dict[str, list[float]] = {"concurrent": [], "sequential": [], "slowest": []}
        await engine.run(form, PID)
        for _ in range(rounds):
            start = time.perf_counter()
            result = await engine.run(form, PID)
            out["concurrent"].append(time.perf_counter() - start)
            assert {o.outcome.value for o in result.outcomes} == {"ok"}, result.outcomes
            singles = []
            start = time.perf_counter()
            for connector, request in zip(connectors, requests, strict=True):
                one = time.perf_counter()
                await call_connector(connector, request)
                singles.append(time.perf_counter() - one)
            out["sequential"].append(time.perf_counter() - start)
            out["slowest"].append(max(singles))
        return out

    try:
        raw = asyncio.run(main())
    finally:
        server.shutdown()
        server.server_close()
    return {k: statistics.median(v) * 1000 for k, v in raw.items()}


def main() -> int:
    overhead = bench_overhead()
    print(f"engine overhead, CT01, in-memory connector: median {overhead:.1f} µs per prefill (target ≤ 50 µs)")
    http = bench_http()
    ratio = http["concurrent"] / http["slowest"]
    print(
        f"3 loopback HTTP sources x {DELAY * 1000:.0f} ms: concurrent median {http['concurrent']:.1f} ms, "
        f"one after another {http['sequential']:.1f} ms, slowest single source {http['slowest']:.1f} ms"
    )
    print(
        f"concurrent / slowest = {ratio:.2f}x (target ≤ 1.2x); sequential / slowest = "
        f"{http['sequential'] / http['slowest']:.2f}x"
    )
    return 0 if overhead <= 50 and ratio <= 1.2 else 1


if __name__ == "__main__":
    sys.exit(main())
