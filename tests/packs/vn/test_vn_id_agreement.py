"""`_id_agreement.id_agrees` (C) gives the same verdicts as the Python `rules._id_agrees` it stands in for.

Exhaustive over the ID digits that matter (century/sex digit and year: 1,000 combinations), against dates
of birth around each ID's own year and the other centuries, in every spelling, and every kind of sex value.
"""

from __future__ import annotations

from typing import Any

import pytest

from eformkit.packs.vn.rules import GUARDS, _id_agrees, personal_id

c_agreement = pytest.importorskip("eformkit.packs.vn._id_agreement", reason="C extension not built")

SEXES = ["male", "female", "other", "", None, 1]


def _python(value: str, dob: Any, sex: Any) -> bool:
    """The Python check; a TypeError (a number where text belongs) is a refusal, as on the fast path."""
    try:
        return _id_agrees(value, dob, sex)
    except TypeError:
        return False


def _dobs(year: int) -> list[Any]:
    out: list[Any] = [None, 1990, "199", "１９９０", "abcd"]
    for y in (year, year - 1, year + 1, year - 100, year + 100, year + 10, 1900, 2399):
        if 0 < y < 10000:
            out += [f"{y:04d}", f"{y:04d}-07", f"{y:04d}-07-15"]
    return out


def test_the_c_check_agrees_with_the_python_one_on_every_century_sex_and_year() -> None:
    checked = agreed = 0
    for digit in range(10):
        for yy in range(100):
            value = f"001{digit}{yy:02d}001234"
            year = 1900 + digit // 2 * 100 + yy
            for dob in _dobs(year):
                for sex in SEXES:
                    expected = _python(value, dob, sex)
                    assert c_agreement.id_agrees(value, dob, sex) is expected, (value, dob, sex)
                    checked += 1
                    agreed += expected
    assert checked > 100_000 and agreed > 10_000 and checked - agreed > 10_000  # both verdicts, often


@pytest.mark.parametrize("value", ["00119000123", "0011900012345", "001x90001234", "00119０001234", "００1190001234"])
def test_a_value_that_is_not_twelve_ascii_characters_or_has_no_century_and_year_is_refused(value: str) -> None:
    assert c_agreement.id_agrees(value, "1990", "female") is False


def test_the_guard_uses_the_c_check() -> None:
    assert GUARDS[personal_id].check is c_agreement.id_agrees


def test_wrong_arity_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        c_agreement.id_agrees("001190001234", "1990")
