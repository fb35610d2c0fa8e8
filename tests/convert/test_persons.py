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
    # the person "được khai sinh" is the child; the one a request names only as "người có tên dưới đây" is
    # the person concerned (no registry reaches them: named, never prefilled)
    assert _elements(tmp_path, text) == [
        "applicant.full_name",
        "child.full_name",
        "child.sex",
        "person_concerned.full_name",
        "person_concerned.ethnicity",
    ]


def test_only_the_first_person_a_request_names_below_is_the_person_concerned(tmp_path: Path) -> None:
    text = (
        "TỜ KHAI CẢI CHÍNH\n"
        "Họ, chữ đệm, tên người yêu cầu: ....................\n"
        "Đề nghị cơ quan đăng ký việc: ....................\n"
        "cho người có tên dưới đây:\n"
        "Họ, chữ đệm, tên: ....................\n"
        "Quốc tịch: ....................\n"
        "Là .................... của người có tên dưới đây:\n"
        "Họ, chữ đệm, tên: ....................\n"
        "Nơi cư trú: ....................\n"
    )
    elements = _elements(tmp_path, text)
    # the request's own blank, then the person it is for; the second person (introduced on a line that
    # holds a blank) is someone else: named, not bound
    assert elements[0] == "applicant.full_name"
    assert elements[2:4] == ["person_concerned.full_name", "person_concerned.nationality"]
    assert elements[4:] == [None, None, None]


def test_a_lead_in_about_someone_that_names_no_request_is_not_the_person_concerned(tmp_path: Path) -> None:
    text = (
        "ĐƠN TRÌNH BÁO\n"
        "Tôi tên là: ....................\n"
        "Sự việc liên quan đến người có tên dưới đây:\n"
        "Họ và tên: ....................\n"
    )
    assert _elements(tmp_path, text) == ["applicant.full_name", None]


def test_a_cited_decision_has_its_number_date_and_issuer(tmp_path: Path) -> None:
    text = (
        "ĐƠN ĐỀ NGHỊ\n"
        "Tôi tên là: ....................\n"
        "Hiện nay tôi đang hưởng trợ cấp theo Quyết định số .......... ngày ..../..../.... của ..........\n"
        "Quyết định .......... bị khiếu nại số .......... ngày .......... tháng .......... năm ..........\n"
    )
    elements = _elements(tmp_path, text)
    assert elements[:4] == [
        "applicant.full_name",
        "submission.decision_number",
        "submission.decision_date",
        "submission.decision_issuer",
    ]
    # a second decision is another paper (not the first one's number); a bare "Quyết định ……" is its kind
    assert elements[4:] == [None, None, None]


def test_a_decisions_issuing_authority_on_the_next_line(tmp_path: Path) -> None:
    text = (
        "TỜ KHAI\n"
        "6. Quyết định thành lập số: ....................\n"
        "Cơ quan cấp: ....................\n"
        "7. Nơi cấp: ....................\n"
    )
    # the item's decision; a numbered item after it names no paper: not guessed
    assert _elements(tmp_path, text) == ["submission.decision_number", "submission.decision_issuer", None]


def test_a_date_followed_by_chet_is_the_date_of_death_of_the_person_in_context(tmp_path: Path) -> None:
    text = (
        "TỜ KHAI\n"
        "I. THÔNG TIN NGƯỜI CHẾT\n"
        "1. Họ và tên: ....................\n"
        "2. Ngày .......... tháng .......... năm .......... chết\n"
        "3. Nguyên nhân chết: ....................\n"
        "4. Thời gian mai táng: ....................\n"
        "5. Địa điểm mai táng: ....................\n"
    )
    assert _elements(tmp_path, text) == [
        "deceased.full_name",
        "deceased.date_of_death_or_missing",
        "deceased.cause_of_death",
        "deceased.burial_date",
        "deceased.burial_place",
    ]
    # the filer's own context: the applicant is not dead; the date is left for the author
    own = "ĐƠN\nTôi tên là: ....................\nNgày .......... tháng .......... năm .......... chết\n"
    assert _elements(tmp_path, own) == ["applicant.full_name", None]


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
        "Tôi tên là: ....................\n"
        "II. THÔNG TIN CƠ QUAN ĐỨNG RA MAI TÁNG\n"
        "1. Tên cơ quan, tổ chức: ....................\n"
        "2. Địa chỉ: ....................\n"
        "3. Họ và tên người đại diện cơ quan: ....................\n"
        "4. Chức vụ: ....................\n"
    )
    assert _elements(tmp_path, text) == ["applicant.full_name", None, None, None, None]


