"""Validate a submission against a catalogue form and print every issue, in Vietnamese or English.

    python examples/validate_submission.py                      # a built-in example with three mistakes
    python examples/validate_submission.py submission.json en   # your own submission (JSON), English

Exit status 0 when the submission is valid, 1 when it is not. The report holds every issue with its JSON
pointer, the field's label on the paper and a message that says how to fix it; `report.data` is the
cleaned submission (NFC text, canonical phone numbers) to store.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import eformkit
from eformkit.shipped import shipped_form

EXAMPLE = {
    "full_name": "Nguyễn Thị Hương",
    "date_of_birth": "1990-04-12",
    "sex": "female",
    "personal_id": "066190012345",
    "phone": "0905 123 456",
    "household_head_name": "Trần Văn Đức",
    "relationship_to_head": "cousin",  # not in the list
    "household_head_personal_id": "06608800451",  # 11 digits
    "request_content": "Đăng ký thường trú vào hộ ông Trần Văn Đức.",
    # request_kind is missing
}


def main(argv: list[str]) -> int:
    data = json.loads(Path(argv[0]).read_text(encoding="utf-8")) if argv else EXAMPLE
    lang = argv[1] if len(argv) > 1 else "vi"
    form_path = shipped_form("vn.bca.ct01")
    assert form_path is not None, "the catalogue is not in this install"
    form = eformkit.load_form(form_path)
    report = form.validate(data, lang=lang)
    for issue in report.issues:
        print(f"{issue.pointer} ({issue.label}): {issue.severity}: {issue.message}")
    print("valid" if report.valid else f"{len(report.errors)} error(s)")
    return 0 if report.valid else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
