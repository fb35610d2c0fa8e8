"""Read a plain-text form (dotted blanks, "☐" boxes) into the layout model: one paragraph per line."""

from __future__ import annotations

import re
from pathlib import Path

from eformkit.schema.convert.docx_reader import CHECKBOX_GLYPHS
from eformkit.schema.convert.errors import ConversionError
from eformkit.schema.convert.layout import Document, Inline, Paragraph
from eformkit.schema.convert.safety import DEFAULT_LIMITS, Limits, check_text_size, read_limited
from eformkit.text import nfc

__all__ = ["read_text", "read_text_bytes"]

# A line splits at each box glyph and tab (kept as their own pieces); one regex, not a loop per character.
_MARKS = re.compile("([" + re.escape("".join(sorted(CHECKBOX_GLYPHS))) + "\t])")


def read_text_bytes(data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read UTF-8 text (a BOM is allowed). Locators are `line[N]`, 1-based."""
    check_text_size(len(data), limits, file=name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConversionError("EFK-CONV-012", file=name, detail=f"byte {exc.start}") from None
    doc = Document(source=name, kind="text")
    for number, line in enumerate(nfc(text).splitlines(), start=1):
        path = f"line[{number}]"
        para = Paragraph(part="text", path=path)
        for piece in _MARKS.split(line.rstrip()):
            if piece == "\t":
                para.inlines.append(Inline("tab", path=path))
            elif piece in CHECKBOX_GLYPHS:
                para.inlines.append(Inline("checkbox", text=piece, path=path, source="glyph"))
            elif piece:
                para.inlines.append(Inline("text", text=piece, path=path))
        doc.blocks.append(para)
    return doc


def read_text(path: Path, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read a .txt file."""
    return read_text_bytes(read_limited(path, limits), path.name, limits)