def test_an_organisation_described_before_anyone_files_the_form(tmp_path: Path) -> None:
    text = (
        "Kính gửi: ....................\n"
        "1. Tên cơ quan, tổ chức: ....................\n"
        "2. Địa chỉ: ....................\n"
        "3. Điện thoại: .................... 4. Email: ....................\n"
        "5. Họ và tên người đại diện cơ quan: ....................\n"
        "6. Chức vụ: ....................\n"
    )
    # its own data are the business's (the one filing); its representative is a person with no role
    assert _elements(tmp_path, text) == [
        "submission.addressee",
        "business.name",
        "business.address",
        "business.phone",
        "business.contact_email",
        None,
        None,
    ]


def test_an_address_under_a_workplace_is_the_workplaces(tmp_path: Path) -> None:
    text = "TỜ KHAI\nTôi tên là: ..........\n2. Làm việc tại: ..........\nĐịa chỉ: ..........\n"
    assert _elements(tmp_path, text) == ["applicant.full_name", "applicant.workplace", None]


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
        "submission.decision_number",  # the decision the filing cites
        "submission.decision_issuer",
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
        "Sự việc liên quan đến người có tên dưới đây:\nGiới tính: ....................\n",
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


def test_the_place_of_signing_in_a_tab_column_of_its_own(tmp_path: Path) -> None:
    text = (
        "Số: ..........\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "V/v đề nghị cấp giấy phép.\t.........., ngày .......... tháng .......... năm ..........\n"
        "Hộ chiếu số:\t.......... Ngày cấp: ..../..../....\n"
    )
    elements = _elements(tmp_path, text)
    assert elements[1:3] == ["submission.signing_place", "submission.signing_date"]
    # "Số:⇥…… Ngày cấp" is a number before an issue date, not a place before ", ngày"
    assert elements[3:] == ["applicant.passport_number", "applicant.passport_issue_date"]


def test_a_labelled_items_date_is_not_the_date_of_signing(tmp_path: Path) -> None:
    text = (
        "GIẤY TIẾP NHẬN\n"
        "3. Thời gian nhận hồ sơ: ngày .......... tháng .......... năm ..........\n"
        ".........., ngày .......... tháng .......... năm ..........\n"
    )
    assert _elements(tmp_path, text) == [None, "submission.signing_place", "submission.signing_date"]


def test_a_scope_note_in_parentheses_does_not_cut_the_label(tmp_path: Path) -> None:
    text = (
        "TỜ KHAI\n"
        "Tôi tên là: ....................\n"
        "9. Lý do đề nghị (chỉ áp dụng đối với trường hợp xin cấp lại giấy chứng nhận đã được cấp): ..........\n"
    )
    fields = _convert(tmp_path, text)
    assert fields[1] == ("Lý do đề nghị", "submission.reason")


def test_expiry_fax_foreign_nationality_and_school_items(tmp_path: Path) -> None:
    text = (
        "TỜ KHAI\n"
        "Tôi tên là: ....................\n"
        "Số điện thoại: .......... số fax (nếu có): ..........\n"
        "Quốc tịch nước ngoài (nếu có): ..........\n"
        "Ngày nhập học: ..........\n"
        "Năm học: .......... Lớp: ..........\n"
        "Thông tin về hộ chiếu:\n"
        "Số hộ chiếu: .......... Thời hạn: ..../..../....\n"
        "Thông tin thị thực:\n"
        "Số thị thực: .......... Thời hạn: ..........\n"
    )
    assert _elements(tmp_path, text) == [
        "applicant.full_name",
        "applicant.mobile_phone",
        "applicant.fax_number",
        "applicant.foreign_nationality",
        "applicant.enrolment_date",
        "applicant.school_year",
        "applicant.class_name",
        "applicant.passport_number",
        "applicant.passport_expiry_date",
        None,  # a visa: no element
        None,  # its expiry: not the passport's, not the ID card's
    ]


def test_the_authority_a_request_asks_is_the_addressee(tmp_path: Path) -> None:
    text = (
        "ĐƠN ĐỀ NGHỊ\n"
        "Kính gửi: Ủy ban nhân dân xã ..........\n"
        "Tôi tên là: ..........\n"
        "Đề nghị (1): .......... xác nhận nơi cư trú cho tôi.\n"
        "Đề nghị Ủy ban nhân dân xã .......... xem xét, giải quyết.\n"
        "Đề nghị cơ quan đăng ký việc: ..........\n"
    )
    # the same authority as "Kính gửi"; a request's own blank ("đăng ký việc: ……") asks nobody
    assert _elements(tmp_path, text) == [
        "submission.addressee",
        "applicant.full_name",
        "submission.addressee",
        "submission.addressee",
        None,
    ]
