"""The 12-digit personal identification number (số định danh cá nhân, the number on the CCCD / thẻ căn cước).

Structure (NĐ 137/2015/NĐ-CP Art. 13; forms.md §B): d1–d3 the pre-2025 province where the birth was registered,
d4 century and sex (0/1 = 1900s male/female, 2/3 = 2000s, … 8/9 = 2300s), d5–d6 the year of birth, d7–d12 a
random serial. There is **no check digit**. Prefixes refer to the 63 old provinces for ever; NSO re-used old codes
for the 34 new provinces (prefix 015 is Yên Bái, but new code 15 is Lào Cai), so a prefix is resolved through the
legacy table below and then mapped to the current province. Country prefixes for births abroad are not verified and
are rejected as unknown.
"""

from __future__ import annotations

import re
from typing import NamedTuple

__all__ = [
    "CONSISTENCY_MESSAGES",
    "LEGACY_PREFIXES",
    "PersonalIdError",
    "PersonalIdInfo",
    "consistency",
    "make_personal_id",
    "mask_personal_id",
    "parse_personal_id",
]

# prefix → (pre-2025 province, 2025 NSO province code); forms.md §B, checked against the admin-units conversion table.
LEGACY_PREFIXES: dict[str, tuple[str, str]] = {
    "001": ("Hà Nội", "01"),
    "002": ("Hà Giang", "08"),
    "004": ("Cao Bằng", "04"),
    "006": ("Bắc Kạn", "19"),
    "008": ("Tuyên Quang", "08"),
    "010": ("Lào Cai", "15"),
    "011": ("Điện Biên", "11"),
    "012": ("Lai Châu", "12"),
    "014": ("Sơn La", "14"),
    "015": ("Yên Bái", "15"),
    "017": ("Hòa Bình", "25"),
    "019": ("Thái Nguyên", "19"),
    "020": ("Lạng Sơn", "20"),
    "022": ("Quảng Ninh", "22"),
    "024": ("Bắc Giang", "24"),
    "025": ("Phú Thọ", "25"),
    "026": ("Vĩnh Phúc", "25"),
    "027": ("Bắc Ninh", "24"),
    "030": ("Hải Dương", "31"),
    "031": ("Hải Phòng", "31"),
    "033": ("Hưng Yên", "33"),
    "034": ("Thái Bình", "33"),
    "035": ("Hà Nam", "37"),
    "036": ("Nam Định", "37"),
    "037": ("Ninh Bình", "37"),
    "038": ("Thanh Hóa", "38"),
    "040": ("Nghệ An", "40"),
    "042": ("Hà Tĩnh", "42"),
    "044": ("Quảng Bình", "44"),
    "045": ("Quảng Trị", "44"),
    "046": ("Thừa Thiên Huế", "46"),
    "048": ("Đà Nẵng", "48"),
    "049": ("Quảng Nam", "48"),
    "051": ("Quảng Ngãi", "51"),
    "052": ("Bình Định", "52"),
    "054": ("Phú Yên", "66"),
    "056": ("Khánh Hòa", "56"),
    "058": ("Ninh Thuận", "56"),
    "060": ("Bình Thuận", "68"),
    "062": ("Kon Tum", "51"),
    "064": ("Gia Lai", "52"),
    "066": ("Đắk Lắk", "66"),
    "067": ("Đắk Nông", "68"),
    "068": ("Lâm Đồng", "68"),
    "070": ("Bình Phước", "75"),
    "072": ("Tây Ninh", "80"),
    "074": ("Bình Dương", "79"),
    "075": ("Đồng Nai", "75"),
    "077": ("Bà Rịa - Vũng Tàu", "79"),
    "079": ("Hồ Chí Minh", "79"),
    "080": ("Long An", "80"),
    "082": ("Tiền Giang", "82"),
    "083": ("Bến Tre", "86"),
    "084": ("Trà Vinh", "86"),
    "086": ("Vĩnh Long", "86"),
    "087": ("Đồng Tháp", "82"),
    "089": ("An Giang", "91"),
    "091": ("Kiên Giang", "91"),
    "092": ("Cần Thơ", "92"),
    "093": ("Hậu Giang", "92"),
    "094": ("Sóc Trăng", "92"),
    "095": ("Bạc Liêu", "96"),
    "096": ("Cà Mau", "96"),
}

