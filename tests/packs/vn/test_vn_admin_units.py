"""2025 administrative units: counts, lookups by code and folded name, and legacy conversion."""

from __future__ import annotations

import unicodedata
from collections import Counter

import pytest

from eformkit.packs.vn import admin_units as au


def test_counts_match_nso() -> None:
    assert len(au.provinces()) == 34
    assert len(au.communes()) == 3321
    assert Counter(c.kind for c in au.communes()) == {"xã": 2621, "phường": 687, "đặc khu": 13}
    assert Counter(p.kind for p in au.provinces()) == {"tỉnh": 28, "thành phố": 6}
    assert sum(len(au.communes(p.code)) for p in au.provinces()) == 3321


def test_codes_shapes_and_nfc() -> None:
    for p in au.provinces():
        assert len(p.code) == 2 and p.code.isdigit()
        assert p.name == unicodedata.normalize("NFC", p.name)
    for c in au.communes():
        assert len(c.code) == 5 and c.code.isdigit()
        assert c.name == unicodedata.normalize("NFC", c.name)
        assert c.name.casefold().startswith(c.kind)
        assert au.province(c.province_code) is not None


def test_province_and_commune_by_code() -> None:
    assert au.province("66") == au.Province("66", "Tỉnh Đắk Lắk", "Đắk Lắk", "tỉnh")
    assert au.commune("24133") == au.Commune("24133", "Phường Buôn Ma Thuột", "Buôn Ma Thuột", "phường", "66")
    assert au.commune("22015") is not None and au.commune("22015").name == "Phường Tuy Hòa"  # type: ignore[union-attr]
    assert au.province("99") is None
    assert au.commune("00000") is None
    assert all(c.province_code == "66" for c in au.communes("66"))
    assert len(au.communes("66")) == 102  # new Đắk Lắk = old Đắk Lắk + Phú Yên (vietnam-domain.md §3)
    assert Counter(c.kind for c in au.communes("66")) == {"xã": 88, "phường": 14}
    assert au.communes("00") == ()


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Đắk Lắk", "66"),
        ("Tỉnh Đắk Lắk", "66"),
        ("dak lak", "66"),
        ("DAK LAK", "66"),
        (unicodedata.normalize("NFD", "Đắk Lắk"), "66"),
        ("tp hcm", "79"),
        ("TP.HCM", "79"),
        ("TPHCM", "79"),
        ("Thành phố Hồ Chí Minh", "79"),
        ("Hồ Chí Minh", "79"),
        ("Hà Nội", "01"),
        ("TP Hà Nội", "01"),
        ("Huế", "46"),
        ("Khánh Hoà", "56"),
        ("Khánh Hòa", "56"),
        ("Thanh Hoá", "38"),
    ],
)
def test_find_province(name: str, code: str) -> None:
    found = au.find_province(name)
    assert found is not None and found.code == code


@pytest.mark.parametrize("name", ["Phú Yên", "Atlantis", "", "Bình Dương"])
def test_find_province_unknown_or_legacy(name: str) -> None:
    assert au.find_province(name) is None


def test_find_commune() -> None:
    assert [c.code for c in au.find_commune("Buôn Ma Thuột")] == ["24133"]
    assert [c.code for c in au.find_commune("phuong buon ma thuot", "66")] == ["24133"]
    assert [c.code for c in au.find_commune("P. Tuy Hoà")] == ["22015"]
    assert [c.code for c in au.find_commune(unicodedata.normalize("NFD", "Ea Ktur"))] == ["24544"]
    assert au.find_commune("Buôn Ma Thuột", "79") == []
    assert au.find_commune("nowhere") == []
    # "Quan" is a name here, not the kind word "Quận": full-name matches come first.
    assert {c.province_code for c in au.find_commune("Quan Sơn")} == {"20", "38"}


