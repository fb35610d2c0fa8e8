"""Every user-facing string of the rendered pages, in Vietnamese and English."""

from __future__ import annotations

__all__ = ["SOURCE_LABELS", "UI", "Texts", "source_label", "texts", "ui_text"]

# Per connector name: where a prefilled value came from, as the citizen reads it.
SOURCE_LABELS: dict[str, tuple[str, str]] = {
    "population": ("Từ CSDL quốc gia về dân cư", "From the National Population Database"),
    "documents": ("Từ Kho dữ liệu điện tử", "From the electronic data store"),
    "business": ("Từ CSDL quốc gia về đăng ký doanh nghiệp", "From the National Business Registration Database"),
    "submissions": ("Từ hồ sơ đã nộp trước đây", "From your earlier submissions"),
    "static": ("Từ dữ liệu mẫu", "From sample data"),
}

UI: dict[str, tuple[str, str]] = {
    "lang_switch": ("English", "Tiếng Việt"),
    "lang_switch_label": ("Ngôn ngữ", "Language"),
    "error_summary": ("Có lỗi cần sửa", "There is a problem"),
    "error_summary_intro": ("Vui lòng sửa các mục sau:", "Please fix the following:"),
    "error_prefix": ("Lỗi:", "Error:"),
    "required": ("bắt buộc", "required"),
    "optional": ("không bắt buộc", "optional"),
    "locked": ("Đã xác thực, không sửa được", "Verified, cannot be edited"),
    "prefilled": ("Điền sẵn, có thể sửa", "Prefilled, you can edit it"),
    "flag_summary": ("Thông tin này không đúng?", "Is this wrong?"),
    "flag_label": ("Báo thông tin này không đúng", "Report this value as wrong"),
    "flag_reason": ("Lý do (không bắt buộc)", "Reason (optional)"),
    "flag_note": (
        "Giá trị vẫn được giữ nguyên; cơ quan tiếp nhận sẽ kiểm tra và điều chỉnh.",
        "The value stays as it is; the receiving office will check and correct it.",
    ),
    "prefill_notice": (
        "Một số thông tin đã được điền sẵn từ dữ liệu nhà nước đang lưu giữ.",
        "Some answers were filled in from data the state already holds.",
    ),
    "prefill_summary": ("Thông tin đã được điền sẵn", "What was prefilled"),
    "prefill_summary_intro": (
        "Vui lòng kiểm tra trước khi nộp. Nếu thông tin đã xác thực không đúng, hãy báo để cơ quan điều chỉnh.",
        "Please check before you submit. If a verified value is wrong, report it so the office can correct it.",
    ),
    "col_item": ("Thông tin", "Item"),
    "col_value": ("Giá trị", "Value"),
    "col_source": ("Nguồn", "Source"),
    "col_status": ("Trạng thái", "Status"),
    "status_locked": ("Đã xác thực", "Verified"),
    "status_editable": ("Có thể sửa", "Editable"),
    "day": ("Ngày", "Day"),
    "month": ("Tháng", "Month"),
    "year": ("Năm", "Year"),
    "date_hint": ("Ví dụ: 27 3 1990", "For example: 27 3 1990"),
    "date_hint_partial": (
        "Ví dụ: 27 3 1990; nếu không nhớ ngày, có thể chỉ ghi tháng và năm hoặc năm",
        "For example: 27 3 1990; if you do not know the day, give the month and year, or the year",
    ),
    "digits_hint": ("Gồm 12 chữ số", "12 digits"),
    "choose": ("— Chọn —", "— Choose —"),
    "detail": ("Số nhà, đường, thôn, tổ", "House number, street, hamlet"),
    "province": ("Tỉnh, thành phố", "Province or city"),
    "commune": ("Xã, phường, đặc khu", "Commune or ward"),
    "commune_first": ("— Chọn tỉnh trước —", "— Choose the province first —"),
    "refresh_communes": ("Cập nhật danh sách xã", "Update the commune list"),
    "yes": ("Có", "Yes"),
    "no": ("Không", "No"),
    "add_row": ("Thêm dòng", "Add a row"),
    "remove_row": ("Xóa dòng", "Remove row"),
    "row": ("dòng", "row"),
    "keep_row": ("Giữ dòng này", "Keep this row"),
    "no_rows": ("Không có", "None"),
    "attachment_store": ("Đã có trong Kho dữ liệu điện tử", "Already in the electronic data store"),
    "attachment_upload": ("Tải tệp lên", "Upload a file"),
    "attachment_uploaded": ("Đã tải lên", "Uploaded"),
    "place": ("Nơi ký", "Place"),
    "sign_date": ("Ngày ký", "Date"),
    "signed_in_as": ("Đăng nhập:", "Signed in as"),
    "sign_out": ("Đăng xuất", "Sign out"),
    "commune_candidates": ("Gợi ý từ địa chỉ cũ (phường, xã trước năm 2025)", "Suggested from the pre-2025 address"),
    "sign_required": ("Vui lòng nhập Nơi ký và Ngày ký", "Enter the place and the date of signing"),
    "sign_date_invalid": ("Ngày ký không đúng: nhập ngày, tháng, năm", "The date of signing is not a valid date"),
    "sign_place_invalid": ("Nơi ký không hợp lệ", "The place of signing is not valid"),
    "submit": ("Nộp hồ sơ", "Submit"),
    "in_words": ("Bằng chữ", "In words"),
    "form_code": ("Mẫu", "Form"),
    "legal_basis": ("Ban hành kèm theo", "Issued with"),
    "motto_1": ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIETNAM"),
    "motto_2": ("Độc lập - Tự do - Hạnh phúc", "Independence - Freedom - Happiness"),
    "to": ("Kính gửi", "To"),
    "signer_title": ("NGƯỜI KÊ KHAI", "DECLARANT"),
    "notes": ("Ghi chú:", "Notes:"),
    "signer_note": ("(Ký, ghi rõ họ tên)", "(Signature and full name)"),
    "no_order": ("TT", "No."),
    "print": ("In tờ khai", "Print"),
    "skip_link": ("Bỏ qua, đến nội dung chính", "Skip to main content"),
    "not_found": ("Không tìm thấy trang này.", "This page does not exist."),
    "message_title": ("Thông báo", "Notice"),
    "csrf": (
        "Phiên làm việc đã hết hạn; vui lòng mở lại biểu mẫu.",
        "Your session expired; please open the form again.",
    ),
    "js_invalid_required": ("Vui lòng nhập {label}", "{label} is required"),
    "js_invalid_digits": ("{label} phải gồm 12 chữ số", "{label} must be 12 digits"),
    "js_invalid_number": ("{label} phải là số", "{label} must be a number"),
    "js_invalid_email": ("{label} phải là địa chỉ thư điện tử", "{label} must be an e-mail address"),
    "js_invalid_phone": ("{label} phải là số điện thoại", "{label} must be a phone number"),
    "js_invalid_date": ("{label} phải là ngày hợp lệ (ngày/tháng/năm)", "{label} must be a date (dd/mm/yyyy)"),
}


def ui_text(key: str, lang: str) -> str:
    """The UI string `key` in `lang` (Vietnamese unless `lang` is "en")."""
    pair = UI[key]
    return pair[1] if lang == "en" else pair[0]


def source_label(connector: str, lang: str) -> str:
    """Where a value came from, by connector name ("Từ CSDL quốc gia về dân cư")."""
    pair = SOURCE_LABELS.get(connector)
    if pair is None:
        return f"From {connector}" if lang == "en" else f"Từ nguồn {connector}"
    return pair[1] if lang == "en" else pair[0]


class Texts:
    """The UI strings of one language as attributes (cheap lookups in templates: ``T.locked``)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        for key, pair in UI.items():
            setattr(self, key, pair[1] if lang == "en" else pair[0])

    def __getattr__(self, key: str) -> str:  # unknown keys fail loudly in tests, never silently
        raise AttributeError(key)


_TEXTS = {"vi": Texts("vi"), "en": Texts("en")}


def texts(lang: str) -> Texts:
    """The shared `Texts` of `lang`."""
    return _TEXTS["en" if lang == "en" else "vi"]
