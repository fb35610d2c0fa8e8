"""Values as a person reads them: dates day-first, choices by label, addresses in words, money grouped."""

from __future__ import annotations

import datetime as dt
from typing import Any

from eformkit.render.texts import ui_text
from eformkit.render.view import FieldView

__all__ = ["display_date", "display_money", "display_value", "parse_iso_date"]


def parse_iso_date(value: Any) -> dt.date | None:
    """A full ISO date, or None."""
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def display_date(value: Any) -> str:
    """``1990-03-27`` → ``27/03/1990``; ``1990-03`` → ``03/1990``; anything else as given."""
    if not isinstance(value, str):
        return "" if value is None else str(value)
    parts = value.split("-")
    if len(parts) in (2, 3) and all(p.isascii() and p.isdigit() for p in parts):
        return "/".join(reversed(parts))
    return value


def display_money(value: Any, lang: str) -> str:
    """``1500000`` → ``1.500.000 đồng`` (vi) or ``1,500,000 VND`` (en)."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return "" if value is None else str(value)
    grouped = f"{int(value):,}"
    return f"{grouped} VND" if lang == "en" else f"{grouped.replace(',', '.')} đồng"


def _address(value: Any, lang: str) -> str:
    if not isinstance(value, dict):
        return "" if value is None else str(value)
    detail, commune = value.get("detail"), value.get("commune")
    if isinstance(commune, str) and commune:
        from eformkit.packs.vn.admin_units import AdminUnitError, address_text

        try:
            return address_text(detail if isinstance(detail, str) else None, commune, lang)
        except AdminUnitError:
            pass
    return ", ".join(str(v) for v in (detail, commune, value.get("province")) if v)


def display_value(f: FieldView, value: Any, lang: str) -> str:
    """`value` of field `f` as printed text ("" for nothing)."""
    if value is None or value == "" or value == []:
        return ""
    t = f.type
    if t in ("choice",):
        return f.option_labels.get(str(value), str(value))
    if t == "multi_choice" and isinstance(value, list):
        return ", ".join(f.option_labels.get(str(v), str(v)) for v in value)
    if t == "date":
        return display_date(value)
    if t in ("boolean", "declaration"):
        return ui_text("yes" if value is True else "no", lang) if isinstance(value, bool) else str(value)
    if t == "money":
        return display_money(value, lang)
    if t == "address":
        return _address(value, lang)
    if t == "attachment" and isinstance(value, dict):
        if value.get("source") == "store":
            return ui_text("attachment_store", lang)
        return str(value.get("ref") or "")
    if t == "signature" and isinstance(value, dict):
        from eformkit.packs.vn.words import date_line

        d = parse_iso_date(value.get("date"))
        place = value.get("place") if isinstance(value.get("place"), str) else None
        return date_line(place, d) if d else (place or "")
    if isinstance(value, (dict, list)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
