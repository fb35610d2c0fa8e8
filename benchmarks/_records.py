"""Generate dossier records whose Decision 766 figures can be worked out by hand (used by the indicators
benchmark and by tests/dossier/test_indicators.py).

Record i (0 ≤ i < n) has, by rule:
- procedure ``1.00000{i % 5}`` (five procedures); agency ``A{i % 2}``;
- store file when i % 4 == 0;
- population data when i % 3 == 0 and i % 5 != 4; VNeID level-2 account when i % 2 == 0 and i % 5 != 4
  (so procedure 1.000004 never uses population data);
- reused digitised data when i % 5 != 0, or it has a store file or population data (as `build_record` sets it);
- online when i % 10 < 7.
Every other member is a realistic CT01-sized record that validates against the published schema.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

_VALUES = {
    "full_name": "Nguyễn Thị Hồng", "date_of_birth": "1990-03-04", "sex": "female", "personal_id": "066190001234",
    "ethnicity": "01", "religion": "00", "nationality": "VN",
    "permanent_residence": {"detail": "Số 12 đường Lê Duẩn", "commune": "24121", "province": "66"},
    "phone": "+84905123456", "household_head_name": "Nguyễn Văn An", "relationship_to_head": "wife",
    "request_kind": "permanent_registration", "request_content": "Đăng ký thường trú tại nơi ở mới",
    "signature": {"place": "Buôn Ma Thuột", "date": "2026-03-01"},
}  # fmt: skip
_PREFILLED = ["full_name", "date_of_birth", "sex", "personal_id", "ethnicity", "religion", "nationality",
              "permanent_residence", "household_head_name"]  # fmt: skip


def template() -> dict[str, Any]:
    """One schema-valid record; `record(i)` varies its identity, procedure, agency, channel and flags."""
    at = "2026-03-01T08:30:00+00:00"
    return {  # members in `DossierRecord.to_json` order
        "record_version": "1", "receipt_id": "", "procedure_code": None,
        "form": {"id": "vn.bca.ct01", "version": "2023.1"}, "agency": None, "channel": "online",
        "reuse": {"reused_digitised_data": True, "store_file": False, "population_data": True,
                  "vneid_verified_account": True, "online": True, "fields_prefilled": 9, "fields_unedited": 9,
                  "fields_edited": 0},
        "submitted_at": at, "lang": "vi",
        "subject": {"personal_id": "066190001234", "assurance_level": 2, "method": "vneid"},
        "assurance": {"required": 2, "met": True, "policy": "unlock"},
        "values": _VALUES,
        "provenance": [{"pointer": f"/{p}", "source": "population", "attribute": p, "fetched_at": at,
                        "verified": True, "locked": True, "edited": False} for p in _PREFILLED],
        "attachments": [], "corrections": [], "warnings": [],
    }  # fmt: skip


def record(i: int, base: dict[str, Any] | None = None) -> dict[str, Any]:
    """Record number `i` (see the module docstring for its flags)."""
    rec = copy.deepcopy(base or template())
    store = i % 4 == 0
    population = i % 3 == 0 and i % 5 != 4
    vneid = i % 2 == 0 and i % 5 != 4
    online = i % 10 < 7
    rec["receipt_id"] = f"R{i:06d}"
    rec["procedure_code"] = f"1.00000{i % 5}"
    rec["agency"] = f"A{i % 2}"
    rec["channel"] = "online" if online else "counter"
    rec["subject"]["method"] = "vneid" if vneid else "password"
    if store:
        rec["attachments"] = [{"pointer": "/attachments/proof", "document_type": "marriage_certificate",
                               "origin": "store", "ref": f"kho://{i}", "verified": True}]  # fmt: skip
    rec["reuse"].update(reused_digitised_data=i % 5 != 0 or store or population, store_file=store,
                        population_data=population, vneid_verified_account=vneid, online=online)  # fmt: skip
    return rec


def write(path: Path, n: int) -> Path:
    """Write records 0..n-1 as JSON Lines to `path`."""
    base = template()
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps(record(i, base), ensure_ascii=False, separators=(",", ":")) + "\n")
    return path
