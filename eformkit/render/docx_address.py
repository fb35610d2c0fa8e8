"""Addresses printed in parts (Số nhà … / Xã … / Huyện … / Tỉnh …): the text of each part.

A submitted address is ``{detail, commune: 5-digit code, province: 2-digit code}`` (the 2025 two-level
units). An ``address`` anchor lists its part blanks, each with ``address_part`` (`detail`, `commune`,
`district`, `province`) and its printed ``label`` (docs/converter.md). What each part gets:

- `detail`: the whole detail, in the first detail part (further detail parts are left as printed);
- `commune` / `province`: the unit's name ("Phường Buôn Ma Thuột", "Thành phố Hồ Chí Minh"), or its
  short name when the printed label already is that kind word ("Tỉnh:" → "Đắk Lắk", "Xã (phường,
  thị trấn):" → "Ea Kar" for a xã, "Phường Sài Gòn" for a phường);
- `district`: nothing (no district in 2025: the blank stays as printed), or the ``district`` text of
  older data that still carries one;
- a value whose part is not printed joins the nearest part below it (else above it), comma-separated
  in address order: no detail part → "12 Lê Duẩn, Phường …" in the commune part;
- a single part gets the whole address (`admin_units.address_text`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from eformkit.text import fold, nfc

__all__ = ["LEVELS", "AddressText", "address_of", "part_texts"]

LEVELS = ("detail", "commune", "district", "province")
_HOSTS = ("detail", "commune", "province")  # parts that take a value whose own part is not printed
_PARENS = re.compile(r"\([^)]*\)")


@dataclass(frozen=True, slots=True)
class _Unit:
    name: str
    short: str = ""
    kind: str = ""


@dataclass(frozen=True, slots=True)
class AddressText:
    """An address value as text, level by level ("" when absent or unknown), and as one line."""

    detail: str
    commune: _Unit
    district: str
    province: _Unit
    full: str

    def level(self, name: str) -> str:
        unit = {"commune": self.commune, "province": self.province}.get(name)
        return unit.name if unit is not None else self.detail if name == "detail" else self.district


def _text(value: Any) -> str:
    return " ".join(nfc(value).split()).strip(" ,") if isinstance(value, str) else ""


def address_of(value: Any, lang: str = "vi") -> AddressText | None:
    """The text of an address value; None when it is not an address mapping. A commune or province
    given as a code that names no unit is left out; one given as a name is used as written."""
    if not isinstance(value, Mapping):
        return None
    from eformkit.packs.vn import admin_units

    detail, district = _text(value.get("detail")), _text(value.get("district"))
    commune = _text(value.get("commune"))
    province = _text(value.get("province"))
    c_unit, p_unit = _Unit(""), _Unit("")
    found = admin_units.commune(commune) if commune.isdigit() else None
    if found is not None:
        c_unit = _Unit(found.name, found.short_name, found.kind)
        province = found.province_code
    elif commune and not commune.isdigit():
        c_unit = _Unit(commune)
    parent = admin_units.province(province) if province.isdigit() else None
    if parent is not None:
        p_unit = _Unit(parent.name, parent.short_name, parent.kind)
    elif province and not province.isdigit():
        p_unit = _Unit(province)
    if found is not None:
        full = admin_units.address_text(detail or None, found.code, lang)
    else:
        full = ", ".join(x for x in (detail, c_unit.name, district, p_unit.name) if x)
    return AddressText(detail, c_unit, district, p_unit, full)


def _own(addr: AddressText, level: str, label: str) -> str:
    """The level's text alone in its part: the short name when the label already names the kind."""
    unit = {"commune": addr.commune, "province": addr.province}.get(level)
    if unit is None:
        return addr.level(level)
    printed = fold(_PARENS.sub("", label)).strip(" .:")
    return unit.short if unit.kind and unit.short and printed == fold(unit.kind) else unit.name


def part_texts(specs: Sequence[Mapping[str, Any]], addr: AddressText) -> list[str]:
    """The text for each part blank of an address anchor, "" for a part left as printed."""
    if len(specs) == 1:
        return [addr.full]
    first: dict[str, int] = {}
    for i, spec in enumerate(specs):
        first.setdefault(str(spec.get("address_part", "")), i)
    hosted: dict[int, list[str]] = {}
    for rank, level in enumerate(LEVELS):
        if not addr.level(level):
            continue
        if level in first:
            hosted.setdefault(first[level], []).append(level)
            continue
        below = [lv for lv in reversed(LEVELS[:rank]) if lv in _HOSTS and lv in first]
        above = [lv for lv in LEVELS[rank + 1 :] if lv in _HOSTS and lv in first]
        hosts = below or above
        if hosts:
            hosted.setdefault(first[hosts[0]], []).append(level)
    texts = [""] * len(specs)
    for i, levels in hosted.items():
        if len(levels) == 1:
            texts[i] = _own(addr, levels[0], str(specs[i].get("label", "")))
        else:
            texts[i] = ", ".join(addr.level(lv) for lv in sorted(levels, key=LEVELS.index))
    if not any(texts) and addr.full:  # no part the value can go in (e.g. only district parts)
        texts[0] = addr.full
    return texts
