"""Evaluation harness: blank detection P/R/F1 by encoding, label linking and naming accuracy.

Scores the labelled fixtures built by tests/convert (always) and the real templates in
../shared/templates (when that folder exists) against tests/convert/real_labels_independent, labels
written from the OOXML without the converter (seen since while improving it: see docs/converter.md).

    python benchmarks/score_conversion.py [--misses] [--labels DIR]

--labels DIR scores the real templates against the label files in DIR instead.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "convert"))

import conv_scoring
from conv_scoring import score_fixtures, score_real


def main() -> int:
    parser = argparse.ArgumentParser(description="Score the template converter against labelled blanks.")
    parser.add_argument("--misses", action="store_true", help="list every mismatch")
    parser.add_argument("--labels", type=Path, default=conv_scoring.REAL_LABELS,
                        help="folder of real-template label files (default: tests/convert/real_labels_independent)")
    args = parser.parse_args()
    show = args.misses
    labels = args.labels.resolve()
    if not labels.is_dir():
        parser.error(f"--labels: no such folder: {labels}")
    conv_scoring.REAL_LABELS = labels  # read by score_real(); the scoring itself is unchanged
    with tempfile.TemporaryDirectory() as tmp:
        fixtures = score_fixtures(Path(tmp))
    print(fixtures.table("Fixtures (built by tests/convert/conv_builder.py)"))
    if show:
        print("\n".join(f"    {m}" for m in fixtures.misses))
    real = score_real()
    if real is None:
        print("Real templates: ../shared/templates not present, skipped")
        return 0
    try:
        shown = labels.relative_to(Path(__file__).resolve().parents[1])
    except ValueError:
        shown = labels
    print(real.table(f"Real templates (../shared/templates vs {shown})"))
    if show:
        print("\n".join(f"    {m}" for m in real.misses))
    print(f"  targets: blank F1 >= 0.95 ({'met' if real.f1 >= 0.95 else 'NOT met'}), "
          f"naming accuracy >= 0.90 ({'met' if real.naming_accuracy >= 0.90 else 'NOT met'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
