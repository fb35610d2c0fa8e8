"""Vietnamese tax codes (mã số thuế, MST): 10 digits with a mod-11 check digit, optionally "-NNN" for a branch.

Check digit (TT 105/2020/TT-BTC structure, as applied to issued codes): weights 31, 29, 23, 19, 17, 13, 7, 5, 3 on
the first nine digits; check = 10 − (sum mod 11). A result of 10 means the nine digits are never issued. Real codes
agree, e.g. 0100109106 and 0300588569. Branch and dependent-unit codes append 001–999 ("0100109106-001"; written
without the dash on some forms, so 13 bare digits are accepted too).
"""

from __future__ import annotations

import re

from eformkit.text import nfc

__all__ = ["TaxCodeError", "check_digit", "make_tax_code", "validate_tax_code"]

_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)
_SHAPE = re.compile(r"(\d{10})(?:-?(\d{3}))?")
_SPACES = re.compile(r"[\s.]")


class TaxCodeError(ValueError):
    """An invalid tax code; `code` is "format", "check_digit" or "branch"."""

    def __init__(self, code: str, message_vi: str, message_en: str) -> None:
        super().__init__(message_en)
        self.code = code
        self.message_vi = message_vi
        self.message_en = message_en


def check_digit(first9: str) -> int | None:
    """Return the check digit for nine digits, or None when the result would be 10 (never issued)."""
    if len(first9) != 9 or not (first9.isascii() and first9.isdigit()):
        raise ValueError("expected nine ASCII digits")
    check = 10 - sum(int(d) * w for d, w in zip(first9, _WEIGHTS, strict=True)) % 11
    return None if check == 10 else check


def validate_tax_code(s: str) -> str:
    """Return the canonical tax code ("0123456789" or "0123456789-001"); raise `TaxCodeError` if invalid."""
    compact = _SPACES.sub("", nfc(s))
    match = _SHAPE.fullmatch(compact) if compact.isascii() else None
    if match is None:
        raise TaxCodeError(
            "format",
            "Mã số thuế phải gồm 10 chữ số, hoặc 10 chữ số kèm mã đơn vị phụ thuộc 3 chữ số (0123456789-001).",
            "A tax code has 10 digits, or 10 digits plus a 3-digit branch suffix (0123456789-001).",
        )
    main, branch = match.group(1), match.group(2)
    if check_digit(main[:9]) != int(main[9]):
        raise TaxCodeError(
            "check_digit",
            "Mã số thuế không hợp lệ: chữ số kiểm tra không đúng.",
            "Invalid tax code: the check digit does not match.",
        )
    if branch is None:
        return main
    if branch == "000":
        raise TaxCodeError(
            "branch",
            "Mã đơn vị phụ thuộc phải từ 001 đến 999.",
            "The branch suffix must be between 001 and 999.",
        )
    return f"{main}-{branch}"


def make_tax_code(first9: str) -> str:
    """Return the 10-digit tax code for nine digits; raise `TaxCodeError` ("check_digit") if they cannot be issued."""
    digit = check_digit(first9)
    if digit is None:
        raise TaxCodeError(
            "check_digit",
            "Chín chữ số này không tạo được mã số thuế hợp lệ.",
            "These nine digits cannot form a valid tax code.",
        )
    return f"{first9}{digit}"
