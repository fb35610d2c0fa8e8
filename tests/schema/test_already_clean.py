"""`_already_clean` (C): True only when cleaning would give the submission back unchanged.

The reference is cleaning itself (`validation._clean`). Over generated JSON-like values, whatever the C
check admits, cleaning returns as it is (same types, same text); and on the values it exists for (non-empty
NFC text of the Basic Multilingual Plane, no null members, finite numbers) it admits everything.
"""

from __future__ import annotations

import math
import unicodedata
from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eformkit.schema.validation import _MAX_DEPTH, _clean, _Unusable
from eformkit.text import nfc_stable_table

from .test_validation_guard import _typed

already_clean_module = pytest.importorskip("eformkit.schema._already_clean", reason="C extension not built")
already_clean = already_clean_module.already_clean
TABLE = nfc_stable_table()
SETTINGS = settings(max_examples=500, derandomize=True, database=None, deadline=None)


def clean(value: Any) -> bool:
    return bool(already_clean(value, TABLE))


def cleaning_keeps(value: Any) -> bool:
    """Whether cleaning returns `value` as it is (same types, same text, nothing dropped)."""
    try:
        return bool(_typed(_clean(value)) == _typed(value))
    except (_Unusable, AttributeError, UnicodeEncodeError):
        return False


# Text near the edges: Vietnamese precomposed and decomposed, marks, Hangul jamo, a compatibility
# singleton, astral characters, lone surrogates, and "".
_CHARS = st.one_of(
    st.sampled_from([*"aĐễươạ ,\t", "\u0301", "\u0323", "\u1100", "\u1161", "\u212b", "\U0001f600", "\ud800"]),
    st.characters(),
)
_TEXT = st.lists(_CHARS, max_size=8).map("".join)
_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True), _TEXT, st.just("")
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_TEXT, inner, max_size=4)),
    max_leaves=12,
)


@SETTINGS
@given(value=_VALUES)
def test_what_the_check_admits_cleaning_returns_unchanged(value: Any) -> None:
    if clean(value):
        assert cleaning_keeps(value), value


@cache
def _second_parts() -> frozenset[int]:
    """Every code point that NFC may compose with the character before it (over all of Unicode)."""
    found = {cp for block in (range(0x1161, 0x1176), range(0x11A8, 0x11C3)) for cp in block}  # Hangul V, T
    for cp in range(0x110000):
        decomposition = unicodedata.decomposition(chr(cp))
        if decomposition and not decomposition.startswith("<") and " " in decomposition:
            found.add(int(decomposition.split()[1], 16))
    return frozenset(found)


def _stable_starter(ch: str) -> bool:
    """A BMP character that needs no look at its neighbours: a starter NFC leaves alone, composing with
    nothing before it. Text of these is NFC (the check's domain; a lone combining mark is NFC too, but
    left to the full path)."""
    cp = ord(ch)
    return (
        cp < 0x10000
        and not 0xD800 <= cp < 0xE000
        and unicodedata.combining(ch) == 0
        and unicodedata.normalize("NFC", ch) == ch
        and cp not in _second_parts()
    )


_NFC_TEXT = _TEXT.map(lambda t: unicodedata.normalize("NFC", t)).filter(
    lambda t: t != "" and not t.isspace() and all(map(_stable_starter, t))
)
_EXACT = 2**53 - 1
_CLEAN_VALUES = st.recursive(
    st.one_of(
        st.booleans(),
        st.integers(-_EXACT, _EXACT),
        st.floats(allow_nan=False, allow_infinity=False),
        _NFC_TEXT,
    ),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_NFC_TEXT, inner, max_size=4)),
    max_leaves=12,
)


@SETTINGS
@given(value=_CLEAN_VALUES)
def test_clean_values_of_the_basic_plane_are_admitted(value: Any) -> None:
    """Anything cleaning keeps, within the check's domain, is admitted: the fast path is open to Vietnamese,
    Chinese or Russian text alike."""
    assert cleaning_keeps(value)
    assert clean(value), value


@pytest.mark.parametrize(
    "value",
    [
        {"name": "Nguyễn Thị Hương", "members": [{"age": 3, "ok": True, "share": 0.5}], "note": "Đắk Lắk"},
        {"note": ["", None, "x"]},  # cleaning keeps blanks and nulls inside a list
        "Пётр Ильич 王小明",
        ["a\u0000b"],  # control characters are not cleaning's business
        {"name": " x ", "count": 2**53 - 1, "low": -(2**53 - 1)},  # spaces around text, the largest exact integers
        {"name": "\u3000王"},
    ],
)
def test_admitted(value: Any) -> None:
    assert cleaning_keeps(value)
    assert clean(value)


def _nested(depth: int) -> Any:
    value: Any = "x"
    for _ in range(depth):
        value = [value]
    return value


class _Text(str):
    pass


@pytest.mark.parametrize(
    "value",
    [
        {"name": ""},  # a blank: dropped
        {"name": None},  # a null member: dropped
        {"name": unicodedata.normalize("NFD", "Nguyễn")},
        {unicodedata.normalize("NFD", "tên"): "x"},  # keys are text too
        {"name": "e\u0301"},
        {"name": "\u1100\u1161"},  # Hangul jamo that compose
        {"name": "\u212b"},  # a compatibility singleton (Angstrom sign)
        {"name": "Nguyễn \ud800"},  # a lone surrogate
        {"name": "\U0001f600"},  # beyond the Basic Multilingual Plane: not proven, the full path decides
        {"name": " "},  # white space only: a blank too
        {"name": "\t\n\u00a0"},
        {"name": "\u3000\u2002"},  # two-byte white space
        {" ": "x"},
        {"count": 2**53},  # an integer beyond the exact range
        {"count": -(2**53)},
        {"count": 10**5000},
        {"score": math.nan},
        {"score": -math.inf},
        {1: "x"},
        {"members": ("a",)},
        {"name": _Text("x")},  # exact types only
        {"blob": b"x"},
        _nested(_MAX_DEPTH + 2),
    ],
)
def test_refused(value: Any) -> None:
    assert not clean(value)


def test_nesting_stops_where_cleaning_stops() -> None:
    assert cleaning_keeps(_nested(_MAX_DEPTH + 1)) and clean(_nested(_MAX_DEPTH + 1))
    assert not cleaning_keeps(_nested(_MAX_DEPTH + 2)) and not clean(_nested(_MAX_DEPTH + 2))


def test_the_table_must_be_the_nfc_stable_table() -> None:
    with pytest.raises(TypeError, match="8192 bytes"):
        already_clean({}, b"")
    with pytest.raises(TypeError):
        already_clean({})