@pytest.mark.parametrize(
    ("ward", "district", "province", "codes", "whole"),
    [
        ("phường Tân Lợi", "TP Buôn Ma Thuột", "Đắk Lắk", ["24133"], True),
        ("Phường Tân Lợi", "Thành phố Buôn Ma Thuột", None, ["24133"], True),
        ("24136", None, None, ["24133"], True),
        ("xã Ea Tiêu", "huyện Cư Kuin", None, ["24544"], True),
        ("Ea Tieu", "Cu Kuin", "66", ["24544"], True),
        # Phường 9 of TP Tuy Hòa was split: both candidates, Phường Tuy Hòa (22015) among them.
        ("Phường 9", "TP Tuy Hòa", "Phú Yên", ["22015", "22045"], False),
        ("P.09", "Tuy Hoà", None, ["22015", "22045"], False),
        ("P9", "555", "54", ["22015", "22045"], False),
        ("Côn Đảo", None, None, ["26732"], True),
        ("", "Huyện Côn Đảo", "Bà Rịa - Vũng Tàu", ["26732"], True),
    ],
)
def test_convert_legacy(ward: str, district: str | None, province: str | None, codes: list[str], whole: bool) -> None:
    matches = au.convert_legacy(ward, district, province)
    assert [m.commune.code for m in matches] == codes
    assert all(m.whole is whole for m in matches)


def test_convert_legacy_ambiguous_name_returns_all() -> None:
    matches = au.convert_legacy("Tân Lợi")
    assert len(matches) >= 3  # Đắk Lắk, Bình Phước ×2, An Giang
    assert "24133" in {m.commune.code for m in matches}
    assert len({m.commune.code for m in matches}) == len(matches)


@pytest.mark.parametrize(
    ("ward", "district", "province"),
    [
        ("Phường Tân Lợi", "Huyện Cư Kuin", None),
        ("Phường Tân Lợi", None, "Phú Yên"),
        ("Nowhere", None, None),
        ("99999", None, None),
        ("Tân Lợi", None, "Atlantis"),
    ],
)
def test_convert_legacy_no_match(ward: str, district: str | None, province: str | None) -> None:
    assert au.convert_legacy(ward, district, province) == []


def test_every_legacy_ward_converts_by_code() -> None:
    idx = au._index()
    split = 0
    for code, ward in idx.legacy_wards.items():
        matches = au.convert_legacy(code)
        assert matches, code
        split += len(matches) > 1
        assert all(m.whole is (len(matches) == 1) for m in matches)
        assert ward.targets == tuple(m.commune.code for m in matches)
    assert len(idx.legacy_wards) == 10035
    assert len(idx.legacy_districts) == 696
    assert len(idx.legacy_provinces) == 63
    assert split == 471


def test_address_text() -> None:
    assert au.address_text("12 Lê Duẩn", "24133") == "12 Lê Duẩn, Phường Buôn Ma Thuột, Tỉnh Đắk Lắk"
    assert au.address_text(unicodedata.normalize("NFD", " 12  Lê Duẩn, "), "24133") == (
        "12 Lê Duẩn, Phường Buôn Ma Thuột, Tỉnh Đắk Lắk"
    )
    assert au.address_text(None, "24133") == "Phường Buôn Ma Thuột, Tỉnh Đắk Lắk"
    assert au.address_text("", "26732") == "Đặc khu Côn Đảo, Thành phố Hồ Chí Minh"
    assert au.address_text("12 Lê Duẩn", "24133", lang="en") == "12 Lê Duẩn, Buôn Ma Thuột Ward, Đắk Lắk Province"
    assert au.address_text(None, "24544", lang="en") == "Ea Ktur Commune, Đắk Lắk Province"
    assert au.address_text(None, "26732", lang="en") == "Côn Đảo Special Zone, Hồ Chí Minh City"


def test_address_text_unknown_code() -> None:
    with pytest.raises(au.AdminUnitError) as err:
        au.address_text("1 A", "00000")
    assert err.value.code == "commune"
    assert "00000" in err.value.message_vi and "00000" in err.value.message_en
