"""Read legacy .doc/.rtf templates: LibreOffice (headless) turns them into .docx, one process for a whole batch.

Starting LibreOffice costs seconds; converting a page costs milliseconds. So `office_to_docx` hands every
file of a batch to one `soffice --convert-to docx` process, which converts them in order. It watches the
output folder: a file that produces nothing within `timeout` seconds is failed (EFK-CONV-011, "timeout")
and LibreOffice is restarted on the files after it; if LibreOffice dies, the file it was on is failed and
it is restarted on the rest. Every file gets a .docx or a coded error; one bad file never stops the batch.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from eformkit.schema.convert.docx_reader import read_docx_bytes
from eformkit.schema.convert.errors import ConversionError
from eformkit.schema.convert.layout import Document
from eformkit.schema.convert.safety import DEFAULT_LIMITS, Limits, read_limited

__all__ = ["TIMEOUT_S", "find_soffice", "office_to_docx", "read_doc"]

TIMEOUT_S = 60.0  # per file, LibreOffice's start-up included for the first one
_POLL_S = 0.05


def find_soffice() -> str | None:
    """The LibreOffice executable on PATH, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_doc(path: Path, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Convert one legacy template to .docx with LibreOffice (headless, bounded time) and read the result."""
    with tempfile.TemporaryDirectory(prefix="eformkit-doc-") as tmp:
        converted = office_to_docx([path], Path(tmp), limits=limits)[path]
        if isinstance(converted, ConversionError):
            raise converted
        doc = read_docx_bytes(read_limited(converted, limits), path.name, limits)
    doc.source = path.name
    return doc


def office_to_docx(
    paths: Sequence[Path],
    out_dir: Path,
    *,
    timeout: float = TIMEOUT_S,
    limits: Limits = DEFAULT_LIMITS,
    soffice: str | None = None,
    on_start: Callable[[], None] | None = None,
) -> dict[Path, Path | ConversionError]:
    """Each legacy template of `paths` as a .docx file in `out_dir`, or its coded error; one LibreOffice for all.

    `soffice` is the executable (default: found on PATH); `on_start` is called at each (re)start.
    """
    exe = soffice or find_soffice()
    results: dict[Path, Path | ConversionError] = {}
    if exe is None:
        return {p: ConversionError("EFK-CONV-010", file=p.name) for p in paths}
    with tempfile.TemporaryDirectory(prefix="eformkit-office-") as tmp:
        inbox = Path(tmp) / "in"
        inbox.mkdir()
        staged: list[tuple[Path, Path]] = []  # (template, its copy under a name LibreOffice cannot clash on)
        for i, path in enumerate(paths):
            try:
                data = read_limited(path, limits)
            except ConversionError as exc:
                results[path] = exc
                continue
            copy = inbox / f"{i:06d}{path.suffix.lower()}"
            copy.write_bytes(data)
            staged.append((path, copy))
        starts = 0
        while staged:
            starts += 1
            if on_start is not None:
                on_start()
            staged = _run_once(exe, staged, out_dir, Path(tmp) / f"profile{starts}", timeout, results)
    return results


def _run_once(
    exe: str,
    staged: list[tuple[Path, Path]],
    outbox: Path,
    profile: Path,
    timeout: float,
    results: dict[Path, Path | ConversionError],
) -> list[tuple[Path, Path]]:
    """One LibreOffice process over `staged`, in order; returns what is left to do after a hang or a crash."""
    cmd = [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--nolockcheck",
           "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(outbox), *(str(c) for _, c in staged)]  # fmt: skip
    outputs = [outbox / (copy.stem + ".docx") for _, copy in staged]
    try:
        proc = subprocess.Popen(
            cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
    except OSError as exc:
        for path, _ in staged:
            results[path] = ConversionError("EFK-CONV-011", file=path.name, detail=type(exc).__name__)
        return []
    reached, deadline, hung = -1, time.monotonic() + timeout, False
    while proc.poll() is None:
        # Files come out in order: the last output seen tells how far LibreOffice got.
        while reached + 1 < len(outputs) and any(o.exists() for o in outputs[reached + 1 :]):
            reached = max(i for i in range(reached + 1, len(outputs)) if outputs[i].exists())
            deadline = time.monotonic() + timeout
        if time.monotonic() > deadline:
            hung = True
            _kill(proc)
            break
        time.sleep(_POLL_S)
    stopped = hung or proc.returncode != 0
    if stopped:  # keep every output written; the file after the last one is the one LibreOffice stuck on
        reached = max((i for i, o in enumerate(outputs) if o.exists()), default=-1)
    for i, ((path, _), out) in enumerate(zip(staged, outputs, strict=True)):
        if stopped and i > reached:
            culprit = staged[reached + 1][0]
            detail = f"timeout after {timeout:g} s" if hung else "LibreOffice stopped"
            results[culprit] = ConversionError("EFK-CONV-011", file=culprit.name, detail=detail)
            return staged[reached + 2 :]
        if out.exists():
            results[path] = out
        else:
            results[path] = ConversionError("EFK-CONV-011", file=path.name, detail="no output")
    return []


def _kill(proc: subprocess.Popen[bytes]) -> None:
    # LibreOffice's launcher starts soffice.bin as a child: stop the whole session this process leads.
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()
    proc.wait()
