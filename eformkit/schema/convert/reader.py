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

__all__ = ["LEGACY_SUFFIXES", "SUFFIXES", "needs_office", "read_template", "read_template_bytes"]

SUFFIXES = (".docx", ".docm", ".dotx", ".doc", ".rtf", ".html", ".htm", ".txt")
LEGACY_SUFFIXES = (".doc", ".rtf")  # read through LibreOffice


def needs_office(data: bytes, name: str) -> bool:
    """Whether the template `name` with content `data` is read through LibreOffice (a .doc or .rtf that is not
    a zip package: Word sometimes saves .docx, HTML or RTF under .doc; LibreOffice reads all of them)."""
    return Path(name).suffix.lower() in LEGACY_SUFFIXES and data[:2] != b"PK"


def read_template(path: Path, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read any supported template into the layout model, or raise `ConversionError`.

    A text file's size is its text, checked before reading; a package's text is checked once read.
    A legacy .doc/.rtf goes through LibreOffice (`doc_reader`).
    """
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ConversionError("EFK-CONV-009", file=path.name, detail=suffix or "no suffix")
    data = read_limited(path, limits)
    if needs_office(data, path.name):
        return _sized(read_doc(path, limits), path.name, limits)
    return read_template_bytes(data, path.name, limits)


def read_template_bytes(data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read a template given as bytes; `name`'s suffix tells the format. A legacy .doc/.rtf is read from a
    file (`read_template`) or after LibreOffice made it a .docx (`doc_reader.office_to_docx`)."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise ConversionError("EFK-CONV-009", file=name, detail=suffix or "no suffix")
    if needs_office(data, name):
        raise ConversionError("EFK-CONV-010", file=name, detail="read it with LibreOffice first")
    if data[:8] == CFB_SIGNATURE:
        raise ConversionError("EFK-CONV-003", file=name)
    if suffix in (".docx", ".docm", ".dotx") or data[:2] == b"PK":
        return _sized(read_docx_bytes(data, name, limits), name, limits)
    if suffix in (".html", ".htm"):
        return _sized(read_html_bytes(data, name), name, limits)
    return read_text_bytes(data, name, limits)


def _sized(doc: Document, name: str, limits: Limits) -> Document:
    """A package's text checked against the limit once read (as if saved as .txt)."""
    size = sum(len(p.text.encode("utf-8")) + 1 for p in doc.paragraphs())
    check_text_size(size, limits, file=name)
    return doc
