"""Date blanks printed in pieces: what goes into each piece, and the pieces' neighbouring text.

Without `date_order` a date's pieces are day, month, year ("ngày … tháng … năm …", "…/…/…"); a
"…/…/" date whose year is left open gets day and month in its pieces and the year right after the
slash that follows them (`year_slot`, `write_year`). With `date_order` (English dates, see
docs/converter.md) each piece holds what the order names: `day` (the number; "5th" when the
template prints "day of" right after it), `month` (its English name), `year` (four digits), `year2`
(the last two digits, right after the printed century; a year of another century does not fit and
nothing is written) and `month_day` ("March 5").
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from lxml import etree

from eformkit.render import docx_edit as ed

__all__ = ["MONTHS", "DoesNotFit", "piece_texts", "write_year", "year_slot"]

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")  # fmt: skip
_SDT = f"{{{ed.W}}}sdt"
_DAY_WORD = re.compile(r"\s*day\b", re.IGNORECASE)
_CENTURY = re.compile(r"(\d\d)\s*$")

Piece = tuple[etree._Element, Mapping[str, Any]]


class DoesNotFit(ValueError):
    """The value cannot be written in the pieces as printed (a 19xx year after a printed "20")."""


class _Line:
    """A paragraph's text as ``w:t`` / tab atoms, to read (or edit) the text around one piece."""

    def __init__(self, el: etree._Element) -> None:
        p = el if el.tag == ed.P else next(el.iterancestors(ed.P), None)
        self.atoms: list[tuple[etree._Element, str]] = []
        if p is not None:
            self.atoms = [(a, "\t" if a.tag == ed.TAB else a.text or "") for a in p.iter(ed.T, ed.TAB)]
        self.starts: list[int] = []
        pos = 0
        for _, s in self.atoms:
            self.starts.append(pos)
            pos += len(s)
        self.text = "".join(s for _, s in self.atoms)

    def bounds(self, j: ed.Journal, el: etree._Element, spec: Mapping[str, Any]) -> tuple[int, int] | None:
        """[start, end) of the piece within the paragraph text as it is now."""
        inner = set(el.iter(ed.T, ed.TAB))
        hits = [i for i, (a, _) in enumerate(self.atoms) if a in inner]
        if not hits:
            return None
        chars = spec.get("chars")
        if chars and el.tag == ed.R:
            start = self.starts[hits[0]] + j.moved(el, int(chars[0]))
            return start, start + int(chars[1]) - int(chars[0])
        if el.tag == ed.R:
            tab = next((i for i in hits if self.atoms[i][0].tag == ed.TAB), None)
            if tab is not None:
                return self.starts[tab], self.starts[tab] + 1
        last = hits[-1]
        return self.starts[hits[0]], self.starts[last] + len(self.atoms[last][1])

    def at(self, pos: int) -> tuple[etree._Element, int] | None:
        """The ``w:t`` holding character `pos` of the paragraph text, and the offset in it."""
        for (atom, s), start in zip(self.atoms, self.starts, strict=True):
            if start <= pos < start + len(s) and atom.tag == ed.T:
                return atom, pos - start
        return None


def _around(j: ed.Journal, piece: Piece) -> tuple[str, str]:
    line = _Line(piece[0])
    where = line.bounds(j, *piece)
    return ("", "") if where is None else (line.text[: where[0]], line.text[where[1] :])


def _day(j: ed.Journal, day: str, piece: Piece) -> str:
    if not day:
        return ""
    n = int(day)
    if not _DAY_WORD.match(_around(j, piece)[1]):
        return str(n)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _year2(j: ed.Journal, year: str, piece: Piece) -> str:
    if not year:
        return ""
    printed = _CENTURY.search(_around(j, piece)[0])
    if len(year) != 4 or (printed is not None and printed.group(1) != year[:2]):
        raise DoesNotFit(year)
    return year[2:]


def _month(month: str) -> str:
    return MONTHS[int(month) - 1] if month and 1 <= int(month) <= 12 else ""


def piece_texts(
    j: ed.Journal, parts: Sequence[str], text: str, anchor: Mapping[str, Any], found: Sequence[Piece]
) -> tuple[str, ...]:
    """The text of each piece; `parts` are the value's (day, month, year) digits, `text` its display.
    Raises `DoesNotFit` when the year cannot follow the printed century."""
    order = anchor.get("date_order")
    n = len(found)
    if len(parts) != 3:
        return (text,) + ("",) * (n - 1)
    day, month, year = parts
    if not order:
        if n == 3:
            return day, month, year
        return (day, month) if n == 2 else (text,) + ("",) * (n - 1)
    out: list[str] = []
    for piece, what in zip(found, order, strict=False):
        if what == "day":
            out.append(_day(j, day, piece))
        elif what == "month":
            out.append(_month(month))
        elif what == "year":
            out.append(year)
        elif what == "year2":
            out.append(_year2(j, year, piece))
        elif what == "month_day":
            out.append(" ".join(x for x in (_month(month), str(int(day)) if day else "") if x))
        else:
            out.append("")
    return tuple(out) + ("",) * (n - len(out))


def year_slot(j: ed.Journal, anchor: Mapping[str, Any], found: Sequence[Piece]) -> tuple[etree._Element, int] | None:
    """A "…/…/" date with the year left open: the ``w:t`` holding the slash after the last piece, and
    how many characters of it follow the slash (counted from its end, so writing the pieces before it
    does not move the place). None for other dates."""
    if anchor.get("date_order") or len(found) != 2:
        return None
    line = _Line(found[-1][0])
    where = line.bounds(j, *found[-1])
    if where is None:
        return None
    rest = line.text[where[1] :]
    if not rest.lstrip(" \t").startswith("/"):
        return None
    hit = line.at(where[1] + rest.index("/"))
    if hit is None:
        return None
    t, i = hit
    return t, len(t.text or "") - i - 1


def write_year(j: ed.Journal, slot: tuple[etree._Element, int], year: str) -> None:
    """Write `year` right after the slash of `slot` (see `year_slot`)."""
    t, tail = slot
    s = t.text or ""
    cut = len(s) - tail
    after = s[cut : cut + 1]
    right = "" if not after or after.isspace() or after in ",.;)" else " "
    j.text(t, s[:cut] + ed.clean(year) + right + s[cut:])
