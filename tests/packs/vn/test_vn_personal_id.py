"""Personal ID decoding, consistency warnings, generation and masking."""

from __future__ import annotations

import pytest

from eformkit.packs.vn import admin_units
from eformkit.packs.vn.personal_id import (
    CONSISTENCY_MESSAGES,
    LEGACY_PREFIXES,
    PersonalIdError,
    PersonalIdInfo,
    consistency,
    make_personal_id,
    mask_personal_id,
    parse_personal_id,
)


@pytest.mark.parametrize(
    ("pid", "info"),
    [
        ("066190001234", PersonalIdInfo("066", "Đắk Lắk", "66", True, 1990)),
        ("035199000123", PersonalIdInfo("035", "Hà Nam", "37", True, 1999)),
        ("001085000001", PersonalIdInfo("001", "Hà Nội", "01", False, 1985)),
        ("079303999999", PersonalIdInfo("079", "Hồ Chí Minh", "79", True, 2003)),
        ("054224000000", PersonalIdInfo("054", "Phú Yên", "66", False, 2024)),
        ("015300000001", PersonalIdInfo("015", "Yên Bái", "15", True, 2000)),  # not new code 15's Lào Cai
        ("024100000001", PersonalIdInfo("024", "Bắc Giang", "24", True, 1900)),
        ("052488000001", PersonalIdInfo("052", "Bình Định", "52", False, 2188)),
        ("082190000001", PersonalIdInfo("082", "Tiền Giang", "82", True, 1990)),
        ("066 190 001 234", PersonalIdInfo("066", "Đắk Lắk", "66", True, 1990)),
        ("066.190.001.234", PersonalIdInfo("066", "Đắk Lắk", "66", True, 1990)),
    ],
)
def test_parse(pid: str, info: PersonalIdInfo) -> None:
    assert parse_personal_id(pid) == info


@pytest.mark.parametrize(
    ("pid", "code"),
    [
        ("06619000123", "format"),
        ("0661900012345", "format"),
        ("06619000123a", "format"),
        ("", "format"),
        ("０６６１９０００１２３４", "format"),  # full-width digits
        ("097190001234", "prefix"),
        ("000190001234", "prefix"),
        ("003190001234", "prefix"),
        ("099190001234", "prefix"),
    ],
)
def test_parse_errors(pid: str, code: str) -> None:
    with pytest.raises(PersonalIdError) as err:
        parse_personal_id(pid)
    assert err.value.code == code
    assert err.value.message_vi and err.value.message_en
    assert isinstance(err.value, ValueError)
    if len(pid) >= 8:  # never echo the full number
        assert pid not in err.value.message_vi and pid not in err.value.message_en
        assert pid not in str(err.value)


def test_prefix_table_matches_admin_units() -> None:
    assert len(LEGACY_PREFIXES) == 63
    idx = admin_units._index()
    new_by_old: dict[str, set[str]] = {}
    for ward in idx.legacy_wards.values():
        old = idx.legacy_districts[ward.district_code].province_code
        new_by_old.setdefault(old, set()).update(idx.commune_by_code[c].province_code for c in ward.targets)
    for prefix, (name, code) in LEGACY_PREFIXES.items():
        assert new_by_old[prefix[1:]] == {code}, prefix
        assert admin_units.province(code) is not None
        assert admin_units._norm(name) in admin_units._norm(idx.legacy_provinces[prefix[1:]].name) or prefix == "046"


@pytest.mark.parametrize(
    ("pid", "birth_year", "female", "issues"),
    [
        ("066190001234", 1990, True, []),
        ("066190001234", None, None, []),
        ("066190001234", 1991, True, ["year"]),
        ("066190001234", 2090, True, ["century"]),
        ("066190001234", 2091, True, ["century", "year"]),
        ("066190001234", 1990, False, ["sex"]),
        ("066190001234", 2001, False, ["century", "year", "sex"]),
        ("035199000123", 1999, True, []),
    ],
)
def test_consistency(pid: str, birth_year: int | None, female: bool | None, issues: list[str]) -> None:
    assert consistency(parse_personal_id(pid), birth_year=birth_year, female=female) == issues
    assert all(code in CONSISTENCY_MESSAGES for code in issues)


@pytest.mark.parametrize(
    ("prefix", "female", "year", "serial", "pid"),
    [
        ("066", True, 1990, 1234, "066190001234"),
        ("035", True, 1999, 123, "035199000123"),
        ("001", False, 2000, 0, "001200000000"),
        ("096", True, 2399, 999_999, "096999999999"),
        ("079", False, 1900, 42, "079000000042"),
    ],
)
def test_make_round_trip(prefix: str, female: bool, year: int, serial: int, pid: str) -> None:
    assert make_personal_id(prefix, female, year, serial) == pid
    info = parse_personal_id(pid)
    assert (info.prefix, info.female, info.birth_year) == (prefix, female, year)


@pytest.mark.parametrize(
    ("prefix", "year", "serial"),
    [("097", 1990, 1), ("66", 1990, 1), ("066", 1899, 1), ("066", 2400, 1), ("066", 1990, -1), ("066", 1990, 10**6)],
)
def test_make_rejects(prefix: str, year: int, serial: int) -> None:
    with pytest.raises(ValueError):
        make_personal_id(prefix, False, year, serial)


@pytest.mark.parametrize(
    ("raw", "masked"),
    [("066190001234", "066*******34"), ("066 190 001 234", "066*******34"), ("1234", "****"), ("", "")],
)
def test_mask(raw: str, masked: str) -> None:
    assert mask_personal_id(raw) == masked
