"""Batch benchmarks (issue 16), ratios measured side by side in one run. A script, not a test: printed, never asserted.

    python benchmarks/bench_batch.py [--templates 300] [--docs 50] [--forms 1000] [--runs 3]

1. `convert_folder` over generated templates (the converter fixtures, copied under distinct names),
   `jobs=2` vs `jobs=1`, runs alternated, drafts compared;
2. `.doc` files (made from the fixtures by LibreOffice): one LibreOffice for the batch (`convert_folder`)
   vs one LibreOffice per file (`convert_template` each), drafts compared; skipped without LibreOffice;
3. `check_catalogue` over generated forms (benchmarks/_gen.py), `jobs=2` vs `jobs=1`, findings compared.
Medians of wall time; the CPU count and load average are printed, because the machine is shared.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests" / "convert"))

from _gen import write_forms  # noqa: E402
from conv_builder import build, load_specs  # noqa: E402

from eformkit.schema.catalogue import check_catalogue  # noqa: E402
from eformkit.schema.convert import convert_folder, convert_template  # noqa: E402
from eformkit.schema.convert.doc_reader import find_soffice  # noqa: E402


def machine() -> str:
    load = os.getloadavg()
    return f"{os.cpu_count()} CPUs, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the pool's workers)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def side_by_side(one: Callable[[], object], two: Callable[[], object], runs: int) -> tuple[float, float, str]:
    """Median seconds of `one` and `two`, run alternately so that both see the same machine load; and a line
    with their median CPU seconds (the same work on both sides means the wall-time ratio is the scaling)."""
    a, b, cpu_a, cpu_b = [], [], [], []
    for _ in range(runs):
        for fn, times, cpu in ((one, a, cpu_a), (two, b, cpu_b)):
            start, start_cpu = time.perf_counter(), cpu_seconds()
            fn()
            times.append(time.perf_counter() - start)
            cpu.append(cpu_seconds() - start_cpu)
    cpu_line = f"  CPU s (all processes): {statistics.median(cpu_a):.2f} vs {statistics.median(cpu_b):.2f}"
    return statistics.median(a), statistics.median(b), cpu_line


def drafts(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.yaml"))}


def bench_convert(tmp: Path, count: int, runs: int) -> None:
    src = tmp / "templates"
    src.mkdir()
    built = [build(spec, tmp) for spec in load_specs()]
    for i in range(count):
        model = built[i % len(built)]
        shutil.copy(model, src / f"t{i:04d}_{model.name}")
    one = lambda: convert_folder(src, tmp / "one", jobs=1, force=True)  # noqa: E731
    two = lambda: convert_folder(src, tmp / "two", jobs=2, force=True)  # noqa: E731
    t1, t2, cpu_line = side_by_side(one, two, runs)
    same = drafts(tmp / "one") == drafts(tmp / "two")
    print(f"convert {count} templates: --jobs 1 {t1:.2f} s, --jobs 2 {t2:.2f} s, speed-up {t1 / t2:.2f}x "
          f"(median of {runs}); same drafts: {same} ({len(drafts(tmp / 'two'))} drafts)")  # fmt: skip
    print(cpu_line)


def bench_doc(tmp: Path, count: int) -> None:
    exe = find_soffice()
    if exe is None:
        print("doc: LibreOffice is not installed: skipped")
        return
    models = [build(spec, tmp) for spec in load_specs() if spec["format"] == "docx"]
    made = tmp / "made"
    profile = (tmp / "profile").as_uri()
    subprocess.run([exe, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "doc", "--outdir",
                    str(made), *map(str, models)], check=True, capture_output=True, timeout=600)  # fmt: skip
    docs = tmp / "docs"
    docs.mkdir()
    legacy = sorted(made.glob("*.doc"))
    for i in range(count):
        shutil.copy(legacy[i % len(legacy)], docs / f"d{i:03d}_{legacy[i % len(legacy)].name}")
    start = time.perf_counter()
    per_file = {p.with_suffix(".yaml").name: convert_template(p).yaml_text.encode() for p in sorted(docs.glob("*"))}
    t_each = time.perf_counter() - start
    start = time.perf_counter()
    batch = convert_folder(docs, tmp / "doc-drafts", jobs=1, force=True)
    t_once = time.perf_counter() - start
    same = per_file == drafts(tmp / "doc-drafts")
    print(f"{count} .doc files: one LibreOffice per file {t_each:.1f} s, one reused LibreOffice {t_once:.1f} s, "
          f"speed-up {t_each / t_once:.1f}x; same drafts: {same} ({len(batch.converted)} converted, "
          f"{len(batch.failed)} failed)")  # fmt: skip


def bench_check(tmp: Path, count: int, runs: int) -> None:
    folder = tmp / "forms"
    write_forms(folder, count)
    check_catalogue([folder / "form_00000.yaml"])  # warm imports and the pack
    results = {}
    one = lambda: results.__setitem__(1, check_catalogue([folder], jobs=1))  # noqa: E731
    two = lambda: results.__setitem__(2, check_catalogue([folder], jobs=2))  # noqa: E731
    t1, t2, cpu_line = side_by_side(one, two, runs)
    same = results[1].findings == results[2].findings and results[1].files == results[2].files
    print(f"check {count} forms: --jobs 1 {t1:.2f} s, --jobs 2 {t2:.2f} s, speed-up {t1 / t2:.2f}x "
          f"(median of {runs}); identical findings: {same} ({len(results[2].findings)} findings)")  # fmt: skip
    print(cpu_line)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--templates", type=int, default=300)
    parser.add_argument("--docs", type=int, default=50)
    parser.add_argument("--forms", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("convert", "check", "doc"):
            (Path(tmp) / name).mkdir()
        bench_convert(Path(tmp) / "convert", args.templates, args.runs)
        bench_check(Path(tmp) / "check", args.forms, args.runs)
        bench_doc(Path(tmp) / "doc", args.docs)
    print(f"machine at the end: {machine()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
