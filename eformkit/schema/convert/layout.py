"""The reader-neutral document model: what every reader produces and blank detection consumes.

A document is a list of blocks (paragraphs and tables, tables holding cells holding blocks). A
paragraph is a list of inlines: text, tabs (with the leader of the tab stop they reach), checkboxes,
drawn shapes and input controls. Every element keeps `path`, a locator into the source (an XPath into
the OOXML part, into the HTML tree, or `line[N]` for text), which becomes the field's anchor.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

__all__ = ["Block", "Cell", "Document", "Inline", "InlineKind", "Paragraph", "Row", "Table"]

InlineKind = Literal["text", "tab", "checkbox", "shape", "control", "break", "note_ref"]


@dataclass(slots=True)
class Inline:
    """One piece of a paragraph.

    `kind` says what it is; `source` says how the template stored it ("sym", "glyph", "shape", "sdt",
    "formtext", "formcheckbox", "input", "select", "textarea", …) so blanks can be scored by encoding.
    """

    kind: InlineKind
    text: str = ""
    path: str = ""
    underline: bool = False
    superscript: bool = False
    bold: bool = False
    leader: str | None = None  # tab: "dot", "underscore", "hyphen", … or None
    source: str = ""
    width: float | None = None  # shape size in points
    height: float | None = None
    x: float | None = None  # shape horizontal offset in points (reading order of digit boxes)
    options: tuple[str, ...] = ()  # select/dropdown choices
    offset: int = 0  # text: where this piece starts in its run's text (anchors point inside runs)


@dataclass(slots=True)
class Paragraph:
    part: str
    path: str
    inlines: list[Inline] = field(default_factory=list)
    style: str | None = None
    numbering: str = ""  # the rendered list label ("[11]", "2.") Word draws but the text does not hold
    heading: bool = False
    centered: bool = False

    @property
    def text(self) -> str:
        """Visible text with tabs as "\\t" and checkboxes as their glyph (for headers and debugging)."""
        out: list[str] = []
        for item in self.inlines:
            if item.kind == "text":
                out.append(item.text)
            elif item.kind == "tab":
                out.append("\t")
            elif item.kind == "checkbox":
                out.append("☐")
            elif item.kind == "break":
                out.append("\n")
        return "".join(out)

    @property
    def bold(self) -> bool:
        """True when every non-blank text inline is bold."""
        texts = [i for i in self.inlines if i.kind == "text" and i.text.strip()]
        return bool(texts) and all(i.bold for i in texts)


@dataclass(slots=True)
class Cell:
    path: str
    blocks: list[Block] = field(default_factory=list)
    span: int = 1
    width: int | None = None  # twips, when the template says

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks if isinstance(b, Paragraph)).strip()

    def paragraphs(self) -> Iterator[Paragraph]:
        for block in self.blocks:
            if isinstance(block, Paragraph):
                yield block
            else:
                yield from block.paragraphs()


@dataclass(slots=True)
class Row:
    path: str
    cells: list[Cell] = field(default_factory=list)


@dataclass(slots=True)
class Table:
    part: str
    path: str
    rows: list[Row] = field(default_factory=list)

    def paragraphs(self) -> Iterator[Paragraph]:
        for row in self.rows:
            for cell in row.cells:
                yield from cell.paragraphs()


Block = Paragraph | Table


@dataclass(slots=True)
class Document:
    """A read template. `footnotes` maps a footnote id (Word footnotes) to its text."""

    source: str
    kind: Literal["docx", "html", "text"]
    blocks: list[Block] = field(default_factory=list)
    headers: list[Block] = field(default_factory=list)
    footnotes: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def paragraphs(self) -> Iterator[Paragraph]:
        """Every paragraph of the body, tables included, in reading order."""
        for block in self.blocks:
            if isinstance(block, Paragraph):
                yield block
            else:
                yield from block.paragraphs()
