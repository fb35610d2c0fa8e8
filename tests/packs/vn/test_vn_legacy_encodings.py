"""TCVN3 and VNI decoding: reference phrases, font detection, and a full round trip of every Vietnamese letter."""

from __future__ import annotations

import unicodedata

import pytest

from eformkit.packs.vn.legacy_encodings import (
    TCVN3_TABLE,
    VNI_ENCODE,
    decode,
    detect_font_encoding,
    is_uppercase_font,
)

_BASES = "aăâeêioôơuưy"
_TONES = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")
LOWER = sorted({unicodedata.normalize("NFC", b + t) for b in _BASES for t in _TONES} | {"đ"})
UPPER = [c.upper() for c in LOWER]
SAMPLE = "Cộng hòa xã hội chủ nghĩa Việt Nam. Độc lập - Tự do - Hạnh phúc. Họ, chữ đệm và tên; ngày sinh 05/02/2025"


def _encode_tcvn3(text: str) -> str:
    reverse = {letter: surface for surface, letter in TCVN3_TABLE.items()}
    return "".join(reverse.get(ch, ch) for ch in text)


def _encode_vni(text: str) -> str:
    return "".join(VNI_ENCODE.get(ch, ch) for ch in text)


def test_every_vietnamese_letter_is_covered() -> None:
    assert len(LOWER) == 12 * 6 + 1 == 73
    assert set(LOWER) <= set(TCVN3_TABLE.values()) | set("aeiouy")
    assert set(LOWER + UPPER) <= set(VNI_ENCODE) | set("aeiouyAEIOUY")


@pytest.mark.parametrize(
    ("legacy", "expected"),
    [
        ("Hä vµ tªn", "Họ và tên"),
        ("B¸o c¸o tµi chÝnh", "Báo cáo tài chính"),
        ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Cộng hoà xã hội chủ nghĩa Việt Nam"),
        ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
        ("Sè ®Þnh danh c¸ nh©n", "Số định danh cá nhân"),
        ("\uf048\uf0e4 v\uf0b5 t\uf0aan", "Họ và tên"),  # private-use shifted bytes
        ("ASCII 123 only", "ASCII 123 only"),
    ],
)
def test_decode_tcvn3(legacy: str, expected: str) -> None:
    out = decode(legacy, "tcvn3")
    assert out == expected
    assert unicodedata.is_normalized("NFC", out)


def test_decode_tcvn3_uppercase_font() -> None:
    assert decode("Hä vµ tªn", "tcvn3", upper=True) == "HỌ VÀ TÊN"
    assert decode("céng hoµ x· héi chñ nghÜa viÖt nam", "tcvn3", upper=True) == "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"


@pytest.mark.parametrize(
    ("legacy", "expected"),
    [
        ("Hoï vaø teân", "Họ và tên"),
        ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
        ("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
        ("HOÏ VAØ TEÂN", "HỌ VÀ TÊN"),
        ("Ñaø Naüng", "Đà Nẵng"),
        ("Chi phí, cheát vì", "Chi phí, chết vì"),
        ("Aø", "À"),  # lenient: modifier case differs from its base
    ],
)
def test_decode_vni(legacy: str, expected: str) -> None:
    assert decode(legacy, "vni") == expected


@pytest.mark.parametrize("letter", LOWER + UPPER)
def test_vni_round_trip_each_letter(letter: str) -> None:
    encoded = _encode_vni(letter)
    assert encoded != letter or letter in "aeiouyAEIOUYìíÌÍ"
    assert all(ord(ch) < 0x100 for ch in encoded)
    assert decode(encoded, "vni") == letter
    assert decode("x" + encoded + "n", "vni") == "x" + letter + "n"


@pytest.mark.parametrize("letter", LOWER)
def test_tcvn3_round_trip_each_letter(letter: str) -> None:
    encoded = _encode_tcvn3(letter)
    assert len(encoded) == 1 and ord(encoded) < 0x100
    assert decode(encoded, "tcvn3") == letter
    # Upper-case toned letters exist only through the capitals font.
    assert decode(encoded, "tcvn3", upper=True) == letter.upper()


def test_tables_are_bijective() -> None:
    assert len(set(TCVN3_TABLE.values())) == len(TCVN3_TABLE)
    assert len(set(VNI_ENCODE.values())) == len(VNI_ENCODE)
    for text in (SAMPLE, SAMPLE.upper(), " ".join(LOWER), " ".join(UPPER)):
        assert decode(_encode_vni(text), "vni") == text
    assert decode(_encode_tcvn3(SAMPLE), "tcvn3") == SAMPLE
    assert decode(_encode_tcvn3(SAMPLE.lower()), "tcvn3", upper=True) == SAMPLE.upper()


@pytest.mark.parametrize(
    ("font", "encoding", "upper"),
    [
        (".VnTime", "tcvn3", False),
        (".VnArial", "tcvn3", False),
        (".VnTimeH", "tcvn3", True),
        (".VnArialH", "tcvn3", True),
        (" .VnCentury Schoolbook ", "tcvn3", False),
        ("VNI-Times", "vni", False),
        ("VNI-Helve", "vni", False),
        ("vni times", "vni", False),
        ("Times New Roman", None, False),
        ("Arial", None, False),
        ("VnTime", None, False),
        ("", None, False),
    ],
)
def test_detect_font(font: str, encoding: str | None, upper: bool) -> None:
    assert detect_font_encoding(font) == encoding
    assert is_uppercase_font(font) is upper


def test_unknown_encoding() -> None:
    with pytest.raises(ValueError):
        decode("x", "viscii")  # type: ignore[arg-type]
