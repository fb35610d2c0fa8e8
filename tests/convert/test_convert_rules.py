"""The converter's composite rules, each on its own fixture (tests/convert/fixtures/07_* and later):
English dates, address parts, areas for officials, captions under signature lines."""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from conv_builder import build, load_specs

from eformkit.schema.convert import ConversionResult, convert_template
from eformkit.schema.definition import FormDefinition


def _convert(name: str, tmp_path: Path) -> ConversionResult:
    spec = next(s for s in load_specs() if s["name"] == name)
    result = convert_template(build(spec, tmp_path))
    FormDefinition.model_validate(yaml.safe_load(result.yaml_text))
    return result


def test_english_dates_name_their_pieces(tmp_path: Path) -> None:
    result = _convert("english_dates_docx", tmp_path)
    dates = {f.blank.block: f for f in result.fields if f.blank.encoding == "date"}
    assert dates[1].anchor["date_order"] == ["month_day", "year2"]
    assert dates[1].anchor["piece_kind"] == "underline" and len(dates[1].anchor["parts"]) == 2
    assert dates[2].anchor["date_order"] == ["day", "month", "year2"]
    assert dates[3].anchor["date_order"] == ["day", "month", "year"]
    assert dates[4].anchor["piece_kind"] == "dots" and all("chars" in p for p in dates[4].anchor["parts"])
    assert dates[5].anchor["date_order"] == ["day", "month", "year"]
    assert dates[5].anchor["piece_kind"] == "content_control"
    assert dates[6].anchor["date_order"] == ["month", "day", "year"]
    assert all(f.type == "date" or f.element for f in dates.values())


def test_address_parts_are_one_address_field(tmp_path: Path) -> None:
    result = _convert("address_parts_docx", tmp_path)
    addresses = [f for f in result.fields if f.blank.encoding == "address"]
    assert [f.element for f in addresses] == [
        "applicant.permanent_residence",
        "applicant.temporary_residence",
        "applicant.current_residence",
        "applicant.birth_registration_place",
        "mother.permanent_residence",
        None,
        None,
    ]
    wrapped = addresses[2]
    assert wrapped.label == "Nơi ở hiện tại" and wrapped.number == "5"
    anchor = wrapped.anchor
    assert anchor["kind"] == "address" and anchor["path"] == anchor["parts"][0]["path"]
    assert [p["address_part"] for p in anchor["parts"]] == ["detail", "commune", "province"]
    assert [p["kind"] for p in anchor["parts"]] == ["tab_leader"] * 3
    dots = addresses[0].anchor["parts"]
    assert [p["label"] for p in dots] == ["Xã/Phường", "Tỉnh/Thành phố"] and all("chars" in p for p in dots)
    assert [p["address_part"] for p in addresses[3].anchor["parts"]] == ["detail", "commune", "district", "province"]
    unbound = addresses[6]
    assert unbound.type == "address" and unbound.label.startswith("Nhận kết quả")
    assert any("address parts" in r for r in unbound.reasons)
    section = next(iter(result.mapping["sections"].values()))["fields"]
    assert section[wrapped.id]["prefill"] == "applicant.current_residence" and "type" not in section[wrapped.id]
    lone = next(f for f in result.fields if f.label == "Xã (nơi nộp hồ sơ)")
    assert lone.blank.encoding == "dots" and lone.element is None


def test_signature_lines_take_their_caption(tmp_path: Path) -> None:
    result = _convert("signature_captions_docx", tmp_path)
    lines = {(f.blank.block, f.label) for f in result.fields if f.blank.encoding in ("underline", "dots")}
    assert {(2, "Người kê khai"), (2, "Người làm chứng"), (5, "Ký, ghi rõ họ tên"), (7, "Testator’s Name")} <= lines
    captioned = next(f for f in result.fields if f.label == "Người làm chứng")
    assert any("label taken from around" in r for r in captioned.reasons)
    assert captioned.blank.caption == "Người làm chứng" and not captioned.blank.left.strip()


def test_official_areas_are_left_out_and_reported(tmp_path: Path) -> None:
    result = _convert("official_areas_docx", tmp_path)
    labels = {f.label for f in result.fields}
    assert not labels & {"Cơ quan trả lời", "Số xác nhận", "Receipt number", "Notary Public", "My commission expires"}
    assert {"Email", "Họ, chữ đệm và tên chủ hộ", "County of", "Grantor"} <= labels
    warnings = "\n".join(result.report.warnings)
    assert "3 blank(s) under 'KẾT QUẢ XÁC MINH'" in warnings
    assert "1 blank(s) under 'Xác nhận của Ủy ban nhân dân cấp xã'" in warnings
    assert "3 blank(s) in table cells for officials" in warnings
    assert "2 blank(s) for a notary or official" in warnings
