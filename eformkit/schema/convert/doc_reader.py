"""Read a legacy binary .doc by converting it to .docx with LibreOffice, when LibreOffice is installed."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from eformkit.schema.convert.docx_reader import read_docx
from eformkit.schema.convert.errors import ConversionError
from eformkit.schema.convert.layout import Document
from eformkit.schema.convert.safety import DEFAULT_LIMITS, Limits

__all__ = ["find_soffice", "read_doc"]

TIMEOUT_S = 60


def find_soffice() -> str | None:
    """The LibreOffice executable on PATH, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_doc(path: Path, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Convert `path` to .docx in a private temp dir (headless, bounded time) and read the result."""
    exe = find_soffice()
    if exe is None:
        raise ConversionError("EFK-CONV-010", file=path.name)
    if path.stat().st_size > limits.max_file_bytes:
        raise ConversionError("EFK-CONV-002", file=path.name)
    with tempfile.TemporaryDirectory(prefix="eformkit-doc-") as tmp:
        profile = Path(tmp) / "profile"
        cmd = [
            exe,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "docx",
            "--outdir",
            tmp,
            str(path),
        ]
        try:
            subprocess.run(cmd, capture_output=True, timeout=TIMEOUT_S, check=True)
        except (subprocess.TimeoutExpired, subprocess.CalledProcessError, OSError) as exc:
            raise ConversionError("EFK-CONV-011", file=path.name, detail=type(exc).__name__) from None
        out = Path(tmp) / (path.stem + ".docx")
        if not out.exists():
            raise ConversionError("EFK-CONV-011", file=path.name, detail="no output")
        doc = read_docx(out, limits)
    doc.source = path.name
    return doc
