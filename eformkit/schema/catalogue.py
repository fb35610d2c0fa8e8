"""The catalogue checker: every form under some paths, every finding, and the cross-form checks.

A thick library under the thin `eformkit check` command: `check_catalogue(paths)` returns a
`CheckResult`; reporters turn it into text, JSON, JUnit, GitHub annotations or SARIF.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from eformkit.batch.runner import Scheduler, iter_tasks
from eformkit.errors import Finding, Severity
from eformkit.packs import Pack, load_pack
from eformkit.schema.codes import make_finding
from eformkit.schema.form import Form, parse_form
from eformkit.schema.lints import run_lints

__all__ = ["UNREADABLE_CODES", "CheckResult", "check_catalogue", "discover_forms"]

# Findings that mean "this input could not be read at all": they make the run exit 2, not 1.
UNREADABLE_CODES = frozenset({"EFK-IO-001", "EFK-YAML-001", "EFK-YAML-006"})
_WAVE = 2048  # files read into memory at once when checking on workers
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


@dataclass(frozen=True)
class _Source:
    name: str
    raw: bytes | OSError
    pack: Pack | str | None  # for a worker, the pack's name: it loads it once, it is not shipped with every file


@dataclass
class _Checked:
    """One file's own findings, and what the cross-file checks need of it."""

    name: str
    findings: list[Finding]
    form_id: str | None = None
    form_at: tuple[int | None, int | None] = (None, None)
    form: Form | None = None  # kept in this process only: a worker's forms stay in the worker


def _check_one(source: _Source) -> _Checked:
    """The per-file part of the check: parse, resolve, lint (runs in a worker with jobs > 1 or on Dask)."""
    name, raw = source.name, source.raw
    if isinstance(raw, OSError):
        return _Checked(name, [make_finding("EFK-IO-001", file=name, detail=raw.strerror or str(raw))])
    pack = load_pack(source.pack) if isinstance(source.pack, str) else source.pack
    form, findings = parse_form(raw, file=name, pack=pack)
    if form is None:
        return _Checked(name, findings)
    findings.extend(run_lints(form))
    at = form.source_map.locate("/form") if form.source_map else (None, None)
    return _Checked(name, findings, form.id, at, form)


def _check_remote(source: _Source) -> _Checked:
    checked = _check_one(source)
    checked.form = None
    return checked


def check_catalogue(
    paths: Iterable[str | Path],
    *,
    pack: Pack | None = None,
    texts: Iterable[tuple[str, bytes]] = (),
    jobs: int = 1,
    scheduler: Scheduler | None = None,
) -> CheckResult:
    """Check every form under `paths`, and each (name, content) of `texts` (e.g. standard input); report every
    finding, including duplicate ids across forms.

    With `jobs` > 1 (local processes) or a Dask `scheduler`, each file is checked in a worker and the
    cross-file checks run here, in file order: the findings are the same, in the same order. `forms` is
    then left empty (the forms stay in the workers).
    """
    result = CheckResult()
    first_seen: dict[str, str] = {}
    local = jobs <= 1 and scheduler is None
    shipped_pack = pack if local or pack is None else pack.name  # a worker loads a registered pack by name
    sources = (_Source(name, raw, shipped_pack) for name, raw in _sources(paths, texts))
    while wave := list(itertools.islice(sources, _WAVE)):
        checked: Iterable[_Checked] = (
            map(_check_one, wave) if local else iter_tasks(_check_remote, wave, jobs=jobs, scheduler=scheduler)
        )
        for one in checked:
            result.files.append(one.name)
            result.findings.extend(one.findings)
            if one.form is not None:
                result.forms.append(one.form)
            if one.form_id is None:
                continue
            if one.form_id in first_seen:
                line, col = one.form_at
                result.findings.append(
                    make_finding(
                        "EFK-FORM-001",
                        file=one.name,
                        pointer="/form",
                        line=line,
                        column=col,
                        id=one.form_id,
                        other=first_seen[one.form_id],
                    )
                )
            else:
                first_seen[one.form_id] = one.name
    result.findings.sort(key=lambda f: (f.file or "", f.line or 0, f.column or 0, f.code))
    return result
