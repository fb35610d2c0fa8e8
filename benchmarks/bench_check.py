"""Benchmark the form pipeline and the catalogue checker. A script, not a test: timings are printed, never asserted.

    python benchmarks/bench_check.py [--runs 300] [--forms 1000] [--check-runs 3] [--profile]

1. load+compile one catalogue form, warm: `load_form(path)`, `form.json_schema()`, `form.ui_schema()`
   (forms/vn.bca.ct01.yaml when it exists, else the largest valid test fixture), with the stages apart;
2. `eformkit check` over 1,000 generated forms (benchmarks/_gen.py, ~30 fields each with bindings, lists,
   conditions) in a temporary folder: the library call `check_catalogue` in this (warm) process, and the
   CLI in a fresh subprocess (imports and pack loading included).
Every figure is a median. `--profile` adds cProfile listings of both.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import platform
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from _gen import write_forms  # noqa: E402
from _timing import median_ms  # noqa: E402

from eformkit import load_form  # noqa: E402
from eformkit.packs import load_pack  # noqa: E402
from eformkit.schema.catalogue import check_catalogue  # noqa: E402
from eformkit.schema.compiler import compile_json_schema, compile_ui_schema  # noqa: E402
from eformkit.schema.definition import FormDefinition  # noqa: E402
from eformkit.schema.resolve import resolve  # noqa: E402
from eformkit.schema.source_map import load_yaml  # noqa: E402


def pick_form() -> Path:
    ct01 = ROOT / "forms" / "vn.bca.ct01.yaml"
    if ct01.exists():
        return ct01
    fixtures = sorted((ROOT / "tests" / "fixtures" / "forms" / "valid").glob("*.yaml"), key=lambda p: p.stat().st_size)
    return fixtures[-1]


def load_and_compile(path: Path) -> None:
    form = load_form(path)
    form.json_schema()
    form.ui_schema()


def stages(path: Path, runs: int) -> list[tuple[str, float]]:
    raw = path.read_bytes()
    pack = load_pack("vn")
    data, smap, _ = load_yaml(raw, str(path))
    definition = FormDefinition.model_validate(data)
    resolved = resolve(definition, pack, smap)
    form = load_form(path)
    return [
        ("read file", median_ms(path.read_bytes, runs)),
        ("parse YAML with positions", median_ms(lambda: load_yaml(raw, str(path)), runs)),
        ("validate the pydantic model", median_ms(lambda: FormDefinition.model_validate(data), runs)),
        ("resolve against the pack", median_ms(lambda: resolve(definition, pack, smap), runs)),
        ("compile JSON Schema", median_ms(lambda: compile_json_schema(resolved), runs)),
        ("compile UI schema", median_ms(lambda: compile_ui_schema(resolved), runs)),
        ("copy out json_schema() + ui_schema()", median_ms(lambda: (form.json_schema(), form.ui_schema()), runs)),
    ]


def time_check_library(folder: Path, runs: int) -> tuple[float, int, int]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = check_catalogue([folder])
        times.append(time.perf_counter() - start)
    assert result is not None
    return statistics.median(times), len(result.files), len(result.findings)


def time_check_cli(folder: Path, runs: int) -> tuple[float, int]:
    times, code = [], -1
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "eformkit", "check", str(folder)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        times.append(time.perf_counter() - start)
        code = done.returncode
    return statistics.median(times), code


def profile(fn: Callable[[], object], title: str, limit: int = 25) -> None:
    print(f"\n--- cProfile: {title} (sorted by cumulative time) ---")
    profiler = cProfile.Profile()
    profiler.enable()
    fn()
    profiler.disable()
    pstats.Stats(profiler).strip_dirs().sort_stats("cumulative").print_stats(limit)
    pstats.Stats(profiler).strip_dirs().sort_stats("tottime").print_stats(limit)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=300, help="runs for the per-form medians")
    parser.add_argument("--forms", type=int, default=1000, help="generated forms for the catalogue check")
    parser.add_argument("--check-runs", type=int, default=3, help="runs for the catalogue-check medians")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    path = pick_form()
    machine = f"Python {platform.python_version()}, {os.cpu_count()} CPU(s), {platform.machine()}"
    print(f"eformkit check benchmark: {machine}")
    form = load_form(path)
    print(f"\nload+compile {path.relative_to(ROOT)} ({len(form.fields())} fields), warm, median of {args.runs}:")
    total = median_ms(lambda: load_and_compile(path), args.runs)
    print(f"  load_form + json_schema() + ui_schema()    {total:8.3f} ms   (target <= 5 ms)")
    for name, ms in stages(path, args.runs):
        print(f"    {name:<40} {ms:8.3f} ms")

    with tempfile.TemporaryDirectory(prefix="eformkit-bench-") as tmp:
        folder = Path(tmp) / "forms"
        write_forms(folder, args.forms)
        sample = load_form(folder / "form_00000.yaml")
        print(
            f"\neformkit check over {args.forms:,} generated forms "
            f"(~{len([f for f in sample.fields() if not f.in_table])} fields each, "
            f"{len(sample.bindings())} bindings), median of {args.check_runs}:"
        )
        seconds, files, findings = time_check_library(folder, args.check_runs)
        print(f"  check_catalogue (library, warm process)    {seconds:8.3f} s    (target <= 10 s)")
        print(f"    {files} files, {findings} findings, {seconds / files * 1000:.2f} ms per form")
        seconds, code = time_check_cli(folder, args.check_runs)
        print(f"  eformkit check (CLI subprocess, cold)      {seconds:8.3f} s    (exit code {code})")
        if args.profile:
            profile(lambda: [load_and_compile(path) for _ in range(100)], f"100 x load+compile {path.name}")
            profile(lambda: check_catalogue([folder]), f"check_catalogue over {args.forms} forms")


if __name__ == "__main__":
    main()
