"""Build `admin_units.json.gz` from the MIT-licensed `vietnamadminunits` 1.0.4 wheel (not imported at run time).

Usage::

    pip download --no-deps vietnamadminunits==1.0.4 -d /tmp/vau
    python eformkit/packs/vn/data/build_admin_units.py /tmp/vau/vietnamadminunits-1.0.4-py3-none-any.whl

The wheel (or its unzipped directory) provides `data/dataset.db` (SQLite: 34/3,321 current units and the
63/696/10,040 legacy rows) and `data/converter_2025.json` (legacy ward key → new ward key, split wards listed apart).
We keep codes, names and the old→new table only: no coordinates, no geocoding, no "default ward" for split
wards (the runtime returns every candidate). Output is deterministic: the same wheel gives the same bytes.

Layout of the output (all strings NFC)::

    {"source": ..., "provinces": [[code, name, short, kind]], "communes": [[code, name, short, kind, province_code]],
     "legacy_provinces": [[code, name, short]], "legacy_districts": [[code, name, short, province_code, [new codes]]],
     "legacy_wards": [[code, name, short, district_code, [new commune codes]]]}

A legacy ward with one target moved whole; more than one means it was split. `legacy_districts[i][4]` is non-empty only
for the five island districts that had no wards and became a commune-level unit themselves.
"""

from __future__ import annotations

import gzip
import json
import sqlite3
import sys
import tempfile
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

SOURCE = "vietnamadminunits 1.0.4 (MIT, (c) 2025 Tran Ngoc Minh Hieu)"
OUT = Path(__file__).with_name("admin_units.json.gz")
_WARD_KINDS = ("Phường", "Xã", "Đặc khu", "Thị trấn")
_DISTRICT_KINDS = ("Thành phố", "Thị xã", "Quận", "Huyện")
_PROVINCE_KINDS = ("Thành phố", "Tỉnh")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _split_kind(name: str, kinds: tuple[str, ...]) -> tuple[str, str]:
    """Return (kind as printed in title case, short name); the dataset's own short/type columns have defects."""
    for kind in kinds:
        if name.casefold().startswith(kind.casefold() + " "):
            return kind, name[len(kind) + 1 :].strip()
    raise ValueError(f"no administrative kind prefix in {name!r}")


def _unit_name(kind: str, short: str) -> str:
    # Numbered units keep the kind in the short name ("Phường 9"), as people write them.
    return f"{kind} {short}" if short.isdigit() else short


def _open_source(path: Path, tmp: Path) -> Path:
    if path.is_dir():
        return path / "vietnamadminunits" / "data" if (path / "vietnamadminunits").is_dir() else path
    with zipfile.ZipFile(path) as wheel:
        for member in ("vietnamadminunits/data/dataset.db", "vietnamadminunits/data/converter_2025.json"):
            wheel.extract(member, tmp)
    return tmp / "vietnamadminunits" / "data"


def build(source: Path) -> dict[str, Any]:
    """Return the compact table extracted from the wheel or directory at `source`."""
    with tempfile.TemporaryDirectory() as tmpdir:
        data_dir = _open_source(source, Path(tmpdir))
        conn = sqlite3.connect(data_dir / "dataset.db")
        try:
            current = conn.execute(
                "SELECT provinceCode, province, wardCode, ward, provinceKey, wardKey FROM admin_units ORDER BY wardCode"
            ).fetchall()
            legacy = conn.execute(
                "SELECT provinceCode, province, districtCode, district, wardCode, ward,"
                " provinceKey, districtKey, wardKey FROM admin_units_legacy"
                " ORDER BY provinceCode, districtCode, wardCode"
            ).fetchall()
        finally:
            conn.close()
        converter = json.loads((data_dir / "converter_2025.json").read_text(encoding="utf-8"))

    provinces: dict[str, list[str]] = {}
    communes: list[list[str]] = []
    new_code_by_key: dict[tuple[str, str], str] = {}
    for p_code, p_name, w_code, w_name, p_key, w_key in current:
        p_kind, p_short = _split_kind(_nfc(p_name), _PROVINCE_KINDS)
        provinces.setdefault(p_code, [p_code, f"{p_kind} {p_short}", p_short, p_kind.lower()])
        # Kind comes from the name: four rows carry a wardType that contradicts their name (see ATTRIBUTION.md).
        w_kind, w_short = _split_kind(_nfc(w_name), _WARD_KINDS)
        communes.append([w_code, f"{w_kind} {w_short}", _unit_name(w_kind, w_short), w_kind.lower(), p_code])
        new_code_by_key[(p_key, w_key)] = w_code

    targets: dict[str, list[str]] = {}
    for p_key, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for w_key, olds in wards.items():
            for old in olds:
                targets.setdefault(old, []).append(new_code_by_key[(p_key, w_key)])
    for p_key, olds in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old, parts in olds.items():
            for part in parts:
                targets.setdefault(old, []).append(new_code_by_key[(p_key, part["newWardKey"])])

    legacy_provinces: dict[str, list[str]] = {}
    legacy_districts: dict[str, list[Any]] = {}
    legacy_wards: list[list[Any]] = []
    for p_code, p_name, d_code, d_name, w_code, w_name, p_key, d_key, w_key in legacy:
        p_kind, p_short = _split_kind(_nfc(p_name), _PROVINCE_KINDS)
        legacy_provinces.setdefault(p_code, [p_code, f"{p_kind} {p_short}", p_short])
        d_kind, d_short = _split_kind(_nfc(d_name), _DISTRICT_KINDS)
        district = legacy_districts.setdefault(
            d_code, [d_code, f"{d_kind} {d_short}", _unit_name(d_kind, d_short), p_code, []]
        )
        new_codes = sorted(set(targets[f"{p_key}_{d_key}_{w_key or ''}"]))
        if w_code is None:  # island district without wards
            district[4] = new_codes
            continue
        w_kind, w_short = _split_kind(_nfc(w_name), _WARD_KINDS)
        legacy_wards.append([w_code, f"{w_kind} {w_short}", _unit_name(w_kind, w_short), d_code, new_codes])

    return {
        "source": SOURCE,
        "provinces": sorted(provinces.values()),
        "communes": communes,
        "legacy_provinces": sorted(legacy_provinces.values()),
        "legacy_districts": sorted(legacy_districts.values()),
        "legacy_wards": legacy_wards,
    }


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    table = build(Path(argv[1]))
    raw = json.dumps(table, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    # mtime=0 keeps the gzip bytes reproducible.
    OUT.write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))
    split = sum(1 for w in table["legacy_wards"] if len(w[4]) > 1)
    print(
        f"{len(table['provinces'])} provinces, {len(table['communes'])} communes, "
        f"{len(table['legacy_provinces'])}/{len(table['legacy_districts'])}/{len(table['legacy_wards'])} legacy, "
        f"{split} split wards; {len(raw)} bytes raw, {OUT.stat().st_size} gzipped → {OUT}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
