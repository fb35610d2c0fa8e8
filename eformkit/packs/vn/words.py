"""Numbers, amounts and dates written out in Vietnamese words ("ghi bằng chữ"), and the signature date line.

Reading rules (standard northern usage, as administrative forms print them): "linh" for a zero ten after hundreds
("một trăm linh năm"); "mốt" and "lăm" for 1 and 5 after a ten ≥ 20 ("hai mươi mốt", "hai mươi lăm", "mười lăm");
"không trăm" inside a number ("hai nghìn không trăm hai mươi lăm"); scales nghìn, triệu, tỷ, then "nghìn tỷ".
Dates use "mùng" for days 1–10 and "tháng tư" for April (vietnam-domain.md §5).
"""

from __future__ import annotations

import datetime

from eformkit.text import nfc

__all__ = ["amount_in_words", "date_in_words", "date_line", "number_in_words"]

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_MONTHS = ("một", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười", "mười một", "mười hai")
_BILLION = 10**9


def _below_thousand(n: int, inner: bool) -> list[str]:
    """Words for 0 < n < 1000; `inner` when a higher group precedes, so zero hundreds are read ("không trăm")."""
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or inner:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            words += ["linh", _DIGITS[units]] if words else [_DIGITS[units]]
    elif tens == 1:
        words.append("mười")
        if units:
            words.append("lăm" if units == 5 else _DIGITS[units])
    else:
        words += [_DIGITS[tens], "mươi"]
        if units:
            words.append({1: "mốt", 5: "lăm"}.get(units, _DIGITS[units]))
    return words


def _below_billion(n: int, inner: bool) -> list[str]:
    words: list[str] = []
    for scale, name in ((10**6, "triệu"), (10**3, "nghìn"), (1, "")):
        group = (n // scale) % 1000
        if group == 0:
            continue  # a whole zero group is skipped: "một triệu không trăm linh năm"
        words += _below_thousand(group, inner)
        if name:
            words.append(name)
        inner = True
    return words


def _words(n: int, inner: bool = False) -> list[str]:
    if n >= _BILLION:
        high, low = divmod(n, _BILLION)
        return _words(high, inner) + ["tỷ"] + (_words(low, inner=True) if low else [])
    return _below_billion(n, inner)


def number_in_words(n: int) -> str:
    """Return `n` in Vietnamese words: 2025 → "hai nghìn không trăm hai mươi lăm", 21 → "hai mươi mốt"."""
    if n == 0:
        return "không"
    if n < 0:
        return "âm " + number_in_words(-n)
    return " ".join(_words(n))


def amount_in_words(vnd: int) -> str:
    """Return an amount as forms write it "bằng chữ": 150_000_000 → "Một trăm năm mươi triệu đồng"."""
    if vnd < 0:
        raise ValueError("amount must not be negative / số tiền không được âm")
    text = f"{number_in_words(vnd)} đồng"
    return text[0].upper() + text[1:]


def _day_words(day: int) -> str:
    return f"mùng {number_in_words(day)}" if day <= 10 else number_in_words(day)


def date_in_words(d: datetime.date) -> str:
    """Return a date in words: 5/2/2025 → "ngày mùng năm tháng hai năm hai nghìn không trăm hai mươi lăm"."""
    return f"ngày {_day_words(d.day)} tháng {_MONTHS[d.month - 1]} năm {number_in_words(d.year)}"


def date_line(place: str | None, d: datetime.date) -> str:
    """Return the signature line "Buôn Ma Thuột, ngày 05 tháng 02 năm 2025".

    Days below 10 and months 1–2 take a leading zero (NĐ 30/2020/NĐ-CP style), so "tháng 3" but "tháng 02".
    """
    day = f"{d.day:02d}"
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    body = f"ngày {day} tháng {month} năm {d.year}"
    place = nfc(" ".join(place.split())) if place else ""
    return f"{place}, {body}" if place else body
