"""Vietnamese phone numbers: parse the usual spellings, store E.164 ("+84912345678"), print the national form.

Since the 2017–2018 renumbering a national significant number (after the trunk "0" or "+84") is either a mobile
number, 9 digits starting 3, 5, 7, 8 or 9, or a landline, 10 digits starting 2 (area code 2xx; Hà Nội 24 and
TP Hồ Chí Minh 28 are the two-digit ones). Service numbers (1800, 1900) and foreign numbers are refused.
"""

from __future__ import annotations

import re

from eformkit.text import nfc

__all__ = ["PhoneError", "format_national", "is_mobile", "mask_phone", "normalize_phone"]

_MOBILE_LEADS = frozenset("35789")
_TWO_DIGIT_AREAS = frozenset({"24", "28"})
_PUNCTUATION = re.compile(r"[\s.\-()/]")


class PhoneError(ValueError):
    """An unusable phone number; `code` is "empty", "format", "country", "length" or "prefix"."""

    def __init__(self, code: str, message_vi: str, message_en: str) -> None:
        super().__init__(message_en)
        self.code = code
        self.message_vi = message_vi
        self.message_en = message_en


def _mask(text: str) -> str:
    body = _PUNCTUATION.sub("", nfc(text))
    return "*" * len(body) if len(body) <= 3 else "*" * (len(body) - 3) + body[-3:]


def mask_phone(s: str) -> str:
    """Return the number safe for logs, only the last three digits kept: "0912 345 678" → "+84******678"."""
    try:
        return "+84" + _mask(normalize_phone(s)[3:])
    except PhoneError:
        return _mask(s)


def _error(code: str, raw: str, vi: str, en: str) -> PhoneError:
    masked = _mask(raw)
    suffix_vi = f" (nhận được {masked!r})" if masked else ""
    suffix_en = f" (got {masked!r})" if masked else ""
    return PhoneError(code, vi + suffix_vi + ".", en + suffix_en + ".")


def normalize_phone(s: str) -> str:
    """Return a Vietnamese number in E.164 ("0912 345 678", "+84 912 345 678", "(+84) 91-234-5678" → "+84912345678").

    Raises `PhoneError` for anything else.
    """
    compact = _PUNCTUATION.sub("", nfc(s))
    if not compact:
        raise _error("empty", s, "Chưa nhập số điện thoại", "No phone number given")
    if not (compact.lstrip("+").isascii() and compact.lstrip("+").isdigit()) or compact.count("+") > 1:
        raise _error("format", s, "Số điện thoại chỉ được gồm chữ số", "A phone number may contain only digits")
    if compact.startswith("+") and not compact.startswith("+84"):
        raise _error(
            "country", s, "Chỉ chấp nhận số điện thoại Việt Nam (+84)", "Only Vietnamese numbers (+84) are accepted"
        )
    if compact.startswith("+84"):
        national = compact[3:]
    elif compact.startswith("0084"):
        national = compact[4:]
    elif compact.startswith("84") and len(compact) in (11, 12):
        national = compact[2:]
    elif compact.startswith("0"):
        national = compact[1:]
    else:
        raise _error(
            "format", s, "Số điện thoại phải bắt đầu bằng 0 hoặc +84", "A phone number must start with 0 or +84"
        )
    if national.startswith("0") and len(national) in (10, 11):
        national = national[1:]  # "+84 0912 …": a trunk zero kept after the country code
    lead = national[:1]
    if lead in _MOBILE_LEADS:
        expected = 9
    elif lead == "2":
        expected = 10
    else:
        raise _error(
            "prefix",
            s,
            "Đầu số không phải số di động (03x, 05x, 07x, 08x, 09x) hay số cố định (02x)",
            "The prefix is neither mobile (03x, 05x, 07x, 08x, 09x) nor landline (02x)",
        )
    if len(national) != expected:
        raise _error(
            "length",
            s,
            f"Số điện thoại phải có {expected + 1} chữ số kể cả số 0 đầu",
            f"The number must have {expected + 1} digits including the leading 0",
        )
    return "+84" + national


def is_mobile(e164: str) -> bool:
    """Return True for a canonical Vietnamese mobile number ("+84912345678")."""
    national = e164[3:]
    return e164.startswith("+84") and len(national) == 9 and national[:1] in _MOBILE_LEADS and national.isdigit()


def format_national(e164: str) -> str:
    """Return the national display form: "+84912345678" → "0912 345 678", "+842623851234" → "0262 3851 234"."""
    national = normalize_phone(e164)[3:]
    if national[0] in _MOBILE_LEADS:
        return f"0{national[:3]} {national[3:6]} {national[6:]}"
    area_len = 2 if national[:2] in _TWO_DIGIT_AREAS else 3
    area, subscriber = national[:area_len], national[area_len:]
    return f"0{area} {subscriber[:4]} {subscriber[4:]}"
