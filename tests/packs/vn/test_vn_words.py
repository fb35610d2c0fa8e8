"""Vietnamese numbers, amounts and dates in words, and the signature date line."""

from __future__ import annotations

import datetime
import unicodedata

import pytest

from eformkit.packs.vn.words import amount_in_words, date_in_words, date_line, number_in_words


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "không"),
        (1, "một"),
        (4, "bốn"),
        (5, "năm"),
        (10, "mười"),
        (11, "mười một"),
        (14, "mười bốn"),
        (15, "mười lăm"),
        (20, "hai mươi"),
        (21, "hai mươi mốt"),
        (24, "hai mươi bốn"),
        (25, "hai mươi lăm"),
        (55, "năm mươi lăm"),
        (99, "chín mươi chín"),
        (100, "một trăm"),
        (101, "một trăm linh một"),
        (105, "một trăm linh năm"),
        (110, "một trăm mười"),
        (115, "một trăm mười lăm"),
        (121, "một trăm hai mươi mốt"),
        (1000, "một nghìn"),
        (1001, "một nghìn không trăm linh một"),
        (1010, "một nghìn không trăm mười"),
        (1990, "một nghìn chín trăm chín mươi"),
        (2000, "hai nghìn"),
        (2025, "hai nghìn không trăm hai mươi lăm"),
        (10_000, "mười nghìn"),
        (15_000, "mười lăm nghìn"),
        (100_500, "một trăm nghìn năm trăm"),
        (1_000_000, "một triệu"),
        (1_000_005, "một triệu không trăm linh năm"),
        (1_250_000, "một triệu hai trăm năm mươi nghìn"),
        (150_000_000, "một trăm năm mươi triệu"),
        (1_000_000_000, "một tỷ"),
        (2_500_000_000, "hai tỷ năm trăm triệu"),
        (1_000_000_021, "một tỷ không trăm hai mươi mốt"),
        (1_000_000_000_000, "một nghìn tỷ"),
        (-5, "âm năm"),
    ],
)
def test_number_in_words(n: int, words: str) -> None:
    assert number_in_words(n) == words
    assert unicodedata.is_normalized("NFC", number_in_words(n))


@pytest.mark.parametrize(
    ("vnd", "words"),
    [
        (150_000_000, "Một trăm năm mươi triệu đồng"),
        (0, "Không đồng"),
        (1_500_000, "Một triệu năm trăm nghìn đồng"),
        (2_025, "Hai nghìn không trăm hai mươi lăm đồng"),
        (10_000_000_000, "Mười tỷ đồng"),
    ],
)
def test_amount_in_words(vnd: int, words: str) -> None:
    assert amount_in_words(vnd) == words


def test_amount_negative() -> None:
    with pytest.raises(ValueError):
        amount_in_words(-1)


@pytest.mark.parametrize(
    ("d", "words"),
    [
        (datetime.date(2025, 2, 5), "ngày mùng năm tháng hai năm hai nghìn không trăm hai mươi lăm"),
        (datetime.date(2025, 4, 1), "ngày mùng một tháng tư năm hai nghìn không trăm hai mươi lăm"),
        (datetime.date(1973, 11, 9), "ngày mùng chín tháng mười một năm một nghìn chín trăm bảy mươi ba"),
        (datetime.date(2000, 1, 10), "ngày mùng mười tháng một năm hai nghìn"),
        (datetime.date(1990, 12, 11), "ngày mười một tháng mười hai năm một nghìn chín trăm chín mươi"),
        (datetime.date(2024, 7, 21), "ngày hai mươi mốt tháng bảy năm hai nghìn không trăm hai mươi bốn"),
        (datetime.date(2024, 5, 15), "ngày mười lăm tháng năm năm hai nghìn không trăm hai mươi bốn"),
        (datetime.date(2024, 3, 31), "ngày ba mươi mốt tháng ba năm hai nghìn không trăm hai mươi bốn"),
        (datetime.date(2024, 6, 25), "ngày hai mươi lăm tháng sáu năm hai nghìn không trăm hai mươi bốn"),
    ],
)
def test_date_in_words(d: datetime.date, words: str) -> None:
    assert date_in_words(d) == words


@pytest.mark.parametrize(
    ("place", "d", "line"),
    [
        ("Buôn Ma Thuột", datetime.date(2025, 2, 5), "Buôn Ma Thuột, ngày 05 tháng 02 năm 2025"),
        ("Hà Nội", datetime.date(2025, 1, 15), "Hà Nội, ngày 15 tháng 01 năm 2025"),
        ("Hà Nội", datetime.date(2025, 3, 9), "Hà Nội, ngày 09 tháng 3 năm 2025"),
        ("Huế", datetime.date(2025, 12, 31), "Huế, ngày 31 tháng 12 năm 2025"),
        ("  Tuy   Hòa ", datetime.date(2025, 10, 10), "Tuy Hòa, ngày 10 tháng 10 năm 2025"),
        (None, datetime.date(2025, 2, 5), "ngày 05 tháng 02 năm 2025"),
        ("", datetime.date(2025, 7, 1), "ngày 01 tháng 7 năm 2025"),
    ],
)
def test_date_line(place: str | None, d: datetime.date, line: str) -> None:
    assert date_line(place, d) == line
