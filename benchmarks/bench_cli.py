"""Benchmark CLI start-up: `eformkit --version`, `--help`, `check` on one form, beside `python -c pass` and
check-jsonschema. A script, not a test.

    python benchmarks/bench_cli.py [--runs 15]

Each command runs as a fresh process, the commands in alternation (so a busy moment of the shared machine
hits them all alike); the figure is the median wall time, and the ratio is to `python -c pass` on the same
interpreter. Targets: `--version` and `--help` at most 3x `python -c pass`. The peers: `check-jsonschema
--version`, and `check-jsonschema --check-metaschema` on the CT01 compiled schema beside `eformkit check`
on the CT01 definition (when check-jsonschema is installed: it is in the dev extra).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORM = ROOT / "forms" / "vn.bca.ct01.yaml"


def _script(name: str) -> str | None:
    """The console script `name` beside this interpreter (the venv's), else on PATH."""
    local = Path(sys.executable).parent / name
    return str(local) if local.exists() else shutil.which(name)


def _time(argv: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} exited {done.returncode}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    eformkit, peer = _script("eformkit"), _script("check-jsonschema")
    if eformkit is None:
        raise SystemExit("eformkit is not installed in this environment (pip install -e .)")
    rows: list[tuple[str, list[str], str]] = [
        ("python -c pass", [sys.executable, "-c", "pass"], "1x"),
        ("eformkit --version", [eformkit, "--version"], "<= 3x"),
        ("eformkit --help", [eformkit, "--help"], "<= 3x"),
        ("eformkit check <CT01 form>", [eformkit, "check", str(FORM)], ""),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        if peer is not None:
            schema = Path(tmp) / "ct01.schema.json"
            compiled = subprocess.run([eformkit, "schema", str(FORM)], capture_output=True, check=True).stdout
            schema.write_bytes(compiled)
            json.loads(compiled)
            rows += [
                ("check-jsonschema --version", [peer, "--version"], "peer"),
                ("check-jsonschema --check-metaschema <CT01>", [peer, "--check-metaschema", str(schema)], "peer"),
            ]
        for _, argv, _ in rows:  # warm the file cache and the registry/bytecode caches once
            _time(argv)
        samples: dict[str, list[float]] = {name: [] for name, _, _ in rows}
        for _ in range(args.runs):
            for name, argv, _ in rows:
                samples[name].append(_time(argv))
    base = statistics.median(samples["python -c pass"])
    machine = f"Python {platform.python_version()}, {os.cpu_count()} CPU(s), {platform.machine()}"
    print(f"eformkit CLI start-up benchmark: {machine}")
    print(f"median wall time of {args.runs} runs per command, in alternation; ratio to `python -c pass`\n")
    print(f"{'command':<52}{'median':>10}{'ratio':>9}   target")
    for name, _, target in rows:
        median = statistics.median(samples[name])
        print(f"{name:<52}{median * 1000:>8.1f} ms{median / base:>8.1f}x   {target}")
    if peer is None:
        print("\n(check-jsonschema not installed: pip install -e '.[dev]' for the peer rows)")


if __name__ == "__main__":
    main()
