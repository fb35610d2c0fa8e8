"""Lints beyond resolution: translations, legal basis, purpose, once-only."""

from __future__ import annotations

from eformkit.schema.lints import LINTS, run_lints

from ._forms import codes, fields_form, make


def _lints(fields: str, header: str | None = None) -> list[str]:
    form, findings = fields_form(fields) if header is None else fields_form(fields, header=header)
    assert form is not None and [f for f in findings if f.severity.value == "error"] == []
    return codes(run_lints(form))


def test_lint_registry() -> None:
    assert [lint.__name__ for lint in LINTS] == ["missing_translations", "legal_basis", "purpose", "once_only"]


def test_missing_translations_everywhere() -> None:
    form, _ = make(
        """
        addressee: Ủy ban nhân dân xã
        lists:
          colour: {options: [{value: red, label: Đỏ}]}
        sections:
          main:
            title: Chính
            fields:
              a: {type: text, label: Ghi chú, help: Ghi rõ}
              b: {type: choice, list: colour, label: {vi: Màu, en: Colour}}
              c: {type: choice, options: [{value: x, label: Ích}], label: {vi: C, en: C}}
              d: {type: declaration, label: {vi: D, en: D}, text: Tôi cam đoan}
        """,
        header="form: vn.test.l\ntitle: Biểu mẫu\nlegal_basis: {instrument: X}\n",
    )
    assert form is not None
    pointers = sorted(f.pointer for f in run_lints(form) if f.code == "EFK-I18N-001")
    assert pointers == [
        "/addressee",
        "/lists/colour/options/0/label",
        "/sections/main/fields/a/help",
        "/sections/main/fields/a/label",
        "/sections/main/fields/c/options/0/label",
        "/sections/main/fields/d/text",
        "/sections/main/title",
        "/title",
    ]


def test_vietnamese_only_forms_need_no_translation() -> None:
    header = "form: vn.test.l\ntitle: Biểu mẫu\nlegal_basis: {instrument: X}\nlanguages: [vi]\n"
    assert _lints("a: {type: text, label: Ghi chú}\n", header=header) == []


def test_legal_basis_and_purpose() -> None:
    header = "form: vn.test.l\ntitle: {vi: T, en: T}\n"
    assert _lints("a: {type: text, label: {vi: A, en: A}}\n", header=header) == ["EFK-FORM-002"]
    assert _lints("full_name: {prefill: applicant.full_name}\n", header=header) == ["EFK-FORM-002", "EFK-FORM-003"]


def test_once_only_suggests_the_binding() -> None:
    form, _ = fields_form('ten: {type: text, label: {vi: "Họ, chữ đệm và tên", en: Name}}\n')
    assert form is not None
    (finding,) = run_lints(form)
    assert finding.code == "EFK-ONCE-001"
    assert "prefill: applicant.full_name" in finding.message_en
    assert finding.pointer == "/sections/main/fields/ten"


def test_once_only_skips_bound_unbound_on_purpose_and_non_data_fields() -> None:
    assert _lints("full_name: {prefill: applicant.full_name}\n") == []
    assert _lints('ten: {type: text, prefill: none, label: {vi: "Họ, chữ đệm và tên", en: Name}}\n') == []
    assert _lints('d: {type: declaration, label: {vi: "Họ, chữ đệm và tên", en: N}, text: {vi: T, en: T}}\n') == []


def test_once_only_never_suggests_a_binding_the_checker_would_refuse() -> None:
    # "Ngành nghề kinh doanh" names business.main_business_line (text); a multi-choice field cannot bind
    # it (EFK-BIND-002), so suggesting it would send the author from one finding to another.
    fields = """\
lines:
  type: multi_choice
  label: {vi: Ngành nghề kinh doanh, en: Business lines}
  options: [{value: retail, label: {vi: Bán lẻ, en: Retail}}]
"""
    assert _lints(fields) == []
    assert _lints("line: {type: text, label: {vi: Ngành nghề kinh doanh, en: Business line}}\n") == ["EFK-ONCE-001"]


def _person(role: str) -> str:
    """A person block (of `role`, or naming none) whose only field is labelled as a personal ID."""
    return "who:\n  type: person\n" + (f"  role: {role}\n" if role else "") + (
        "  label: {vi: Người, en: Person}\n  fields:\n"
        "    pid: {type: text, required: false, label: {vi: Số định danh cá nhân, en: Personal ID}}\n"
    )


def test_once_only_reads_a_label_inside_a_person_block_as_that_persons_data() -> None:
    # The accused's ID is not the applicant's, and no source gives it: nothing to suggest.
    assert _lints(_person("accused")) == []
    # A block that names no role: whose number it is, nobody knows; the lint does not guess.
    assert _lints(_person("")) == []
    # The father's ID is read from the population database: suggested as his, not as the applicant's.
    form, _ = fields_form(_person("father"))
    assert form is not None
    (finding,) = run_lints(form)
    assert finding.code == "EFK-ONCE-001" and "prefill: father.personal_id" in finding.message_en
