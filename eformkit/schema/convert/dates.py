"""Dates printed as several blanks become one date blank whose `parts` are the pieces.

Vietnamese: "ngày … tháng … năm …", "…/…/…" (and "…/…/" with the year left open).
English: "this ___ day of ______, 20__" (day, month, year), "dated ______, 20__" (month and day, then
the last two digits of the year after a printed century), and Day / Month / Year content controls or
inputs side by side, in any order. `date_order` names what each piece holds when it is not
day, month, year (see docs/converter.md, "Anchors").
"""

from __future__ import annotations

import re

from eformkit.schema.convert.tokens import Blank, Token
from eformkit.text import fold

__all__ = ["merge_dates"]

_SEPARATORS = {"/", "-"}
_DAY_OF = re.compile(r"^\s*(?:st|nd|rd|th)?\s*day\s+of\s*$", re.IGNORECASE)
_YEAR_GAP = re.compile(r"^[\s,]*((?:19|20)?)$")  # between the month and the year: ", 20", ",", " ", ""
_CENTURY = re.compile(r"^\s*,\s*(?:19|20)$|^\s+(?:19|20)$")  # "dated ____, 20__": the year blank follows "20"
_PIECE_HINTS = {"day": "day", "dd": "day", "month": "month", "mm": "month", "year": "year", "yyyy": "year"}
_CONTROLS = frozenset({"content_control", "legacy_field", "html_input"})


def _text_blank(token: Token | None) -> Blank | None:
    return token if isinstance(token, Blank) and token.kind == "text" else None


def _as_date(first: Blank, parts: list[Blank], order: tuple[str, ...] = ()) -> Blank:
    first.kind = "date"
    first.base, first.encoding = first.encoding, "date"
    first.parts = [p.path for p in parts]
    first.part_chars = [p.chars for p in parts]
    first.date_order = order
    return first


_Found = tuple[int, Blank, str]  # tokens used, the date, text to put back after it


def _vietnamese(window: list[Token], before: str) -> _Found | None:
    """ "…/…/…", "…/…/" and "ngày … tháng … năm …"."""
    first = window[0]
    assert isinstance(first, Blank)
    kinds = [_text_blank(t) is not None for t in window]
    sep1 = window[1] if len(window) > 1 and isinstance(window[1], str) else ""
    sep2 = window[3] if len(window) > 3 and isinstance(window[3], str) else ""
    if len(window) >= 4 and kinds[2] and sep1.strip() in _SEPARATORS and sep2.strip()[:1] in _SEPARATORS:
        full = len(window) == 5 and kinds[4] and sep2.strip() in _SEPARATORS
        count = 3 if full else 2  # "…/…/" with the year left open still is one date
        date = _as_date(first, [t for t in window[: 2 * count - 1] if isinstance(t, Blank)])
        return (5, date, "") if full else (4, date, sep2.strip()[1:])  # "…/…/ [14.4]. Nơi …": the text stays
    if fold(before).endswith("ngay") and len(window) >= 5 and kinds[0] and kinds[2] and kinds[4]:
        words = [fold(t) for t in window[1:5:2] if isinstance(t, str)]
        if words == ["thang", "nam"]:
            return 5, _as_date(first, [t for t in window if isinstance(t, Blank)]), ""
    return None


def _english(window: list[Token]) -> _Found | None:
    """ "__ day of ____, 20__", "____, 20__" and Day / Month / Year controls."""
    first = window[0]
    assert isinstance(first, Blank)
    blanks = [_text_blank(t) for t in window[0::2]]
    seps = [t if isinstance(t, str) else None for t in window[1::2]]
    hints = [_PIECE_HINTS.get(fold(b.hint)) if b is not None and b.encoding in _CONTROLS else None for b in blanks]
    if (
        len(blanks) == 3
        and all(hints)
        and len(set(hints)) == 3
        and all(s is not None and len(s.split()) <= 3 and ":" not in s for s in seps[:2])
    ):
        return 5, _as_date(first, [b for b in blanks if b is not None], tuple(h for h in hints if h)), ""
    if len(blanks) >= 2 and blanks[1] is not None and seps[0] is not None and _DAY_OF.match(seps[0]):
        gap = _YEAR_GAP.match(seps[1]) if len(seps) > 1 and seps[1] is not None else None
        if gap is not None and len(blanks) == 3 and blanks[2] is not None:
            year = "year2" if gap.group(1) else "year"
            return 5, _as_date(first, [first, blanks[1], blanks[2]], ("day", "month", year)), ""
        return 3, _as_date(first, [first, blanks[1]], ("day", "month")), ""
    if len(blanks) >= 2 and blanks[1] is not None and seps[0] is not None and _CENTURY.match(seps[0]):
        return 3, _as_date(first, [first, blanks[1]], ("month_day", "year2")), ""
    return None


def merge_dates(tokens: list[Token]) -> list[Token]:
    """The token stream with every printed date made one date blank."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if _text_blank(tok) is not None:
            window = tokens[i : i + 5]
            before = out[-1] if out and isinstance(out[-1], str) else ""
            found = _vietnamese(window, before) or _english(window)
            if found is not None:
                used, date, rest = found
                out.append(date)
                if rest:
                    out.append(rest)
                i += used
                continue
        out.append(tok)
        i += 1
    return out
