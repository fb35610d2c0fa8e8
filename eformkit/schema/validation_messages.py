"""Human messages for schema failures, in Vietnamese and English, named after the field's label."""

from __future__ import annotations

from typing import Any

from eformkit.schema.resolve import ResolvedField

__all__ = ["message_for"]

# Per failing keyword: (en, vi). `{label}` is the field's label in the message language.
_GENERIC: dict[str, tuple[str, str]] = {
    "required": ("{label} is required", "Vui lòng nhập {label}"),
    "type": ("{label} has the wrong kind of value", "{label} có giá trị không đúng kiểu"),
    "enum": ("{label}: choose one of the listed options", "{label}: vui lòng chọn một giá trị trong danh sách"),
    "const": ("{label} must be accepted", "Vui lòng xác nhận {label}"),
    "pattern": ("{label} is not in the expected format", "{label} không đúng định dạng"),
    "format": ("{label} is not in the expected format", "{label} không đúng định dạng"),
    "maxLength": ("{label} is too long", "{label} quá dài"),
    "minLength": ("{label} is too short", "{label} quá ngắn"),
    "minimum": ("{label} is too small", "{label} nhỏ hơn giá trị cho phép"),
    "maximum": ("{label} is too large", "{label} lớn hơn giá trị cho phép"),
    "exclusiveMinimum": ("{label} is too small", "{label} nhỏ hơn giá trị cho phép"),
    "exclusiveMaximum": ("{label} is too large", "{label} lớn hơn giá trị cho phép"),
    "minItems": ("{label} needs more rows", "{label} cần thêm dòng"),
    "maxItems": ("{label} has too many rows", "{label} có quá nhiều dòng"),
    "uniqueItems": ("{label} lists a choice twice", "{label} có lựa chọn bị lặp"),
    "unknown_field": ("'{name}' is not a field of this form", "'{name}' không phải là trường của biểu mẫu này"),
    "root_type": ("the submission must be a JSON object", "dữ liệu gửi lên phải là một đối tượng JSON"),
    "characters": (
        "{label} contains control or invisible text-direction characters; remove them",
        "{label} có ký tự điều khiển hoặc ký tự ẩn đổi chiều văn bản; hãy xóa các ký tự này",
    ),
    "range": (
        "{label}: the number is too large to be kept exactly",
        "{label}: số quá lớn, không thể lưu chính xác",
    ),
    "depth": (
        "{label}: the data is nested more than {depth} levels deep",
        "{label}: dữ liệu lồng nhau quá {depth} cấp",
    ),
}
# Format hints by field type for pattern failures: what the citizen should type.
_PATTERN_BY_TYPE: dict[str, tuple[str, str]] = {
    "personal_id": ("{label} must be 12 digits", "{label} phải gồm 12 chữ số"),
    "date": ("{label} must be a date (dd/mm/yyyy)", "{label} phải là ngày hợp lệ (ngày/tháng/năm)"),
    "phone": ("{label} must be a phone number", "{label} phải là số điện thoại"),
    "email": ("{label} must be an e-mail address", "{label} phải là địa chỉ thư điện tử"),
    "tax_code": ("{label} must be 10 digits (or 10 digits-3 digits)", "{label} phải gồm 10 chữ số (hoặc 10 số-3 số)"),
}
_AUTHOR_RULE = {
    "minLength": "min_length",
    "maxLength": "max_length",
    "pattern": "pattern",
    "minimum": "minimum",
    "maximum": "maximum",
    "minItems": "min_items",
    "maxItems": "max_items",
}


_NAME_SHOWN = 60  # characters of an unknown key quoted in a message


def _shown(name: str) -> str:
    """A key the submission sent, safe to quote: hidden characters (controls, format and direction marks,
    line separators) spelled as escapes, and cut short."""
    if len(name) > _NAME_SHOWN:
        name = name[: _NAME_SHOWN - 1] + "…"
    if name.isprintable():
        return name
    return "".join(
        ch if ch.isprintable() else f"\\u{ord(ch):04x}" if ord(ch) < 0x10000 else f"\\U{ord(ch):08x}" for ch in name
    )


def message_for(rule: str, lang: str, f: ResolvedField | None, params: dict[str, Any]) -> str:
    """The message for `rule` failing on field `f` (None for form-level problems) in `lang`."""
    if f is not None and f.spec is not None and rule in _AUTHOR_RULE:
        for c in f.spec.constraints:
            if c.rule == _AUTHOR_RULE[rule] and c.message is not None:
                return c.message.get(lang)
    template = _GENERIC.get(rule, ("{label} is not valid", "{label} không hợp lệ"))
    if rule in ("pattern", "format") and f is not None and f.type in _PATTERN_BY_TYPE:
        template = _PATTERN_BY_TYPE[f.type]
    label = f.label.get(lang) if f is not None else _shown(str(params.get("name") or ""))
    text = template[0] if lang == "en" else template[1]
    return text.format_map({**params, "name": _shown(str(params.get("name") or "")), "label": label})
