"""Whose blank it is: person contexts (issue 12 item 1), roles beyond the registry (item 2), documents
(item 3), abstention and script-aware matching (item 5), the review report (item 7).

Every form here is written for the test (plain text, dotted blanks), in the shapes Vietnamese
public-service forms print: headings, lead-ins, first-person lines, line-start persons.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eformkit.packs import load_pack
from eformkit.prefill.plan import build_plan
from eformkit.schema.convert import convert_template, match_label
from eformkit.schema.convert.naming import THRESHOLD, NamingIndex


@pytest.fixture(scope="module")
def index() -> NamingIndex:
    return NamingIndex(load_pack("vn").vocabulary)


def _convert(tmp_path: Path, text: str, name: str = "form.txt") -> list[tuple[str, str | None]]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return [(f.label, f.element) for f in convert_template(path).fields]


def _elements(tmp_path: Path, text: str) -> list[str | None]:
    return [element for _label, element in _convert(tmp_path, text)]


# ---- item 1: person contexts ---------------------------------------------------------------------


def test_a_heading_opens_a_context_carried_to_the_lines_below(tmp_path: Path) -> None:
    text = (
        "TỜ KHAI ĐỀ NGHỊ HỖ TRỢ\n"
        "I. THÔNG TIN VỀ NGƯỜI ĐÃ MẤT\n"
        "1. Họ và tên: ....................\n"
        "2. Ngày, tháng, năm sinh: ..../..../....\n"
        "3. Nơi thường trú: ....................\n"
        "II. THÔNG TIN NGƯỜI KHAI\n"
        "4. Họ và tên: ....................\n"
        "5. Số điện thoại: ....................\n"
    )
    assert _elements(tmp_path, text) == [
        "deceased.full_name",
        "deceased.date_of_birth",
        "deceased.permanent_residence",
        "applicant.full_name",
        "applicant.mobile_phone",
    ]


def test_first_person_wording_is_the_applicant(tmp_path: Path) -> None:
    text = (
        "ĐƠN ĐỀ NGHỊ\n"
        "Thông tin người được ủy quyền:\n"
        "Họ và tên: ....................\n"
        "Tôi tên là: .................... Sinh ngày: ..../..../....\n"
        "Địa chỉ liên lạc của tôi: ....................\n"
    )
    assert _elements(tmp_path, text) == [
        "authorised_person.full_name",
        "applicant.full_name",
        "applicant.date_of_birth",
        "applicant.contact_address",
    ]


def test_a_role_in_a_label_overrides_the_context_for_that_blank_only(tmp_path: Path) -> None:
    text = (
        "TỜ KHAI\n"
        "Người được giám hộ:\n"
        "Họ, chữ đệm, tên: ....................\n"
        "Số định danh cá nhân của chủ hộ: ....................\n"
        "Quốc tịch: ....................\n"
    )
    assert _elements(tmp_path, text) == ["ward.full_name", "household_head.personal_id", "ward.nationality"]


def test_a_person_named_at_the_start_of_a_line_holds_that_line_and_the_unnumbered_lines_under_it(
    tmp_path: Path,
) -> None:
    text = (
        "TỜ KHAI\n"
        "1. Họ và tên: ....................\n"
        "2. Cha: họ và tên .................... sinh ngày ..../..../....\n"
        "   Mẹ: họ và tên .................... sinh ngày ..../..../....\n"
        "   Quốc tịch: ....................\n"
        "3. Dân tộc: ....................\n"
    )
    assert _elements(tmp_path, text) == [
        "applicant.full_name",
        "father.full_name",
        "father.date_of_birth",
        "mother.full_name",
        "mother.date_of_birth",
        "mother.nationality",
        "applicant.ethnicity",
    ]


def test_a_lead_in_names_the_person_by_its_act_or_leaves_them_unbound(tmp_path: Path) -> None:
    text = (
        "TỜ KHAI\n"
        "Họ, chữ đệm, tên người yêu cầu: ....................\n"
        "Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:\n"
        "Họ, chữ đệm, tên: ....................\n"
        "Giới tính: ....................\n"
        "Đề nghị cơ quan công nhận người có tên dưới đây:\n"
        "Họ, chữ đệm, tên: ....................\n"
        "Dân tộc: ....................\n"
    )
    # the person "được khai sinh" is the child; the one "được công nhận" has no role: named, not bound
    assert _elements(tmp_path, text) == ["applicant.full_name", "child.full_name", "child.sex", None, None]


def test_the_first_person_described_under_a_role_the_filer_may_hold_is_the_applicant(tmp_path: Path) -> None:
    text = (
        "TỜ KHAI\n"
        "A. Thông tin người đại diện hợp pháp:\n"
        "1. Họ và tên: ....................\n"
        "2. Số điện thoại: ....................\n"
        "B. Thông tin về người chưa đủ 14 tuổi:\n"
        "1. Họ và tên: ....................\n"
        "2. Quốc tịch: ....................\n"
    )
    assert _elements(tmp_path, text) == [
        "applicant.full_name",
        "applicant.mobile_phone",
        "child.full_name",
        "child.nationality",
    ]


def test_a_representative_after_the_filer_is_their_representative(tmp_path: Path) -> None:
    text = (
        "TỜ KHAI\n"
        "1. Họ và tên: ....................\n"
        "2. Họ và tên người đại diện hợp pháp: ....................\n"
        "   Quốc tịch: ....................\n"
    )
    assert _elements(tmp_path, text) == [
        "applicant.full_name",
        "legal_representative.full_name",
        "legal_representative.nationality",
    ]


def test_an_honorific_under_a_lead_in_is_the_person_it_introduced(tmp_path: Path) -> None:
    text = (
        "ĐƠN TỐ CÁO\n"
        "Họ và tên tôi: ....................\n"
        "Tôi làm đơn này tố cáo hành vi vi phạm pháp luật của:\n"
        "Ông: .................... Sinh ngày: ..../..../....\n"
        "Chỗ ở hiện tại: ....................\n"
    )
    assert _elements(tmp_path, text) == [
        "applicant.full_name",
        "accused.full_name",
        "accused.date_of_birth",
        "accused.current_residence",
    ]


def test_an_organisation_described_is_not_the_applicant(tmp_path: Path) -> None:
    text = (
        "TỜ KHAI\n"
        "1. Tên cơ quan, tổ chức: ....................\n"
        "2. Địa chỉ: ....................\n"
        "3. Họ và tên người đại diện cơ quan: ....................\n"
        "4. Chức vụ: ....................\n"
    )
    assert _elements(tmp_path, text) == [None, None, None, None]


def test_the_filing_itself_addressee_request_and_signing(tmp_path: Path) -> None:
    text = (
        "ĐƠN ĐỀ NGHỊ\n"
        "Kính gửi: ....................\n"
        "Họ và tên: ....................\n"
        "Lý do: ....................\n"
        "Nội dung đề nghị: ....................\n"
        "Ngày .... tháng .... năm .... chết\n"
        "...................., ngày .... tháng .... năm ....\n"
    )
    assert _elements(tmp_path, text) == [
        "submission.addressee",
        "applicant.full_name",
        "submission.reason",
        "submission.request_content",
        None,  # a numbered or worded date is not the date of signing
        "submission.signing_place",
        "submission.signing_date",
    ]


# ---- item 2: roles no registry reaches are never prefilled ---------------------------------------


def test_unlinked_roles_are_typed_by_the_citizen(tmp_path: Path) -> None:
    vocabulary = load_pack("vn").vocabulary

    class Binding:
        def __init__(self, element: str) -> None:
            self.element, self.pointer, self.field_type = element, f"/{element}", "text"
            self.columns: dict[str, str] = {}
            self.key_attribute = None
            self.document_type = None

    bindings = [Binding("deceased.full_name"), Binding("submission.addressee"), Binding("mother.full_name")]
    plan = build_plan(bindings, form_id="t", purpose="test", vocabulary=vocabulary)
    assert [b.element for b in plan.unroutable] == ["deceased.full_name", "submission.addressee"]
    assert [r.binding.element for r in plan.routes] == ["mother.full_name"]
    assert not vocabulary.roles["deceased"].linked and vocabulary.roles["mother"].linked


# ---- item 3: documents -------------------------------------------------------------------------


def test_issue_date_and_place_belong_to_the_document_the_line_names(tmp_path: Path) -> None:
    text = (
        "TỜ KHAI\n"
        "1. Hộ chiếu số: .................... Ngày cấp: ..../..../.... Nơi cấp: ....................\n"
        "2. Giấy CMND số: .................... cấp ngày ..../..../.... Nơi cấp: ....................\n"
        "3. Giấy phép lái xe số: .................... Ngày cấp: ..../..../....\n"
        "4. Quyết định số: .................... Cơ quan cấp: ....................\n"
        "5. Ngày cấp: ..../..../....\n"
    )
    assert _elements(tmp_path, text) == [
        "applicant.passport_number",
        "applicant.passport_issue_date",
        "applicant.passport_issue_place",
        "applicant.old_id_number_9",
        "applicant.id_card_issue_date",
        "applicant.id_card_issue_place",
        "driving_licence.number",
        "driving_licence.issue_date",
        None,  # a decision's number: no element
        None,  # who issued the decision: no element
        None,  # an issue date with no document named: not guessed onto the ID card
    ]


def test_a_paper_named_on_a_lead_in_line_holds_the_lines_under_it(tmp_path: Path) -> None:
    text = (
        "TỜ KHAI\n"
        "7. Số hộ chiếu/Giấy tờ đi lại quốc tế do nước ngoài cấp:\n"
        "Số: .................... Ngày cấp: ..../..../....\n"
        "Cơ quan cấp: .................... Có giá trị đến ngày: ..../..../....\n"
    )
    assert _elements(tmp_path, text) == [
        "applicant.passport_number",
        "applicant.passport_issue_date",
        "applicant.passport_issue_place",
        "applicant.passport_expiry_date",
    ]


def test_a_childs_passport_is_the_childs(tmp_path: Path) -> None:
    text = (
        "TỜ KHAI\n"
        "Thông tin về trẻ em:\n"
        "Họ và tên: ....................\n"
        "Hộ chiếu số: .................... cấp ngày ..../..../....\n"
    )
    assert _elements(tmp_path, text) == ["child.full_name", "child.passport_number", "child.passport_issue_date"]


# ---- item 5: abstention, evidence, script-aware matching ----------------------------------------


def test_every_binding_carries_its_evidence_and_abstentions_say_why(tmp_path: Path) -> None:
    path = tmp_path / "form.txt"
    path.write_text(
        "TỜ KHAI\nI. THÔNG TIN NGƯỜI CHẾT\nHọ và tên: ....................\n"
        "Đề nghị cơ quan công nhận người có tên dưới đây:\nGiới tính: ....................\n",
        encoding="utf-8",
    )
    report = convert_template(path).report.to_dict()
    bound, unbound = report["fields"]
    assert bound["element"] == "deceased.full_name" and bound["confidence"] >= THRESHOLD
    assert any("THÔNG TIN NGƯỜI CHẾT" in e for e in bound["evidence"])
    assert any("Họ và tên" in e for e in bound["evidence"])
    assert unbound["element"] is None and unbound["confidence"] == 0.0
    assert any("whose blank" in r for r in unbound["needs_review"])
    assert unbound["id"].startswith("other_")
    assert report["summary"]["needs_review"] >= 1


def test_converting_twice_gives_identical_drafts_and_reports(tmp_path: Path) -> None:
    path = tmp_path / "form.txt"
    path.write_text(
        "TỜ KHAI\nKính gửi: ....................\nThông tin người được ủy quyền:\nHọ và tên: ..........\n"
        "Hộ chiếu số: .......... Ngày cấp: ..../..../....\n...................., ngày .... tháng .... năm ....\n",
        encoding="utf-8",
    )
    first, second = convert_template(path), convert_template(path)
    assert first.yaml_text == second.yaml_text
    assert first.report.to_json() == second.report.to_json()
    assert json.loads(first.report.to_json())["fields"][0]["evidence"]


@pytest.mark.parametrize("label", ["năm", "Năm", "nam", "Tên", "ngày"])
def test_a_folded_vietnamese_word_never_fuzzy_matches_an_english_wording(index: NamingIndex, label: str) -> None:
    found = index.match(label)
    assert found is None or found.variant not in ("Name", "Full name"), found


def test_fuzzy_matching_stays_within_a_script(index: NamingIndex) -> None:
    # a Vietnamese label with a typo finds the Vietnamese wording; an ASCII one only English wordings
    assert (found := index.match("Họ và tênn")) is not None and found.attribute == "full_name"
    assert index.match("Date of birthh") is not None
    assert index.match("Ngay thang nam sinhh") is None  # unaccented and misspelt: neither script's wording


def test_words_that_fold_alike_are_told_apart_by_their_letters(index: NamingIndex) -> None:
    assert (course := index.match("Khóa")) is not None and course.attribute == "course"
    assert (faculty := index.match("Khoa")) is not None and faculty.attribute == "faculty"
    # "bổ sung" folds to "bo sung": it is not the father ("bố")
    assert index.split_roles("thong tin bo sung", "Thông tin bổ sung")[0] == []
    assert index.split_roles("ho ten bo", "Họ tên bố")[0] == ["father"]


def test_a_role_after_voi_is_the_object_of_a_relation(index: NamingIndex) -> None:
    found = match_label("Quan hệ với người chết", index)
    assert found is not None and found.element == "applicant.relationship_to_person"


def test_label_mapping_is_linear_and_capped(index: NamingIndex) -> None:
    # work is bounded by MAX_LABEL characters whatever the label's length (timed in bench_convert)
    long = "Họ và tên người yêu cầu đề nghị " * 40_000
    assert index.match(long) == index.match(long[-400:])


def test_a_case_heading_for_an_individual_before_the_filer_is_described_is_the_filer(tmp_path: Path) -> None:
    text = (
        "TỜ KHAI\n"
        "I. THÔNG TIN NGƯỜI ĐÃ MẤT\n"
        "1. Họ và tên: ....................\n"
        "II. THÔNG TIN TỔ CHỨC, CÁ NHÂN ĐỨNG RA LO VIỆC\n"
        "1. Trường hợp tổ chức đứng ra lo việc\n"
        "a) Tên tổ chức: ....................\n"
        "b) Địa chỉ: ....................\n"
        "2. Trường hợp cá nhân đứng ra lo việc\n"
        "a) Họ và tên (người đại diện gia đình): ....................\n"
        "b) Nơi ở: ....................\n"
    )
    assert _elements(tmp_path, text) == [
        "deceased.full_name",
        None,
        None,
        "applicant.full_name",
        "applicant.current_residence",
    ]


def test_a_first_person_lead_in_introducing_someone_else_is_not_the_applicant(tmp_path: Path) -> None:
    text = (
        "ĐƠN XIN\n"
        "Họ và tên: ....................\n"
        "Tôi làm đơn này xin cho con tôi là:\n"
        "Ngày sinh: ..../..../....\n"
        "Họ và tên con: ....................\n"
        "Giới tính: ....................\n"
    )
    assert _elements(tmp_path, text) == ["applicant.full_name", None, "child.full_name", "child.sex"]


def test_first_person_is_read_from_the_printed_letters(tmp_path: Path) -> None:
    # "tới" folds to "toi" like "tôi": it is not the writer
    text = (
        "THƯ XÁC NHẬN\n"
        "Chúng tôi xác nhận về việc ông/bà:\n"
        "Họ và tên: ....................\n"
        "Được cử tới công tác tại đơn vị với các chi tiết sau:\n"
        "Quốc tịch: ....................\n"
    )
    assert _elements(tmp_path, text) == [None, None]
