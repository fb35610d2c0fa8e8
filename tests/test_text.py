"""`nfc_stable_pattern`: the text the validation fast path admits is already NFC,
checked against all of Unicode."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eformkit.text import mask_id, nfc_stable_pattern

jsonschema_rs = pytest.importorskip("jsonschema_rs")

SETTINGS = settings(max_examples=300, derandomize=True, database=None, deadline=None)


def _code_points(body: str) -> frozenset[int]:
    ranges = re.findall(r"\\u([0-9a-f]{4})(?:-\\u([0-9a-f]{4}))?", body)
    assert "".join(f"\\u{a}" + (f"-\\u{b}" if b else "") for a, b in ranges) == body  # nothing else in the class
    return frozenset(cp for a, b in ranges for cp in range(int(a, 16), int(b or a, 16) + 1))


@cache
def classes() -> tuple[frozenset[int], frozenset[int], frozenset[int]]:
    """The code points of the pattern's three classes: leading white space, the first other, the rest."""
    match = re.fullmatch(r"\^\[(.*)\]\*\[(.*)\]\[(.*)\]\*\$", nfc_stable_pattern())
    assert match, nfc_stable_pattern()[:80]
    spaces, first, rest = (_code_points(body) for body in match.groups())
    return spaces, first, rest


def admitted() -> frozenset[int]:
    return classes()[2]


def test_the_pattern_admits_white_space_only_around_other_text() -> None:
    spaces, first, rest = classes()
    assert spaces | first == rest and not spaces & first
    assert spaces == {cp for cp in rest if chr(cp).isspace()} and {0x09, 0x0A, 0x0D, 0x20, 0xA0} <= spaces
    for text in (" ", "\t\n ", "\u00a0\u2002", "   x", "x   "):
        assert matches(text) == (not text.isspace())


@cache
def second_parts() -> frozenset[int]:
    """Every code point that is the second part of a canonical decomposition, over all of Unicode."""
    found: set[int] = set()
    for cp in range(0x110000):
        decomposition = unicodedata.decomposition(chr(cp))
        if decomposition and not decomposition.startswith("<"):
            parts = decomposition.split()
            assert len(parts) <= 2, hex(cp)
            if len(parts) == 2:
                found.add(int(parts[1], 16))
    return frozenset(found)


@cache
def _validator() -> Any:
    return jsonschema_rs.validator_for({"type": "string", "pattern": nfc_stable_pattern()})


def matches(text: str) -> bool:
    """Whether the ECMA-262 pattern (as jsonschema-rs reads it) matches `text`."""
    return bool(_validator().is_valid(text))


def test_every_admitted_character_is_an_nfc_stable_starter() -> None:
    for cp in admitted():
        ch = chr(cp)
        assert unicodedata.combining(ch) == 0, hex(cp)
        assert unicodedata.normalize("NFC", ch) == ch, hex(cp)
        assert unicodedata.combining(unicodedata.normalize("NFD", ch)[0]) == 0, hex(cp)


def test_no_admitted_character_composes_with_the_one_before_it() -> None:
    """Neither an admitted character nor the start of its decomposition is the second part of any canonical
    decomposition, so NFC has nothing to compose across two admitted characters."""
    seconds = second_parts()
    assert 0x0301 in seconds and 0x0CD5 in seconds  # the scan sees combining marks and starters alike
    for cp in admitted():
        assert cp not in seconds, hex(cp)
        assert ord(unicodedata.normalize("NFD", chr(cp))[0]) not in seconds, hex(cp)


def test_hangul_vowel_and_trailing_jamo_are_not_admitted() -> None:
    """They compose algorithmically (L+V, LV+T), outside the decomposition table."""
    assert admitted().isdisjoint(range(0x1161, 0x1176))
    assert admitted().isdisjoint(range(0x11A8, 0x11C3))


def test_the_class_covers_vietnamese_text() -> None:
    text = "Nguyễn Thị Hương, Đắk Lắk; Ấp Ỷ Ỹ ơ ư đ Đ (số 12/3) — 50.000 ₫\t\n"
    assert {ord(ch) for ch in text} <= admitted()
    assert matches(unicodedata.normalize("NFC", "Trần Văn Đức"))


@pytest.mark.parametrize(
    "text",
    ["", " ", "\t\n", "e\u0301", "Nguye\u0302\u0303n", "\u0301", "a\u0000b", "\u1100\u1161", "\ufb01", "\u212b"],
)
def test_the_pattern_refuses_empty_decomposed_and_unstable_text(text: str) -> None:
    assert not matches(text)


@SETTINGS
@given(text=st.text(st.sampled_from(sorted(map(chr, admitted()))), min_size=1, max_size=30))
def test_text_of_admitted_characters_is_nfc_and_matches_unless_blank(text: str) -> None:
    assert unicodedata.is_normalized("NFC", text)
    assert matches(text) == (not text.isspace())


_MIXED = st.one_of(
    st.sampled_from(sorted(map(chr, admitted()))),
    st.sampled_from(["\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u0302", "\u0306", "\u031b", "\u1161"]),
    st.characters(codec="utf-8"),
)


@SETTINGS
@given(text=st.text(_MIXED, max_size=12))
def test_whatever_the_pattern_admits_is_non_empty_nfc(text: str) -> None:
    if matches(text):
        assert text and not text.isspace() and unicodedata.is_normalized("NFC", text)
    if not unicodedata.is_normalized("NFC", text):
        assert not matches(text)


def test_an_id_is_shown_with_its_prefix_and_last_two_characters_only() -> None:
    assert mask_id("066190001234") == "066*******34"
    assert mask_id("12345678") == "123***78"
    assert mask_id("1234567") == "*******"  # too short to keep any of it
