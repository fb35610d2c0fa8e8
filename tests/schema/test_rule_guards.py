"""Rule guards (the promises the validation fast path relies on) agree with the rules they stand for.

Patterns are ECMA-262 and are matched here by jsonschema-rs itself, as the guard schema is.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eformkit.packs.vn.personal_id import LEGACY_PREFIXES, consistency, make_personal_id, parse_personal_id
from eformkit.packs.vn.phone import normalize_phone
from eformkit.packs.vn.rules import GUARDS, _canonical_phone, _id_agrees, personal_id, phone
from eformkit.schema.rules import calendar_pattern, lexical_bound

jsonschema_rs = pytest.importorskip("jsonschema_rs")

SETTINGS = settings(max_examples=500, derandomize=True, database=None, deadline=None)
PHONE = "^(?:\\+84[ .-]?|0)(?:[35789](?:[ .-]?[0-9]){8}|2(?:[ .-]?[0-9]){9})$"


@cache
def _matcher(pattern: str) -> Any:
    return jsonschema_rs.validator_for({"type": "string", "pattern": pattern})


def matches(pattern: str, text: str) -> bool:
    """Whether `text` matches the ECMA-262 `pattern` (as jsonschema-rs reads it)."""
    return bool(_matcher(pattern).is_valid(text))


def _pattern_of(rule: Any) -> str:
    """The pattern of a VN rule's guard schema (those guards do not depend on the field or the day)."""
    schema = GUARDS[rule].schema(None, dt.date.today())  # type: ignore[arg-type]
    assert list(schema) == ["pattern"]
    pattern: str = schema["pattern"]
    return pattern


# -- calendar_pattern ----------------------------------------------------------------------------------

_YEARS = st.one_of(st.integers(0, 9999), st.sampled_from([0, 4, 100, 400, 1900, 2000, 2023, 2024, 2100, 9999]))
_TWO = st.one_of(st.integers(0, 99), st.integers(0, 13), st.integers(27, 32))  # near the month/day edges
_SHAPES = st.one_of(
    st.builds("{:04d}-{:02d}-{:02d}".format, _YEARS, _TWO, _TWO),
    st.builds("{:04d}-02-29".format, _YEARS),
    st.builds("{:04d}-{:02d}".format, _YEARS, _TWO),
    st.builds("{:04d}".format, _YEARS),
)
_PRECISIONS = [(), ("day",), ("month",), ("year",), ("day", "month", "year"), ("month", "year")]


def _real(text: str) -> str | None:
    """The precision of `text` when it is a real date ("day", "month" or "year"), else None."""
    parts = text.split("-")
    if len(parts) == 3:
        try:
            dt.date.fromisoformat(text)
        except ValueError:
            return None
        return "day"
    if int(parts[0]) < 1:
        return None
    if len(parts) == 2:
        return "month" if 1 <= int(parts[1]) <= 12 else None
    return "year"


@SETTINGS
@given(text=_SHAPES, precision=st.sampled_from(_PRECISIONS))
def test_calendar_pattern_matches_exactly_the_real_dates_of_its_precision(
    text: str, precision: tuple[str, ...]
) -> None:
    kind = _real(text)
    assert matches(calendar_pattern(precision), text) is (kind is not None and kind in (precision or ("day",)))


@pytest.mark.parametrize(
    ("text", "real"),
    [
        ("2024-02-29", True),
        ("2023-02-29", False),
        ("2000-02-29", True),
        ("1900-02-29", False),
        ("0400-02-29", True),
        ("0000-02-29", False),
        ("0001-01-01", True),
        ("0000-01-01", False),
        ("2025-04-31", False),
        ("2025-12-31", True),
        ("2025-13-01", False),
        ("2025-00-10", False),
        ("2025-01-00", False),
        ("2025-01-01\n", False),  # ECMA `$` does not match before a final newline
        ("2025-1-01", False),
    ],
)
def test_calendar_pattern_edges(text: str, real: bool) -> None:
    assert matches(calendar_pattern(("day",)), text) is real
    assert matches(calendar_pattern(()), text) is real


@pytest.mark.parametrize(
    ("text", "real"),
    [("2025", True), ("0000", False), ("2025-12", True), ("2025-13", False), ("0000-05", False), ("2025-05-01", False)],
)
def test_partial_precisions_refuse_year_zero_and_bad_months(text: str, real: bool) -> None:
    assert matches(calendar_pattern(("month", "year")), text) is real


# -- lexical_bound -------------------------------------------------------------------------------------

_DATES = st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31))


@st.composite
def date_and_bound(draw: st.DrawFn) -> tuple[dt.date, dt.date]:
    """A bound and a date, often near each other (same year, month or day)."""
    bound = draw(_DATES)
    # Within the calendar: `bound + timedelta(n)` itself overflows past date.min/date.max, so bound n first.
    near = draw(st.integers(max(-400, (dt.date.min - bound).days), min(400, (dt.date.max - bound).days)))
    near_date = bound + dt.timedelta(days=near)
    return draw(st.sampled_from([draw(_DATES), near_date, bound])), bound


@SETTINGS
@given(case=date_and_bound())
def test_lexical_bound_orders_full_dates(case: tuple[dt.date, dt.date]) -> None:
    d, b = case
    assert matches(lexical_bound(b.isoformat(), True), d.isoformat()) is (d <= b)
    assert matches(lexical_bound(b.isoformat(), False), d.isoformat()) is (d >= b)


