"""Vietnamese phone number normalisation, classification, display and masking."""

from __future__ import annotations

import pytest

from eformkit.packs.vn.phone import PhoneError, format_national, is_mobile, mask_phone, normalize_phone


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("0912 345 678", "+84912345678"),
        ("0912.345.678", "+84912345678"),
        ("0912-345-678", "+84912345678"),
        ("0912345678", "+84912345678"),
        ("+84 912 345 678", "+84912345678"),
        ("+84912345678", "+84912345678"),
        ("84912345678", "+84912345678"),
        ("0084 912 345 678", "+84912345678"),
        ("(+84) 91-234-5678", "+84912345678"),
        ("+84 0912 345 678", "+84912345678"),
        ("\u00a00912\u00a0345\u00a0678 ", "+84912345678"),
        ("0321 234 567", "+84321234567"),
        ("0581 234 567", "+84581234567"),
        ("0701 234 567", "+84701234567"),
        ("0888 123 456", "+84888123456"),
        ("0262 3851 234", "+842623851234"),
        ("(0262) 3.851.234", "+842623851234"),
        ("024 3825 1234", "+842438251234"),
        ("+84 28 3829 1234", "+842838291234"),
        ("842623851234", "+842623851234"),
    ],
)
def test_normalize(raw: str, e164: str) -> None:
    assert normalize_phone(raw) == e164


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("0912 345 67a", "format"),
        ("09１2345678", "format"),  # full-width digit
        ("++84912345678", "format"),
        ("912345678", "format"),  # no trunk 0 nor country code
        ("+1 202 555 0100", "country"),
        ("+849123456", "length"),
        ("091234567", "length"),
        ("09123456789", "length"),
        ("026238512", "length"),
        ("0112 345 678", "prefix"),
        ("0412 345 678", "prefix"),
        ("0612 345 678", "prefix"),
        ("1900 1234", "format"),
        ("1800 5888", "format"),
    ],
)
def test_normalize_rejects(raw: str, code: str) -> None:
    with pytest.raises(PhoneError) as err:
        normalize_phone(raw)
    assert err.value.code == code
    assert err.value.message_vi and err.value.message_en
    digits = "".join(ch for ch in raw if ch.isdigit())
    if len(digits) >= 6:
        assert digits not in err.value.message_en and digits not in err.value.message_vi


@pytest.mark.parametrize(
    ("e164", "mobile", "national"),
    [
        ("+84912345678", True, "0912 345 678"),
        ("+84321234567", True, "0321 234 567"),
        ("+842623851234", False, "0262 3851 234"),
        ("+842438251234", False, "024 3825 1234"),
        ("+842838291234", False, "028 3829 1234"),
    ],
)
def test_mobile_and_national(e164: str, mobile: bool, national: str) -> None:
    assert is_mobile(e164) is mobile
    assert format_national(e164) == national
    assert normalize_phone(national) == e164


def test_is_mobile_rejects_non_canonical() -> None:
    assert not is_mobile("0912345678")
    assert not is_mobile("+8491234567")
    assert not is_mobile("+1912345678")


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("0912 345 678", "+84******678"),
        ("+84912345678", "+84******678"),
        ("0262 3851 234", "+84*******234"),
        ("12ab", "*2ab"),
        ("12", "**"),
    ],
)
def test_mask(raw: str, masked: str) -> None:
    assert mask_phone(raw) == masked
