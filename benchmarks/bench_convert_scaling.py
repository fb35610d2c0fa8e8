"""How converting a text template scales with its size: median time and peak memory at 0.1, 1 and 20 MB.

    python benchmarks/bench_convert_scaling.py [--runs N]

Each conversion runs in a fresh process (so its peak resident memory is its own), on a text template
made of the plain-text fixture's lines repeated to the size (a blank on almost every line: the dense,
slow case), on a 20 MB text with a single blank, and on the same lines as paragraphs of a .docx.
Printed per input: median wall and CPU seconds over the runs (CPU time is the steadier figure on a
shared machine), peak resident memory and its growth over the process after imports (vocabulary
loaded), fields found or the error code. Then the scaling figures: time and memory growth per MB
(flat = linear). Inputs over the default text limit (1 MiB) are refused up front; the 2 MB row raises
the limit to show the time per MB still holds.
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
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "convert" / "fixtures" / "04_text.yaml"
MB = 1_000_000
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _write(path: Path, size: int, kind: str) -> None:
    import yaml

    if kind == "docx":  # the same lines as paragraphs of a .docx (stored, not deflated: the text repeats)
        _write(path, size, "dense")
        lines = path.read_text(encoding="utf-8").splitlines()
        runs = "".join(f'<w:p><w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>' for line in lines)
        body = f'<w:document xmlns:w="{W}"><w:body>{runs}</w:body></w:document>'
        with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
            zf.writestr("word/document.xml", body)
        return
    if kind == "dense":
        body = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))["source"].encode("utf-8")
        data = (body * (size // len(body) + 1))[:size]
    else:  # one blank: plain prose lines, and a single dotted blank at the end
        line = "Công dân có quyền tự do đi lại và cư trú ở trong nước, có quyền ra nước ngoài.\n".encode()
        tail = "Họ và tên: ....................\n".encode()
        data = (line * ((size - len(tail)) // len(line) + 1))[: size - len(tail)] + tail
    path.write_bytes(data.decode("utf-8", "ignore").encode("utf-8"))


def _peak_mb() -> float:
    """This process's peak resident memory. VmHWM, not ru_maxrss: Linux carries ru_maxrss over an exec,
    so a child would start with the parent's peak (the parent builds the 20 MB inputs)."""
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def _child(path: str, max_text_bytes: int) -> None:
    from eformkit.packs import load_pack
    from eformkit.schema.convert import ConversionError, convert_template
    from eformkit.schema.convert.naming import naming_index
    from eformkit.schema.convert.safety import Limits

    vocabulary = load_pack("vn").vocabulary
    naming_index(vocabulary).match("Họ và tên")  # build the index before measuring
    baseline = _peak_mb()
    cpu = time.process_time()
    started = time.perf_counter()
    try:
        result = convert_template(path, vocabulary, Limits(max_text_bytes=max_text_bytes))
        outcome = f"{len(result.fields)} fields"
    except ConversionError as exc:
        outcome = f"refused {exc.code}"
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu
    peak = _peak_mb()
    print(json.dumps({"seconds": seconds, "cpu": cpu, "peak": peak, "baseline": baseline, "outcome": outcome}))


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
        ("docx 0.1 MB text", int(0.1 * MB), "docx", default),
        ("docx 1 MB text", 1 * MB, "docx", default),
    ]
    print(f"text limit {default} bytes; median of {args.runs} runs, each in a fresh process")
    print(f"{'input':<22}{'median s':>10}{'cpu s':>8}{'peak MB':>9}{'growth MB':>11}  outcome")
    rows: dict[str, tuple[int, float, float, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, size, kind, limit in cases:
            path = Path(tmp) / f"{kind}_{size}.{'docx' if kind == 'docx' else 'txt'}"
            _write(path, size, kind)
            runs = [_run(path, limit) for _ in range(args.runs)]
            seconds = statistics.median(float(str(r["seconds"])) for r in runs)
            cpu = statistics.median(float(str(r["cpu"])) for r in runs)
            peak = statistics.median(float(str(r["peak"])) for r in runs)
            growth = statistics.median(float(str(r["peak"])) - float(str(r["baseline"])) for r in runs)
            print(f"{name:<22}{seconds:>10.3f}{cpu:>8.3f}{peak:>9.0f}{growth:>11.0f}  {runs[0]['outcome']}")
            rows[name] = (size, seconds, cpu, growth)
            path.unlink()
    print("scaling (converted inputs): wall and CPU seconds per MB, memory growth per MB")
    converted = ("0.1 MB", "1 MB", "2 MB (limit raised)", "docx 0.1 MB text", "docx 1 MB text")
    for name in converted:
        size, seconds, cpu, growth = rows[name]
        mb = size / MB
        print(f"  {name:<22}{seconds / mb:>8.2f} s/MB{cpu / mb:>8.2f} cpu s/MB{growth / mb:>8.0f} MB/MB")
    for index, label in ((1, "wall"), (2, "cpu")):
        t01, t1, t2, d01, d1 = (rows[n][index] for n in converted)
        print(
            f"{label} time ratio 1 MB / 0.1 MB: {t1 / t01:.1f} (linear: 10); 2 MB / 1 MB: {t2 / t1:.2f} (linear: 2); "
            f"docx 1 MB / 0.1 MB: {d1 / d01:.1f} (linear: 10)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
