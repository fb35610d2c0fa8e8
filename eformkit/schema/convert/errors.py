"""The one exception the converter raises: a stable code, a bilingual message and where it happened."""

from __future__ import annotations

from eformkit.errors import FormError

__all__ = ["CODES", "ConversionError"]

# Stable codes: scripts and tests match on these, never on the wording.
CODES: dict[str, tuple[str, str]] = {
    "EFK-CONV-001": ("Không đọc được tệp", "The file cannot be read"),
    "EFK-CONV-002": ("Tệp quá lớn", "The file is too large"),
    "EFK-CONV-003": (
        "Tệp được mã hoá bằng mật khẩu hoặc là tệp .doc cũ; hãy gỡ mật khẩu hoặc lưu lại dưới dạng .docx",
        "The file is password-encrypted or a legacy .doc; remove the password or save it as .docx",
    ),
    "EFK-CONV-004": ("Tệp hỏng: không phải tệp nén ZIP hợp lệ", "Malformed file: not a valid ZIP package"),
    "EFK-CONV-005": (
        "Tệp nén vượt giới hạn an toàn (có thể là bom nén)",
        "The package exceeds the safety limits (possible zip bomb)",
    ),
    "EFK-CONV-006": ("XML hỏng", "Malformed XML"),
    "EFK-CONV-007": (
        "Từ chối XML có khai báo DOCTYPE hoặc thực thể (nguy cơ XXE)",
        "Refused XML with a DOCTYPE or entity declaration (XXE risk)",
    ),
    "EFK-CONV-008": ("Thiếu phần bắt buộc trong gói tài liệu", "A required part is missing from the package"),
    "EFK-CONV-009": ("Định dạng tệp không được hỗ trợ", "Unsupported file format"),
    "EFK-CONV-010": (
        "Cần LibreOffice để đọc tệp .doc nhưng chưa được cài đặt; hãy cài LibreOffice hoặc lưu tệp dưới dạng .docx",
        "Reading a .doc needs LibreOffice, which is not installed; install it or save the file as .docx",
    ),
    "EFK-CONV-011": ("LibreOffice không chuyển đổi được tệp", "LibreOffice could not convert the file"),
    "EFK-CONV-012": ("Tệp văn bản không đúng mã UTF-8", "The text file is not valid UTF-8"),
    "EFK-CONV-013": (
        "Lỗi nội bộ khi chuyển đổi tệp này; hãy báo lỗi kèm tệp",
        "Internal error while converting this file; please report it with the file",
    ),
}


class ConversionError(FormError):
    """A template that cannot be converted. `code` is stable; messages exist in Vietnamese and English.

    Messages never quote template content: a template may already hold personal data.
    """

    def __init__(
        self, code: str, *, file: str | None = None, part: str | None = None, line: int | None = None, detail: str = ""
    ) -> None:
        vi, en = CODES[code]
        self.code = code
        self.file = file
        self.part = part
        self.line = line
        self.detail = detail
        suffix = f" ({detail})" if detail else ""
        self.message_vi = vi + suffix
        self.message_en = en + suffix
        super().__init__(f"{code} {self.location}: {self.message_en} / {self.message_vi}")

    def __reduce__(self) -> tuple[object, ...]:
        # Pickled as its constructor arguments, so an error crosses a process pool or a Dask worker intact.
        return (_rebuild, (self.code, self.file, self.part, self.line, self.detail))

    @property
    def location(self) -> str:
        """`file[:part][:line]`, as much as is known."""
        parts = [self.file or "<input>"]
        if self.part:
            parts.append(self.part)
        if self.line is not None:
            parts.append(f"line {self.line}")
        return ":".join(parts)

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "message_vi": self.message_vi,
            "message_en": self.message_en,
            "file": self.file,
            "part": self.part,
            "line": self.line,
        }


def _rebuild(code: str, file: str | None, part: str | None, line: int | None, detail: str) -> ConversionError:
    return ConversionError(code, file=file, part=part, line=line, detail=detail)
