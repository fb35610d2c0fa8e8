"""Batch prefill (issue 16): many subjects against a loopback HTTP source that answers in 20 ms.

1. Throughput: the sequential loop (`engine.prefill()` per subject, as before batch prefill existed,
   and `await engine.run()` per subject on one loop) vs `eformkit prefill --subjects` machinery
   (`prefill_many` + `run_batch`) at concurrency 200.
2. Peak memory (RSS of a fresh process) of the batch at --small and --subjects subjects: flat means
   about the same.
3. The source fails 5 % of calls at random (HTTP 503): every row is in the output exactly once, on
   its own row, and the outcomes after the transport's retries are counted.

Each batch runs in a fresh process, the source in another (benchmarks/_loopback.py). 2 % of the
subjects are unknown to the source (404).

Run: ``python benchmarks/bench_prefill_batch.py [--subjects 100000] [--small 10000]`` (loopback only;
100,000 subjects take a few minutes on the 2-core machine).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DELAY_MS = 20
FORM = ROOT / "forms" / "vn.bca.ct01.yaml"


def subject(i: int) -> str:
    return f"{'9' if i % 50 == 0 else '0'}66190{i:06d}"


def _engine(url: str, fail_per_mille: int, connections: int = 100, timeout: float = 2.0) -> Any:
    from eformkit.prefill.connectors.http import connectors_from_yaml
    from eformkit.prefill.engine import PrefillEngine
    from eformkit.prefill.registry import ConnectorRegistry

    config = {"name": "population", "kind": "http_json", "timeout": timeout, "max_connections": connections,
              "endpoint": f"{url}/person/{DELAY_MS}/{fail_per_mille}/{{subject}}",
              "attributes": {"full_name": "$.hoTen", "date_of_birth": "$.ngaySinh", "sex": "$.gioiTinh",
                             "personal_id": "$.soDinhDanh"}}  # fmt: skip
    return PrefillEngine(ConnectorRegistry(connectors_from_yaml({"connectors": [config]})), deadline=timeout)


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_batch(url: str, n: int, concurrency: int, fail_per_mille: int, timeout: float) -> None:
    """Run one batch of `n` subjects in this fresh process; print counts, time, peak RSS and a check."""
    import functools

    import eformkit
    from eformkit.prefill.batch import run_batch

    form = eformkit.load_form(FORM)
    with tempfile.TemporaryDirectory() as tmp:
        subjects, out = Path(tmp) / "subjects.csv", Path(tmp) / "out.jsonl"
        with subjects.open("w", encoding="utf-8") as fh:
            fh.write("subject\n")
            for i in range(n):
                fh.write(subject(i) + "\n")
        before = _rss_mb()

        async def main() -> Any:
            async with _engine(url, fail_per_mille, concurrency, timeout) as engine:
                many = functools.partial(engine.prefill_many, form)
                return await run_batch(many, subjects, out, concurrency=concurrency)

        cpu = time.process_time()
        summary = asyncio.run(main())
        cpu = time.process_time() - cpu
        peak = _rss_mb()
        rows = misplaced = 0
        outcomes: Counter[str] = Counter()
        with out.open(encoding="utf-8") as fh:
            for line in fh:
                record = json.loads(line)
                misplaced += record["row"] != rows + 1 or record["subject"] != subject(rows)
                rows += 1
                outcomes[record["sources"][0]["outcome"] if "sources" in record else "error"] += 1
    print(json.dumps({"n": n, "rows": rows, "misplaced": misplaced, "seconds": summary.seconds, "cpu": cpu,
                      "before": before, "peak": peak, "outcomes": dict(outcomes)}))  # fmt: skip


def child_sequential(url: str, n: int) -> None:
    """The loops a caller wrote before batch prefill: `prefill()` per subject, and `await run()` per subject."""
    import eformkit

    form = eformkit.load_form(FORM)
    engine = _engine(url, 0)
    engine.prefill(form, subject(1))  # plan and imports
    start = time.perf_counter()
    for i in range(n):
        engine.prefill(form, subject(i))
    blocking = time.perf_counter() - start

    async def loop() -> float:
        async with engine:
            await engine.run(form, subject(1))
            start = time.perf_counter()
            for i in range(n):
                await engine.run(form, subject(i))
            return time.perf_counter() - start

    print(json.dumps({"n": n, "blocking": blocking, "awaited": asyncio.run(loop())}))


def _child(*args: str) -> dict[str, Any]:
    out = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subjects", type=int, default=100_000, help="the large batch (default 100,000)")
    parser.add_argument("--small", type=int, default=10_000, help="the small batch (default 10,000)")
    parser.add_argument("--sequential", type=int, default=100, help="subjects for the sequential loops")
    parser.add_argument("--concurrency", type=int, default=200)
    parser.add_argument("--timeout", type=float, default=10.0,
                        help="the source's timeout in the batches (default 10 s: on a shared, loaded machine a "
                             "starved client would otherwise turn its own queueing into source timeouts)")  # fmt: skip
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, url, *rest = args.child
        if kind == "batch":
            child_batch(url, int(rest[0]), int(rest[1]), int(rest[2]), float(rest[3]))
        else:
            child_sequential(url, int(rest[0]))
        return 0
    sys.path.insert(0, str(Path(__file__).parent))
    from _loopback import loopback_source

    c, t = str(args.concurrency), str(args.timeout)
    load = os.getloadavg()[0]
    with loopback_source() as url:
        seq = _child("sequential", url, str(args.sequential))
        small = _child("batch", url, str(args.small), c, "0", t)
        large = _child("batch", url, str(args.subjects), c, "0", t)
        flaky = _child("batch", url, str(args.small), c, "50", t)
    per_s = {"blocking": args.sequential / seq["blocking"], "awaited": args.sequential / seq["awaited"]}
    print(f"loopback source answering in {DELAY_MS} ms; form CT01; one HTTP source; batch timeout {t} s; "
          f"load average {load:.1f} at start, {os.getloadavg()[0]:.1f} at end (2 cores)")  # fmt: skip
    print(f"sequential loop of engine.prefill() ({args.sequential} subjects): {per_s['blocking']:.1f} subjects/s")
    print(f"sequential loop of await engine.run() ({args.sequential} subjects): {per_s['awaited']:.1f} subjects/s")
    for r in (small, large):
        print(f"batch, concurrency {c}, {r['n']:,} subjects: {r['n'] / r['seconds']:.0f} subjects/s "
              f"({r['seconds']:.1f} s; client CPU {r['cpu'] / r['n'] * 1000:.2f} ms a subject), "
              f"peak RSS {r['peak']:.1f} MB (before the batch {r['before']:.1f} MB), "
              f"rows {r['rows']:,}, misplaced {r['misplaced']}, outcomes {r['outcomes']}")  # fmt: skip
    print(f"throughput, concurrency {c} / sequential prefill() loop: "
          f"{small['n'] / small['seconds'] / per_s['blocking']:.0f}x; / sequential run() loop: "
          f"{small['n'] / small['seconds'] / per_s['awaited']:.0f}x")  # fmt: skip
    print(f"peak RSS {large['n']:,} / {small['n']:,} subjects: {large['peak'] / small['peak']:.2f}x "
          f"({large['peak'] - small['peak']:+.1f} MB)")  # fmt: skip
    print(f"source failing 5 % of calls at random, {flaky['n']:,} subjects: rows {flaky['rows']:,}, "
          f"misplaced or duplicated {flaky['misplaced']}, outcomes after retries {flaky['outcomes']}")  # fmt: skip
    intact = all(r["rows"] == r["n"] and r["misplaced"] == 0 for r in (small, large, flaky))
    return 0 if intact else 1


if __name__ == "__main__":
    sys.exit(main())
