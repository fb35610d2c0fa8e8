"""Pick the reader for a template from its first bytes and its suffix."""

from __future__ import annotations

from pathlib import Path

from eformkit.schema.convert.doc_reader import read_doc
from eformkit.schema.convert.docx_reader import read_docx_bytes
from eformkit.schema.convert.errors import ConversionError
from eformkit.schema.convert.html_reader import read_html_bytes
from eformkit.schema.convert.layout import Document
from eformkit.schema.convert.safety import CFB_SIGNATURE, DEFAULT_LIMITS, Limits, check_text_size, read_limited
from eformkit.schema.convert.text_reader import read_text_bytes

__all__ = ["SUFFIXES", "read_template"]

SUFFIXES = (".docx", ".docm", ".dotx", ".doc", ".html", ".htm", ".txt")


def read_template(path: Path, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read any supported template into the layout model, or raise `ConversionError`.

    A text file's size is its text, checked before reading; a package's text is checked once read.
    """
    doc = _read(path, limits)
    if doc.kind != "text":
        size = sum(len(p.text.encode("utf-8")) + 1 for p in doc.paragraphs())  # as if saved as .txt
        check_text_size(size, limits, file=path.name)
    return doc


def _read(path: Path, limits: Limits) -> Document:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ConversionError("EFK-CONV-009", file=path.name, detail=suffix or "no suffix")
    data = read_limited(path, limits)
    if data[:8] == CFB_SIGNATURE:
        if suffix == ".doc":
            return read_doc(path, limits)
        raise ConversionError("EFK-CONV-003", file=path.name)
    if suffix in (".docx", ".docm", ".dotx") or data[:2] == b"PK":
        return read_docx_bytes(data, path.name, limits)
    if suffix in (".html", ".htm"):
        return read_html_bytes(data, path.name)
    if suffix == ".doc":  # Word sometimes saves HTML or RTF under .doc; LibreOffice reads all of them
        return read_doc(path, limits)
    return read_text_bytes(data, path.name, limits)
