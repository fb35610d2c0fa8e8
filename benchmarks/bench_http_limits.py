"""HTTP connector answer limits (issue 11): peak memory of the client for a 1 KB answer, a 200 MB answer
(with its Content-Length, and chunked) and an endless chunked stream, each in a fresh process, against a
loopback source in another process. With the 1 MiB default limit the big ones must cost about what
the small one costs (flat memory) and end as `unavailable` at once, not at the timeout.

Run: ``python benchmarks/bench_http_limits.py`` (loopback only, about 10 s).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

CASES = ["kb", "big", "bigchunked", "endless"]
LABEL = {
    "kb": "1 KB answer",
    "big": "200 MB answer, Content-Length",
    "bigchunked": "200 MB answer, chunked",
    "endless": "endless chunked stream",
}


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def child(url: str, case: str) -> None:
    """One fetch in this fresh process; prints outcome, reason, seconds and peak RSS before/after."""
    from eformkit.prefill.base import call_connector
    from eformkit.prefill.connectors.http import connectors_from_yaml
    from eformkit.prefill.outcome import FetchRequest

    config = {"name": "src", "kind": "http_json", "endpoint": f"{url}/{case}/{{subject}}", "timeout": 10.0,
              "attributes": {"insurance_number": "$.bhxh.soThe"}}  # fmt: skip
    (connector,) = connectors_from_yaml({"connectors": [config]})
    request = FetchRequest("066190001234", frozenset({"insurance_number"}), "bench", 10.0)

    async def main() -> tuple[str, str, float, float]:
        await call_connector(connector, FetchRequest("warm", frozenset(), "bench", 10.0))  # imports, TLS, client
        before = _rss_mb()
        start = time.perf_counter()
        result = await call_connector(connector, request)
        seconds = time.perf_counter() - start
        await connector.aclose()
        return result.outcome.value, result.reason, before, seconds

    outcome, reason, before, seconds = asyncio.run(main())
    print(json.dumps({"outcome": outcome, "reason": reason, "seconds": seconds, "before": before,
                      "peak": _rss_mb()}))  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--child", nargs=2, metavar=("URL", "CASE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return 0
    sys.path.insert(0, str(Path(__file__).parent))
    from _loopback import loopback_source

    rows = {}
    with loopback_source() as url:
        for case in CASES:
            out = subprocess.run([sys.executable, __file__, "--child", url, case], capture_output=True, text=True,
                                 timeout=120, check=True)  # fmt: skip
            rows[case] = json.loads(out.stdout)
    base = rows["kb"]["peak"]
    print("HTTP connector, default limit 1 MiB; peak RSS of a fresh client process (MB)")
    print(f"{'answer':<32} {'outcome':<12} {'seconds':>8} {'peak MB':>8} {'vs 1 KB':>8}  reason")
    for case in CASES:
        r = rows[case]
        print(f"{LABEL[case]:<32} {r['outcome']:<12} {r['seconds']:>8.3f} {r['peak']:>8.1f} "
              f"{r['peak'] - base:>+8.1f}  {r['reason'] or '-'}")  # fmt: skip
    worst = max(rows[c]["peak"] - base for c in CASES)
    print(f"largest peak over the 1 KB answer: {worst:+.1f} MB (issue 11 before: 1.19 GB for 200 MB)")
    flat = worst < 16 and all(rows[c]["outcome"] == "unavailable" for c in CASES if c != "kb")
    return 0 if flat and rows["kb"]["outcome"] == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())
