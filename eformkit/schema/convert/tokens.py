"""The blank record every detection step fills in, and the token stream a paragraph becomes.

A paragraph is read as a list of tokens: text (`str`) and `Blank`s. Composites (dates, choices,
digit boxes, addresses) are one `Blank` whose `parts` / `pieces` keep the places they are made of.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["LINE_ENCODINGS", "NOTE_MARK", "Blank", "Token"]

LINE_ENCODINGS = frozenset({"dots", "tab_leader", "underline"})
NOTE_MARK = "\u2063"  # wraps a Word footnote reference id inside label text


@dataclass(slots=True)
class Blank:
    """A place to write, with the text around it and a locator for the anchor."""

    encoding: str  # how the template stores it (scored per encoding)
    kind: str  # text, date, checkbox, choice, digits, table, cell, address
    part: str
    path: str  # locator of the element holding the blank
    container: str = ""  # locator of the paragraph / row / table holding it
    block: int = -1  # index of the top-level block (scoring matches on it)
    left: str = ""  # text to the left on the same line, back to the previous blank
    right: str = ""  # text to the right, up to the next blank
    hint: str = ""  # a placeholder or control title (content controls, inputs)
    carry: str = ""  # a label left dangling at the end of the previous line
    caption: str = ""  # a caption printed on the line under a signature line ("(Ký, ghi rõ họ tên)")
    cell_left: str = ""  # table: the cell to the left
    header: str = ""  # table: the header cell above
    length: int | None = None  # digit boxes
    options: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)  # locators of the pieces (date parts, boxes, cells, lines)
    lines: int = 1
    numbering: str = ""
    label: str = ""  # filled by label linking
    number: str = ""
    notes: list[str] = field(default_factory=list)  # footnote ids referenced by the label
    section: str = ""
    chars: tuple[int, int] | None = None  # dots: [start, end) in the text of the run at `path`
    part_chars: list[tuple[int, int] | None] = field(default_factory=list)
    base: str = ""  # a composite's piece encoding (a date made of tab leaders: "tab_leader")
    date_order: tuple[str, ...] = ()  # date: what each piece holds when not day, month, year
    address_part: str = ""  # a piece of an address: detail, commune, district, province
    pieces: list[Blank] = field(default_factory=list)  # address: the part blanks, in reading order
    above: str = ""  # a line holding only a rule: the line above it (a rule under the motto is decoration)


Token = str | Blank
