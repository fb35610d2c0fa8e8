"""Real-looking valid submissions for the valid example forms (tests/fixtures/forms/valid)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from eformkit import Form, load_form

VALID_DIR = Path(__file__).parent.parent / "fixtures" / "forms" / "valid"

# Personal IDs built with eformkit.packs.vn.personal_id.make_personal_id: prefix 001 (Hà Nội) / 079 (HCMC).
ID_MALE_1990 = "001090001234"
ID_FEMALE_1992 = "001192000007"
ID_MALE_1960 = "079060000005"
ID_FEMALE_1991 = "001191000008"
HANOI = {"detail": "Số 12 phố Huế", "commune": "00004", "province": "01"}  # Phường Ba Đình, Hà Nội
HCMC = {"detail": "25 Lê Lợi", "commune": "25747", "province": "79"}
TAX_CODE = "0100123453"

_SUBMISSIONS: dict[str, dict[str, Any]] = {
    "residence_declaration": {
        "full_name": "Nguyễn Văn An",
        "date_of_birth": "1990-05-02",
        "sex": "male",
        "personal_id": ID_MALE_1990,
        "phone": "0912 345 678",
        "email": "an.nguyen@example.vn",
        "current_residence": HANOI,
        "request_kind": "temporary_registration",
        "household_head": {
            "full_name": "Nguyễn Văn Bình",
            "date_of_birth": "1960",
            "sex": "male",
            "personal_id": ID_MALE_1960,
        },
        "members": [
            {
                "full_name": "Trần Thị Cúc",
                "date_of_birth": "1992-01-01",
                "sex": "female",
                "personal_id": ID_FEMALE_1992,
                "relationship_to_household_head": "other",
            }
        ],
        "declaration": True,
        "signed": {"place": "Hà Nội", "date": "2025-07-01"},
    },
    "birth_registration": {
        "full_name": "Trần Thị Cúc",
        "personal_id": ID_FEMALE_1992,
        "relationship": "Mẹ",
        "child_name": "Nguyễn Minh Khang",
        "child_birth_date": "2025-03-05",
        "child_sex": "male",
        "mother": {
            "full_name": "Trần Thị Cúc",
            "date_of_birth": "1992-01-01",
            "ethnicity": "01",
            "nationality": "VN",
            "residence": HANOI,
        },
        "father_known": True,
        "father": {
            "full_name": "Nguyễn Văn An",
            "date_of_birth": "1990",
            "ethnicity": "01",
            "nationality": "VN",
            "residence": HANOI,
        },
        "accept": True,
    },
    "household_business": {
        "business_name": "Hộ kinh doanh Bánh mì An",
        "business_tax_code": TAX_CODE,
        "business_address": HCMC,
        "business_phone": "028 3823 4567",
        "capital": 50_000_000,
        "employee_count": 3,
        "business_lines": ["retail", "food"],
        "owner": {
            "full_name": "Nguyễn Văn An",
            "sex": "male",
            "date_of_birth": "1990-05-02",
            "ethnicity": "01",
            "nationality": "VN",
        },
        "owner_id": ID_MALE_1990,
        "owner_email": "an@example.vn",
        "owner_id_card": {"document_type": "citizen_id_card", "source": "store", "ref": "doc-123"},
        "signed": {"place": "Thành phố Hồ Chí Minh", "date": "2025-07-02"},
    },
    "criminal_record": {
        "full_name": "Nguyễn Văn An",
        "date_of_birth": "1990-05-02",
        "sex": "male",
        "personal_id": ID_MALE_1990,
        "nationality": "VN",
        "mobile_phone": "+84 912 345 678",
        "permanent_residence": HANOI,
        "certificate_type": "type_1",
        "copies": 2,
        "delivery": "counter",
    },
    "marriage_registration": {
        "applicant_side": {
            "full_name": "Nguyễn Văn An",
            "date_of_birth": "1990-05-02",
            "ethnicity": "01",
            "nationality": "VN",
            "residence": HANOI,
            "id_document": "Căn cước số 001090001234",
            "marital_status": "single",
            "personal_id": ID_MALE_1990,
            "sex": "male",
        },
        "partner": {
            "full_name": "Trần Thị Cúc",
            "date_of_birth": "1991-08-08",
            "ethnicity": "01",
            "nationality": "VN",
            "residence": HANOI,
            "id_document": "Căn cước số 001191000008",
            "marital_status": "single",
            "sex": "female",
        },
        "accept": True,
    },
}

FORM_NAMES = tuple(sorted(_SUBMISSIONS))
_FORMS: dict[str, Form] = {}


def form(name: str) -> Form:
    """The valid example form `name` (loaded once)."""
    if name not in _FORMS:
        _FORMS[name] = load_form(VALID_DIR / f"{name}.yaml")
    return _FORMS[name]


def submission(name: str) -> dict[str, Any]:
    """A fresh copy of a valid submission for form `name`."""
    return copy.deepcopy(_SUBMISSIONS[name])
