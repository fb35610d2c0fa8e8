"""What goes into each linked blank of a Word template: text, pieces (day/month/year, digits),
a checkbox state, table rows or address parts, derived from the submission and the form's field types."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from eformkit.render.display import display_value
from eformkit.render.docx_address import AddressText, address_of
from eformkit.render.state import get_path
from eformkit.render.view import FieldView, UISchemaSource, form_view

__all__ = ["Fill", "fill_for", "fills_for"]


@dataclass(frozen=True, slots=True)
class Fill:
    """One field's value, ready for any kind of blank."""

    text: str = ""
    parts: tuple[str, ...] = ()
    checked: bool | None = None
    rows: tuple[tuple[str, ...], ...] | None = None
    value: Any = None
    address: AddressText | None = None  # an address, level by level (for templates printing it in parts)

    @property
    def empty(self) -> bool:
        """Nothing to write: the blank stays as printed."""
        return self.value is None or self.value == "" or self.value == []


def _date_parts(value: Any) -> tuple[str, ...]:
    if not isinstance(value, str):
        return ()
    bits = value.split("-")
    if not all(b.isascii() and b.isdigit() for b in bits):
        return ()
    year = bits[0]
    month = bits[1] if len(bits) > 1 else ""
    day = bits[2] if len(bits) > 2 else ""
    return day, month, year


def fill_for(f: FieldView, value: Any, lang: str, columns: list[str] | None = None) -> Fill:
    """The `Fill` of field `f` holding `value`."""
    t = f.type
    if t == "table":
        by_id = {c.id: c for c in f.columns}
        order = [by_id.get(str(c)) if c else None for c in columns] if columns else list(f.columns)
        rows = value if isinstance(value, list) else []
        return Fill(
            rows=tuple(
                tuple(display_value(c, r.get(c.id), lang) if c else "" for c in order)
                for r in rows
                if isinstance(r, Mapping)
            ),
            value=value,
        )
    text = display_value(f, value, lang)
    if t == "date":
        return Fill(text, _date_parts(value), value=value)
    if t == "signature" and isinstance(value, Mapping):
        return Fill(text, _date_parts(value.get("date")), value=value)
    if t == "address":
        return Fill(text, value=value, address=address_of(value, lang))
    if t == "personal_id":
        return Fill(text, tuple(text), value=value)
    if t in ("boolean", "declaration"):
        return Fill(text, checked=value is True, value=value)
    if t == "attachment":
        return Fill(text, checked=isinstance(value, Mapping) and bool(value.get("ref")), value=value)
    return Fill(text, value=value)


def fills_for(
    form: UISchemaSource, data: Mapping[str, Any], links: Mapping[str, Mapping[str, Any]], lang: str = "vi"
) -> dict[str, Fill]:
    """Pointer → `Fill` for every linked pointer that names a field of `form`."""
    view = form_view(form, lang)
    out: dict[str, Fill] = {}
    for pointer, anchor in links.items():
        f = view.by_pointer.get(pointer)
        if f is None:
            continue
        columns = anchor.get("columns")
        out[pointer] = fill_for(f, get_path(data, pointer), lang, list(columns) if isinstance(columns, list) else None)
    return out
