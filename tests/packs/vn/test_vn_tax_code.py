"""Tax code (MST) check digit, branch suffix and canonical form."""

from __future__ import annotations

import pytest

from eformkit.packs.vn.tax_code import TaxCodeError, check_digit, make_tax_code, validate_tax_code

_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


def _reference_check(first9: str) -> int:
    """Independent restatement of the rule, used to cross-check the module on many inputs."""
    return 10 - sum(int(d) * w for d, w in zip(first9, _WEIGHTS, strict=True)) % 11


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("0100109106", "0100109106"),  # a real, published code
        ("0300588569", "0300588569"),  # a real, published code
        ("0100109106-001", "0100109106-001"),
        ("0100109106001", "0100109106-001"),
        (" 0100 109 106-012 ", "0100109106-012"),
        ("0300588569-999", "0300588569-999"),
        (make_tax_code("123456789"), make_tax_code("123456789")),
    ],
)
def test_validate(raw: str, canonical: str) -> None:
    assert validate_tax_code(raw) == canonical


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "format"),
        ("010010910", "format"),
        ("01001091061", "format"),
        ("0100109106-01", "format"),
        ("0100109106--001", "format"),
        ("01001091O6", "format"),
        ("０１００１０９１０６", "format"),
        ("0100109107", "check_digit"),
        ("0300588568", "check_digit"),
        ("0100109105-001", "check_digit"),
        ("0100109106-000", "branch"),
        ("0100109106000", "branch"),
    ],
)
def test_validate_rejects(raw: str, code: str) -> None:
    with pytest.raises(TaxCodeError) as err:
        validate_tax_code(raw)
    assert err.value.code == code
    assert err.value.message_vi and err.value.message_en


def test_make_and_check_digit_agree_with_rule() -> None:
    issued = refused = 0
    for n in range(0, 999_999_999, 7_777_777):
        first9 = f"{n:09d}"
        expected = _reference_check(first9)
        if expected == 10:
            refused += 1
            assert check_digit(first9) is None
            with pytest.raises(TaxCodeError) as err:
                make_tax_code(first9)
            assert err.value.code == "check_digit"
        else:
            issued += 1
            code = make_tax_code(first9)
            assert code == first9 + str(expected)
            assert validate_tax_code(code) == code
            wrong = first9 + str((expected + 1) % 10)
            with pytest.raises(TaxCodeError):
                validate_tax_code(wrong)
    assert issued > 100 and refused > 0


def test_make_tax_code_examples() -> None:
    assert make_tax_code("010010910") == "0100109106"
    assert make_tax_code("030058856") == "0300588569"
    with pytest.raises(ValueError):
        make_tax_code("12345678")
