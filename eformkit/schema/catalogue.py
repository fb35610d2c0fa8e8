"""The catalogue checker: every form under some paths, every finding, and the cross-form checks.

A thick library under the thin `eformkit check` command: `check_catalogue(paths)` returns a
`CheckResult`; reporters turn it into text, JSON, JUnit, GitHub annotations or SARIF.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from eformkit.errors import Finding, Severity
from eformkit.packs import Pack
from eformkit.schema.codes import make_finding
from eformkit.schema.form import Form, parse_form
from eformkit.schema.lints import run_lints

__all__ = ["UNREADABLE_CODES", "CheckResult", "check_catalogue", "discover_forms"]

# Findings that mean "this input could not be read at all": they make the run exit 2, not 1.
UNREADABLE_CODES = frozenset({"EFK-IO-001", "EFK-YAML-001", "EFK-YAML-006"})
_SKIP_DIRS = {".git", ".venv", "node_modules", "__pycache__", "build", "dist", ".mypy_cache", ".ruff_cache"}


@dataclass
class CheckResult:
    """What a catalogue check found."""

    files: list[str] = field(default_factory=list)
    forms: list[Form] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def unreadable(self) -> bool:
        return any(f.code in UNREADABLE_CODES for f in self.findings)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    def exit_code(self, fail_on: Severity = Severity.ERROR) -> int:
        """2 unreadable input, 1 findings at or above `fail_on`, else 0."""
        if self.unreadable:
            return 2
        if any(f.severity.rank >= fail_on.rank for f in self.findings):
            return 1
        return 0


def discover_forms(paths: Iterable[str | Path]) -> Iterator[Path]:
    """YAML files under `paths` (files are taken as given; directories are walked, sorted)."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
                for name in sorted(files):
                    if name.endswith((".yaml", ".yml")) and not name.startswith("."):
                        yield Path(root) / name
        else:
            yield path


def _sources(
    paths: Iterable[str | Path], texts: Iterable[tuple[str, bytes]]
) -> Iterator[tuple[str, bytes | OSError]]:
    for path in discover_forms(paths):
        try:
            yield str(path), path.read_bytes()
        except OSError as exc:
            yield str(path), exc
    yield from texts


def check_catalogue(
    paths: Iterable[str | Path], *, pack: Pack | None = None, texts: Iterable[tuple[str, bytes]] = ()
) -> CheckResult:
    """Check every form under `paths`, and each (name, content) of `texts` (e.g. standard input); report every
    finding, including duplicate ids across forms."""
    result = CheckResult()
    first_seen: dict[str, str] = {}
    for name, raw in _sources(paths, texts):
        result.files.append(name)
        if isinstance(raw, OSError):
            result.findings.append(make_finding("EFK-IO-001", file=name, detail=raw.strerror or str(raw)))
            continue
        form, findings = parse_form(raw, file=name, pack=pack)
        result.findings.extend(findings)
        if form is None:
            continue
        result.forms.append(form)
        result.findings.extend(run_lints(form))
        if form.id in first_seen:
            line, col = form.source_map.locate("/form") if form.source_map else (None, None)
            result.findings.append(
                make_finding(
                    "EFK-FORM-001",
                    file=name,
                    pointer="/form",
                    line=line,
                    column=col,
                    id=form.id,
                    other=first_seen[form.id],
                )
            )
        else:
            first_seen[form.id] = name
    result.findings.sort(key=lambda f: (f.file or "", f.line or 0, f.column or 0, f.code))
    return result
