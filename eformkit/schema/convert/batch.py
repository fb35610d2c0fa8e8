"""Batch mode: convert every template of a folder; one bad file is reported, never fatal."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from eformkit.schema.convert.errors import ConversionError
from eformkit.schema.convert.pipeline import ConversionResult, convert_template
from eformkit.schema.convert.reader import SUFFIXES
from eformkit.schema.convert.safety import DEFAULT_LIMITS, Limits

__all__ = ["BatchResult", "convert_folder"]

Progress = Callable[[int, int, Path], None]


@dataclass
class BatchResult:
    converted: dict[Path, Path] = field(default_factory=dict)  # template → written YAML
    failed: dict[Path, ConversionError] = field(default_factory=dict)
    results: dict[Path, ConversionResult] = field(default_factory=dict)


def convert_folder(
    folder: str | Path, out_dir: str | Path, progress: Progress | None = None, limits: Limits = DEFAULT_LIMITS
) -> BatchResult:
    """Convert the templates in `folder` (recursively) to `out_dir/<name>.yaml`; `progress(done, total, path)`."""
    root, out = Path(folder), Path(out_dir)
    templates = sorted(
        p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith("~$")
    )
    out.mkdir(parents=True, exist_ok=True)
    result = BatchResult()
    for done, path in enumerate(templates, start=1):
        try:
            converted = convert_template(path, limits=limits)
        except ConversionError as exc:
            result.failed[path] = exc
        else:
            target = out / (path.relative_to(root).with_suffix(".yaml").as_posix().replace("/", "__"))
            target.write_text(converted.yaml_text, encoding="utf-8")
            result.converted[path] = target
            result.results[path] = converted
        if progress is not None:
            progress(done, len(templates), path)
    return result
