"""Scoring of the converter against labelled blanks: detection P/R/F1 by encoding, linking, naming.

A predicted blank matches a labelled one when both sit in the same top-level block with the same
encoding (the count per block and encoding is matched, then pairs are aligned in reading order).
Labels compare on folded keys; names compare element ids (None = correctly left unbound).
An address field counts once per printed part: each part blank is detected at its own block and
encoding, its label is the part's printed label ("Xã"), and it is named right when the address field
it belongs to carries the labelled element.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eformkit.schema.convert import ConversionResult, convert_template
from eformkit.text import fold


@dataclass
class Score:
    tp: defaultdict[str, int] = field(default_factory=lambda: defaultdict(int))
    fp: defaultdict[str, int] = field(default_factory=lambda: defaultdict(int))
    fn: defaultdict[str, int] = field(default_factory=lambda: defaultdict(int))
    label_ok: int = 0
    label_n: int = 0
    name_ok: int = 0
    name_n: int = 0
    in_vocab: list[int] = field(default_factory=lambda: [0, 0])  # correct, total (truth bound)
    out_vocab: list[int] = field(default_factory=lambda: [0, 0])  # correct, total (truth unbound)
    misses: list[str] = field(default_factory=list)

    def add(self, result: ConversionResult, expected: list[dict[str, Any]], name: str) -> None:
        predicted: defaultdict[tuple[int, str], list[tuple[Any, str, str | None]]] = defaultdict(list)
        for f in result.fields:
            element = f.element or f.rows_prefill
            # an address field counts once per printed part: each part is a blank of its own encoding, with
            # its own printed label, named right when the address field it belongs to has the right element
            for blank in f.blank.pieces or [f.blank]:
                label = blank.label if f.blank.pieces else f.label
                predicted[(blank.block, blank.encoding)].append((blank, label, element))
        truth: defaultdict[tuple[int, str], list[dict[str, Any]]] = defaultdict(list)
        for item in expected:
            truth[(int(item["block"]), str(item["encoding"]))].append(item)
        for key in set(predicted) | set(truth):
            got, want = predicted.get(key, []), truth.get(key, [])
            enc = key[1]
            self.tp[enc] += min(len(got), len(want))
            self.fp[enc] += max(0, len(got) - len(want))
            self.fn[enc] += max(0, len(want) - len(got))
            if len(got) != len(want):
                self.misses.append(f"{name} block {key[0]} {enc}: predicted {len(got)}, labelled {len(want)}")
            for (_blank, label, element), item in zip(got, want, strict=False):
                self.label_n += 1
                if fold(label) == fold(item.get("label") or ""):
                    self.label_ok += 1
                else:
                    self.misses.append(f"{name} block {key[0]} label {label!r} != {item.get('label')!r}")
                self.name_n += 1
                bucket = self.in_vocab if item.get("element") else self.out_vocab
                bucket[1] += 1
                if element == item.get("element"):
                    self.name_ok += 1
                    bucket[0] += 1
                else:
                    self.misses.append(f"{name} block {key[0]} {label!r}: {element} != {item.get('element')}")

    def rows(self) -> list[tuple[str, int, int, int, float, float, float]]:
        out = []
        for enc in sorted(set(self.tp) | set(self.fp) | set(self.fn)):
            tp, fp, fn = self.tp[enc], self.fp[enc], self.fn[enc]
            out.append((enc, tp, fp, fn, *_prf(tp, fp, fn)))
        tp, fp, fn = sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values())
        out.append(("ALL", tp, fp, fn, *_prf(tp, fp, fn)))
        return out

    @property
    def f1(self) -> float:
        return self.rows()[-1][6]

    @property
    def naming_accuracy(self) -> float:
        return self.name_ok / self.name_n if self.name_n else 1.0

    @property
    def label_accuracy(self) -> float:
        return self.label_ok / self.label_n if self.label_n else 1.0

    def table(self, title: str) -> str:
        lines = [f"{title}", f"  {'encoding':<16}{'TP':>5}{'FP':>5}{'FN':>5}{'P':>8}{'R':>8}{'F1':>8}"]
        for enc, tp, fp, fn, p, r, f in self.rows():
            lines.append(f"  {enc:<16}{tp:>5}{fp:>5}{fn:>5}{p:>8.3f}{r:>8.3f}{f:>8.3f}")
        lines.append(f"  label linking accuracy: {self.label_accuracy:.3f} ({self.label_ok}/{self.label_n})")
        lines.append(f"  naming accuracy:        {self.naming_accuracy:.3f} ({self.name_ok}/{self.name_n}); "
                     f"in-vocabulary {self.in_vocab[0]}/{self.in_vocab[1]}, "
                     f"out-of-vocabulary kept unbound {self.out_vocab[0]}/{self.out_vocab[1]}")
        return "\n".join(lines)


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_fixtures(folder: Path) -> Score:
    from conv_builder import build, load_specs

    score = Score()
    for spec in load_specs():
        score.add(convert_template(build(spec, folder)), spec["expected"], spec["name"])
    return score


# Labels written from the OOXML without the converter (see their header comments). They were seen while
# the address, English date, official-area and caption rules were written: not a blind test set any more.
REAL_LABELS = Path(__file__).resolve().parent / "real_labels_independent"


def templates_dir() -> Path:
    """../shared/templates beside the repository (absent on machines without it); EFORMKIT_SHARED names
    another shared folder (a git worktree sits one level deeper than the main checkout)."""
    shared = os.environ.get("EFORMKIT_SHARED")
    return Path(shared) / "templates" if shared else Path(__file__).resolve().parents[2] / ".." / "shared" / "templates"


def score_real() -> Score | None:
    import yaml

    folder = templates_dir()
    if not folder.is_dir():
        return None
    score = Score()
    for labels in sorted(REAL_LABELS.glob("*.yaml")):
        spec = yaml.safe_load(labels.read_text(encoding="utf-8"))
        path = folder / spec["file"]
        if path.exists():
            score.add(convert_template(path), spec["blanks"], spec["file"])
    return score
