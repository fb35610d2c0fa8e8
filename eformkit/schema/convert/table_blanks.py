"""Blank detection in tables: digit-box rows, repeating tables under a header row, label | empty cells.

Paragraphs inside cells are scanned like any paragraph; these rules add what only the grid shows.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from eformkit.schema.convert.blanks import DIGIT_BOXES_MIN, Blank
from eformkit.schema.convert.layout import Cell, Paragraph, Row, Table

__all__ = ["cell_is_empty", "table_blanks"]

ParagraphScan = Callable[[list[Paragraph], int, str, str], list[Blank]]
_ORDINAL = re.compile(r"^\(?[0-9A-Za-z]{1,3}[.)]?\)?$")  # "1", "A", "(3)", "a)": a column-number row or row ordinal
_NARROW_TWIPS = 900


def cell_is_empty(cell: Cell) -> bool:
    """No text and nothing fillable drawn in it (tabs and breaks do not count)."""
    for para in cell.paragraphs():
        for item in para.inlines:
            if item.kind in ("checkbox", "control", "shape") or (item.kind == "text" and item.text.strip()):
                return False
    return True


def _texts(row: Row) -> list[str]:
    return [" ".join(c.text.split()) for c in row.cells]


def _is_header(texts: list[str]) -> bool:
    filled = [t for t in texts if t]
    return len(filled) >= 2 and len(filled) >= len(texts) - 1 and all(len(t) <= 80 for t in filled)


def _is_ordinal_row(texts: list[str]) -> bool:
    return all(not t or _ORDINAL.match(t) for t in texts) and any(texts)


def _empty_row(row: Row) -> bool:
    texts = _texts(row)
    cells = row.cells
    return all(cell_is_empty(c) or (i == 0 and _ORDINAL.match(texts[0]) is not None) for i, c in enumerate(cells))


def _repeating(table: Table, block: int) -> tuple[Blank | None, set[int]]:
    """A header row (and maybe a column-number row) followed by empty rows: one table blank."""
    rows = table.rows
    for h, row in enumerate(rows[:3]):
        texts = _texts(row)
        if not _is_header(texts) or len(row.cells) < 3:
            continue
        start = h + 1
        if start < len(rows) and _is_ordinal_row(_texts(rows[start])) and not _empty_row(rows[start]):
            start += 1
        empty = [i for i in range(start, len(rows)) if _empty_row(rows[i]) and len(rows[i].cells) == len(row.cells)]
        if not empty or empty[0] != start:
            continue
        run = [i for n, i in enumerate(empty) if i == start + n]
        blank = Blank(
            encoding="table_rows",
            kind="table",
            part=table.part,
            path=table.path,
            container=table.path,
            block=block,
            columns=texts,
            parts=[rows[i].path for i in run],
        )
        return blank, set(range(h, run[-1] + 1))
    return None, set()


def _narrow_empty(cell: Cell) -> bool:
    return cell_is_empty(cell) and (cell.width is None or cell.width <= _NARROW_TWIPS)


def _digit_run(row: Row) -> tuple[int, int] | None:
    """(start, end) of the longest run of narrow empty cells after a label cell, when long enough."""
    best: tuple[int, int] | None = None
    i = 0
    cells = row.cells
    while i < len(cells):
        if _narrow_empty(cells[i]):
            j = i
            while j < len(cells) and _narrow_empty(cells[j]):
                j += 1
            if (
                j - i >= DIGIT_BOXES_MIN
                and any(c.text for c in cells[:i])
                and (best is None or j - i > best[1] - best[0])
            ):
                best = (i, j)
            i = j
        else:
            i += 1
    return best


def table_blanks(table: Table, block: int, scan: ParagraphScan) -> list[Blank]:
    """Every blank of a table, nested tables and cell paragraphs included, in reading order."""
    found: list[Blank] = []
    repeating, consumed = _repeating(table, block)
    if repeating is not None:
        found.append(repeating)
    header = _texts(table.rows[0]) if table.rows and _is_header(_texts(table.rows[0])) else []
    for r, row in enumerate(table.rows):
        if r in consumed:
            continue
        texts = _texts(row)
        digits = _digit_run(row)
        for c, cell in enumerate(row.cells):
            left = next((t for t in reversed(texts[:c]) if t), "")
            above = header[c] if r > 0 and c < len(header) else ""
            if digits is not None and digits[0] <= c < digits[1]:
                if c == digits[0]:
                    found.append(
                        Blank(
                            encoding="digit_cells",
                            kind="digits",
                            part=table.part,
                            path=row.path,
                            container=row.path,
                            block=block,
                            cell_left=left,
                            length=digits[1] - digits[0],
                            parts=[x.path for x in row.cells[digits[0] : digits[1]]],
                        )
                    )
                continue
            if cell_is_empty(cell):
                if left and len(left) <= 80 and c > 0:
                    found.append(
                        Blank(
                            encoding="table_cell",
                            kind="cell",
                            part=table.part,
                            path=cell.path,
                            container=cell.path,
                            block=block,
                            cell_left=left,
                            header=above,
                        )
                    )
                continue
            for sub in cell.blocks:
                if isinstance(sub, Table):
                    found.extend(table_blanks(sub, block, scan))
            found.extend(scan([p for p in cell.blocks if isinstance(p, Paragraph)], block, left, above))
    return found
