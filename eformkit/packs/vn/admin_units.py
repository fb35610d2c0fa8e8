"""Vietnamese administrative units after the 2025 reform (34 provinces, 3,321 communes) and the legacy → new table.

Data: `data/admin_units.json.gz`, built by `data/build_admin_units.py` from the MIT dataset of `vietnamadminunits`
1.0.4 (NSO codes; see `data/ATTRIBUTION.md`). It is loaded once, on first use. Name lookups compare folded keys, so
"Đắk Lắk", "dak lak", "Tỉnh Đắk Lắk" and "TP. Hồ Chí Minh" / "tp hcm" all resolve.

Conversion from pre-2025 units never guesses: a ward that was split returns every new commune it went to, each with
`whole=False`, and the citizen chooses.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Generic, TypeVar

from eformkit.text import fold, nfc

__all__ = [
    "AdminUnitError",
    "Commune",
    "LegacyMatch",
    "Province",
    "address_text",
    "commune",
    "communes",
    "convert_legacy",
    "find_commune",
    "find_province",
    "province",
    "provinces",
]

_DATA_FILE = Path(__file__).with_name("data") / "admin_units.json.gz"


@dataclass(frozen=True, slots=True)
class Province:
    """A province-level unit: `Province("66", "Tỉnh Đắk Lắk", "Đắk Lắk", "tỉnh")`."""

    code: str
    name: str
    short_name: str
    kind: str


@dataclass(frozen=True, slots=True)
class Commune:
    """A commune-level unit (xã, phường or đặc khu) with its NSO 5-digit code."""

    code: str
    name: str
    short_name: str
    kind: str
    province_code: str


@dataclass(frozen=True, slots=True)
class LegacyMatch:
    """One candidate for a pre-2025 ward; `whole` is False when the old ward was split among several communes."""

    commune: Commune
    whole: bool


class AdminUnitError(ValueError):
    """An unknown administrative unit code; carries a stable `code` and bilingual messages."""

    def __init__(self, code: str, message_vi: str, message_en: str) -> None:
        super().__init__(message_en)
        self.code = code
        self.message_vi = message_vi
        self.message_en = message_en


# Kind words and their usual abbreviations, folded. "thanh pho" is tried before "tp"-less forms by the regex order.
_KIND_PREFIXES: dict[str, str] = {
    "thanh pho": "thành phố",
    "thi tran": "thị trấn",
    "dac khu": "đặc khu",
    "thi xa": "thị xã",
    "phuong": "phường",
    "huyen": "huyện",
    "tinh": "tỉnh",
    "quan": "quận",
    "xa": "xã",
    "tp": "thành phố",
    "tx": "thị xã",
    "tt": "thị trấn",
    "dk": "đặc khu",
    "p": "phường",
    "x": "xã",
    "q": "quận",
    "h": "huyện",
}
_PREFIX_RE = re.compile(r"^(" + "|".join(re.escape(p) for p in _KIND_PREFIXES) + r") (?=\S)")
_GLUED_NUMBER_RE = re.compile(r"^(p|q)(\d+)$")  # "P9", "Q1"
_LEADING_ZEROS_RE = re.compile(r"\b0+(\d)")

# Ways of writing provinces that folding alone does not reach (folded, kind word removed) → folded short name.
_PROVINCE_ALIASES: dict[str, str] = {
    "hcm": "ho chi minh",
    "tphcm": "ho chi minh",
    "sai gon": "ho chi minh",
    "hn": "ha noi",
    "thua thien hue": "hue",
    "brvt": "ba ria vung tau",
}


def _norm(name: str) -> str:
    """Folded key with number padding removed ("Phường 09" = "phường 9") and "P9" split into "p 9"."""
    key = _LEADING_ZEROS_RE.sub(r"\1", fold(nfc(name)))
    glued = _GLUED_NUMBER_RE.match(key)
    return f"{glued.group(1)} {glued.group(2)}" if glued else key


def _strip_kind(key: str) -> tuple[str, str | None]:
    """Split a leading kind word or abbreviation off a folded key: ("tan loi", "phường") or (key, None)."""
    match = _PREFIX_RE.match(key)
    if match is None:
        return key, None
    return key[match.end() :], _KIND_PREFIXES[match.group(1)]


@dataclass(frozen=True, slots=True)
class _LegacyDistrict:
    code: str
    name: str
    kind: str
    province_code: str
    targets: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _LegacyWard:
    code: str
    name: str
    kind: str
    district_code: str
    targets: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _LegacyProvince:
    code: str
    name: str
    kind: str


_Unit = TypeVar("_Unit", Province, Commune, _LegacyProvince, _LegacyDistrict, _LegacyWard)


def _by_kind(units: list[_Unit], kind: str | None) -> list[_Unit]:
    """Keep the units of `kind` when the query named one and some match; otherwise keep all."""
    narrowed = [u for u in units if u.kind == kind]
    return narrowed or units


class _Names(Generic[_Unit]):
    """Folded-name index. Full names win over short ones, so "Quan Sơn" is never read as "Quận Sơn"."""

    def __init__(self) -> None:
        self.full: dict[str, list[_Unit]] = {}
        self.short: dict[str, list[_Unit]] = {}

    def add(self, unit: _Unit, short_keys: Iterable[str] = ()) -> None:
        self.full.setdefault(_norm(unit.name), []).append(unit)
        bare = _strip_kind(_norm(unit.name))[0]
        for key in {bare, *short_keys}:
            self.short.setdefault(key, []).append(unit)

    def find(self, name: str, aliases: dict[str, str] | None = None) -> list[_Unit]:
        key = _norm(name)
        hit = self.full.get(key) or self.short.get(key)
        if hit:
            return list(hit)
        bare, kind = _strip_kind(key)
        if aliases:
            bare = aliases.get(bare, aliases.get(bare.replace(" ", ""), bare))
        if kind is not None and (hit := self.full.get(f"{fold(kind)} {bare}")):
            return list(hit)
        return _by_kind(list(self.short.get(bare, [])), kind)


class _Index:
    """All tables plus O(1) indexes by code and by folded name, built once."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.provinces = tuple(Province(*row) for row in raw["provinces"])
        self.communes = tuple(Commune(*row) for row in raw["communes"])
        self.province_by_code = {p.code: p for p in self.provinces}
        self.commune_by_code = {c.code: c for c in self.communes}
        self.province_names: _Names[Province] = _Names()
        for p in self.provinces:
            self.province_names.add(p)
        self.communes_by_province: dict[str, tuple[Commune, ...]] = {
            p.code: tuple(c for c in self.communes if c.province_code == p.code) for p in self.provinces
        }
        self.commune_names: _Names[Commune] = _Names()
        for c in self.communes:
            self.commune_names.add(c)

        self.legacy_provinces = {
            row[0]: _LegacyProvince(row[0], row[1], _strip_kind(_norm(row[1]))[1] or "")
            for row in raw["legacy_provinces"]
        }
        self.legacy_province_names: _Names[_LegacyProvince] = _Names()
        for lp in self.legacy_provinces.values():
            self.legacy_province_names.add(lp)
        self.legacy_districts = {
            row[0]: _LegacyDistrict(row[0], row[1], _strip_kind(_norm(row[1]))[1] or "", row[3], tuple(row[4]))
            for row in raw["legacy_districts"]
        }
        self.legacy_district_names: _Names[_LegacyDistrict] = _Names()
        for d in self.legacy_districts.values():
            self.legacy_district_names.add(d)
        self.legacy_wards = {
            row[0]: _LegacyWard(row[0], row[1], _strip_kind(_norm(row[1]))[1] or "", row[3], tuple(row[4]))
            for row in raw["legacy_wards"]
        }
        self.legacy_ward_names: _Names[_LegacyWard] = _Names()
        for w in self.legacy_wards.values():
            self.legacy_ward_names.add(w)


