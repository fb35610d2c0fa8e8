"""`RecordError`: a dossier record (or a file of them) that cannot be read, with a stable code and a location."""

from __future__ import annotations

from eformkit.errors import FormError

__all__ = ["RecordError"]

# code → (English, Vietnamese); each message names the fix. Documented in docs/findings.md.
_MESSAGES = {
    "EFK-RECORD-001": ("record version {detail} is not one this eformkit reads ({supported}); upgrade eformkit "
                       "or convert the record",
                       "phiên bản hồ sơ {detail} không được hỗ trợ ({supported}); hãy nâng cấp eformkit hoặc "
                       "chuyển đổi hồ sơ"),
    "EFK-RECORD-002": ("the record does not match the published schema: {detail}",
                       "hồ sơ không khớp lược đồ đã công bố: {detail}"),
    "EFK-RECORD-003": ("not a JSON record: {detail}; each line of a records file holds one JSON object",
                       "không phải hồ sơ JSON: {detail}; mỗi dòng của tệp hồ sơ là một đối tượng JSON"),
    "EFK-RECORD-004": ("the XML declares a DTD or an entity ({detail}); records never do, so it is refused",
                       "tệp XML khai báo DTD hoặc thực thể ({detail}); hồ sơ không bao giờ có nên bị từ chối"),
    "EFK-RECORD-005": ("the input is larger than the {detail} limit; split it or raise the limit",
                       "dữ liệu lớn hơn giới hạn {detail}; hãy tách nhỏ hoặc tăng giới hạn"),
    "EFK-RECORD-006": ("not a dossier record in XML: {detail}", "không phải hồ sơ dạng XML: {detail}"),
    "EFK-RECORD-007": ("the submission was not accepted ({detail}); a record is written only for an accepted one",
                       "hồ sơ nộp chưa được chấp nhận ({detail}); chỉ ghi hồ sơ cho lần nộp được chấp nhận"),
    "EFK-RECORD-008": ("cannot read {detail}", "không đọc được {detail}"),
}  # fmt: skip


class RecordError(FormError):
    """A record refused with a stable `code`, where it is (`file:line` and/or JSON `pointer`) and what to do."""

    def __init__(self, code: str, detail: str = "", *, file: str | None = None, line: int | None = None,
                 pointer: str = "", supported: str = "") -> None:  # fmt: skip
        self.code = code
        self.file = file
        self.line = line
        self.pointer = pointer
        en, vi = _MESSAGES[code]
        self.message_en = en.format(detail=detail, supported=supported)
        self.message_vi = vi.format(detail=detail, supported=supported)
        super().__init__(f"{self.where}: {code} {self.message_en}")

    @property
    def where(self) -> str:
        """`file:line` and the JSON pointer, as much as is known."""
        place = self.file or "<record>"
        if self.line is not None:
            place += f":{self.line}"
        return f"{place}{' ' + self.pointer if self.pointer else ''}"

    def message(self, lang: str = "en") -> str:
        return self.message_vi if lang == "vi" else self.message_en
