"""Day-first Vietnamese date parsing into partial dates (year-only and month-year birth dates are legitimate).

Accepted: "05/02/2025", "5-2-2025", "5.2.2025", "ngày 5 tháng 2 năm 2025" (with or without diacritics, "mùng"),
"02/2025", "tháng 2 năm 2025", "năm 2025", "2025", and ISO "2025-02-05" / "2025-02". A four-digit year first means
year-first order; anything else is day-first, never month-first. Two-digit years are refused as ambiguous.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Literal

from eformkit.text import fold, nfc

__all__ = ["PartialDate", "parse_date"]

Precision = Literal["day", "month", "year"]


@dataclass(frozen=True)
class PartialDate:
    """A calendar date known to the day, the month or only the year."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9999 or (self.month is not None and not 1 <= self.month <= 12):
            raise ValueError(f"invalid partial date {self.year}-{self.month}")
        if self.day is not None:
            if self.month is None:
                raise ValueError("a day needs a month")
            datetime.date(self.year, self.month, self.day)  # raises on 31/02

    @property
    def precision(self) -> Precision:
        """ "day", "month" or "year"."""
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def iso(self) -> str:
        """ISO 8601 at the known precision: "2025-02-05", "2025-02" or "2025"."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def display(self) -> str:
        """As forms print it: "05/02/2025", "02/2025" or "2025"."""
        parts = [f"{v:02d}" for v in (self.day, self.month) if v is not None]
        return "/".join([*parts, f"{self.year:04d}"])

    def to_date(self) -> datetime.date | None:
        """The full date, or None unless the precision is "day"."""
        if self.month is None or self.day is None:
            return None
        return datetime.date(self.year, self.month, self.day)


_SEP = r"\s*[/.\-]\s*"
_DAY_FIRST = re.compile(rf"(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}(\d{{4}})")
_MONTH_YEAR = re.compile(rf"(\d{{1,2}}){_SEP}(\d{{4}})")
_YEAR_FIRST = re.compile(rf"(\d{{4}}){_SEP}(\d{{1,2}})(?:{_SEP}(\d{{1,2}}))?")
_YEAR = re.compile(r"(\d{4})")
# On the folded text: "ngay 5 thang 2 nam 2025", "ngay mung 5 ...", "thang 2 nam 2025", "nam 2025".
_WORDS = re.compile(r"(?:ngay (?:mung |mong )?(\d{1,2}) )?(?:thang (\d{1,2}) )?(?:nam )?(\d{4})")


def _make(year: str, month: str | None, day: str | None) -> PartialDate | None:
    try:
        return PartialDate(int(year), int(month) if month else None, int(day) if day else None)
    except ValueError:
        return None


def parse_date(text: str) -> PartialDate | None:
    """Parse a Vietnamese or ISO date, day-first; return None if it is not a date or does not exist (31/02)."""
    raw = nfc(text).strip().rstrip(".")
    if match := _DAY_FIRST.fullmatch(raw):
        return _make(match.group(3), match.group(2), match.group(1))
    if match := _YEAR_FIRST.fullmatch(raw):
        return _make(match.group(1), match.group(2), match.group(3))
    if match := _MONTH_YEAR.fullmatch(raw):
        return _make(match.group(2), match.group(1), None)
    if match := _YEAR.fullmatch(raw):
        return _make(match.group(1), None, None)
    words = _WORDS.fullmatch(fold(raw))
    if words and (words.group(1) is None or words.group(2) is not None) and fold(raw) != words.group(3):
        return _make(words.group(3), words.group(2), words.group(1))
    return None
