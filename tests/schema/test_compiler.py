"""The compiler: one JSON Schema 2020-12 document and a UI schema per form, deterministic."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs
import pytest

from eformkit import load_form, parse_form

from ._forms import clean_form

VALID = Path(__file__).parent.parent / "fixtures" / "forms" / "valid"
VALID_FORMS = sorted(VALID.glob("*.yaml"))
IDS = [p.stem for p in VALID_FORMS]


@pytest.mark.parametrize("path", VALID_FORMS, ids=IDS)
def test_schema_passes_the_2020_12_metaschema(path: Path) -> None:
    schema = load_form(path).json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    assert jsonschema_rs.meta.is_valid(schema)


@pytest.mark.parametrize("path", VALID_FORMS, ids=IDS)
def test_output_is_deterministic(path: Path) -> None:
    text = path.read_bytes()
    first, _ = parse_form(text, file=str(path))
    second, _ = parse_form(text, file=str(path))
    assert first is not None and second is not None
    dump = json.dumps  # no sort_keys: key order itself must be stable
    assert dump(first.json_schema(), ensure_ascii=False) == dump(second.json_schema(), ensure_ascii=False)
    assert dump(first.ui_schema(), ensure_ascii=False) == dump(second.ui_schema(), ensure_ascii=False)


def test_properties_follow_the_paper_order() -> None:
    form = load_form(VALID / "residence_declaration.yaml")
    assert list(form.json_schema()["properties"]) == [
        "full_name",
        "date_of_birth",
        "sex",
        "personal_id",
        "phone",
        "email",
        "current_residence",
        "request_kind",
        "other_request",
        "household_head",
        "members",
        "declaration",
        "signed",
    ]


def test_returned_schemas_are_copies() -> None:
    form = load_form(VALID / "criminal_record.yaml")
    schema = form.json_schema()
    schema["properties"].clear()
    form.ui_schema()["sections"].clear()
    assert form.json_schema()["properties"]
    assert form.ui_schema()["sections"]


def test_document_metadata_and_id() -> None:
    schema = load_form(VALID / "residence_declaration.yaml").json_schema()
    assert schema["$id"] == "urn:eformkit:form:vn.test.residence_declaration:2023.1"
    assert schema["title"] == "Tờ khai thay đổi thông tin cư trú"
    assert schema["type"] == "object" and schema["additionalProperties"] is False
    assert schema["x-eformkit"] == {
        "form": "vn.test.residence_declaration",
        "version": "2023.1",
        "title": {"vi": "Tờ khai thay đổi thông tin cư trú", "en": "Declaration of change of residence information"},
        "pack": "vn",
        "code": "CT01",
        "legal_basis": {"instrument": "Thông tư 66/2023/TT-BCA", "effective": "2024-01-01", "grade": "V"},
        "purpose": "residence-registration",
        "hidden_values": "drop",
        "lang": "vi",
    }


def test_enums_carry_their_labels() -> None:
    """In the compiled schema; the published one has `oneOf` const/title (test_client_schema.py)."""
    schema = load_form(VALID / "residence_declaration.yaml")._json_schema
    sex = schema["properties"]["sex"]
    assert sex["type"] == "string"
    assert sex["enum"] == ["male", "female"]
    assert sex["x-enum-labels"] == {"male": {"vi": "Nam", "en": "Male"}, "female": {"vi": "Nữ", "en": "Female"}}
    assert sex["x-list"] == "sex"
    lines = load_form(VALID / "household_business.yaml")._json_schema["properties"]["business_lines"]
    assert lines["type"] == "array" and lines["uniqueItems"] is True
    assert lines["items"] == {"enum": ["retail", "food", "repair"]}
    assert lines["x-enum-labels"]["food"] == {"vi": "Ăn uống", "en": "Food service"}
    assert lines["minItems"] == 1


def test_bindings_and_other_annotations() -> None:
    schema = load_form(VALID / "residence_declaration.yaml").json_schema()
    props = schema["properties"]
    assert props["full_name"]["x-element"] == "applicant.full_name"
    assert props["full_name"]["x-lock"] == "verified"
    assert props["phone"]["x-lock"] == "never"
    assert props["full_name"]["x-label"] == {"vi": "Họ, chữ đệm và tên", "en": "Full name"}
    assert props["full_name"]["title"] == "Họ, chữ đệm và tên"
    assert props["date_of_birth"]["x-precision"] == ["day", "month", "year"]
    assert props["date_of_birth"]["x-type"] == "date"
    head = props["household_head"]
    assert head["properties"]["personal_id"]["x-element"] == "household_head.personal_id"
    assert head["required"] == ["full_name", "date_of_birth", "sex", "personal_id"]
    assert "x-element" not in props["request_kind"]


def test_help_number_default_and_descriptions() -> None:
    form = clean_form(
        """
        copies:
          type: integer
          number: "7"
          label: {vi: Số bản, en: Copies}
          help: {vi: Ghi số bản cần cấp, en: Number of copies needed}
          default: 1
        """
    )
    copies = form.json_schema()["properties"]["copies"]
    assert copies["description"] == "Ghi số bản cần cấp"
    assert copies["x-help"] == {"vi": "Ghi số bản cần cấp", "en": "Number of copies needed"}
    assert copies["x-number"] == "7"
    assert copies["default"] == 1
    ui = form.ui_schema()["sections"][0]["elements"][0]
    assert (ui["number"], ui["help"]["en"]) == ("7", "Number of copies needed")


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("t: {type: text, label: A}", {"type": "string", "maxLength": 2000}),
        ("t: {type: long_text, label: A}", {"type": "string", "maxLength": 20000}),
        ("t: {type: integer, label: A}", {"type": "integer"}),
        ("t: {type: number, label: A}", {"type": "number"}),
        ("t: {type: money, label: A}", {"type": "integer", "minimum": 0}),
        ("t: {type: boolean, label: A}", {"type": "boolean"}),
        ("t: {type: declaration, label: A}", {"const": True}),
        ("t: {type: personal_id, label: A}", {"type": "string", "pattern": r"^\d{12}$"}),
        ("t: {type: tax_code, label: A}", {"type": "string", "pattern": r"^\d{10}(-?\d{3})?$"}),
        (
            "t: {type: computed, label: A, compute: {function: uppercase, of: u}}\nu: {type: text, label: B}",
            {"type": "string", "readOnly": True},
        ),
    ],
)
def test_value_schemas_by_type(field: str, expected: dict[str, Any]) -> None:
    form, _findings = parse_form(
        "form: vn.test.t\ntitle: T\nlanguages: [vi]\nsections:\n  s:\n    fields:\n"
        + "".join("      " + line + "\n" for line in field.splitlines())
    )
    assert form is not None
    schema = form._json_schema["properties"]["t"]  # compiled; packs sharpen it when published
    assert {k: v for k, v in schema.items() if k in expected} == expected


def test_dates_by_precision() -> None:
    form = clean_form(
        """
        full: {type: date, label: {vi: A, en: A}}
        partial: {type: date, precision: [month, year], label: {vi: B, en: B}}
        """
    )
    props = form.json_schema()["properties"]
    assert props["full"]["format"] == "date"
    validator = jsonschema.Draft202012Validator({"type": "object", "properties": props})
    assert validator.is_valid({"full": "2025-02-05"})
    assert not validator.is_valid({"full": "2025-02"})
    assert "format" not in props["partial"]
    assert validator.is_valid({"partial": "2025-02"}) and validator.is_valid({"partial": "2025"})
    assert not validator.is_valid({"partial": "2025-02-05"})
    assert not validator.is_valid({"partial": "2025-13"})


def test_constraints_become_keywords() -> None:
    form = clean_form(
        """
        code_text:
          type: text
          label: {vi: Mã, en: Code}
          constraints:
            - {rule: min_length, value: 2}
            - {rule: max_length, value: 8}
            - {rule: pattern, value: "^[A-Z]+$"}
        n:
          type: number
          label: {vi: Số, en: Number}
          constraints: [{rule: minimum, value: 0.5}, {rule: maximum, value: 9}]
        """
    )
    props = form.json_schema()["properties"]
    assert (props["code_text"]["minLength"], props["code_text"]["maxLength"]) == (2, 8)
    assert props["code_text"]["pattern"] == "^[A-Z]+$"
    assert (props["n"]["minimum"], props["n"]["maximum"]) == (0.5, 9)


def test_tables_have_row_limits_and_strict_rows() -> None:
    schema = load_form(VALID / "residence_declaration.yaml").json_schema()
    members = schema["properties"]["members"]
    assert members["type"] == "array" and members["maxItems"] == 20 and "minItems" not in members
    assert members["items"]["additionalProperties"] is False
    assert members["items"]["required"] == [
        "full_name",
        "date_of_birth",
        "sex",
        "personal_id",
        "relationship_to_household_head",
    ]
    assert members["x-element"] == "household.members"


# -- visible_if -> if/then: hidden fields are never required ---------------------------------------


def _valid(schema: dict[str, Any], data: dict[str, Any]) -> bool:
    return bool(jsonschema.Draft202012Validator(schema).is_valid(data))


def test_visible_if_compiles_to_if_then_and_hidden_fields_are_not_required() -> None:
    form = clean_form(
        """
        married: {type: boolean, label: {vi: Kết hôn, en: Married}}
        spouse_note: {type: text, label: {vi: Ghi chú, en: Note}, visible_if: married}
        """
    )
    schema = form.json_schema()
    assert schema["required"] == ["married"]
    assert schema["allOf"] == [
        {
            "if": {"properties": {"married": {"not": {"enum": [False, None, "", 0, [], {}]}}}, "required": ["married"]},
            "then": {"type": "object", "properties": {"spouse_note": {}}, "required": ["spouse_note"]},
        }
    ]
    assert _valid(schema, {"married": False})
    assert not _valid(schema, {"married": True})
    assert _valid(schema, {"married": True, "spouse_note": "x"})


def test_conditional_required() -> None:
    schema = load_form(VALID / "criminal_record.yaml").json_schema()
    assert "purpose_text" not in schema["required"]
    base = _crim()
    assert _valid(schema, base)
    assert not _valid(schema, {**base, "certificate_type": "type_2"})
    assert _valid(schema, {**base, "certificate_type": "type_2", "purpose_text": "Xin việc làm"})


def _crim() -> dict[str, Any]:
    return {
        "full_name": "A",
        "date_of_birth": "1990",
        "sex": "male",
        "personal_id": "001090001234",
        "nationality": "VN",
        "mobile_phone": "0912345678",
        "permanent_residence": {"commune": "00004", "province": "01"},
        "certificate_type": "type_1",
        "copies": 1,
        "delivery": "counter",
    }


def test_hidden_section_fields_are_required_only_when_shown() -> None:
    schema = load_form(VALID / "marriage_registration.yaml").json_schema()
    assert "passport_number" not in schema["required"] and "passport" not in schema["required"]
    thens = [c["then"] for c in schema["allOf"]]
    assert {"type": "object", "properties": {"passport_number": {}}, "required": ["passport_number"]} in thens
    assert {"type": "object", "properties": {"passport": {}}, "required": ["passport"]} in thens


def test_person_block_fields_inherit_the_block_condition() -> None:
    schema = load_form(VALID / "birth_registration.yaml").json_schema()
    assert "father" not in schema["required"]
    father_conditions = [c for c in schema["allOf"] if "father" in json.dumps(c["then"])]
    assert father_conditions[0]["then"] == {"type": "object", "properties": {"father": {}}, "required": ["father"]}
    # children of the hidden block are required inside it (when it is present)
    assert schema["properties"]["father"]["required"] == [
        "full_name",
        "date_of_birth",
        "ethnicity",
        "nationality",
        "residence",
    ]


def test_computed_and_note_fields_are_never_required() -> None:
    schema = load_form(VALID / "birth_registration.yaml").json_schema()
    assert "child_birth_date_words" in schema["properties"]
    assert "child_birth_date_words" not in schema["required"]
    marriage = load_form(VALID / "marriage_registration.yaml").json_schema()
    assert "both_single" not in marriage["properties"]  # notes are printed, never submitted


# -- UI schema -------------------------------------------------------------------------------------


def test_ui_schema_structure() -> None:
    ui = load_form(VALID / "residence_declaration.yaml").ui_schema()
    assert ui["form"] == "vn.test.residence_declaration"
    assert ui["languages"] == ["vi", "en"]
    assert ui["hidden_values"] == "drop"
    assert [s["id"] for s in ui["sections"]] == ["declarant", "request", "signature"]
    declarant = ui["sections"][0]
    assert [e["id"] for e in declarant["elements"]][:3] == ["full_name", "date_of_birth", "sex"]
    by_id = {e["id"]: e for s in ui["sections"] for e in s["elements"]}
    assert by_id["sex"]["widget"] == "radio"  # few options
    assert by_id["request_kind"]["widget"] == "select"  # many options
    assert by_id["personal_id"]["widget"] == "digit_boxes"
    assert by_id["full_name"]["autocomplete"] == "name"
    assert by_id["members"]["prefill"] == {"element": "household.members", "lock": "verified", "pick": True}
    assert [c["id"] for c in by_id["members"]["columns"]][:2] == ["full_name", "date_of_birth"]
    assert [c["id"] for c in by_id["household_head"]["elements"]] == [
        "full_name",
        "date_of_birth",
        "sex",
        "personal_id",
    ]
    assert by_id["other_request"]["visible_if"] == {"op": "==", "var": "request_kind", "value": "other"}
    assert by_id["sex"]["options"][1] == {"value": "female", "label": {"vi": "Nữ", "en": "Female"}}
    assert by_id["declaration"]["text"]["en"] == "I declare that the above is true."


def test_ui_schema_section_visibility_and_required_if() -> None:
    ui = load_form(VALID / "marriage_registration.yaml").ui_schema()
    foreign = next(s for s in ui["sections"] if s["id"] == "foreign")
    assert foreign["visible_if"] == {
        "op": "not",
        "args": [{"op": "==", "var": "partner.nationality", "value": "VN"}],
    }
    crim = load_form(VALID / "criminal_record.yaml").ui_schema()
    purpose = next(e for s in crim["sections"] for e in s["elements"] if e["id"] == "purpose_text")
    assert purpose["required"] is False
    assert purpose["required_if"] == {"op": "==", "var": "certificate_type", "value": "type_2"}
    delivery = next(e for s in crim["sections"] for e in s["elements"] if e["id"] == "delivery")
    assert delivery["widget"] == "select"  # the author's widget wins


def test_ui_schema_notes_and_computed() -> None:
    ui = load_form(VALID / "marriage_registration.yaml").ui_schema()
    note = next(e for s in ui["sections"] for e in s["elements"] if e["id"] == "both_single")
    assert (note["type"], note["widget"]) == ("note", "note")
    birth = load_form(VALID / "birth_registration.yaml").ui_schema()
    words = next(e for s in birth["sections"] for e in s["elements"] if e["id"] == "child_birth_date_words")
    assert words["compute"] == {"function": "date_in_words", "of": "child_birth_date"}
    assert words["widget"] == "output"
