"""`rules._id_agrees`, the personal-ID guard check of the validation fast path, against the full check.

The guard is a sufficient condition: when it says an ID agrees with its holder's date of birth and sex, the
full pipeline (`parse_personal_id` + `consistency`) must find nothing; and for plain ISO dates and
"male"/"female" it must say so whenever the full check finds nothing (else the fast path is never taken).
Exhaustive over the ID digits that matter (century/sex digit and year: 1,000 combinations).
"""

from __future__ import annotations

from typing import Any

import pytest

from eformkit.packs.vn.personal_id import consistency, parse_personal_id
from eformkit.packs.vn.rules import GUARDS, _id_agrees, personal_id

SEXES: list[Any] = ["male", "female", None]


def _full_check_agrees(value: str, dob: str | None, sex: str | None) -> bool:
    info = parse_personal_id(value)
    year = int(dob[:4]) if dob is not None else None
    return not consistency(info, birth_year=year, female=None if sex is None else sex == "female")


def _dobs(year: int) -> list[str | None]:
    out: list[str | None] = [None]
    for y in (year, year - 1, year + 1, year - 100, year + 100, year + 10):
        if 1000 <= y < 10000:
            out += [f"{y:04d}", f"{y:04d}-07", f"{y:04d}-07-15"]
    return out


def test_the_guard_check_agrees_with_the_full_check_on_every_century_sex_and_year() -> None:
    checked = agreed = 0
    for digit in range(10):
        for yy in range(100):
            value = f"001{digit}{yy:02d}001234"
            year = 1900 + digit // 2 * 100 + yy
            for dob in _dobs(year):
                for sex in SEXES:
                    expected = _full_check_agrees(value, dob, sex)
                    assert _id_agrees(value, dob, sex) is expected, (value, dob, sex)
                    checked += 1
                    agreed += expected
    assert checked > 30_000 and agreed > 5_000 and checked - agreed > 5_000  # both verdicts, often


@pytest.mark.parametrize(("dob", "sex"), [("1990", "other"), ("abcd", "female"), ("１９９０", "female")])
def test_what_the_full_check_reads_differently_is_refused_and_left_to_it(dob: str, sex: str) -> None:
    assert _id_agrees("001190001234", dob, sex) is False


def test_the_guard_uses_the_python_check() -> None:
    assert GUARDS[personal_id].check is _id_agrees
