"""Generate realistic form definitions for the checker benchmark.

Each form has ~30 fields in 4 sections: registry-bound declarant fields (short and long prefill forms),
a person block from a shared block, a household table bound to a collection, choice fields on shared
and form-level lists, conditions (`visible_if`, conditional `required`, a hidden section), constraints
with author messages, an attachment, a computed field and a declaration: what the catalogue holds.
Deterministic for a given seed. Run as a script to write forms into a folder:

    python benchmarks/_gen.py OUT_DIR [COUNT]
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

_APPLICANT = [
    ("full_name", "applicant.full_name"),
    ("date_of_birth", "applicant.date_of_birth"),
    ("sex", "applicant.sex"),
    ("personal_id", "applicant.personal_id"),
    ("ethnicity", "applicant.ethnicity"),
    ("nationality", "applicant.nationality"),
    ("permanent_residence", "applicant.permanent_residence"),
    ("current_residence", "applicant.current_residence"),
    ("marital_status", "applicant.marital_status"),
    ("occupation", "applicant.occupation"),
]
_ROLES = [("mother", "Người mẹ", "Mother"), ("father", "Người cha", "Father"), ("spouse", "Vợ/chồng", "Spouse")]
_BLOCKS = ["person_basic", "parent", "identity_document"]
_REQUEST_LISTS = [("residence_request_kind", "other"), ("criminal_record_certificate_type", "type_2")]
_FREE_TEXT = [
    ("reason", "Lý do", "Reason"),
    ("details", "Nội dung chi tiết", "Details"),
    ("remarks", "Ghi chú thêm", "Further remarks"),
    ("attached_documents", "Giấy tờ kèm theo", "Attached documents"),
    ("receiving_office", "Nơi nhận kết quả", "Where to collect the result"),
]


def form_text(index: int, seed: int = 2025) -> str:
    """The YAML text of generated form number `index`."""
    rng = random.Random(seed * 100_003 + index)
    lines = [
        f"# Generated form {index} (benchmarks/_gen.py)",
        f"form: vn.bench.form_{index:05d}",
        f'code: "B{index:05d}"',
        f'version: "2025.{index % 7 + 1}"',
        f"title: {{vi: Tờ khai thử nghiệm số {index}, en: Benchmark declaration {index}}}",
        f"legal_basis: {{instrument: Thông tư {index % 90 + 1}/2025/TT-BTEST, effective: 2025-07-01, grade: V}}",
        "addressee: {vi: Ủy ban nhân dân cấp xã, en: Commune People's Committee}",
        "purpose: benchmark",
        f"hidden_values: {rng.choice(['drop', 'keep'])}",
        "lists:",
        "  delivery:",
        "    label: {vi: Hình thức nhận, en: Delivery}",
        "    options:",
        "      - {value: counter, label: {vi: Nhận trực tiếp, en: At the counter}}",
        "      - {value: post, label: {vi: Qua bưu điện, en: By post}}",
        "      - {value: online, label: {vi: Bản điện tử, en: Electronic copy}}",
        "sections:",
        "  declarant:",
        "    title: {vi: Thông tin người khai, en: Declarant}",
        "    fields:",
    ]
    applicant = rng.sample(_APPLICANT, k=8)
    for i, (fid, element) in enumerate(applicant):
        if i % 3 == 2:
            lines.append(f"      {fid}: {{prefill: {{element: {element}, lock: never, on_missing: ask}}}}")
        else:
            lines.append(f'      {fid}: {{number: "{i + 1}", prefill: {element}}}')
    lines += [
        "      mobile_phone: {prefill: {element: applicant.mobile_phone, lock: never}}",
        "      email: {prefill: {element: applicant.email, lock: never}, required: false}",
    ]
    role, role_vi, role_en = rng.choice(_ROLES)
    block = rng.choice(_BLOCKS)
    lines += [
        "  related:",
        "    title: {vi: Người có liên quan, en: Related person}",
        "    fields:",
        f"      {role}:",
        "        type: person",
        f"        role: {role}",
        f"        block: {block}",
        f"        label: {{vi: {role_vi}, en: {role_en}}}",
        "      members:",
        "        label: {vi: Những thành viên trong hộ gia đình, en: Household members}",
        "        rows: {prefill: household.members, pick: true}",
        "        columns: [full_name, date_of_birth, sex, personal_id, relationship_to_household_head]",
        "        required: false",
        f"        max_rows: {rng.randint(5, 30)}",
    ]
    request_list, trigger = rng.choice(_REQUEST_LISTS)
    lines += [
        "  request:",
        "    title: {vi: Nội dung đề nghị, en: Request}",
        "    fields:",
        "      request_kind:",
        "        type: choice",
        f"        list: {request_list}",
        "        label: {vi: Nội dung đề nghị, en: Request}",
        "        help: {vi: Ghi rõ nội dung đề nghị, en: State the request}",
        "      request_details:",
        "        type: long_text",
        "        label: {vi: Nội dung cụ thể, en: Details of the request}",
        f'        visible_if: request_kind == "{trigger}"',
        "        constraints:",
        "          - {rule: min_length, value: 10, message: {vi: Ghi rõ hơn, en: Please give more detail}}",
        "      copies:",
        "        type: integer",
        "        label: {vi: Số bản, en: Copies}",
        "        default: 1",
        "        constraints:",
        "          - {rule: minimum, value: 1}",
        f"          - {{rule: maximum, value: {rng.randint(3, 10)}}}",
        "      copies_reason:",
        "        type: text",
        "        label: {vi: Lý do cần nhiều bản, en: Why several copies}",
        "        required: copies > 2",
        "      delivery:",
        "        type: choice",
        "        list: delivery",
        "        label: {vi: Hình thức nhận, en: Delivery}",
        "      delivery_address:",
        "        type: address",
        "        label: {vi: Địa chỉ nhận, en: Delivery address}",
        '        visible_if: delivery == "post"',
        "      fee:",
        "        type: money",
        "        label: {vi: Lệ phí, en: Fee}",
        "        required: false",
        "      fee_in_words:",
        "        type: computed",
        "        label: {vi: Lệ phí bằng chữ, en: Fee in words}",
        "        compute: {function: amount_in_words, of: fee}",
    ]
    for fid, vi, en in rng.sample(_FREE_TEXT, k=3):
        lines.append(f"      {fid}: {{type: text, label: {{vi: {vi}, en: {en}}}, required: false}}")
    lines += [
        "  foreign:",
        "    title: {vi: Thông tin bổ sung, en: Additional information}",
        '    visible_if: delivery in ["post", "online"] and not (copies > 5)',
        "    fields:",
        "      reference_code:",
        "        type: text",
        "        label: {vi: Mã hồ sơ, en: File reference}",
        "        constraints:",
        '          - {rule: pattern, value: "^[A-Z0-9-]{6,20}$", message: {vi: Mã không hợp lệ, en: Invalid code}}',
        "      identity_copy:",
        "        type: attachment",
        "        document_type: citizen_id_card",
        "        label: {vi: Bản sao căn cước, en: Copy of the identity card}",
        "        required: false",
        "  signature:",
        "    title: {vi: Cam đoan, en: Declaration}",
        "    fields:",
        "      accept:",
        "        type: declaration",
        "        label: {vi: Cam đoan, en: Declaration}",
        "        text: {vi: Tôi cam đoan những nội dung trên là đúng sự thật., en: I declare the above is true.}",
        "      signed:",
        "        type: signature",
        "        label: {vi: Nơi ký và ngày ký, en: Place and date}",
        "        required: false",
    ]
    return "\n".join(lines) + "\n"


def write_forms(out: Path, count: int, seed: int = 2025) -> list[Path]:
    """Write `count` generated forms into `out`; return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = out / f"form_{i:05d}.yaml"
        path.write_text(form_text(i, seed), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    written = write_forms(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 1000)
    print(f"wrote {len(written)} forms to {sys.argv[1]}")
