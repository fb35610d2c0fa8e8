"""Vietnamese domain rules for submission validation, registered on the pack by field type.

Each rule yields `ValidationIssue`s with a stable code and the message in the submission's language;
values are never echoed unmasked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

from eformkit.packs.vn import admin_units
from eformkit.packs.vn.personal_id import LEGACY_PREFIXES, PersonalIdError, consistency, parse_personal_id
from eformkit.packs.vn.phone import PhoneError, normalize_phone
from eformkit.packs.vn.tax_code import TaxCodeError, validate_tax_code
from eformkit.packs.vn.words import amount_in_words, date_in_words
from eformkit.schema.resolve import ResolvedField
from eformkit.schema.rules import DomainRule, RuleContext, RuleGuard
from eformkit.schema.validation import ValidationIssue

__all__ = ["FUNCTIONS", "GUARDS", "RULES"]

_CONSISTENCY_TEXT = {
    "century": (
        "the century digit of {label} does not match the date of birth",
        "chữ số thế kỷ của {label} không khớp với ngày sinh",
    ),
    "year": ("{label} does not match the year of birth", "{label} không khớp với năm sinh"),
    "sex": ("{label} does not match the sex", "{label} không khớp với giới tính"),
}


def personal_id(value: Any, f: ResolvedField, ctx: RuleContext) -> Iterator[ValidationIssue]:
    if type(value) is str and len(value) == 12 and value.isascii() and value.isdigit() and value[:3] in LEGACY_PREFIXES:
        # Fast path for a well-formed ID: decode century/sex and year inline; only a mismatch goes slow.
        marker = ord(value[3]) - 48
        dob, sex = ctx.peer(f, "date_of_birth"), ctx.peer(f, "sex")
        year = dob[:4] if type(dob) is str else ""
        year_ok = not (year.isascii() and year.isdigit()) or int(year) == 1900 + marker // 2 * 100 + int(value[4:6])
        sex_ok = sex not in ("female", "male") or (sex == "female") == bool(marker & 1)
        if year_ok and sex_ok:
            return iter(())
    return _personal_id_checks(value, f, ctx)


def _personal_id_checks(value: Any, f: ResolvedField, ctx: RuleContext) -> Iterator[ValidationIssue]:
    if not isinstance(value, str):
        return
    try:
        info = parse_personal_id(value)
    except PersonalIdError as exc:
        yield ctx.issue(f, f"personal_id.{exc.code}", "EFK-VN-001", exc.message_en, exc.message_vi)
        return
    dob = ctx.peer(f, "date_of_birth")
    sex = ctx.peer(f, "sex")
    year = int(dob[:4]) if isinstance(dob, str) and dob[:4].isascii() and dob[:4].isdigit() else None
    female = {"female": True, "male": False}.get(sex) if isinstance(sex, str) else None
    for code in consistency(info, birth_year=year, female=female):
        en, vi = _CONSISTENCY_TEXT[code]
        yield ctx.issue(
            f,
            f"personal_id.{code}",
            "EFK-VN-002",
            en.format(label=f.label.get("en")),
            vi.format(label=f.label.get("vi")),
            severity="warning",
        )


def _canonical(
    value: Any,
    f: ResolvedField,
    ctx: RuleContext,
    canonical_of: Callable[[str], str],
    error: type[PhoneError | TaxCodeError],
    rule: str,
    code: str,
) -> Iterator[ValidationIssue]:
    """A value with one canonical spelling: report why it is invalid, else record the canonical form."""
    if not isinstance(value, str):
        return
    try:
        canonical = canonical_of(value)
    except error as exc:
        yield ctx.issue(f, f"{rule}.{exc.code}", code, exc.message_en, exc.message_vi)
        return
    if canonical != value:
        ctx.normalise(f, canonical)


def phone(value: Any, f: ResolvedField, ctx: RuleContext) -> Iterator[ValidationIssue]:
    return _canonical(value, f, ctx, normalize_phone, PhoneError, "phone", "EFK-VN-003")


def tax_code(value: Any, f: ResolvedField, ctx: RuleContext) -> Iterator[ValidationIssue]:
    return _canonical(value, f, ctx, validate_tax_code, TaxCodeError, "tax_code", "EFK-VN-004")


def _digits(code: Any, length: int) -> bool:
    return isinstance(code, str) and len(code) == length and code.isascii() and code.isdigit()


def address(value: Any, f: ResolvedField, ctx: RuleContext) -> Iterator[ValidationIssue]:
    if not isinstance(value, dict):
        return
    commune_code, province_code = value.get("commune"), value.get("province")
    if not _digits(commune_code, 5) or not _digits(province_code, 2):
        return  # the schema reports a code of the wrong shape (and a message never quotes it)
    assert isinstance(commune_code, str) and isinstance(province_code, str)
    if admin_units.province(province_code) is None:
        yield ctx.issue(
            f,
            "address.province",
            "EFK-VN-005",
            f"{f.label.get('en')}: province code {province_code} does not exist (2025 units)",
            f"{f.label.get('vi')}: mã tỉnh {province_code} không tồn tại (đơn vị hành chính 2025)",
        )
        return
    unit = admin_units.commune(commune_code)
    if unit is None:
        yield ctx.issue(
            f,
            "address.commune",
            "EFK-VN-006",
            f"{f.label.get('en')}: commune code {commune_code} does not exist (2025 units)",
            f"{f.label.get('vi')}: mã xã/phường {commune_code} không tồn tại (đơn vị hành chính 2025)",
        )
    elif unit.province_code != province_code:
        prov = admin_units.province(province_code)
        yield ctx.issue(
            f,
            "address.mismatch",
            "EFK-VN-007",
            f"{f.label.get('en')}: {unit.name} is not in {prov.name if prov else province_code}",
            f"{f.label.get('vi')}: {unit.name} không thuộc {prov.name if prov else province_code}",
        )


RULES: dict[str, list[DomainRule]] = {
    "personal_id": [personal_id],
    "phone": [phone],
    "tax_code": [tax_code],
    "address": [address],
}


# -- guards: what the rules promise ahead of the data (validation fast path) ---------------------------

_ID_PATTERN = "^(?:" + "|".join(LEGACY_PREFIXES) + ")[0-9]{9}$"
# (century/sex digit + two year digits) + the four-digit year they stand for: "190" + "1990".
_ID_YEARS = frozenset(f"{m}{yy:02d}{1900 + m // 2 * 100 + yy}" for m in range(10) for yy in range(100))
_ID_SEX_DIGITS = {"female": "13579", "male": "02468"}
_ID_SEX_YEARS = frozenset(s + key for key in _ID_YEARS for s in _ID_SEX_DIGITS if key[0] in _ID_SEX_DIGITS[s])


def _id_agrees(value: str, dob: Any, sex: Any) -> bool:
    """The well-formed ID `value` agrees with the same person's date of birth and sex (when given)."""
    if dob is not None and sex is not None:  # the usual case: one lookup, "female" + "190" + "1990"
        return sex + value[3:6] + dob[:4] in _ID_SEX_YEARS
    return (dob is None or value[3:6] + dob[:4] in _ID_YEARS) and (
        sex is None or value[3] in _ID_SEX_DIGITS.get(sex, "0123456789")
    )


