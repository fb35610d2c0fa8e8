"""`eformkit indicators` throughput: 10,000 generated dossier records read from JSON Lines and counted.

    python benchmarks/bench_indicators.py [N]

Prints the median time of a full run (read + parse + count + figures) over several runs, the records per
second it gives (target ≥ 100,000 records/s on the 2-core reference machine), and the split between
parsing the JSON and counting, so a regression can be placed.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _records import write
from _timing import median_ms

from eformkit.dossier.indicators import compute, read_records


def main(n: int = 10_000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = write(Path(tmp) / "records.jsonl", n)
        size = path.stat().st_size
        report = compute(read_records([path]))
        assert report.dossiers == n
        full = median_ms(lambda: compute(read_records([path])), runs=15, warmup=2)
        cpu = []
        for _ in range(7):  # CPU time of one run: what the run costs, apart from waiting for a busy machine
            start = time.process_time()
            compute(read_records([path]))
            cpu.append(time.process_time() - start)
        cpu_ms = statistics.median(cpu) * 1000
        parse = median_ms(lambda: [json.loads(line) for line in path.open("rb")], runs=15, warmup=2)
    print(f"{n} records, {size / n:.0f} bytes each on average ({size / 1e6:.1f} MB); "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")  # fmt: skip
    print(f"indicators over the file: median {full:.1f} ms -> {n / full * 1000:,.0f} records/s (target >= 100,000)")
    print(f"CPU time of a run: median {cpu_ms:.1f} ms -> {n / cpu_ms * 1000:,.0f} records per CPU-second")
    print(f"json.loads of every whole line instead: median {parse:.1f} ms -> {n / parse * 1000:,.0f} records/s; "
          f"reading only each line's head is {parse / full:.1f}x faster")  # fmt: skip
    o = report.overall
    print("figures: " + ", ".join(f"{c} {r.numerator}/{r.denominator}" for c, r in o.items()))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
