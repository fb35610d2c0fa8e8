"""Converter benchmark: median conversion time per template and per label mapping (time.perf_counter).

    python benchmarks/bench_convert.py

Templates: the real ones in ../shared/templates when present, else the fixtures built by
tests/convert. Label mapping is timed both warm (the index's cache) and cold (cache cleared each time).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "convert"))

from _timing import median_ms  # noqa: E402
from conv_builder import build, load_specs  # noqa: E402
from conv_scoring import templates_dir  # noqa: E402

from eformkit.packs import load_pack  # noqa: E402
from eformkit.schema.convert import convert_template  # noqa: E402
from eformkit.schema.convert.naming import NamingIndex  # noqa: E402

REPEATS = 30


def main() -> int:
    vocabulary = load_pack("vn").vocabulary
    index = NamingIndex(vocabulary)
    real = templates_dir()
    with tempfile.TemporaryDirectory() as tmp:
        templates = sorted(real.glob("*.docx")) if real.is_dir() else [build(s, Path(tmp)) for s in load_specs()]
        convert_template(templates[0], index)  # warm imports
        print(f"{'template':<28}{'fields':>8}{'median ms':>12}")
        labels: list[str] = []
        for path in templates:
            result = convert_template(path, index)
            labels.extend(f.label for f in result.fields if f.label)
            median = median_ms(lambda p=path: convert_template(p, index), REPEATS, warmup=0)
            print(f"{path.name[:27]:<28}{len(result.fields):>8}{median:>12.2f}")
    labels = sorted(set(labels))
    rounds = 200
    warm = median_ms(lambda: [index.match(label) for label in labels], rounds, warmup=0) * 1000 / len(labels)

    def cold() -> None:
        for label in labels:
            index._cache.clear()
            index.match(label)

    cold_us = median_ms(cold, 20, warmup=0) * 1000 / len(labels)
    print(f"label mapping over {len(labels)} distinct labels: median {warm:.2f} µs warm (cached), "
          f"{cold_us:.1f} µs cold (index built, cache cleared)")
    # absurd labels: work is capped (naming.MAX_LABEL), so a 1 MB label costs about what a 56 KB one does
    sentence = "Họ và tên người yêu cầu đề nghị cấp bản sao "
    timings = {}
    for size in (56_000, 1_000_000):
        label = (sentence * (size // len(sentence) + 1))[:size]

        def one(label: str = label) -> None:
            index._cache.clear()
            index.match(label)

        timings[size] = median_ms(one, 20, warmup=1)
    print(f"absurd labels (cold): 56 KB {timings[56_000]:.2f} ms, 1 MB {timings[1_000_000]:.2f} ms "
          f"(ratio {timings[1_000_000] / timings[56_000]:.1f} for 17.9x the text)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