CONSISTENCY_MESSAGES: dict[str, tuple[str, str]] = {
    "century": (
        "Chữ số thứ tư của số định danh không khớp với thế kỷ của năm sinh.",
        "The fourth digit of the personal ID does not match the century of the date of birth.",
    ),
    "year": (
        "Chữ số thứ năm và sáu của số định danh không khớp với năm sinh.",
        "Digits five and six of the personal ID do not match the year of birth.",
    ),
    "sex": (
        "Chữ số thứ tư của số định danh không khớp với giới tính.",
        "The fourth digit of the personal ID does not match the sex.",
    ),
}
"""Mismatch code → (Vietnamese, English) warning text for `consistency`."""

_SEPARATORS = re.compile(r"[\s.\-]")


class PersonalIdError(ValueError):
    """An invalid personal ID: `code` is "format" (not 12 digits) or "prefix" (unknown province prefix)."""

    def __init__(self, code: str, message_vi: str, message_en: str) -> None:
        super().__init__(message_en)
        self.code = code
        self.message_vi = message_vi
        self.message_en = message_en


class PersonalIdInfo(NamedTuple):  # a tuple: decoding runs on every submission, a frozen dataclass is 5x slower
    """What a personal ID says about its holder: `066190001234` → Đắk Lắk, female, born 1990."""

    prefix: str
    legacy_province: str
    province_code: str
    female: bool
    birth_year: int


def mask_personal_id(s: str) -> str:
    """Return the ID safe for logs: first three and last two characters kept ("066*******34")."""
    value = _SEPARATORS.sub("", s)
    if len(value) < 8:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 5) + value[-2:]


def parse_personal_id(s: str) -> PersonalIdInfo:
    """Decode a 12-digit personal ID (spaces, dots and dashes ignored); raise `PersonalIdError` if invalid."""
    value = s if len(s) == 12 and s.isdigit() else _SEPARATORS.sub("", s)  # skip the regex when already bare
    if not (len(value) == 12 and value.isascii() and value.isdigit()):
        masked = mask_personal_id(s)
        raise PersonalIdError(
            "format",
            f"Số định danh cá nhân phải gồm đúng 12 chữ số (nhận được {masked!r}).",
            f"The personal ID must be exactly 12 digits (got {masked!r}).",
        )
    prefix = value[:3]
    if prefix not in LEGACY_PREFIXES:
        raise PersonalIdError(
            "prefix",
            f"Mã tỉnh {prefix} ở đầu số định danh cá nhân không tồn tại.",
            f"The province prefix {prefix} of the personal ID does not exist.",
        )
    legacy_province, province_code = LEGACY_PREFIXES[prefix]
    marker = int(value[3])
    return PersonalIdInfo(
        prefix=prefix,
        legacy_province=legacy_province,
        province_code=province_code,
        female=marker % 2 == 1,
        birth_year=1900 + (marker // 2) * 100 + int(value[4:6]),
    )


def consistency(info: PersonalIdInfo, *, birth_year: int | None, female: bool | None) -> list[str]:
    """Return the mismatch codes ("century", "year", "sex") between the ID and known facts; warnings, not errors
    (records get corrected and sex can be re-registered). Unknown facts (None) are not checked."""
    issues: list[str] = []
    if birth_year is not None:
        if birth_year // 100 != info.birth_year // 100:
            issues.append("century")
        if birth_year % 100 != info.birth_year % 100:
            issues.append("year")
    if female is not None and female != info.female:
        issues.append("sex")
    return issues


def make_personal_id(prefix: str, female: bool, birth_year: int, serial: int) -> str:
    """Build a well-formed ID (for synthetic registries): prefix "066", female, 1990, serial 1234 → "066190001234"."""
    if prefix not in LEGACY_PREFIXES:
        raise ValueError(f"unknown personal ID prefix {prefix!r}")
    if not 1900 <= birth_year <= 2399:
        raise ValueError(f"birth year {birth_year} outside 1900–2399")
    if not 0 <= serial <= 999_999:
        raise ValueError(f"serial {serial} outside 0–999999")
    marker = (birth_year // 100 - 19) * 2 + int(female)
    return f"{prefix}{marker}{birth_year % 100:02d}{serial:06d}"
