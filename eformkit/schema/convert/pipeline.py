"""`convert_template`: read → detect blanks → link labels → name → draft YAML, with a review report."""

from __future__ import annotations

import gc
import json
from bisect import bisect_right
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eformkit.schema.convert.addresses import group_addresses
from eformkit.schema.convert.blanks import Blank
from eformkit.schema.convert.detect import detect_blanks, notes_start
from eformkit.schema.convert.draft import draft_mapping, dump_yaml
from eformkit.schema.convert.fields import DraftField, build_fields
from eformkit.schema.convert.labels import link_labels
from eformkit.schema.convert.layout import Document, Paragraph
from eformkit.schema.convert.naming import NamingIndex, naming_index
from eformkit.schema.convert.officials import skip_official
from eformkit.schema.convert.reader import read_template
from eformkit.schema.convert.safety import DEFAULT_LIMITS, Limits
from eformkit.schema.convert.structure import Header, Section, footnotes, read_header, sections
from eformkit.schema.vocabulary import Vocabulary
from eformkit.text import fold

__all__ = ["ConversionReport", "ConversionResult", "convert_document", "convert_template"]


@dataclass
class ConversionReport:
    """Per field: confidence and why an author should look at it."""

    source: str
    fields: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def needs_review(self) -> int:
        return sum(1 for f in self.fields if f["needs_review"])

    def to_dict(self) -> dict[str, Any]:
        bound = sum(1 for f in self.fields if f["element"])
        return {
            "source": self.source,
            "fields": self.fields,
            "warnings": self.warnings,
            "summary": {"fields": len(self.fields), "bound": bound, "needs_review": self.needs_review},
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def to_text(self) -> str:
        lines = [
            f"{self.source}: {len(self.fields)} fields, {sum(1 for f in self.fields if f['element'])} bound, "
            f"{self.needs_review} to review / {len(self.fields)} trường, cần xem lại {self.needs_review}"
        ]
        for f in self.fields:
            mark = "?" if f["needs_review"] else " "
            target = f["element"] or f"({f['type'] or 'form field'})"
            lines.append(f" {mark} {f['id']:<32} {f['confidence']:.2f} {target:<36} {f['label'][:50]}")
            lines.extend(f"      = {item}" for item in f["evidence"])
            lines.extend(f"      - {reason}" for reason in f["needs_review"])
        lines.extend(f" ! {w}" for w in self.warnings)
        return "\n".join(lines) + "\n"


@dataclass
class ConversionResult:
    """A converted template: the draft YAML, its fields and the review report."""

    source: str
    yaml_text: str
    mapping: dict[str, Any]
    fields: list[DraftField]
    blanks: list[Blank]
    header: Header
    report: ConversionReport


def _captions(doc: Document, blanks: list[Blank]) -> dict[int, str]:
    out: dict[int, str] = {}
    for blank in blanks:
        if blank.encoding != "table_rows":
            continue
        for index in range(blank.block - 1, max(blank.block - 4, -1), -1):
            block = doc.blocks[index]
            if isinstance(block, Paragraph) and block.text.strip():
                out[blank.block] = " ".join(block.text.split())
                break
    return out


def _assign_sections(blanks: list[Blank], found: list[Section]) -> None:
    """Each blank goes under the last heading at or above it (`found` is in reading order)."""
    starts = [section.block for section in found]
    for blank in blanks:
        at = bisect_right(starts, blank.block)
        blank.section = (found[at - 1].title if at else "") or "main"


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a template converts (then restore it as it was).

    A conversion builds a large graph of small objects (runs, blanks, fields) that all stay alive until the
    draft is written. The collector would rescan that growing graph again and again and find nothing to
    free: about a third of a 1 MB text conversion (measured by benchmarks/bench_convert_scaling.py). Memory
    is still freed by reference counting; a cycle made meanwhile waits for the next collection."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def convert_document(
    doc: Document, vocabulary: Vocabulary | Mapping[str, Any] | NamingIndex | None = None, stem: str | None = None
) -> ConversionResult:
    """Convert an already-read document (any reader)."""
    with _collector_paused():
        return _convert(doc, vocabulary, stem)


def _convert(
    doc: Document, vocabulary: Vocabulary | Mapping[str, Any] | NamingIndex | None, stem: str | None
) -> ConversionResult:
    if vocabulary is None:
        from eformkit.packs import load_pack

        vocabulary = load_pack("vn").vocabulary
    index = naming_index(vocabulary)
    blanks = detect_blanks(doc)
    stop = notes_start(doc)
    notes = footnotes([p for b in doc.blocks[stop:] for p in ([b] if isinstance(b, Paragraph) else b.paragraphs())])
    notes.update(doc.footnotes)
    link_labels(blanks, notes)
    first = min((b.block for b in blanks), default=len(doc.blocks))
    header = read_header(doc, first)
    title_key = fold(header.title or "")
    start = 0
    for i, block in enumerate(doc.blocks[: first + 1]):
        if isinstance(block, Paragraph) and title_key and fold(block.text) and title_key.endswith(fold(block.text)):
            start = i + 1
    found = sections(doc, start, stop, {b.block for b in blanks})
    blanks, skipped = skip_official(doc, blanks, found, stop, index)
    grouped = group_addresses(blanks, doc, index)
    _assign_sections(grouped, found)
    fields = build_fields(grouped, index, notes, _captions(doc, grouped), doc)
    name = stem or Path(doc.source).stem
    mapping = draft_mapping(fields, header, found, name)
    report = ConversionReport(source=doc.source, warnings=[*doc.warnings, *skipped.warnings()])
    for f in fields:
        report.fields.append(
            {
                "id": f.id,
                "label": f.label,
                "number": f.number,
                "element": f.element,
                "type": f.type,
                "confidence": round(f.confidence, 3),
                "encoding": f.blank.encoding,
                "evidence": list(f.evidence),
                "suggestion": f.suggestion,
                "needs_review": list(f.reasons),
            }
        )
    return ConversionResult(
        source=doc.source,
        yaml_text=dump_yaml(mapping),
        mapping=mapping,
        fields=fields,
        blanks=blanks,
        header=header,
        report=report,
    )


def convert_template(
    path: str | Path,
    vocabulary: Vocabulary | Mapping[str, Any] | NamingIndex | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> ConversionResult:
    """Convert a Word (.docx/.doc), HTML or text template into a draft form definition.

    Raises `ConversionError` (stable `code`, Vietnamese and English messages) for unreadable input.
    """
    path = Path(path)
    with _collector_paused():
        return convert_document(read_template(path, limits), vocabulary, path.stem)
