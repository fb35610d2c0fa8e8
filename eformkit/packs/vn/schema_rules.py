"""The Vietnamese rules said in standard JSON Schema, for clients (see `eformkit.schema.client_schema`).

Each fragment is exact for what it claims: together with the compiled shape of its field type, it admits
what the pack's rule (eformkit/packs/vn/rules.py) admits and nothing else, so ajv in a browser and
`form.validate` give one verdict. What JSON Schema cannot say is listed as a server rule instead.
tests/schema/test_client_schema.py holds each fragment to its rule.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from eformkit.packs.vn import admin_units
from eformkit.packs.vn.personal_id import LEGACY_PREFIXES
from eformkit.schema.client_schema import SchemaRule, ServerRule
from eformkit.schema.resolve import ResolvedField

__all__ = ["ID_PATTERN", "PHONE_PATTERN", "SCHEMA_RULES"]

# Province prefix (the 63 pre-2025 provinces), the century/sex digit (0-9: 1900s-2300s, even male, odd
# female), two year digits and a six-digit serial. No check digit exists.
ID_PATTERN = "^(?:" + "|".join(sorted(LEGACY_PREFIXES)) + ")[0-9]{9}$"


def _phone_pattern() -> str:
    """`normalize_phone` (eformkit/packs/vn/phone.py) within the compiled shape, as one ECMA-262 pattern.

    The compiled shape admits an optional "(" and "+", then 8-20 of digits, spaces and ()./-; the rule
    drops the punctuation and reads the digits: "+84", "0084", "84" (11 or 12 digits in all) or the trunk
    "0", an optional extra trunk "0", then a mobile number (9 digits starting 3, 5, 7, 8, 9) or a landline
    (10 digits starting 2). "0084" is always a country code, so "00" + a mobile starting 84 is refused."""
    sep = "[ ()./-]*"

    def digits(*parts: str) -> str:
        return "".join(f"{p}{sep}" for p in parts)

    mobile = digits("[35789]", *["[0-9]"] * 8)
    landline = digits("2", *["[0-9]"] * 9)
    national = f"(?:{mobile}|{landline})"
    not_84_mobile = f"(?:{digits('[3579]', *['[0-9]'] * 8)}|{digits('8', '[0-35-9]', *['[0-9]'] * 7)}|{landline})"
    trunk0 = f"(?:0{sep})?"
    branches = [
        f"\\+{sep}{digits('8', '4')}{trunk0}{national}",
        f"{digits('0', '0', '8', '4')}{trunk0}{national}",
        f"{digits('8', '4')}(?:{national}|{digits('0')}{mobile})",
        f"{digits('0')}{national}",
        f"{digits('0', '0')}{not_84_mobile}",
    ]
    shape = "(?=\\(?\\+?[0-9 ()./-]{8,20}$)"
    return f"^{shape}{sep}(?:" + "|".join(branches) + ")$"


PHONE_PATTERN = _phone_pattern()


@cache
def _unit_defs(lang: str) -> dict[str, Any]:
    provinces = admin_units.provinces()
    defs: dict[str, Any] = {
        "vn.province": {"type": "string", "oneOf": [{"const": p.code, "title": p.name} for p in provinces]},
    }
    # Each province's commune codes (3,321 in all) as a pattern, not an `enum`: form libraries draw an enum
    # as a choice, and RJSF (which resolves the province's if/then) showed a select of bare codes. As
    # choices with names (`oneOf` const/title) the schema grows by 150 kB and ajv compiles it 5-8x slower
    # (0.2-0.4 s -> 1.1-2.8 s for CC01), so a client looks names up.
    by_province: dict[str, list[str]] = {p.code: [] for p in provinces}
    for c in admin_units.communes():
        by_province[c.province_code].append(c.code)
    for code, codes in by_province.items():
        defs[f"vn.communes.{code}"] = {"type": "string", "pattern": "^(?:" + "|".join(codes) + ")$"}
    # Which communes belong to which province: one if/then per province, shared by every address field.
    defs["vn.address_units"] = {
        "type": "object",
        "allOf": [
            {
                "if": {"properties": {"province": {"const": code}}, "required": ["province"]},
                "then": {"properties": {"commune": {"$ref": f"#/$defs/vn.communes.{code}"}}},
            }
            for code in by_province
        ],
    }
    return defs


def _address(f: ResolvedField, lang: str) -> dict[str, Any]:
    return {"properties": {"province": {"$ref": "#/$defs/vn.province"}}, "$ref": "#/$defs/vn.address_units"}


_CROSS_PERSON = ServerRule(
    "personal_id.consistency",
    "the century/sex digit and year digits agree with the same person's date of birth and sex (a warning)",
    "chữ số thế kỷ/giới tính và năm sinh khớp với ngày sinh và giới tính của cùng người (cảnh báo)",
)

SCHEMA_RULES: dict[str, SchemaRule] = {
    "personal_id": SchemaRule(schema=lambda f, lang: {"pattern": ID_PATTERN}, server_only=(_CROSS_PERSON,)),
    "phone": SchemaRule(
        schema=lambda f, lang: {"pattern": PHONE_PATTERN},
        server_only=(
            ServerRule(
                "phone.canonical",
                'the server stores the number in E.164 ("+84905123456")',
                'máy chủ lưu số theo dạng E.164 ("+84905123456")',
            ),
        ),
    ),
    "address": SchemaRule(schema=_address, defs=_unit_defs),
    "tax_code": SchemaRule(
        schema=lambda f, lang: {},
        server_only=(
            ServerRule("tax_code.check_digit", "the tax code's check digit", "chữ số kiểm tra của mã số thuế"),
            ServerRule("tax_code.branch", "a branch suffix is 001-999", "mã đơn vị phụ thuộc từ 001 đến 999"),
        ),
    ),
}
