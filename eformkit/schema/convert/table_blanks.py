"""Blank detection in tables: digit-box rows, repeating tables under a header row, label | empty cells,
and columns to tick: empty cells under a "Đánh dấu X" / "(x)" / "Tick" header are checkboxes, and under a
"Có" | "Không" (Yes | No) header pair one choice per row, labelled by the row's own text.

Paragraphs inside cells are scanned like any paragraph; these rules add what only the grid shows.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from eformkit.schema.convert.blanks import DIGIT_BOXES_MIN, Blank
from eformkit.schema.convert.layout import Cell, Paragraph, Row, Table
from eformkit.text import fold

__all__ = ["cell_is_empty", "table_blanks"]

ParagraphScan = Callable[[list[Paragraph], int, str, str], list[Blank]]
_ORDINAL = re.compile(r"^\(?[0-9A-Za-z]{1,3}[.)]?\)?$")  # "1", "A", "(3)", "a)": a column-number row or row ordinal
_NARROW_TWIPS = 900
_MARK_WORDS = re.compile(r"danh dau|dau \(?x\b|\btick\b|\bcheck\b|\bmark \(?x\b")
_MARK_SIGNS = frozenset({"x", "(x)", "[x]", "✓", "√", "☑", "✔"})
_YES_NO = (frozenset({"co", "yes", "dat"}), frozenset({"khong", "no", "khong dat"}))


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


def _grid(row: Row) -> list[int]:
    """The grid column where each cell of the row starts (merged cells span several)."""
    starts, col = [], 0
    for cell in row.cells:
        starts.append(col)
        col += max(cell.span, 1)
    return starts


def _is_mark_header(text: str) -> bool:
    key = " ".join(fold(text).split())
    return (
        key in _MARK_SIGNS or _MARK_WORDS.search(key) is not None or (key.startswith("chon") and len(key.split()) <= 3)
    )


def _mark_columns(table: Table) -> tuple[int, dict[int, str], tuple[int, int] | None]:
    """(header row, grid column → header of the columns to tick, the grid columns of a Có | Không pair)."""
    for h, row in enumerate(table.rows[:3]):
        marks: dict[int, str] = {}
        pair: tuple[int, int] | None = None
        texts = _texts(row)
        starts = _grid(row)
        for c, text in enumerate(texts):
            if _is_mark_header(text):
                marks[starts[c]] = text
            key = fold(text).strip(" ()")
            if c + 1 < len(texts) and key in _YES_NO[0] and fold(texts[c + 1]).strip(" ()") in _YES_NO[1]:
                pair = (starts[c], starts[c + 1])
        if (marks or pair) and len(row.cells) >= 2:
            return h, marks, pair
    return -1, {}, None


def _row_label(row: Row, skip: set[int]) -> str:
    """What a row to tick says: its first filled cell that is not an ordinal ("1", "a)")."""
    texts = _texts(row)
    starts = _grid(row)
    return next((t for c, t in enumerate(texts) if t and starts[c] not in skip and not _ORDINAL.match(t)), "")


def _tick_blanks(table: Table, block: int, consumed: set[int]) -> tuple[list[Blank], set[str]]:
    """Checkboxes in the columns to tick and Có | Không choices, with the paths of the cells they take."""
    h, marks, pair = _mark_columns(table)
    found: list[Blank] = []
    taken: set[str] = set()
    if h < 0:
        return found, taken
    options = [_texts(table.rows[h])[_grid(table.rows[h]).index(c)] for c in pair] if pair else []
    skip = set(marks) | set(pair or ())
    for r in range(h + 1, len(table.rows)):
        if r in consumed:
            continue
        row = table.rows[r]
        label = _row_label(row, skip)
        if not label:
            continue
        at = dict(zip(_grid(row), row.cells, strict=True))
        if pair and all(c in at for c in pair):
            first, second = at[pair[0]], at[pair[1]]
            taken.update((first.path, second.path))  # a row already ticked is an example: no blank
            if not (cell_is_empty(first) and cell_is_empty(second)):
                continue
            found.append(
                Blank(
                    encoding="choice",
                    kind="choice",
                    part=table.part,
                    path=first.path,
                    container=row.path,
                    block=block,
                    cell_left=label,
                    base="checkbox_cell",
                    options=options,
                    parts=[second.path],
                )
            )
        for col, header in marks.items():
            cell = at.get(col)
            if cell is not None and cell_is_empty(cell) and cell.path not in taken:
                found.append(_cell_blank("checkbox_cell", "checkbox", table, cell, block, label, header))
                taken.add(cell.path)
    return found, taken


def _cell_blank(encoding: str, kind: str, table: Table, cell: Cell, block: int, left: str, header: str) -> Blank:
    """A blank that is one empty cell, labelled by the text to its left and the header above it."""
    return Blank(
        encoding=encoding,
        kind=kind,
        part=table.part,
        path=cell.path,
        container=cell.path,
        block=block,
        cell_left=left,
        header=header,
    )


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
    ticks, taken = _tick_blanks(table, block, consumed)
    header = _texts(table.rows[0]) if table.rows and _is_header(_texts(table.rows[0])) else []
    for r, row in enumerate(table.rows):
        if r in consumed:
            continue
        found.extend(t for t in ticks if t.container in (row.path, *(c.path for c in row.cells)))
        texts = _texts(row)
        digits = _digit_run(row)
        for c, cell in enumerate(row.cells):
            left = next((t for t in reversed(texts[:c]) if t), "")
            above = header[c] if r > 0 and c < len(header) else ""
            if cell.path in taken:
                continue
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
                    found.append(_cell_blank("table_cell", "cell", table, cell, block, left, above))
                continue
            for sub in cell.blocks:
                if isinstance(sub, Table):
                    found.extend(table_blanks(sub, block, scan))
            found.extend(scan([p for p in cell.blocks if isinstance(p, Paragraph)], block, left, above))
    return found
