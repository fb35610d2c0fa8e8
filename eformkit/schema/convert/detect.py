"""Find every blank of a document in reading order, with continuation lines and dangling labels resolved."""

from __future__ import annotations

from eformkit.schema.convert.blanks import LINE_ENCODINGS, Blank, Token, paragraph_blanks
from eformkit.schema.convert.layout import Document, Paragraph, Table
from eformkit.schema.convert.structure import is_notes_start
from eformkit.schema.convert.table_blanks import table_blanks

__all__ = ["detect_blanks", "notes_start"]

_CAPTION_WORDS = 8


def notes_start(doc: Document) -> int:
    """Index of the top-level block where footnotes/instructions begin (no blanks are looked for there)."""
    for index, block in enumerate(doc.blocks):
        if isinstance(block, Paragraph) and is_notes_start(block):
            return index
    return len(doc.blocks)


def _only_line(tokens: list[Token]) -> Blank | None:
    blanks = [t for t in tokens if isinstance(t, Blank)]
    texts = "".join(t for t in tokens if isinstance(t, str))
    if len(blanks) == 1 and blanks[0].encoding in LINE_ENCODINGS and not texts.strip(" \t\u00a0.,;"):
        return blanks[0]
    return None


def _signature_line(tokens: list[Token]) -> list[Blank]:
    """The blanks of a line holding nothing but line blanks (a signature line), else []."""
    blanks = [t for t in tokens if isinstance(t, Blank)]
    if (
        all(t.encoding in LINE_ENCODINGS and t.kind == "text" for t in blanks)
        and not "".join(t for t in tokens if isinstance(t, str)).strip()
    ):
        return blanks
    return []


def _caption(line: list[Blank], tokens: list[Token]) -> None:
    """Captions printed under a signature line ("(Ký, ghi rõ họ tên)", "Testator's Name", one per tab
    column) label its blanks; a content control's placeholder counts as printed text."""
    if any(isinstance(t, Blank) and (t.kind != "text" or t.encoding in LINE_ENCODINGS) for t in tokens):
        return
    text = "".join(t if isinstance(t, str) else t.hint for t in tokens)
    columns = [" ".join(c.split()) for c in text.split("\t") if c.strip()]
    if len(columns) != len(line) or any(len(c.split()) > _CAPTION_WORDS or c.endswith(":") for c in columns):
        return
    for blank, caption in zip(line, columns, strict=True):
        blank.caption = caption[1:-1] if caption.startswith("(") and caption.endswith(")") else caption


def scan_paragraphs(paragraphs: list[Paragraph], block: int, cell_left: str = "", header: str = "") -> list[Blank]:
    """Blanks of consecutive paragraphs. A line holding only a blank right after a line ending in a blank
    continues that blank (a second line to write on); a blank opening a line takes the label left dangling
    at the end of the line before ("Huyện:" ⏎ "……"); a signature line takes the caption printed under it."""
    found: list[Blank] = []
    previous: list[Token] = []
    signature: list[Blank] = []
    for para in paragraphs:
        tokens = paragraph_blanks(para)
        blanks = [t for t in tokens if isinstance(t, Blank)]
        if signature:
            _caption(signature, tokens)
            signature = []
        if not blanks:
            previous = tokens
            continue
        line = _only_line(tokens)
        last = previous[-1] if previous else None
        tail = previous[-2] if len(previous) >= 2 and isinstance(last, str) and not last.strip() else last
        if line is not None and isinstance(tail, Blank) and tail.kind == "text" and tail.encoding in LINE_ENCODINGS:
            tail.lines += 1
            tail.parts.append(para.path)
            previous = [tail]
            continue
        first = (
            tokens[0]
            if tokens and isinstance(tokens[0], Blank)
            else (
                tokens[1] if len(tokens) > 1 and isinstance(tokens[1], Blank) and not str(tokens[0]).strip() else None
            )
        )
        if isinstance(first, Blank) and isinstance(last, str) and last.rstrip().endswith(":"):
            first.carry = last.rsplit("\n", 1)[-1]
            columns = [c for c in first.carry.split("\t") if c.strip()]
            if len(columns) > 1 and len(blanks) >= len(columns) and all(c.rstrip().endswith(":") for c in columns):
                for blank, column in zip(blanks, columns, strict=False):  # "Witness: ⇥ Residing at:" over two lines
                    blank.carry = column
        for blank in blanks:
            blank.block = block
            blank.cell_left, blank.header = cell_left, header
        found.extend(blanks)
        previous = tokens
        signature = _signature_line(tokens)
    return found


def detect_blanks(doc: Document) -> list[Blank]:
    """All blanks above the notes, in reading order."""
    stop = notes_start(doc)
    found: list[Blank] = []
    run: list[Paragraph] = []
    run_start = 0
    for index, block in enumerate(doc.blocks[:stop]):
        if isinstance(block, Paragraph):
            if not run:
                run_start = index
            run.append(block)
            continue
        found.extend(_run_blanks(run, run_start))
        run = []
        found.extend(_table(block, index))
    found.extend(_run_blanks(run, run_start))
    return found


def _run_blanks(run: list[Paragraph], start: int) -> list[Blank]:
    found = scan_paragraphs(run, -1)
    index_of = {id(p): start + i for i, p in enumerate(run)}
    by_path = {p.path: index_of[id(p)] for p in run}
    for blank in found:
        blank.block = by_path.get(blank.container, start)
    return found


def _table(table: Table, index: int) -> list[Blank]:
    return table_blanks(table, index, scan_paragraphs)
