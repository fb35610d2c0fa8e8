"""Submission validation: every problem, with pointer, field label and a message in vi or en."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from eformkit import load_form
from eformkit.schema.rules import same_person_paths
from eformkit.schema.validation import FormValidator, ValidationReport, available_backends, validator_for

from ._forms import clean_form
from ._submissions import FORM_NAMES, ID_FEMALE_1992, form, submission

BACKENDS = available_backends()


def _issues(report: ValidationReport) -> list[tuple[str, str, str]]:
    return [(i.pointer, i.rule, i.code) for i in report.issues]


@pytest.mark.parametrize("name", FORM_NAMES)
@pytest.mark.parametrize("backend", BACKENDS)
def test_valid_submissions_pass(name: str, backend: str) -> None:
    report = FormValidator(form(name), backend).validate(submission(name))
    assert report.issues == []
    assert report.valid
    assert report.dropped == [] and report.kept_hidden == []


def test_computed_values_come_from_the_server_not_the_client() -> None:
    data = submission("birth_registration")
    data["child_birth_date_words"] = "anything the client says"
    report = form("birth_registration").validate(data)
    assert report.valid
    words = report.data["child_birth_date_words"]
    assert words != "anything the client says"
    assert "2025" in words or "hai nghìn" in words


# -- every rule kind: pointer, field, label and message in both languages ---------------------------

Mutation = Callable[[dict[str, Any]], None]


def _set(path: str, value: Any) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        *parents, last = path.split("/")
        node: Any = data
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value

    return mutate


def _delete(path: str) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        *parents, last = path.split("/")
        node: Any = data
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        del node[last]

    return mutate


def _both(*mutations: Mutation) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        for m in mutations:
            m(data)

    return mutate


CASES: list[tuple[str, str, Mutation, str, str, str, str, str, str, str]] = [
    # (case, form, mutation, pointer, rule, code, label vi, label en, message vi contains, message en contains)
    (
        "required",
        "residence_declaration",
        _delete("full_name"),
        "/full_name",
        "required",
        "EFK-DATA-001",
        "Họ, chữ đệm và tên",
        "Full name",
        "Vui lòng nhập Họ, chữ đệm và tên",
        "Full name is required",
    ),
    (
        "blank string is absent",
        "residence_declaration",
        _set("full_name", "   ".strip()),
        "/full_name",
        "required",
        "EFK-DATA-001",
        "Họ, chữ đệm và tên",
        "Full name",
        "Vui lòng nhập",
        "is required",
    ),
    (
        "null is absent",
        "residence_declaration",
        _set("full_name", None),
        "/full_name",
        "required",
        "EFK-DATA-001",
        "Họ, chữ đệm và tên",
        "Full name",
        "Vui lòng nhập",
        "is required",
    ),
    (
        "required in a person block",
        "residence_declaration",
        _delete("household_head/personal_id"),
        "/household_head/personal_id",
        "required",
        "EFK-DATA-001",
        "Số định danh cá nhân",
        "Personal identification number",
        "Vui lòng nhập Số định danh cá nhân",
        "Personal identification number is required",
    ),
    (
        "required in a table row",
        "residence_declaration",
        _delete("members/0/full_name"),
        "/members/0/full_name",
        "required",
        "EFK-DATA-001",
        "Họ, chữ đệm và tên",
        "Full name",
        "Vui lòng nhập",
        "is required",
    ),
    (
        "type",
        "criminal_record",
        _set("copies", "hai"),
        "/copies",
        "type",
        "EFK-DATA-003",
        "Số lượng phiếu",
        "Number of copies",
        "Số lượng phiếu có giá trị không đúng kiểu",
        "Number of copies has the wrong kind of value",
    ),
    (
        "enum",
        "residence_declaration",
        _set("sex", "other"),
        "/sex",
        "enum",
        "EFK-DATA-004",
        "Giới tính",
        "Sex",
        "Giới tính: vui lòng chọn một giá trị trong danh sách",
        "Sex: choose one of the listed options",
    ),
    (
        "enum in a table cell",
        "residence_declaration",
        _set("members/0/relationship_to_household_head", "cousin"),
        "/members/0/relationship_to_household_head",
        "enum",
        "EFK-DATA-004",
        "Mối quan hệ với chủ hộ",
        "Relationship to the head of household",
        "vui lòng chọn",
        "choose one",
    ),
    (
        "const (declaration)",
        "residence_declaration",
        _set("declaration", False),
        "/declaration",
        "const",
        "EFK-DATA-009",
        "Cam đoan",
        "Declaration",
        "Vui lòng xác nhận Cam đoan",
        "Declaration must be accepted",
    ),
    (
        "pattern (personal id)",
        "residence_declaration",
        _set("personal_id", "12345"),
        "/personal_id",
        "pattern",
        "EFK-DATA-005",
        "Số định danh cá nhân",
        "Personal identification number",
        "phải gồm 12 chữ số",
        "must be 12 digits",
    ),
    (
        "pattern (date)",
        "residence_declaration",
        _set("date_of_birth", "02/05/1990"),
        "/date_of_birth",
        "pattern",
        "EFK-DATA-005",
        "Ngày, tháng, năm sinh",
        "Date of birth",
        "phải là ngày hợp lệ",
        "must be a date",
    ),
    (
        "pattern (author message)",
        "marriage_registration",
        _both(
            _set("partner/nationality", "US"),
            _set("passport_number", "ab-1"),
            _set("passport", {"source": "upload", "ref": "u1"}),
        ),
        "/passport_number",
        "pattern",
        "EFK-DATA-005",
        "Số hộ chiếu",
        "Passport number",
        "Số hộ chiếu không đúng dạng",
        "Passport number is malformed",
    ),
    (
        "minLength",
        "criminal_record",
        _both(_set("certificate_type", "type_2"), _set("purpose_text", "abc")),
        "/purpose_text",
        "minLength",
        "EFK-DATA-006",
        "Mục đích sử dụng phiếu",
        "Purpose of the certificate",
        "Mục đích sử dụng phiếu quá ngắn",
        "Purpose of the certificate is too short",
    ),
    (
        "maxLength (author message)",
        "birth_registration",
        _set("child_name", "A" * 101),
        "/child_name",
        "maxLength",
        "EFK-DATA-006",
        "Họ, chữ đệm, tên người được khai sinh",
        "Child's full name",
        "Tên quá dài",
        "The name is too long",
    ),
    (
        "minimum (author message)",
        "household_business",
        _set("capital", 100),
        "/capital",
        "minimum",
        "EFK-DATA-007",
        "Vốn kinh doanh",
        "Capital",
        "Vốn tối thiểu 1.000.000 đồng",
        "Capital is at least 1,000,000 VND",
    ),
    (
        "maximum",
        "household_business",
        _set("employee_count", 11),
        "/employee_count",
        "maximum",
        "EFK-DATA-007",
        "Số lượng lao động",
        "Number of employees",
        "Số lượng lao động lớn hơn giá trị cho phép",
        "Number of employees is too large",
    ),
    (
        "minimum of money",
        "household_business",
        _set("capital", -5),
        "/capital",
        "minimum",
        "EFK-DATA-007",
        "Vốn kinh doanh",
        "Capital",
        "Vốn tối thiểu",
        "Capital is at least",
    ),
    (
        "minItems",
        "household_business",
        _set("business_lines", []),
        "/business_lines",
        "minItems",
        "EFK-DATA-008",
        "Ngành nghề kinh doanh",
        "Business lines",
        "Ngành nghề kinh doanh cần thêm dòng",
        "Business lines needs more rows",
    ),
    (
        "uniqueItems",
        "household_business",
        _set("business_lines", ["retail", "retail"]),
        "/business_lines",
        "uniqueItems",
        "EFK-DATA-008",
        "Ngành nghề kinh doanh",
        "Business lines",
        "có lựa chọn bị lặp",
        "lists a choice twice",
    ),
    (
        "maxItems",
        "residence_declaration",
        lambda d: d.__setitem__("members", d["members"] * 21),
        "/members",
        "maxItems",
        "EFK-DATA-008",
        "Những thành viên trong hộ gia đình cùng thay đổi",
        "Household members changing too",
        "có quá nhiều dòng",
        "has too many rows",
    ),
    (
        "calendar",
        "birth_registration",
        _set("child_birth_date", "2023-02-30"),
        "/child_birth_date",
        "calendar",
        "EFK-DATA-010",
        "Ngày sinh của trẻ",
        "Child's date of birth",
        "2023-02-30 không phải ngày có thật",
        "2023-02-30 is not a real date",
    ),
    (
        "not_future (author message)",
        "birth_registration",
        _set("child_birth_date", "2999-01-01"),
        "/child_birth_date",
        "not_future",
        "EFK-DATA-011",
        "Ngày sinh của trẻ",
        "Child's date of birth",
        "Ngày sinh không được ở tương lai",
        "The date of birth cannot be in the future",
    ),
    (
        "not_past",
        "criminal_record",
        _set("appointment_date", "2000-01-01"),
        "/appointment_date",
        "not_past",
        "EFK-DATA-011",
        "Ngày hẹn trả kết quả",
        "Appointment date",
        "Ngày hẹn trả kết quả không được trước ngày hôm nay",
        "Appointment date cannot be in the past",
    ),
    (
        "required_if holds",
        "criminal_record",
        _set("certificate_type", "type_2"),
        "/purpose_text",
        "required",
        "EFK-DATA-001",
        "Mục đích sử dụng phiếu",
        "Purpose of the certificate",
        "Vui lòng nhập Mục đích sử dụng phiếu",
        "Purpose of the certificate is required",
    ),
    (
        "visible field becomes required",
        "residence_declaration",
        _set("request_kind", "other"),
        "/other_request",
        "required",
        "EFK-DATA-001",
        "Nội dung khác",
        "Other request",
        "Vui lòng nhập Nội dung khác",
        "Other request is required",
    ),
    (
        "shown section's field is required",
        "marriage_registration",
        _both(_set("partner/nationality", "US"), _set("passport", {"source": "upload", "ref": "u1"})),
        "/passport_number",
        "required",
        "EFK-DATA-001",
        "Số hộ chiếu",
        "Passport number",
        "Vui lòng nhập Số hộ chiếu",
        "Passport number is required",
    ),
]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    ("name", "mutate", "pointer", "rule", "code", "label_vi", "label_en", "msg_vi", "msg_en"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_each_rule_kind(
    backend: str,
    name: str,
    mutate: Mutation,
    pointer: str,
    rule: str,
    code: str,
    label_vi: str,
    label_en: str,
    msg_vi: str,
    msg_en: str,
) -> None:
    data = submission(name)
    mutate(data)
    validator = FormValidator(form(name), backend)
    vi, en = validator.validate(data, lang="vi"), validator.validate(data, lang="en")
    assert not vi.valid and not en.valid
    assert [(i.pointer, i.rule, i.code) for i in vi.issues] == [(pointer, rule, code)], _issues(vi)
    assert _issues(en) == _issues(vi)
    (issue_vi,), (issue_en,) = vi.issues, en.issues
    assert issue_vi.field_id == pointer.rsplit("/", 1)[-1]
    assert issue_vi.severity == "error"
    assert (issue_vi.label, issue_en.label) == (label_vi, label_en)
    assert msg_vi in issue_vi.message, issue_vi.message
    assert msg_en in issue_en.message, issue_en.message


def test_unknown_fields_each_reported_without_a_label() -> None:
    data = submission("residence_declaration")
    data["nickname"] = "An"
    data["household_head"]["shoe_size"] = 42
    report = form("residence_declaration").validate(data, lang="en")
    assert sorted(_issues(report)) == [
        ("/household_head/shoe_size", "unknown_field", "EFK-DATA-012"),
        ("/nickname", "unknown_field", "EFK-DATA-012"),
    ]
    nickname = next(i for i in report.issues if i.pointer == "/nickname")
    assert nickname.label is None
    assert nickname.field_id == "nickname"
    assert nickname.message == "'nickname' is not a field of this form"
    vi = form("residence_declaration").validate(data, lang="vi")
    assert "'nickname' không phải là trường của biểu mẫu này" in [i.message for i in vi.issues]


def test_every_problem_is_reported_not_the_first() -> None:
    data = submission("residence_declaration")
    del data["full_name"]
    data["sex"] = "x"
    data["personal_id"] = "1"
    data["members"][0]["sex"] = "y"
    data["extra"] = 1
    report = form("residence_declaration").validate(data)
    assert sorted(i.pointer for i in report.issues) == [
        "/extra",
        "/full_name",
        "/members/0/sex",
        "/personal_id",
        "/sex",
    ]


# -- hidden fields ---------------------------------------------------------------------------------


def test_hidden_field_is_not_required() -> None:
    data = submission("residence_declaration")
    assert data["request_kind"] != "other"
    assert "other_request" not in data
    assert form("residence_declaration").validate(data).valid


def test_hidden_value_is_dropped_and_reported() -> None:
    data = submission("residence_declaration")
    data["other_request"] = "Đăng ký lại"
    report = form("residence_declaration").validate(data)
    assert report.valid
    assert report.dropped == ["/other_request"]
    assert "other_request" not in report.data
    assert report.to_dict()["hidden_values"] == {"dropped": ["/other_request"], "kept": []}
    assert data["other_request"] == "Đăng ký lại"  # the caller's data is untouched


def test_hidden_invalid_value_is_dropped_before_schema_checks() -> None:
    data = submission("residence_declaration")
    data["other_request"] = 12345  # wrong type, but hidden: dropped, so no type error
    report = form("residence_declaration").validate(data)
    assert report.valid
    assert report.dropped == ["/other_request"]


def test_visible_value_is_kept() -> None:
    data = submission("residence_declaration")
    data["request_kind"] = "other"
    data["other_request"] = "Đăng ký lại"
    report = form("residence_declaration").validate(data)
    assert report.valid and report.dropped == []
    assert report.data["other_request"] == "Đăng ký lại"


def test_hidden_section_fields_are_dropped() -> None:
    data = submission("marriage_registration")
    data["passport_number"] = "B1234567"
    report = form("marriage_registration").validate(data)
    assert report.valid
    assert report.dropped == ["/passport_number"]


def test_keep_policy_keeps_and_reports_hidden_values() -> None:
    data = submission("birth_registration")
    data["father_known"] = False
    report = form("birth_registration").validate(data)
    assert report.valid
    assert report.kept_hidden == ["/father"]
    assert report.dropped == []
    assert report.data["father"]["full_name"] == "Nguyễn Văn An"
    assert report.to_dict()["hidden_values"] == {"dropped": [], "kept": ["/father"]}


def test_hidden_person_block_is_not_required() -> None:
    data = submission("birth_registration")
    data["father_known"] = False
    del data["father"]
    report = form("birth_registration").validate(data)
    assert report.valid and report.kept_hidden == []


def test_shown_person_block_is_required() -> None:
    data = submission("birth_registration")
    del data["father"]
    report = form("birth_registration").validate(data, lang="en")
    assert _issues(report) == [("/father", "required", "EFK-DATA-001")]
    assert report.issues[0].message == "Father is required"


# -- cleaning --------------------------------------------------------------------------------------


def test_text_is_nfc_normalised() -> None:
    data = submission("residence_declaration")
    data["full_name"] = unicodedata.normalize("NFD", "Nguyễn Văn An")
    report = form("residence_declaration").validate(data)
    assert report.valid
    assert report.data["full_name"] == "Nguyễn Văn An"
    assert unicodedata.is_normalized("NFC", report.data["full_name"])


def test_report_to_dict_is_json() -> None:
    data = submission("residence_declaration")
    data["sex"] = "x"
    payload = json.loads(json.dumps(form("residence_declaration").validate(data, lang="en").to_dict()))
    assert payload["valid"] is False
    assert payload["issues"] == [
        {
            "pointer": "/sex",
            "field": "sex",
            "label": "Sex",
            "message": "Sex: choose one of the listed options",
            "rule": "enum",
            "severity": "error",
            "code": "EFK-DATA-004",
        }
    ]


# -- bad input: a clear issue, never an exception --------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("data", [[], ["a"], "text", 42, None, True, 1.5])
def test_non_object_top_level(backend: str, data: Any) -> None:
    validator = FormValidator(form("residence_declaration"), backend)
    report = validator.validate(data, lang="en")
    assert _issues(report) == [("", "type", "EFK-DATA-002")]
    assert report.issues[0].message == "the submission must be a JSON object"
    assert validator.validate(data, lang="vi").issues[0].message == "dữ liệu gửi lên phải là một đối tượng JSON"


@pytest.mark.parametrize("backend", BACKENDS)
def test_huge_strings(backend: str) -> None:
    data = submission("residence_declaration")
    data["full_name"] = "A" * 5_000_000
    data["phone"] = "0" * 1_000_000
    data["personal_id"] = "1" * 1_000_000
    report = FormValidator(form("residence_declaration"), backend).validate(data)
    assert sorted(_issues(report)) == [
        ("/full_name", "maxLength", "EFK-DATA-006"),
        ("/personal_id", "pattern", "EFK-DATA-005"),
        ("/phone", "pattern", "EFK-DATA-005"),
    ]


def _deep(levels: int, *, as_dict: bool) -> Any:
    node: Any = 1
    for _ in range(levels):
        node = {"a": node} if as_dict else [node]
    return node


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("as_dict", [False, True])
@pytest.mark.parametrize("where", ["junk", "household_head"])
def test_deeply_nested_junk(backend: str, as_dict: bool, where: str) -> None:
    data = submission("residence_declaration")
    data[where] = _deep(100_000, as_dict=as_dict)
    report = FormValidator(form("residence_declaration"), backend).validate(data, lang="en")
    assert [(i.rule, i.code) for i in report.issues] == [("depth", "EFK-DATA-003")]
    issue = report.issues[0]
    assert issue.pointer.startswith(f"/{where}/")
    assert "nested more than 32 levels" in issue.message
    if where == "household_head":
        assert issue.label == "Head of household"  # the field holding the junk


def test_moderately_nested_junk_is_an_unknown_field() -> None:
    data = submission("residence_declaration")
    data["junk"] = _deep(20, as_dict=True)
    report = form("residence_declaration").validate(data)
    assert _issues(report) == [("/junk", "unknown_field", "EFK-DATA-012")]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    ("key", "value", "pointer"),
    [
        ("full_name", b"bytes", "/full_name"),
        ("members", ("a", "tuple"), "/members"),
        ("extra", {1, 2}, "/extra"),
        ("when", object(), "/when"),
    ],
)
def test_values_json_cannot_hold(backend: str, key: str, value: Any, pointer: str) -> None:
    data = submission("residence_declaration")
    data[key] = value
    report = FormValidator(form("residence_declaration"), backend).validate(data, lang="en")
    assert _issues(report) == [(pointer, "type", "EFK-DATA-003")]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    ("where", "value"),
    [("copies", 10**5000), ("copies", -(10**5000)), ("copies", 2**53), ("extra", [1, 10**5000])],
    ids=["5000-digits", "minus-5000-digits", "2**53", "in-an-unknown-list"],
)
def test_integers_beyond_the_exact_range(backend: str, where: str, value: Any) -> None:
    # Issue 11: a 5,000-digit number crashed the reference backend (it prints the value) and passed
    # jsonschema-rs's `maximum`. Now it is one coded issue that never shows the number.
    data = submission("criminal_record")
    data[where] = value
    pointer = "/copies" if where == "copies" else "/extra/1"
    for lang, start in (("en", "Number of copies: the number is too large"), ("vi", "Số lượng phiếu: số quá lớn")):
        report = FormValidator(form("criminal_record"), backend).validate(data, lang=lang)
        assert _issues(report) == [(pointer, "range", "EFK-DATA-003")]
        message = report.issues[0].message
        assert message.startswith(start if where == "copies" else "/extra/1: ") and not re.search(r"\d{3}", message)


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_largest_exact_integer_is_a_number_like_any_other(backend: str) -> None:
    data = submission("criminal_record")
    data["copies"] = 2**53 - 1
    report = FormValidator(form("criminal_record"), backend).validate(data, lang="en")
    assert ("/copies", "maximum", "EFK-DATA-007") in _issues(report)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    "hidden", ["\u0000", "\u0008", "\u001b", "\u007f", "\u0085", "\u202e", "\u2066", "\u200e", "\u2028"]
)
def test_control_and_text_direction_characters_in_a_name(backend: str, hidden: str) -> None:
    # Issue 11: NUL, control and bidi-override characters used to be accepted inside names.
    data = submission("criminal_record")
    data["full_name"] = f"Nguyễn{hidden} Văn An"
    validator = FormValidator(form("criminal_record"), backend)
    en, vi = validator.validate(data, lang="en"), validator.validate(data, lang="vi")
    assert _issues(en) == _issues(vi) == [("/full_name", "characters", "EFK-DATA-014")]
    assert en.issues[0].message == "Full name contains control or invisible text-direction characters; remove them"
    assert vi.issues[0].message.endswith("có ký tự điều khiển hoặc ký tự ẩn đổi chiều văn bản; hãy xóa các ký tự này")
    assert hidden not in en.issues[0].message + vi.issues[0].message


def test_non_text_keys() -> None:
    data: dict[Any, Any] = submission("residence_declaration")
    data[7] = "seven"
    report = form("residence_declaration").validate(data)
    assert _issues(report) == [("/7", "type", "EFK-DATA-003")]


def test_validator_is_compiled_once_and_cached() -> None:
    f = form("criminal_record")
    assert validator_for(f) is validator_for(f)
    assert validator_for(f, "jsonschema") is not validator_for(f)
    assert validator_for(f, "jsonschema").backend.name == "jsonschema"
    assert validator_for(f).backend.name == BACKENDS[0]


def test_warnings_do_not_make_a_submission_invalid() -> None:
    data = submission("residence_declaration")
    data["sex"] = "female"  # the personal ID says male: a consistency warning
    report = form("residence_declaration").validate(data)
    assert report.valid
    assert [i.severity for i in report.issues] == ["warning"]
    assert report.warnings == report.issues and report.errors == []


def test_female_id_submission_passes() -> None:
    data = submission("residence_declaration")
    data["personal_id"] = ID_FEMALE_1992
    data["sex"] = "female"
    data["date_of_birth"] = "1992-01-01"
    assert form("residence_declaration").validate(data).issues == []


def test_computed_field_in_an_absent_optional_block_does_not_create_the_block() -> None:
    form = clean_form(
        """
        owner:
          type: person
          prefill: none
          required: false
          label: {vi: Chủ sở hữu, en: Owner}
          fields:
            full_name: {type: text, label: {vi: Họ tên, en: Name}}
            name_upper:
              type: computed
              label: {vi: Tên in hoa, en: Name in capitals}
              compute: {function: uppercase, of: owner.full_name}
        note_text: {type: text, label: {vi: Ghi chú, en: Note}}
        """
    )
    absent = form.validate({"note_text": "x"})
    assert absent.issues == [] and absent.valid
    assert "owner" not in absent.data
    present = form.validate({"note_text": "x", "owner": {"full_name": "Lê Văn Tám"}})
    assert present.valid
    assert present.data["owner"]["name_upper"] == "LÊ VĂN TÁM"


@pytest.mark.parametrize(
    ("key", "shown"),
    [("\u001f", "\\u001f"), ("a\u202eb", "a\\u202eb"), ("x" * 100, "x" * 59 + "…")],
    ids=["control", "bidi-override", "long"],
)
def test_an_unknown_key_is_quoted_safely(key: str, shown: str) -> None:
    # Found by the fuzz test: an unknown key was quoted raw, control and direction characters included.
    data = submission("criminal_record")
    data[key] = "x"
    (issue,) = form("criminal_record").validate(data, lang="en").issues
    assert (issue.rule, issue.message) == ("unknown_field", f"'{shown}' is not a field of this form")


def test_same_person_paths_across_objects_and_with_an_attribute_bound_twice() -> None:
    forms = Path(__file__).parents[2] / "forms"
    peers = same_person_paths(load_form(forms / "vn.btp.lltp_03.yaml").fields())
    assert peers["/id_document/personal_id"]["sex"] == ("sex",)  # the block's ID, the top-level sex
    assert peers["/id_document/personal_id"]["date_of_birth"] == ("date_of_birth",)
    assert peers["/sex"]["personal_id"] == ("id_document", "personal_id")
    peers = same_person_paths(load_form(forms / "vn.bhxh.tk1_ts.yaml").fields())
    assert peers["/personal_id"]["sex"] == ("sex",)  # part I's own, not part II's corrected [14.2]
    assert peers["/personal_id"]["date_of_birth"] == ("date_of_birth",)
    assert peers["/new_personal_id"]["sex"] == ("new_sex",)  # part II's, beside it in its section
    # Typed fields of one person block, in its table-less object, stay together.
    peers = same_person_paths(load_form(forms / "vn.btp.marriage_registration.yaml").fields())
    assert peers["/partner/personal_id"]["sex"] == ("partner", "sex")


def test_a_signature_with_a_place_but_no_date_is_not_signed() -> None:
    form = clean_form(
        """
        signature: {type: signature, label: {vi: Chữ ký, en: Signature}}
        """
    )
    assert form.validate({"signature": {"place": "Ea Kar", "date": "2025-03-05"}}).valid
    report = form.validate({"signature": {"place": "Ea Kar"}}, lang="en")
    assert [(i.pointer, i.rule, i.message) for i in report.issues] == [
        ("/signature/date", "required", "Date of signing is required")]  # fmt: skip
    (issue,) = form.validate({"signature": {"place": "Ea Kar"}}).issues
    assert (issue.message, issue.label) == ("Vui lòng nhập Ngày ký", "Chữ ký")
