"""A realistic submission for any form, built from its fields' types (for converted real templates)."""

from __future__ import annotations

from typing import Any

from eformkit.render.view import FieldView, form_view

ADDRESS = {"detail": "12 Lê Duẩn", "commune": "24133", "province": "66"}  # Phường Buôn Ma Thuột, Tỉnh Đắk Lắk
_TEXTS = (
    ("name", "Nguyễn Thị Hoa"),
    ("ten", "Nguyễn Thị Hoa"),
    ("county", "Suffolk"),
    ("address", "12 Main Street, Boston"),
    ("dia_chi", "12 Lê Duẩn, Phường Buôn Ma Thuột, Tỉnh Đắk Lắk"),
    ("noi", "Phường Buôn Ma Thuột, Tỉnh Đắk Lắk"),
    ("place", "Buôn Ma Thuột"),
    ("number", "2"),
    ("page", "117"),
    ("book", "48213"),
)


def _text(f: FieldView) -> str:
    key = f.id.lower()
    return next((v for k, v in _TEXTS if k in key), f"Nội dung {f.number or f.id}")


def value_for(f: FieldView) -> Any:
    """A plausible value of field `f` (None for types a test does not fill)."""
    t = f.type
    if t == "table":
        return [{c.id: value_for(c) for c in f.columns if value_for(c) is not None} for _ in range(2)]
    if t == "date":
        return "1990-03-27" if "birth" in f.id or "sinh" in f.id else "2025-03-05"
    if t in ("choice", "multi_choice"):
        options = [o for o in f.option_labels if o != "choose_an_item"]
        if not options:
            return None
        return options[0] if t == "choice" else options[:1]
    if t == "address" and ("birth" in f.id or "sinh" in f.id):
        return {"commune": ADDRESS["commune"], "province": ADDRESS["province"]}
    simple = {
        "personal_id": "066190000123",
        "phone": "0912345678",
        "email": "hoa@example.vn",
        "address": dict(ADDRESS),
        "boolean": True,
        "declaration": True,
        "integer": 3,
        "number": 3,
        "money": 1500000,
        "long_text": "Đăng ký thường trú cho con theo mẹ.",
        "signature": {"place": "Buôn Ma Thuột", "date": "2025-03-05"},
    }
    if t in simple:
        return simple[t]
    return _text(f) if t in ("text", "string") else None


def submission(form: Any) -> dict[str, Any]:
    """Top-level pointer → value for every field of `form` with a type this module knows."""
    out: dict[str, Any] = {}
    for f in form_view(form, "vi").fields():
        if f.in_table or f.pointer.count("/") != 1:
            continue
        value = value_for(f)
        if value is not None:
            out[f.pointer[1:]] = value
    return out