@lru_cache(maxsize=1)
def _index() -> _Index:
    raw = json.loads(gzip.decompress(_DATA_FILE.read_bytes()).decode("utf-8"))
    return _Index(raw)


def provinces() -> tuple[Province, ...]:
    """Return the 34 provinces, ordered by code."""
    return _index().provinces


def province(code: str) -> Province | None:
    """Return the province with NSO code `code` ("66"; "6" is padded), or None."""
    return _index().province_by_code.get(code.strip().zfill(2))


def communes(province_code: str | None = None) -> tuple[Commune, ...]:
    """Return all communes, or those of one province, ordered by code."""
    idx = _index()
    if province_code is None:
        return idx.communes
    return idx.communes_by_province.get(province_code.strip().zfill(2), ())


def commune(code: str) -> Commune | None:
    """Return the commune with NSO code `code` ("24133"), or None."""
    return _index().commune_by_code.get(code.strip().zfill(5))


def find_province(name: str) -> Province | None:
    """Return the province named `name` in any usual spelling ("Tỉnh Đắk Lắk", "dak lak", "tp hcm"), or None."""
    found = _index().province_names.find(name, _PROVINCE_ALIASES)
    return found[0] if len(found) == 1 else None


def find_commune(name: str, province_code: str | None = None) -> list[Commune]:
    """Return the communes called `name` (folded match; "P. Tuy Hòa" prefers phường), optionally in one province."""
    found = _index().commune_names.find(name)
    if province_code is None:
        return found
    code = province_code.strip().zfill(2)
    return [c for c in found if c.province_code == code]


