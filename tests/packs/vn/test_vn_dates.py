"""Day-first Vietnamese date parsing into partial dates."""

from __future__ import annotations

import datetime
import unicodedata

import pytest

from eformkit.packs.vn.dates import PartialDate, parse_date


@pytest.mark.parametrize(
    ("text", "iso", "precision"),
    [
        ("05/02/2025", "2025-02-05", "day"),
        ("5/2/2025", "2025-02-05", "day"),
        ("5-2-2025", "2025-02-05", "day"),
        ("5.2.2025", "2025-02-05", "day"),
        (" 05 / 02 / 2025 ", "2025-02-05", "day"),
        ("ngày 5 tháng 2 năm 2025", "2025-02-05", "day"),
        ("ngày 05 tháng 02 năm 2025", "2025-02-05", "day"),
        ("Ngày 05 tháng 02 năm 2025.", "2025-02-05", "day"),
        ("ngày mùng 5 tháng 2 năm 2025", "2025-02-05", "day"),
        ("ngay 5 thang 2 nam 2025", "2025-02-05", "day"),
        ("NGÀY 5, THÁNG 2, NĂM 2025", "2025-02-05", "day"),
        (unicodedata.normalize("NFD", "ngày 5 tháng 2 năm 2025"), "2025-02-05", "day"),
        ("31/12/1999", "1999-12-31", "day"),
        ("29/02/2024", "2024-02-29", "day"),
        ("13/01/2025", "2025-01-13", "day"),  # day-first, never month-first
        ("02/2025", "2025-02", "month"),
        ("2/2025", "2025-02", "month"),
        ("tháng 2 năm 2025", "2025-02", "month"),
        ("tháng 12/2025", "2025-12", "month"),
        ("năm 2025", "2025", "year"),
        ("2025", "2025", "year"),
        ("2025-02-05", "2025-02-05", "day"),
        ("2025/2/5", "2025-02-05", "day"),
        ("2025-02", "2025-02", "month"),
    ],
)
def test_parse_date(text: str, iso: str | None, precision: str | None) -> None:
    parsed = parse_date(text)
    if iso is None:
        assert parsed is None
        return
    assert parsed is not None
    assert parsed.iso() == iso
    assert parsed.precision == precision


@pytest.mark.parametrize(
    "text",
    [
        "31/02/2025",
        "29/02/2023",
        "32/01/2025",
        "00/01/2025",
        "05/13/2025",
        "13/2025",
        "2025-13",
        "2025-02-30",
        "ngày 31 tháng 4 năm 2025",
        "ngày 5 năm 2025",  # a day without a month
        "05/02/25",  # two-digit year is ambiguous
        "0000",
        "hôm qua",
        "",
        "5 2 2025",
        "2025-02-05T10:00",
    ],
)
def test_parse_date_rejects(text: str) -> None:
    assert parse_date(text) is None


def test_partial_date_api() -> None:
    full = PartialDate(2025, 2, 5)
    assert full.to_date() == datetime.date(2025, 2, 5)
    assert full.display() == "05/02/2025"
    month = PartialDate(2025, 2)
    assert month.to_date() is None and month.display() == "02/2025" and month.precision == "month"
    year = PartialDate(1990)
    assert year.to_date() is None and year.iso() == "1990" and year.display() == "1990" and year.precision == "year"
    assert parse_date("5/2/2025") == full
    with pytest.raises(ValueError):
        PartialDate(2025, None, 5)
    with pytest.raises(ValueError):
        PartialDate(2025, 2, 30)
    with pytest.raises(ValueError):
        PartialDate(2025, 0)