@SETTINGS
@given(case=date_and_bound(), length=st.sampled_from([4, 7]))
def test_lexical_bound_orders_partial_dates_by_their_first_day(case: tuple[dt.date, dt.date], length: int) -> None:
    """A partial date counts as its first day; "at least" refuses one that is a prefix of the bound, even
    when its first day is the bound (a sufficient condition only)."""
    d, b = case
    partial = d.isoformat()[:length]
    first = d.replace(day=1) if length == 7 else d.replace(month=1, day=1)
    assert matches(lexical_bound(b.isoformat(), True), partial) is (first <= b)
    at_least = matches(lexical_bound(b.isoformat(), False), partial)
    assert not at_least or first >= b
    assert at_least is (first >= b and not b.isoformat().startswith(partial))


@pytest.mark.parametrize(
    ("text", "at_most", "at_least"),
    [
        ("2025-08-04", True, True),
        ("2025-08-05", False, True),
        ("2025-08-03", True, False),
        ("2025-08", True, False),  # a prefix of the bound: at most, and refused as at least
        ("2025-09", False, True),
        ("2025", True, False),
        ("2026", False, True),
        ("0999-12-31", True, False),
    ],
)
def test_lexical_bound_examples(text: str, at_most: bool, at_least: bool) -> None:
    assert matches(lexical_bound("2025-08-04", True), text) is at_most
    assert matches(lexical_bound("2025-08-04", False), text) is at_least


# -- the personal ID guard -----------------------------------------------------------------------------

_ID_YEARS = st.integers(1900, 2399)
_IDS = st.builds(
    make_personal_id, st.sampled_from(sorted(LEGACY_PREFIXES)), st.booleans(), _ID_YEARS, st.integers(0, 999_999)
)


@st.composite
def id_and_peers(draw: st.DrawFn) -> tuple[str, str | None, str | None]:
    """A well-formed ID with a date of birth (full or year only, often of the ID's year) and a sex."""
    value = draw(_IDS)
    own = parse_personal_id(value).birth_year
    year = draw(
        st.one_of(st.just(own), st.sampled_from([own - 100, own + 100, own - 1, own + 1]), st.integers(1, 9999))
    )
    born = dt.date(year, draw(st.integers(1, 12)), draw(st.integers(1, 28))).isoformat()
    dob = draw(st.sampled_from([None, born, born[:4], born[:7]]))
    return value, dob, draw(st.sampled_from(["male", "female", None]))


@SETTINGS
@given(case=id_and_peers())
def test_id_agrees_is_the_rule_finding_no_mismatch(case: tuple[str, str | None, str | None]) -> None:
    value, dob, sex = case
    assert matches(_pattern_of(personal_id), value)
    year = int(dob[:4]) if dob is not None else None
    female = {"female": True, "male": False}.get(sex) if sex is not None else None
    assert _id_agrees(value, dob, sex) is (consistency(parse_personal_id(value), birth_year=year, female=female) == [])


@SETTINGS
@given(case=id_and_peers(), sex=st.sampled_from(["other", "unknown", ""]))
def test_id_agrees_with_another_sex_value_is_still_sufficient(
    case: tuple[str, str | None, str | None], sex: str
) -> None:
    """A sex the rule does not check ("other") may make the guard refuse, never accept a mismatch."""
    value, dob, _ = case
    year = int(dob[:4]) if dob is not None else None
    if _id_agrees(value, dob, sex):
        assert consistency(parse_personal_id(value), birth_year=year, female=None) == []


ID = "^(?:" + "|".join(LEGACY_PREFIXES) + ")[0-9]{9}$"


@SETTINGS
@given(value=st.from_regex(ID, fullmatch=True))
def test_an_id_the_guard_pattern_admits_parses(value: str) -> None:
    assert _pattern_of(personal_id) == ID
    assert matches(ID, value)
    assert parse_personal_id(value).prefix == value[:3]


# -- the phone guard -----------------------------------------------------------------------------------


def test_the_phone_guard_pattern_is_the_one_tested_here() -> None:
    assert _pattern_of(phone) == PHONE
    assert GUARDS[phone].rewrite is _canonical_phone


@SETTINGS
@given(value=st.from_regex(PHONE, fullmatch=True))
def test_the_phone_guard_rewrite_is_the_canonical_spelling(value: str) -> None:
    assert matches(PHONE, value)
    assert _canonical_phone(value) == normalize_phone(value)


@pytest.mark.parametrize(
    "value",
    [
        "0905  123 456",
        "0905.-123456",
        "(0905) 123 456",
        " 0905123456",
        "84905123456",
        "0905123456\n",
        "+840905123456",
        "0105123456",
    ],
)
def test_the_phone_guard_refuses_other_spellings(value: str) -> None:
    assert not matches(PHONE, value)


@pytest.mark.parametrize(
    ("value", "canonical"),
    [
        ("0905123456", "+84905123456"),
        ("0905 123 456", "+84905123456"),
        ("0905.123.456", "+84905123456"),
        ("0905-123-456", "+84905123456"),
        ("+84 905 123 456", "+84905123456"),
        ("+84-905-123-456", "+84905123456"),
        ("+84905123456", "+84905123456"),
        ("024.3823.4567", "+842438234567"),
    ],
)
def test_the_phone_guard_admits_and_respells_the_usual_spellings(value: str, canonical: str) -> None:
    assert matches(PHONE, value)
    assert _canonical_phone(value) == normalize_phone(value) == canonical