def _legacy_province_codes(idx: _Index, name: str | None) -> set[str] | None:
    if name is None or not name.strip():
        return None
    text = name.strip()
    if text.isdigit():
        code = text.zfill(2)
        return {code} if code in idx.legacy_provinces else set()
    return {p.code for p in idx.legacy_province_names.find(text, _PROVINCE_ALIASES)}


def _legacy_districts(idx: _Index, name: str | None, province_codes: set[str] | None) -> list[_LegacyDistrict] | None:
    if name is None or not name.strip():
        return None
    text = name.strip()
    if text.isdigit():
        found = [d] if (d := idx.legacy_districts.get(text.zfill(3))) else []
    else:
        found = idx.legacy_district_names.find(text)
    return [d for d in found if province_codes is None or d.province_code in province_codes]


def convert_legacy(ward: str, district: str | None = None, province: str | None = None) -> list[LegacyMatch]:
    """Map a pre-2025 ward (name or 5-digit code), narrowed by old district and province, to its 2025 communes.

    Returns every candidate, in a stable order; an empty list means no old ward matched. Several old wards with the
    same name (no district given) all contribute. Island districts that had no wards convert by district name.
    """
    idx = _index()
    province_codes = _legacy_province_codes(idx, province)
    districts = _legacy_districts(idx, district, province_codes)
    if province_codes == set() or districts == []:
        return []
    district_codes = None if districts is None else {d.code for d in districts}

    text = nfc(ward).strip()
    if text.isdigit():
        wards = [w] if (w := idx.legacy_wards.get(text.zfill(5))) else []
    else:
        wards = idx.legacy_ward_names.find(text) if text else []
    wards = [
        w
        for w in wards
        if (district_codes is None or w.district_code in district_codes)
        and (province_codes is None or idx.legacy_districts[w.district_code].province_code in province_codes)
    ]
    groups: list[tuple[str, ...]] = [w.targets for w in wards]
    if not wards:
        # Island districts (Côn Đảo, Lý Sơn, …) had no wards: accept the district name in either argument.
        islands = districts if districts is not None and not text else _legacy_districts(idx, text, province_codes)
        groups = [d.targets for d in islands or [] if d.targets]

    matches: list[LegacyMatch] = []
    seen: set[str] = set()
    for targets in groups:
        for code in targets:
            if code not in seen:
                seen.add(code)
                matches.append(LegacyMatch(idx.commune_by_code[code], whole=len(targets) == 1))
    return matches


_EN_KIND = {"xã": "Commune", "phường": "Ward", "đặc khu": "Special Zone", "tỉnh": "Province", "thành phố": "City"}


def _english(short_name: str, kind: str) -> str:
    bare, prefix = _strip_kind(_norm(short_name))
    # Numbered units ("Phường 9") read "Ward 9" in English, named ones "Tuy Hòa Ward".
    return f"{_EN_KIND[kind]} {bare}" if prefix is not None and bare.isdigit() else f"{short_name} {_EN_KIND[kind]}"


def address_text(detail: str | None, commune_code: str, lang: str = "vi") -> str:
    """Return the printed address: "12 Lê Duẩn, Phường Buôn Ma Thuột, Tỉnh Đắk Lắk" (lang "en": "…, Buôn Ma Thuột
    Ward, Đắk Lắk Province"). Raises `AdminUnitError` (code "commune") for an unknown commune code."""
    unit = commune(commune_code)
    if unit is None:
        raise AdminUnitError(
            "commune",
            f"Không tìm thấy xã/phường/đặc khu có mã {commune_code!r}.",
            f"No commune with code {commune_code!r}.",
        )
    parent = _index().province_by_code[unit.province_code]
    if lang == "en":
        parts = [_english(unit.short_name, unit.kind), _english(parent.short_name, parent.kind)]
    else:
        parts = [unit.name, parent.name]
    head = nfc(" ".join(detail.split())).strip(" ,") if detail else ""
    return ", ".join([head, *parts] if head else parts)
