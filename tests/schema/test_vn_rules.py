"""Vietnamese domain rules in submission validation (eformkit.packs.vn.rules) through real forms."""

from __future__ import annotations

from typing import Any

import pytest

from eformkit.packs.vn.rules import RULES, personal_id
from eformkit.schema.rules import RuleContext, rules_for
from eformkit.schema.validation import ValidationReport

from ._submissions import ID_MALE_1990, form, submission


def _validate(name: str, data: dict[str, Any], lang: str = "vi") -> ValidationReport:
    return form(name).validate(data, lang=lang)


def _one(report: ValidationReport) -> tuple[str, str, str, str]:
    assert len(report.issues) == 1, [(i.pointer, i.rule, i.message) for i in report.issues]
    i = report.issues[0]
    return i.pointer, i.rule, i.code, i.severity


def test_pack_registers_rules_by_field_type() -> None:
    assert set(RULES) >= {"personal_id", "phone", "tax_code", "address"}
    f = form("residence_declaration").field("/personal_id")
    assert f is not None
    assert personal_id in rules_for(form("residence_declaration").pack, f)


# -- personal ID -----------------------------------------------------------------------------------


def test_unknown_prefix_is_an_error_in_both_languages() -> None:
    data = submission("residence_declaration")
    data["personal_id"] = "999090001234"
    vi, en = _validate("residence_declaration", data, "vi"), _validate("residence_declaration", data, "en")
    assert _one(vi) == ("/personal_id", "personal_id.prefix", "EFK-VN-001", "error")
    assert _one(en) == ("/personal_id", "personal_id.prefix", "EFK-VN-001", "error")
    assert "Mã tỉnh 999" in vi.issues[0].message
    assert "prefix 999" in en.issues[0].message
    assert vi.issues[0].label == "Số định danh cá nhân"
    assert en.issues[0].label == "Personal identification number"
    assert "999090001234" not in vi.issues[0].message + en.issues[0].message  # never echoed unmasked


def test_format_error_from_the_rule_itself_is_masked() -> None:
    # The schema pattern catches non-12-digit IDs first; the rule still guards callers that skip it.
    f = form("residence_declaration").field("/personal_id")
    assert f is not None
    ctx = RuleContext({}, "en")
    (issue,) = list(personal_id("0010900012", f, ctx))
    assert (issue.rule, issue.code, issue.pointer) == ("personal_id.format", "EFK-VN-001", "/personal_id")
    assert "12 digits" in issue.message
    assert "0010900012" not in issue.message


@pytest.mark.parametrize(
    ("changes", "rules"),
    [
        ({"sex": "female"}, ["personal_id.sex"]),
        ({"date_of_birth": "1991-05-02"}, ["personal_id.year"]),
        ({"date_of_birth": "2090-05-02"}, ["personal_id.century"]),
        ({"date_of_birth": "1890"}, ["personal_id.century"]),
        ({"date_of_birth": "1991-05", "sex": "female"}, ["personal_id.year", "personal_id.sex"]),
    ],
)
def test_consistency_with_date_of_birth_and_sex_is_a_warning(changes: dict[str, str], rules: list[str]) -> None:
    data = submission("residence_declaration")
    data.update(changes)
    report = _validate("residence_declaration", data, "en")
    assert report.valid  # warnings only
    assert [(i.pointer, i.rule, i.code, i.severity) for i in report.issues] == [
        ("/personal_id", rule, "EFK-VN-002", "warning") for rule in rules
    ]
    assert all("Personal identification number" in i.message for i in report.issues)
    vi = _validate("residence_declaration", data, "vi")
    assert all("Số định danh cá nhân" in i.message for i in vi.issues)


def test_consistency_inside_a_person_block() -> None:
    data = submission("residence_declaration")
    data["household_head"]["date_of_birth"] = "1961"
    report = _validate("residence_declaration", data, "en")
    assert _one(report) == ("/household_head/personal_id", "personal_id.year", "EFK-VN-002", "warning")
    assert "does not match the year of birth" in report.issues[0].message


def test_consistency_of_another_person_is_not_mixed_up() -> None:
    # The applicant's sex must not be checked against the household head's ID.
    data = submission("residence_declaration")
    data["sex"] = "female"
    data["personal_id"] = "001192000007"
    data["date_of_birth"] = "1992-01-01"
    assert _validate("residence_declaration", data).issues == []


def test_consistency_inside_a_table_row() -> None:
    data = submission("residence_declaration")
    data["members"][0]["sex"] = "male"
    report = _validate("residence_declaration", data, "en")
    assert _one(report) == ("/members/0/personal_id", "personal_id.sex", "EFK-VN-002", "warning")


def test_prefix_error_inside_a_table_row() -> None:
    data = submission("residence_declaration")
    data["members"].append({**data["members"][0], "personal_id": "000192000007"})
    report = _validate("residence_declaration", data, "en")
    assert _one(report) == ("/members/1/personal_id", "personal_id.prefix", "EFK-VN-001", "error")


def test_consistency_in_the_marriage_blocks() -> None:
    data = submission("marriage_registration")
    data["applicant_side"]["sex"] = "female"
    report = _validate("marriage_registration", data, "en")
    assert _one(report) == ("/applicant_side/personal_id", "personal_id.sex", "EFK-VN-002", "warning")


