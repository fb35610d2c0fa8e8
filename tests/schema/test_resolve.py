"""Resolution: what a field inherits from the vocabulary, blocks and tables, and every finding's location."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eformkit import FormLoadError, load_form, parse_form
from eformkit.schema.catalogue import check_catalogue
from eformkit.schema.codes import CODES
from eformkit.schema.expressions import Compare, Ref

from ._forms import HEADER, clean_form, codes, fields_form, make

INVALID = Path(__file__).parent.parent / "fixtures" / "forms" / "invalid"
VALID = Path(__file__).parent.parent / "fixtures" / "forms" / "valid"

# -- inheritance -----------------------------------------------------------------------------------


def test_bound_field_inherits_type_label_list_and_precision() -> None:
    form = clean_form(
        """
        date_of_birth: {prefill: applicant.date_of_birth}
        sex: {prefill: applicant.sex}
        """
    )
    dob = form.field("/date_of_birth")
    assert dob is not None
    assert dob.type == "date"
    assert (dob.label.vi, dob.label.en) == ("Ngày, tháng, năm sinh", "Date of birth")
    assert dob.precision == ("day", "month", "year")
    assert dob.binding is not None
    assert (dob.binding.element, dob.binding.lock, dob.binding.on_missing) == (
        "applicant.date_of_birth",
        "verified",
        "ask",
    )
    sex = form.field("/sex")
    assert sex is not None
    assert (sex.type, sex.list_name) == ("choice", "sex")
    assert sex.choices is not None and sex.choices.values() == ["male", "female"]


def test_author_overrides_win() -> None:
    form = clean_form(
        """
        born:
          type: date
          precision: [year]
          label: {vi: Năm sinh, en: Year of birth}
          prefill: {element: applicant.date_of_birth, lock: never, on_missing: block, on_error: block,
                    message: {vi: Không có dữ liệu, en: No data}}
        id_text: {type: text, prefill: applicant.personal_id, label: {vi: Số giấy tờ, en: ID number}}
        """
    )
    born = form.field("/born")
    assert born is not None and born.binding is not None
    assert born.precision == ("year",)
    assert born.label.vi == "Năm sinh"
    assert (born.binding.lock, born.binding.on_missing, born.binding.on_error) == ("never", "block", "block")
    assert born.binding.message is not None and born.binding.message.en == "No data"
    id_text = form.field("/id_text")
    assert id_text is not None and id_text.type == "text"  # a personal ID prints into a text field


def test_person_block_fields_come_from_the_block_and_bind_to_the_role() -> None:
    form = clean_form(
        """
        mother:
          type: person
          role: mother
          block: person_basic
          fields: [nationality, {full_name: {label: {vi: Họ tên mẹ, en: Mother's name}}}]
        """
    )
    mother = form.field("/mother")
    assert mother is not None and mother.type == "person"
    assert [c.id for c in mother.children] == ["full_name", "date_of_birth", "sex", "personal_id", "nationality"]
    assert [c.binding.element for c in mother.children if c.binding] == [
        "mother.full_name",
        "mother.date_of_birth",
        "mother.sex",
        "mother.personal_id",
        "mother.nationality",
    ]
    name = form.field("/mother/full_name")
    assert name is not None and name.label.en == "Mother's name"
    assert name.path == ("mother", "full_name")
    assert mother.label.vi == "Thông tin cá nhân"  # the block's label when the author gives none


def test_person_type_is_implied_by_role_or_block() -> None:
    form, findings = fields_form("father: {role: father, block: parent}\n")
    assert form is not None and findings == []
    father = form.field("/father")
    assert father is not None and father.type == "person"


def test_table_columns_and_row_binding() -> None:
    form = clean_form(
        """
        members:
          label: {vi: Thành viên, en: Members}
          rows: {prefill: household.members, pick: true}
          columns: [full_name, personal_id, {note: {type: text, label: {vi: Ghi chú, en: Note}}}]
          max_rows: 10
        """
    )
    table = form.field("/members")
    assert table is not None and table.type == "table"
    assert [(c.id, c.pointer, c.in_table) for c in table.children] == [
        ("full_name", "/members/-/full_name", True),
        ("personal_id", "/members/-/personal_id", True),
        ("note", "/members/-/note", True),
    ]
    assert table.binding is not None
    assert table.binding.element == "household.members"
    assert table.binding.columns == {"full_name": "full_name", "personal_id": "personal_id"}
    assert (table.binding.key_attribute, table.binding.pick) == ("personal_id", True)
    assert form.field("/members/-/full_name") is None  # columns are reached through the table


def test_attachment_binds_to_its_document_role() -> None:
    form = clean_form(
        "birth_cert: {type: attachment, document_type: birth_certificate, label: {vi: Khai sinh, en: Birth}}\n"
    )
    f = form.field("/birth_cert")
    assert f is not None and f.binding is not None
    assert (f.binding.element, f.binding.document_type) == ("birth_certificate", "birth_certificate")


def test_conditions_are_parsed_onto_fields_and_sections() -> None:
    form, findings = make(
        """
        sections:
          first:
            title: {vi: Một, en: One}
            fields:
              married: {type: boolean, label: {vi: Kết hôn, en: Married}}
              copies: {type: integer, label: {vi: Số bản, en: Copies}, required: married}
          second:
            visible_if: copies > 1
            fields:
              reason: {type: text, label: {vi: Lý do, en: Reason}, visible_if: married}
        """
    )
    assert form is not None and findings == []
    copies = form.field("/copies")
    assert copies is not None
    assert copies.required is False and copies.required_if == Ref("married", 1)
    reason = form.field("/reason")
    assert reason is not None and reason.visible_if == Ref("married", 1)
    second = form.resolved.sections[1]
    assert second.visible_if == Compare(">", Ref("copies", 1), second.visible_if.right, 8)  # type: ignore[union-attr]
    assert second.title.vi == "Second"  # a section without a title gets one from its id


def test_walk_is_in_paper_order() -> None:
    form = load_form(VALID / "residence_declaration.yaml")
    ids = [f.id for f in form.fields()]
    assert ids[:4] == ["full_name", "date_of_birth", "sex", "personal_id"]
    assert ids.index("household_head") < ids.index("members") < ids.index("declaration")


# -- finding locations: code, pointer and file:line:col for each example -----------------------------

EXPECTED: dict[str, list[tuple[str, str, int, int]]] = {
    "EFK-BIND-001": [("EFK-BIND-001", "/sections/main/fields/contact/prefill", 11, 26)],
    "EFK-BIND-002": [("EFK-BIND-002", "/sections/main/fields/born/prefill", 11, 38)],
    "EFK-BIND-003": [("EFK-BIND-003", "/sections/main/fields/sex/list", 11, 43)],
    "EFK-BIND-004": [("EFK-BIND-004", "/sections/main/fields/members/rows/prefill", 13, 25)],
    # one root-cause finding: the column's missing type and label are consequences, not reported again
    "EFK-BIND-005": [("EFK-BIND-005", "/sections/main/fields/members/columns/shoe_size", 14, 9)],
    "EFK-BIND-006": [("EFK-BIND-006", "/sections/main/fields/members_text/prefill", 13, 18)],
    "EFK-EXPR-001": [("EFK-EXPR-001", "/sections/main/fields/reason/visible_if", 15, 29)],
    "EFK-EXPR-002": [("EFK-EXPR-002", "/sections/main/fields/reason/visible_if", 15, 21)],
    "EFK-EXPR-003": [("EFK-EXPR-003", "/sections/main/fields/divorce_date/visible_if", 15, 21)],
    "EFK-EXPR-004": [("EFK-EXPR-004", "/sections/main/fields/reason/visible_if", 15, 21)],
    "EFK-EXPR-005": [("EFK-EXPR-005", "/sections/main/fields/reason/visible_if", 14, 21)],
    "EFK-FIELD-001": [("EFK-FIELD-001", "/sections/second/fields/remark", 15, 7)],
    "EFK-FIELD-002": [("EFK-FIELD-002", "/sections/main/fields/remark", 11, 15)],
    "EFK-FIELD-003": [("EFK-FIELD-003", "/sections/main/fields/colour", 11, 15)],
    "EFK-FIELD-004": [("EFK-FIELD-004", "/sections/main/fields/remark", 11, 15)],
    "EFK-FIELD-005": [("EFK-FIELD-005", "/sections/main/fields/RemarkText", 11, 7)],
    "EFK-FIELD-007": [("EFK-FIELD-007", "/sections/main/fields/rows_only", 12, 9)],
    "EFK-FIELD-008": [("EFK-FIELD-008", "/sections/main/fields/gender/default", 11, 50)],
    "EFK-FIELD-009": [("EFK-FIELD-009", "/sections/main/fields/copies/constraints/0", 15, 13)],
    "EFK-FIELD-010": [("EFK-FIELD-010", "/sections/main/fields/code_text/constraints/0/value", 15, 36)],
    "EFK-FIELD-011": [("EFK-FIELD-011", "/sections/main/fields/members", 12, 9)],
    "EFK-FORM-002": [("EFK-FORM-002", "/form", 3, 7)],
    "EFK-FORM-003": [("EFK-FORM-003", "/form", 3, 7)],
    "EFK-FORM-004": [("EFK-FORM-004", "/pack", 7, 7)],
    "EFK-I18N-001": [("EFK-I18N-001", "/sections/main/fields/remark/label", 11, 35)],
    "EFK-KEY-001": [("EFK-KEY-001", "/sections/main/fields/note_text/requried", 15, 9)],
    "EFK-KEY-002": [("EFK-KEY-002", "/sections/main/fields", 9, 5)],
    "EFK-ONCE-001": [("EFK-ONCE-001", "/sections/main/fields/name_typed", 11, 19)],
    "EFK-REF-001": [("EFK-REF-001", "/sections/main/fields/status/list", 11, 36)],
    "EFK-REF-002": [("EFK-REF-002", "/sections/main/fields/mother/block", 11, 51)],
    "EFK-REF-003": [("EFK-REF-003", "/sections/main/fields/aunt/role", 11, 34)],
    "EFK-REF-004": [("EFK-REF-004", "/sections/main/fields/proof/document_type", 11, 48)],
    "EFK-REF-005": [("EFK-REF-005", "/lists/sex", 8, 3)],
    "EFK-REF-006": [("EFK-REF-006", "/sections/main/fields/owner/block", 15, 53)],
    "EFK-REF-007": [("EFK-REF-007", "/sections/main/fields/signed_on_words/compute/of", 15, 48)],
    "EFK-VALUE-001": [("EFK-VALUE-001", "/hidden_values", 7, 16)],
    "EFK-VALUE-002": [("EFK-VALUE-002", "/sections/main/fields/age/constraints/0/value", 14, 46)],
    "EFK-YAML-001": [("EFK-YAML-001", "", 5, 9)],
    "EFK-YAML-002": [("EFK-YAML-002", "/sections/main/title", 4, 8)],
    "EFK-YAML-004": [("EFK-YAML-004", "/sections/main/fields", 10, 9)],
    "EFK-YAML-005": [("EFK-YAML-005", "/sections/main/fields/remark", 11, 7)],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_finding_code_pointer_and_position(name: str) -> None:
    path = INVALID / f"{name}.yaml"
    result = check_catalogue([path])
    got = [(f.code, f.pointer, f.line, f.column) for f in result.findings]
    assert got == EXPECTED[name]
    for f in result.findings:
        assert f.file == str(path)
        assert f.where == f"{path}:{f.line}:{f.column}"
        assert f.message_en and f.message_vi
        assert f.severity is CODES[f.code].severity


def test_every_example_file_is_covered_here_or_needs_a_catalogue() -> None:
    names = {p.stem for p in INVALID.glob("*.yaml")}
    assert names - set(EXPECTED) == {"EFK-FORM-001", "EFK-YAML-003"}  # cross-form / a very long pointer


def test_yaml_depth_finding_points_inside_the_deep_value() -> None:
    result = check_catalogue([INVALID / "EFK-YAML-003.yaml"])
    (f,) = result.findings
    assert f.code == "EFK-YAML-003"
    assert f.pointer.startswith("/sections/main/fields/remark/default/0/0/")
    assert (f.line, f.column) == (13, 78)


def _column_of(text: str, line: int, token: str) -> int:
    return text.splitlines()[line - 1].index(token) + 1


def test_condition_findings_point_at_the_token_inside_the_condition() -> None:
    fields = """\
married: {type: boolean, label: {vi: A, en: A}}
copies: {type: integer, label: {vi: B, en: B}}
r1: {type: text, label: {vi: C, en: C}, visible_if: married and maried2}
r2: {type: text, label: {vi: D, en: D}, visible_if: "copies > 1 or zzz"}
r3: {type: text, label: {vi: E, en: E}, visible_if: married and copies = 2}
"""
    _form, findings = fields_form(fields)
    text = HEADER + "sections:\n  main:\n    title: {vi: Chính, en: Main}\n    fields:\n"
    text += "".join("      " + line + "\n" for line in fields.splitlines())
    by_code = {f.code + f.pointer.rsplit("/", 2)[-2]: f for f in findings}
    r1 = by_code["EFK-EXPR-002r1"]
    assert (r1.line, r1.column) == (11, _column_of(text, 11, "maried2"))
    r2 = by_code["EFK-EXPR-002r2"]
    assert (r2.line, r2.column) == (12, _column_of(text, 12, "zzz"))  # the opening quote is counted
    r3 = by_code["EFK-EXPR-001r3"]
    assert (r3.line, r3.column) == (13, _column_of(text, 13, "= 2"))
    assert "did you mean 'married'" in r1.message_en


@pytest.mark.parametrize(
    ("fields", "code", "fragment"),
    [
        (
            "n: {type: integer, label: {vi: A, en: A}}\nm: {type: text, label: {vi: B, en: B}, visible_if: n > null}\n",
            "EFK-EXPR-004",
            "null cannot be ordered",
        ),
        (
            "n: {type: boolean, label: {vi: A, en: A}}\nm: {type: text, label: {vi: B, en: B}, visible_if: n == 1}\n",
            "EFK-EXPR-004",
            "true or false",
        ),
        (
            "n: {type: choice, list: sex, label: {vi: A, en: A}}\n"
            'm: {type: text, label: {vi: B, en: B}, visible_if: n > "male"}\n',
            "EFK-EXPR-004",
            "cannot be ordered",
        ),
        (
            "n: {type: text, label: {vi: A, en: A}}\nm: {type: text, label: {vi: B, en: B}, visible_if: n == 3}\n",
            "EFK-EXPR-004",
            "text in quotes",
        ),
        (
            "n: {type: choice, list: sex, label: {vi: A, en: A}}\n"
            'm: {type: text, label: {vi: B, en: B}, visible_if: \'n in ["male", "nam"]\'}\n',
            "EFK-EXPR-003",
            "can never match",
        ),
        (
            "p: {type: person, role: mother, block: person_basic, label: {vi: A, en: A}}\n"
            'm: {type: text, label: {vi: B, en: B}, visible_if: p == "x"}\n',
            "EFK-EXPR-004",
            "sub-fields",
        ),
        (
            "p: {type: person, role: mother, block: person_basic, label: {vi: A, en: A}}\n"
            'm: {type: text, label: {vi: B, en: B}, visible_if: p.sex == "female"}\n',
            None,
            "",
        ),
        (
            "t:\n  label: {vi: A, en: A}\n  columns:\n    note: {type: text, label: {vi: B, en: B}, visible_if: x}\n"
            "x: {type: boolean, label: {vi: C, en: C}}\n",
            "EFK-EXPR-005",
            "inside a table",
        ),
    ],
)
def test_condition_type_checks(fields: str, code: str | None, fragment: str) -> None:
    _form, findings = fields_form(fields)
    assert codes(findings) == ([code] if code else [])
    if code:
        assert fragment in findings[0].message_en


def test_all_findings_of_one_form_in_one_pass() -> None:
    # A bad key does not hide the reference, binding and condition findings of the rest of the form.
    _form, findings = fields_form(
        """
        full_name: {prefill: applicant.ful_name, lable: Họ tên}
        status: {type: choice, list: marital_statuses, label: {vi: Tình trạng, en: Status}}
        reason: {type: text, label: {vi: Lý do, en: Reason}, visible_if: statuss == "x"}
        """
    )
    assert codes(findings) == [
        "EFK-BIND-001",  # its missing type and label follow from it and are not reported again
        "EFK-EXPR-002",
        "EFK-KEY-001",
        "EFK-REF-001",
    ]
    key = next(f for f in findings if f.code == "EFK-KEY-001")
    assert key.suggestion == "'label'"


def test_did_you_mean_everywhere() -> None:
    _form, findings = fields_form(
        """
        a: {prefill: applicant.date_of_brith}
        b: {type: choice, list: ethnicty, label: {vi: B, en: B}}
        c: {type: person, role: mothr, block: parnt, label: {vi: C, en: C}}
        d: {type: attachment, document_type: pasport, label: {vi: D, en: D}}
        """
    )
    suggestions = {f.code: f.suggestion for f in findings}
    assert suggestions["EFK-BIND-001"] is not None and "'applicant.date_of_birth'" in suggestions["EFK-BIND-001"]
    assert suggestions["EFK-REF-001"] == "'ethnicity'"
    assert suggestions["EFK-REF-003"] is not None and "'mother'" in suggestions["EFK-REF-003"]
    assert suggestions["EFK-REF-002"] is not None and "'parent'" in suggestions["EFK-REF-002"]
    assert suggestions["EFK-REF-004"] == "'passport'"


def test_top_level_must_be_a_mapping() -> None:
    form, findings = parse_form("- just\n- a list\n", file="l.yaml")
    assert form is None
    assert [(f.code, f.line, f.column) for f in findings] == [("EFK-VALUE-001", 1, 1)]


def test_missing_top_level_keys() -> None:
    form, findings = parse_form("form: vn.test.x\n", file="m.yaml")
    assert form is None
    assert sorted((f.code, f.pointer) for f in findings) == [("EFK-KEY-002", "/sections"), ("EFK-KEY-002", "/title")]


def test_bad_form_id() -> None:
    form, findings = make("sections: {main: {fields: {}}}\n", header="form: NotDotted\ntitle: T\n")
    assert form is None
    assert [(f.code, f.pointer) for f in findings] == [("EFK-VALUE-001", "/form")]


def test_strict_load_raises_with_every_finding(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    text = (INVALID / "EFK-REF-006.yaml").read_text(encoding="utf-8")
    text += "      extra_a: {prefill: applicant.ful_name}\n      extra_b: {type: choice, list: sexx, label: X}\n"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FormLoadError) as info:
        load_form(path)
    assert len(info.value.findings) == 3
    assert "(and 2 more)" in str(info.value)  # one finding per mistake, not its consequences
    form = load_form(path, strict=False)
    assert codes(form.findings) == ["EFK-BIND-001", "EFK-REF-001", "EFK-REF-006"]


def test_warnings_do_not_stop_a_strict_load() -> None:
    form = load_form(INVALID / "EFK-BIND-006.yaml")
    assert codes(form.findings) == ["EFK-BIND-006"]


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(FormLoadError) as info:
        load_form(tmp_path / "missing.yaml")
    assert [f.code for f in info.value.findings] == ["EFK-IO-001"]


# -- constraint values that would break every validation (issue 11) --------------------------------------


def _constrained(type_: str, constraint: str) -> str:
    """One field `x` of `type_` with one constraint (written inline as YAML)."""
    options = "\n  options: [{value: a, label: {vi: A, en: A}}]" if type_ == "multi_choice" else ""
    return f"x:\n  type: {type_}\n  label: {{vi: X, en: X}}{options}\n  constraints: [{constraint}]\n"


@pytest.mark.parametrize(
    ("constraint", "type_"),
    [
        ('{rule: maximum, value: "abc"}', "integer"),
        ("{rule: maximum}", "integer"),
        ("{rule: max_length, value: 2.5}", "text"),
        ("{rule: min_length, value: -1}", "text"),
        ("{rule: max_items, value: abc}", "multi_choice"),
        ("{rule: pattern, value: 12}", "text"),
        ("{rule: not_future, value: 3}", "date"),
    ],
)
def test_a_constraint_value_of_the_wrong_kind_is_reported_at_the_constraint(constraint: str, type_: str) -> None:
    _form, findings = fields_form(_constrained(type_, constraint))
    assert [(f.code, f.pointer) for f in findings] == [("EFK-VALUE-001", "/sections/main/fields/x/constraints/0")]
    assert findings[0].line == 12 + (type_ == "multi_choice")
    assert "value" in findings[0].message_en


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf", "9" * 5000])
def test_an_unusable_constraint_number_is_one_finding_and_the_schema_stays_json(value: str) -> None:
    form, findings = fields_form(_constrained("number", f"{{rule: maximum, value: {value}}}"))
    assert [(f.code, f.pointer) for f in findings] == [("EFK-VALUE-002", "/sections/main/fields/x/constraints/0/value")]
    assert form is not None  # built without the refused constraint, so the rest can still be checked
    json.dumps(form.json_schema(), allow_nan=False)


@pytest.mark.parametrize("pattern", [r"^a\\Z", "a{2,1}", "a{99999999999}", "("])
def test_a_pattern_no_validator_can_compile_is_reported(pattern: str) -> None:
    _form, findings = fields_form(_constrained("text", f'{{rule: pattern, value: "{pattern}"}}'))
    assert [(f.code, f.pointer) for f in findings] == [("EFK-FIELD-010", "/sections/main/fields/x/constraints/0/value")]


@pytest.mark.parametrize("value", ["''", "'   '", '"\\t"'])
def test_a_blank_option_value_is_refused(value: str) -> None:
    # A blank submission value counts as absent, so the option could never be chosen (and the validation
    # fast path without the C extension would have admitted it while the full path did not).
    fields = (
        f"x:\n  type: choice\n  label: {{vi: X, en: X}}\n  options: [{{value: {value}, label: {{vi: A, en: A}}}}]\n"
    )
    _form, findings = fields_form(fields)
    assert [(f.code, f.pointer) for f in findings][:1] == [("EFK-VALUE-001", "/sections/main/fields/x/options/0/value")]
    assert "white space" in findings[0].message_en
    assert "EFK-KEY-002" not in {f.code for f in findings}  # the refused value is not reported missing as well
