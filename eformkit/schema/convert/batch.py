"""Batch mode: convert every template of a folder, on a process pool or a Dask cluster.

Legacy .doc/.rtf files go first through one LibreOffice process for the whole batch (doc_reader);
then each template is converted by a worker from its bytes (so Dask workers need no shared disk) and the
drafts are written here, in folder order. Templates are handled in waves, so memory does not grow
with the folder. Resumable: a draft newer than its template is kept unless `force`. One bad file never
stops the batch: its coded error is in the summary.
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from eformkit.batch.runner import Scheduler, iter_tasks
from eformkit.schema.convert.batch_summary import BatchResult, TemplateRow
from eformkit.schema.convert.doc_reader import TIMEOUT_S, office_to_docx
from eformkit.schema.convert.errors import ConversionError
from eformkit.schema.convert.pipeline import convert_document
from eformkit.schema.convert.reader import SUFFIXES, needs_office, read_template_bytes
from eformkit.schema.convert.safety import DEFAULT_LIMITS, Limits, read_limited

__all__ = ["BatchResult", "TemplateRow", "convert_folder", "find_templates"]

Progress = Callable[[int, int], None]  # (done, total)
_WAVE = 256  # templates read into memory at once


@dataclass(frozen=True)
class _Task:
    name: str  # the template's path relative to the folder
    data: bytes  # the template, or the .docx LibreOffice made of it
    limits: Limits


@dataclass(frozen=True)
class _Done:
    name: str
    yaml_text: str | None
    counts: tuple[int, int, int] = (0, 0, 0)  # fields, bound, to review
    error: ConversionError | None = None


def find_templates(folder: Path) -> list[Path]:
    """The templates under `folder`, recursively, sorted; Word's lock files (~$…) left out."""
    return sorted(
        p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith("~$")
    )


def _convert(task: _Task) -> _Done:
    """Convert one template (runs in a worker)."""
    filename = Path(task.name).name
    try:
        result = convert_document(read_template_bytes(task.data, filename, task.limits), stem=Path(filename).stem)
    except ConversionError as exc:
        return _Done(task.name, None, error=exc)
    except Exception as exc:  # a converter bug on one file never stops the batch; the type only, no content
        return _Done(task.name, None, error=ConversionError("EFK-CONV-013", file=filename, detail=type(exc).__name__))
    summary = result.report.to_dict()["summary"]
    return _Done(task.name, result.yaml_text, (summary["fields"], summary["bound"], summary["needs_review"]))


def _draft_names(root: Path, templates: list[Path]) -> dict[Path, str]:
    """Each template's draft file name: `a/b.docx` → `a__b.yaml`. Names that would clash (`x.doc` beside
    `x.docx`) keep their template's suffix (`x.doc.yaml`, `x.docx.yaml`), then a number if still shared."""
    plain = {t: t.relative_to(root).with_suffix(".yaml").as_posix().replace("/", "__") for t in templates}
    count = Counter(plain.values())
    names: dict[Path, str] = {}
    taken: set[str] = set()
    for t in templates:  # sorted, so the names are the same on every run
        name = plain[t]
        if count[name] > 1:
            name = t.relative_to(root).as_posix().replace("/", "__") + ".yaml"
        stem, n = name.removesuffix(".yaml"), 2
        while name in taken:
            name, n = f"{stem}-{n}.yaml", n + 1
        taken.add(name)
        names[t] = name
    return names


def _write(target: Path, text: str) -> None:
    # Written whole or not at all: a run stopped mid-write must not leave a torn draft that looks up to date.
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, target)


def convert_folder(
    folder: str | Path,
    out_dir: str | Path,
    progress: Progress | None = None,
    *,
    jobs: int = 1,
    scheduler: Scheduler | None = None,
    force: bool = False,
    timeout: float = TIMEOUT_S,
    limits: Limits = DEFAULT_LIMITS,
) -> BatchResult:
    """Convert the templates in `folder` (recursively) to `out_dir/<name>.yaml`; `progress(done, total)`.

    `jobs` worker processes, or the Dask `scheduler` (an address or a `Client`); `timeout` is per legacy file.
    """
    root, out = Path(folder), Path(out_dir)
    templates = find_templates(root)
    names = _draft_names(root, templates)
    out.mkdir(parents=True, exist_ok=True)
    rows: dict[Path, TemplateRow] = {}
    result = BatchResult()
    todo = []
    for path in templates:
        target = out / names[path]
        if not force and target.exists() and target.stat().st_mtime_ns > path.stat().st_mtime_ns:
            rows[path] = TemplateRow(path.relative_to(root).as_posix(), "skipped", target.name)
            result.skipped.append(path)
        else:
            todo.append(path)
    finished = len(rows)

    def tick(done: int, _total: int) -> None:
        if progress is not None:
            progress(finished + done, len(templates))

    with tempfile.TemporaryDirectory(prefix="eformkit-batch-") as tmp:
        legacy = [p for p in todo if p.suffix.lower() in (".doc", ".rtf")]
        made = office_to_docx(_legacy(legacy, limits), Path(tmp), timeout=timeout, limits=limits) if legacy else {}
        for start in range(0, len(todo), _WAVE):
            tasks: list[_Task] = []
            for path in todo[start : start + _WAVE]:
                name = path.relative_to(root).as_posix()
                try:
                    source = made.get(path, path)
                    if isinstance(source, ConversionError):
                        raise source
                    tasks.append(_Task(name, read_limited(source, limits), limits))
                except ConversionError as exc:
                    rows[path] = TemplateRow(name, "failed", error=_named(exc, path))
            for done in iter_tasks(_convert, tasks, jobs=jobs, scheduler=scheduler, progress=tick):
                path = root / done.name
                if done.error is not None or done.yaml_text is None:
                    rows[path] = TemplateRow(done.name, "failed", error=done.error)
                    continue
                target = out / names[path]
                _write(target, done.yaml_text)
                result.converted[path] = target
                rows[path] = TemplateRow(done.name, "converted", target.name, *done.counts)
            finished = len(rows)
            tick(0, len(templates))
    result.rows = [rows[p] for p in templates]
    result.failed = {p: r.error for p, r in rows.items() if r.error is not None}
    return result


def _legacy(paths: list[Path], limits: Limits) -> list[Path]:
    """The legacy-suffixed templates that really need LibreOffice (a .doc may hold a .docx package)."""
    needed = []
    for path in paths:
        try:
            with path.open("rb") as fh:
                head = fh.read(8)
        except OSError:
            continue  # read_limited reports it with its code
        if needs_office(head, path.name):
            needed.append(path)
    return needed


def _named(exc: ConversionError, path: Path) -> ConversionError:
    # An error raised while reading LibreOffice's output names the template, not the temporary file.
    if exc.file == path.name:
        return exc
    return ConversionError(exc.code, file=path.name, part=exc.part, line=exc.line, detail=exc.detail)
