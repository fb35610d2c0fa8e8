"""Evaluation harness: blank detection P/R/F1 by encoding, label linking and naming accuracy.

Scores the labelled fixtures built by tests/convert (always) and the real templates in
../shared/templates against tests/convert/real_labels (when that folder exists).

    python benchmarks/score_conversion.py [--misses]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "convert"))

from conv_scoring import score_fixtures, score_real


def main() -> int:
    show = "--misses" in sys.argv
    with tempfile.TemporaryDirectory() as tmp:
        fixtures = score_fixtures(Path(tmp))
    print(fixtures.table("Fixtures (built by tests/convert/conv_builder.py)"))
    if show:
        print("\n".join(f"    {m}" for m in fixtures.misses))
    real = score_real()
    if real is None:
        print("Real templates: ../shared/templates not present, skipped")
        return 0
    print(real.table("Real templates (../shared/templates vs tests/convert/real_labels)"))
    if show:
        print("\n".join(f"    {m}" for m in real.misses))
    print(f"  targets: blank F1 >= 0.95 ({'met' if real.f1 >= 0.95 else 'NOT met'}), "
          f"naming accuracy >= 0.90 ({'met' if real.naming_accuracy >= 0.90 else 'NOT met'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
