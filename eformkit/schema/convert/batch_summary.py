"""The summary of a batch conversion: one row per template (fields, bound, to review, or its coded error),
as text, JSON or CSV. No timings in it: the same folder gives the same summary, on any number of workers."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eformkit.schema.convert.errors import ConversionError

__all__ = ["BatchResult", "TemplateRow"]

_COLUMNS = ("template", "status", "draft", "fields", "bound", "to_review", "error", "message")


@dataclass
class TemplateRow:
    """What happened to one template: `converted`, `skipped` (its draft is newer) or `failed`."""

    template: str  # relative to the folder converted
    status: str
    draft: str | None = None  # relative to the output folder
    fields: int | None = None
    bound: int | None = None
    to_review: int | None = None
    error: ConversionError | None = None

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        out: dict[str, Any] = {k: getattr(self, k) for k in _COLUMNS[:6]}
        out["error"] = self.error.code if self.error else None
        out["message"] = (self.error.message_vi if lang == "vi" else self.error.message_en) if self.error else None
        return out


@dataclass
class BatchResult:
    """Every template of a batch in folder order, with the drafts written and the errors."""

    rows: list[TemplateRow] = field(default_factory=list)
    converted: dict[Path, Path] = field(default_factory=dict)  # template → draft written in this run
    failed: dict[Path, ConversionError] = field(default_factory=dict)
    skipped: list[Path] = field(default_factory=list)  # drafts newer than their templates, kept

    def totals(self) -> dict[str, int]:
        return {
            "templates": len(self.rows),
            "converted": len(self.converted),
            "skipped": len(self.skipped),
            "failed": len(self.failed),
            "fields": sum(r.fields or 0 for r in self.rows),
            "bound": sum(r.bound or 0 for r in self.rows),
            "to_review": sum(r.to_review or 0 for r in self.rows),
        }

    def to_json(self, lang: str = "en") -> str:
        document = {"templates": [r.to_dict(lang) for r in self.rows], "totals": self.totals()}
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"

    def to_csv(self, lang: str = "en") -> str:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in self.rows:
            writer.writerow({k: "" if v is None else v for k, v in row.to_dict(lang).items()})
        return buffer.getvalue()

    def to_text(self, lang: str = "en") -> str:
        lines = []
        for row in self.rows:
            if row.error is not None:
                message = row.error.message_vi if lang == "vi" else row.error.message_en
                lines.append(f"{row.template}: {row.error.code} {message}")
            elif row.status == "skipped":
                lines.append(f"{row.template}: skipped, draft is up to date / bỏ qua, bản nháp đã mới")
            else:
                lines.append(f"{row.template}: {row.fields} fields, {row.bound} bound, {row.to_review} to review")
        t = self.totals()
        lines.append(
            f"{t['templates']} templates: {t['converted']} converted, {t['skipped']} skipped, {t['failed']} failed; "
            f"{t['fields']} fields, {t['bound']} bound, {t['to_review']} to review / "
            f"{t['templates']} mẫu: {t['converted']} đã chuyển, {t['skipped']} bỏ qua, {t['failed']} lỗi"
        )
        return "\n".join(lines) + "\n"
