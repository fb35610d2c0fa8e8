"""How converting a text template scales with its size: median time and peak memory at 0.1, 1 and 20 MB.

    python benchmarks/bench_convert_scaling.py [--runs N]

Each conversion runs in a fresh process (so its peak resident memory is its own), on a text template
made of the plain-text fixture's lines repeated to the size (a blank on almost every line: the dense,
slow case), plus a 20 MB text with a single blank. Printed per size: median seconds over the runs,
peak resident memory and its growth over the process after imports (vocabulary loaded), fields found
or the error code. Then the scaling figures: time and memory growth per MB at each size (flat = linear).
Inputs over the default text limit (1 MiB) are refused up front; the 2 MB row raises the limit to show
the time per MB still holds past it.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "convert" / "fixtures" / "04_text.yaml"
MB = 1_000_000


def _write(path: Path, size: int, kind: str) -> None:
    import yaml

    if kind == "dense":
        body = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))["source"].encode("utf-8")
        data = (body * (size // len(body) + 1))[:size]
    else:  # one blank: plain prose lines, and a single dotted blank at the end
        line = "Công dân có quyền tự do đi lại và cư trú ở trong nước, có quyền ra nước ngoài.\n".encode()
        tail = "Họ và tên: ....................\n".encode()
        data = (line * ((size - len(tail)) // len(line) + 1))[: size - len(tail)] + tail
    path.write_bytes(data.decode("utf-8", "ignore").encode("utf-8"))


def _child(path: str, max_text_bytes: int) -> None:
    from eformkit.packs import load_pack
    from eformkit.schema.convert import ConversionError, convert_template
    from eformkit.schema.convert.naming import naming_index
    from eformkit.schema.convert.safety import Limits

    vocabulary = load_pack("vn").vocabulary
    naming_index(vocabulary).match("Họ và tên")  # build the index before measuring
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    try:
        result = convert_template(path, vocabulary, Limits(max_text_bytes=max_text_bytes))
        outcome = f"{len(result.fields)} fields"
    except ConversionError as exc:
        outcome = f"refused {exc.code}"
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak": peak, "baseline": baseline, "outcome": outcome}))


def _run(path: Path, max_text_bytes: int) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(path), str(max_text_bytes)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, object] = json.loads(out.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", nargs=2)
    args = parser.parse_args()
    if args.child:
        _child(args.child[0], int(args.child[1]))
        return 0
    from eformkit.schema.convert.safety import DEFAULT_LIMITS

    default = DEFAULT_LIMITS.max_text_bytes
    cases = [
        ("0.1 MB", int(0.1 * MB), "dense", default),
        ("1 MB", 1 * MB, "dense", default),
        ("2 MB (limit raised)", 2 * MB, "dense", 4 * MB),
        ("20 MB", 20 * MB, "dense", default),
        ("20 MB one blank", 20 * MB, "one_blank", default),
    ]
    print(f"text limit {default} bytes; median of {args.runs} runs, each in a fresh process")
    print(f"{'input':<22}{'median s':>10}{'peak MB':>9}{'growth MB':>11}  outcome")
    rows: dict[str, tuple[int, float, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, size, kind, limit in cases:
            path = Path(tmp) / f"{kind}_{size}.txt"
            _write(path, size, kind)
            runs = [_run(path, limit) for _ in range(args.runs)]
            seconds = statistics.median(float(str(r["seconds"])) for r in runs)
            peak = statistics.median(float(str(r["peak"])) for r in runs)
            growth = statistics.median(float(str(r["peak"])) - float(str(r["baseline"])) for r in runs)
            print(f"{name:<22}{seconds:>10.3f}{peak:>9.0f}{growth:>11.0f}  {runs[0]['outcome']}")
            rows[name] = (size, seconds, growth)
            path.unlink()
    print("scaling (converted inputs): seconds per MB and memory growth per MB")
    for name in ("0.1 MB", "1 MB", "2 MB (limit raised)"):
        size, seconds, growth = rows[name]
        print(f"  {name:<22}{seconds / (size / MB):>8.2f} s/MB{growth / (size / MB):>8.0f} MB/MB")
    t01, t1, t2 = (rows[n][1] for n in ("0.1 MB", "1 MB", "2 MB (limit raised)"))
    print(f"time ratio 1 MB / 0.1 MB: {t1 / t01:.1f} (linear: 10); 2 MB / 1 MB: {t2 / t1:.2f} (linear: 2)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
