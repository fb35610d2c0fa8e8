"""Tone-placement unification, normalisation and name keys."""

from __future__ import annotations

import unicodedata

import pytest

from eformkit.packs.vn.text import name_key, normalize, unify_tone_placement


def _nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("hoà", "hòa"),
        ("Hoà Bình", "Hòa Bình"),
        ("Khánh Hoà", "Khánh Hòa"),
        ("thuý", "thúy"),
        ("Thuỷ", "Thủy"),
        ("khoẻ", "khỏe"),
        ("hoá đơn", "hóa đơn"),
        ("HOÀ", "HÒA"),
        ("THUÝ", "THÚY"),
        # already canonical: unchanged
        ("hòa", "hòa"),
        ("thúy", "thúy"),
        ("quý", "quý"),
        ("Quảng Trị", "Quảng Trị"),
        ("giữa", "giữa"),
        ("gìn giữ", "gìn giữ"),
        ("hoàng", "hoàng"),
        ("huỳnh", "huỳnh"),
        ("thuyền", "thuyền"),
        ("người", "người"),
        ("ngoài", "ngoài"),
        ("khuỷu", "khuỷu"),
        ("Nguyễn Thị Hoà", "Nguyễn Thị Hòa"),
        ("Đắk Lắk", "Đắk Lắk"),
        ("của", "của"),
        ("mùa", "mùa"),
        ("hoặc", "hoặc"),
        ("cừu", "cừu"),
        # misplaced tones are repaired
        ("hòang", "hoàng"),
        ("nguờì", "nguờì"),  # two tones: not a syllable, left alone
        # non-Vietnamese and mark-free text is untouched
        ("Ea Ktur", "Ea Ktur"),
        ("café 123", "café 123"),
        ("", ""),
    ],
)
def test_unify_tone_placement(raw: str, expected: str) -> None:
    assert unify_tone_placement(raw) == expected
    assert unify_tone_placement(_nfd(raw)) == expected
    assert unicodedata.is_normalized("NFC", unify_tone_placement(_nfd(raw)))


def test_unify_is_idempotent() -> None:
    text = "Tỉnh Hoà Bình, xã Thuỷ Xuân, Khoẻ mạnh, quý khách, Nguyễn Văn Hoàng"
    once = unify_tone_placement(text)
    assert once == "Tỉnh Hòa Bình, xã Thủy Xuân, Khỏe mạnh, quý khách, Nguyễn Văn Hoàng"
    assert unify_tone_placement(once) == once


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Nguyễn   Thị\tHoà \n", "Nguyễn Thị Hòa"),
        (_nfd("Phường  Tuy Hoà"), "Phường Tuy Hòa"),
        ("Họ và tên", "Họ và tên"),
        ("\u00a0Lê\u00a0Duẩn\u00a0", "Lê Duẩn"),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    "variant",
    ["Nguyễn Thị Hòa", "Nguyễn Thị Hoà", "NGUYỄN THỊ HÒA", "nguyen thi hoa", _nfd("Nguyễn  Thị Hoà"), "Nguyễn-Thị Hoà"],
)
def test_name_key(variant: str) -> None:
    assert name_key(variant) == "nguyen thi hoa"


def test_name_key_strokes() -> None:
    assert name_key("Đặng Đình Đức") == "dang dinh duc"
