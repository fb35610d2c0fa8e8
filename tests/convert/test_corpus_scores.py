"""The KLTN development corpus (../shared/corpus/kltn-dev) scored by its own score.py: binding precision,
in-vocabulary naming and blank F1 stay at the floors this branch reached. Skipped when the corpus is absent.

The scorer and its mapping tables are the corpus's, not the project's; this test only runs it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _corpus() -> Path | None:
    shared = os.environ.get("EFORMKIT_SHARED")
    for base in ([Path(shared)] if shared else []) + [ROOT / ".." / "shared", ROOT / ".." / ".." / "shared"]:
        if (base / "corpus" / "kltn-dev" / "score.py").is_file():
            return base / "corpus" / "kltn-dev"
    return None


CORPUS = _corpus()
_LINE = re.compile(
    r"^\[(\w+)\s*\] blanks P [\d.]+ R [\d.]+ F1 ([\d.]+) .*?naming in-vocab \d+/\d+ = ([\d.]+) .*?"
    r"binding precision \d+/\d+ = ([\d.]+) \| coverage \d+/\d+ = ([\d.]+)"
)


@pytest.mark.skipif(CORPUS is None, reason="../shared/corpus/kltn-dev not present")
def test_corpus_headline_floors() -> None:
    assert CORPUS is not None
    eformkit = Path(sys.executable).parent / "eformkit"
    if not eformkit.is_file():
        pytest.skip("no eformkit executable beside this Python")
    out = subprocess.run(
        [sys.executable, str(CORPUS / "score.py"), "--eformkit", str(eformkit), "--variants", "vtcd,orig"],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    ).stdout
    rows = {m.group(1): tuple(float(x) for x in m.groups()[1:]) for m in map(_LINE.match, out.splitlines()) if m}
    f1, in_vocab, precision, coverage = rows["vtcd"]
    assert f1 >= 0.99 and precision >= 0.98 and in_vocab >= 0.92 and coverage >= 0.70, out[-2000:]
    f1, _in_vocab, precision, coverage = rows["orig"]
    assert f1 >= 0.98 and precision >= 0.97 and coverage >= 0.70, out[-2000:]
