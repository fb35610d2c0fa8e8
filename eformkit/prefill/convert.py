"""Convert a source's value to the bound field's type, or say why it cannot be used as is.

Registries answer in their own shapes: dates as ``1990-05-12``, ``12/05/1990`` or just ``1957``;
sex as ``Nam``/``Nữ`` or a code; addresses as records with pre-2025 units. The form wants its own
shape. A conversion that is exact may be locked; one that needs the citizen (an old ward split
between several new communes, a date more precise than the field allows) is offered unlocked with
a note and the candidates.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any, NamedTuple

from eformkit.text import nfc

__all__ = ["Converted", "ListLookup", "convert_value"]

ListLookup = Callable[[str], Any]  # list name → an object with values() and lookup(text), or None

_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_MY = re.compile(r"^(\d{1,2})[/.-](\d{4})$")
_ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_PRECISION = {10: "day", 7: "month", 4: "year"}
_SEPARATORS = re.compile(r"[\s.]")
_PLAIN = frozenset({"text", "long_text", "email"})


class Converted(NamedTuple):
    """A converted value; `exact` False means offer it but never lock it; `value` None means unusable."""

    value: Any
    exact: bool = True
    note: str = ""
    candidates: tuple[Any, ...] = ()


def _date(value: Any, precision: tuple[str, ...]) -> Converted:
    if isinstance(value, datetime):
        value = value.date()
    text = value.isoformat() if isinstance(value, date) else nfc(str(value)).strip()
    if m := _DMY.match(text):
        text = f"{m[3]}-{int(m[2]):02d}-{int(m[1]):02d}"
    elif m := _MY.match(text):
        text = f"{m[2]}-{int(m[1]):02d}"
    if not _ISO.match(text):
        return Converted(None, False, "unreadable date")
    held = _PRECISION[len(text)]
    allowed = precision or ("day",)
    if held in allowed:
        return Converted(text)
    # The field wants less than is held: cut it down (a "Năm sinh" field gets the year); more is not held.
    for level, size in (("month", 7), ("year", 4)):
        if level in allowed and size < len(text):
            return Converted(text[:size])
    return Converted(None, False, f"source holds only the {held}")


_VALUE_SETS: dict[int, tuple[Any, frozenset[str]]] = {}


def _values(choices: Any) -> frozenset[str]:
    """The option values of a choice list as a set, computed once per list object."""
    cached = _VALUE_SETS.get(id(choices))
    if cached is None or cached[0] is not choices:
        cached = _VALUE_SETS[id(choices)] = (choices, frozenset(choices.values()))
    return cached[1]


def _choice(value: Any, list_name: str | None, lists: ListLookup | None) -> Converted:
    text = nfc(str(value)).strip()
    choices = lists(list_name) if (lists is not None and list_name) else None
    if choices is None:
        return Converted(text)
    if text in _values(choices):
        return Converted(text)
    code = choices.lookup(text)  # "Nam" → "male", "Kinh" → "01"
    return Converted(code) if code is not None else Converted(None, False, f"not a value of list {list_name}")


def _compact(address: dict[str, Any]) -> dict[str, Any]:
    """An address without empty members: absent is absent, the same way a form post and a schema see it."""
    return {k: v for k, v in address.items() if v not in (None, "")}


def _address(value: Any, legacy_converter: Callable[..., list[Any]] | None) -> Converted:
    if isinstance(value, str):
        return Converted({"detail": nfc(value)}, False, "address held as free text")
    if not isinstance(value, Mapping):
        return Converted(None, False, "unreadable address")
    detail = value.get("detail")
    commune = value.get("commune_code") or value.get("commune")
    province = value.get("province_code") or value.get("province")
    if commune:
        return Converted(_compact({"detail": detail, "commune": commune, "province": province}))
    legacy = value.get("legacy") or {}
    if not legacy or legacy_converter is None:
        return Converted(_compact({"detail": detail, "province": province}), False, "address incomplete")
    matches = legacy_converter(legacy.get("ward") or "", legacy.get("district"), legacy.get("province"))
    if len(matches) == 1 and matches[0].whole:
        unit = matches[0].commune
        return Converted(_compact({"detail": detail, "commune": unit.code, "province": unit.province_code}),
                         True, "converted from pre-2025 units")  # fmt: skip
    candidates = tuple({"commune": m.commune.code, "name": m.commune.name} for m in matches)
    provinces = {m.commune.province_code for m in matches}
    return Converted(
        _compact({"detail": detail, "province": provinces.pop() if len(provinces) == 1 else None}),
        False,
        "pre-2025 address: the old ward now lies in several communes; the citizen chooses"
        if matches
        else "pre-2025 address could not be converted",
        candidates,
    )


def _address_text(value: Any) -> Converted:
    if not isinstance(value, Mapping):
        return Converted(nfc(str(value)))
    from eformkit.packs.vn.admin_units import address_text

    commune = value.get("commune_code") or value.get("commune")
    if commune:
        try:
            return Converted(address_text(value.get("detail"), str(commune)))
        except ValueError:
            pass
    legacy = value.get("legacy") or {}
    parts = [value.get("detail"), legacy.get("ward"), legacy.get("district"), legacy.get("province")]
    return Converted(", ".join(p for p in parts if p), False, "pre-2025 address as printed")


def convert_value(
    value: Any,
    field_type: str,
    *,
    precision: tuple[str, ...] = (),
    list_name: str | None = None,
    lists: ListLookup | None = None,
    legacy_converter: Callable[..., list[Any]] | None = None,
) -> Converted:
    """Convert `value` for a field of `field_type`."""
    if value is None or value == "":
        return Converted(None, False, "no value")
    if isinstance(value, float) and not math.isfinite(value):  # NaN/Infinity is never data, not even as text
        return Converted(None, False, "not a finite number")
    if isinstance(value, str) and field_type in _PLAIN:  # the common case first: text stays text
        return Converted(nfc(value))
    if field_type == "date":
        return _date(value, precision)
    if field_type in ("choice",):
        return _choice(value, list_name, lists)
    if field_type == "address":
        return _address(value, legacy_converter)
    if field_type in ("integer", "money"):
        try:
            return Converted(int(str(value).replace(".", "").replace(",", "").strip()))
        except ValueError:
            return Converted(None, False, "not a whole number")
    if field_type == "number":
        try:
            number = float(value)
        except (TypeError, ValueError):
            return Converted(None, False, "not a number")
        return Converted(number) if math.isfinite(number) else Converted(None, False, "not a finite number")
    if field_type == "boolean":
        return Converted(bool(value))
    if field_type in ("personal_id", "tax_code", "phone"):
        text = str(value)
        return Converted(text if text.isdigit() else _SEPARATORS.sub("", nfc(text)))
    if field_type == "attachment":
        return Converted(dict(value)) if isinstance(value, Mapping) else Converted(None, False, "not a document")
    if isinstance(value, Mapping):
        return _address_text(value) if "detail" in value or "legacy" in value else Converted(None, False, "record")
    if isinstance(value, list):
        return Converted(", ".join(nfc(str(v)) for v in value))
    return Converted(nfc(str(value)))