# -- phone -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "phone",
    ["0912 345 678", "0912.345.678", "+84 912 345 678", "(+84) 91-234-5678", "0084912345678", "84912345678"],
)
def test_usual_phone_spellings_are_accepted(phone: str) -> None:
    data = submission("criminal_record")
    data["mobile_phone"] = phone
    assert _validate("criminal_record", data).issues == []


def test_landline_is_accepted() -> None:
    data = submission("household_business")
    data["business_phone"] = "(028) 3823 4567"
    assert _validate("household_business", data).issues == []


@pytest.mark.parametrize(
    ("phone", "rule", "en"),
    [
        ("12345678", "phone.format", "must start with 0 or +84"),
        ("+1 415 555 0100", "phone.country", "Only Vietnamese numbers"),
        ("0912 345 67", "phone.length", "10 digits"),
        ("0612345678", "phone.prefix", "neither mobile"),
    ],
)
def test_bad_phone_numbers(phone: str, rule: str, en: str) -> None:
    data = submission("criminal_record")
    data["mobile_phone"] = phone
    report = _validate("criminal_record", data, "en")
    assert _one(report) == ("/mobile_phone", rule, "EFK-VN-003", "error")
    assert en in report.issues[0].message
    assert report.issues[0].label == "Mobile phone number"
    vi = _validate("criminal_record", data, "vi")
    assert vi.issues[0].message != report.issues[0].message
    assert phone.replace(" ", "") not in report.issues[0].message.replace(" ", "")  # masked


def test_phone_with_letters_fails_the_schema_pattern_first() -> None:
    data = submission("criminal_record")
    data["mobile_phone"] = "call me"
    report = _validate("criminal_record", data, "en")
    assert _one(report) == ("/mobile_phone", "pattern", "EFK-DATA-005", "error")
    assert report.issues[0].message == "Mobile phone number must be a phone number"


# -- tax code --------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["0100123453", "0100123453-001", "0100123453001"])
def test_valid_tax_codes(code: str) -> None:
    data = submission("household_business")
    data["business_tax_code"] = code
    assert _validate("household_business", data).issues == []


@pytest.mark.parametrize(
    ("code", "rule"),
    [("0100123454", "tax_code.check_digit"), ("0100123453-000", "tax_code.branch")],
)
def test_bad_tax_codes(code: str, rule: str) -> None:
    data = submission("household_business")
    data["business_tax_code"] = code
    report = _validate("household_business", data, "en")
    assert _one(report) == ("/business_tax_code", rule, "EFK-VN-004", "error")
    vi = _validate("household_business", data, "vi")
    assert "Mã số thuế" in vi.issues[0].message or "Mã đơn vị" in vi.issues[0].message


def test_tax_code_of_wrong_shape_fails_the_schema_pattern() -> None:
    data = submission("household_business")
    data["business_tax_code"] = "01001234"
    report = _validate("household_business", data, "en")
    assert _one(report) == ("/business_tax_code", "pattern", "EFK-DATA-005", "error")
    assert "10 digits" in report.issues[0].message


# -- addresses (2025 two-level units) --------------------------------------------------------------


def test_unknown_province() -> None:
    data = submission("criminal_record")
    data["permanent_residence"] = {"detail": "x", "commune": "00004", "province": "99"}
    report = _validate("criminal_record", data, "en")
    assert _one(report) == ("/permanent_residence", "address.province", "EFK-VN-005", "error")
    assert "province code 99 does not exist" in report.issues[0].message
    assert "mã tỉnh 99 không tồn tại" in _validate("criminal_record", data, "vi").issues[0].message


def test_unknown_commune() -> None:
    data = submission("criminal_record")
    data["permanent_residence"] = {"commune": "99999", "province": "01"}
    report = _validate("criminal_record", data, "en")
    assert _one(report) == ("/permanent_residence", "address.commune", "EFK-VN-006", "error")
    assert "commune code 99999 does not exist" in report.issues[0].message


def test_commune_in_another_province() -> None:
    data = submission("criminal_record")
    data["permanent_residence"] = {"commune": "00004", "province": "79"}  # Ba Đình is in Hà Nội
    report = _validate("criminal_record", data, "vi")
    assert _one(report) == ("/permanent_residence", "address.mismatch", "EFK-VN-007", "error")
    assert "Phường Ba Đình không thuộc Thành phố Hồ Chí Minh" in report.issues[0].message
    assert report.issues[0].label == "Nơi thường trú"


def test_address_inside_a_person_block() -> None:
    data = submission("birth_registration")
    data["mother"]["residence"] = {"commune": "25747", "province": "01"}
    report = _validate("birth_registration", data, "en")
    assert _one(report) == ("/mother/residence", "address.mismatch", "EFK-VN-007", "error")


def test_address_shape_is_checked_by_the_schema() -> None:
    data = submission("criminal_record")
    data["permanent_residence"] = {"detail": "Hà Nội", "ward": "Ba Đình"}
    report = _validate("criminal_record", data, "en")
    assert sorted((i.pointer, i.rule) for i in report.issues) == [
        ("/permanent_residence/commune", "required"),
        ("/permanent_residence/province", "required"),
        ("/permanent_residence/ward", "unknown_field"),
    ]


def test_valid_id_is_silent() -> None:
    data = submission("criminal_record")
    assert data["personal_id"] == ID_MALE_1990
    assert _validate("criminal_record", data).issues == []