_SEPARATORS = str.maketrans("", "", " .-")


def _canonical_phone(value: str) -> str:
    # The guard admitted only digits after "0" or "+84", with single spaces, dots or dashes between some.
    if not value.isdigit():  # "+84..." or a separator
        value = value.translate(_SEPARATORS)
    return "+84" + value[1:] if value[0] == "0" else value


GUARDS: dict[DomainRule, RuleGuard] = {
    personal_id: RuleGuard(
        schema=lambda f, today: {"pattern": _ID_PATTERN},
        check=_id_agrees,
        peers=("date_of_birth", "sex"),
    ),
    # The spellings citizens type most: "0905123456", "0905 123 456", "0905.123.456", "+84 905 123 456",
    # "024-3823-4567".
    phone: RuleGuard(
        schema=lambda f, today: {"pattern": "^(?:\\+84[ .-]?|0)(?:[35789](?:[ .-]?[0-9]){8}|2(?:[ .-]?[0-9]){9})$"},
        rewrite=_canonical_phone,
    ),
}


def _date_in_words(value: Any) -> str | None:
    """A full ISO date written out; partial dates have no wording on the forms, so None."""
    try:
        return date_in_words(dt.date.fromisoformat(value)) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        return None


def _amount_in_words(value: Any) -> str | None:
    return amount_in_words(value) if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


FUNCTIONS = {"date_in_words": _date_in_words, "amount_in_words": _amount_in_words}
