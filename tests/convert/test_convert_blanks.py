"""Blank-detection patterns measured as misses on real forms (issue 12, item 6), each on its own fixture:
text fixtures inline, Word fixtures built in code with conv_builder."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from conv_builder import build_docx

from eformkit.schema.convert import ConversionResult, convert_template
from eformkit.schema.convert.fields import DraftField
from eformkit.schema.definition import FormDefinition


def _convert(path: Path) -> ConversionResult:
    result = convert_template(path)
    FormDefinition.model_validate(yaml.safe_load(result.yaml_text))  # every draft stays a valid definition
    return result


def _text(source: str, tmp_path: Path, name: str = "form") -> ConversionResult:
    path = tmp_path / f"{name}.txt"
    path.write_text(source, encoding="utf-8")
    return _convert(path)


def _docx(body: list[dict[str, Any]], tmp_path: Path, name: str = "form") -> ConversionResult:
    return _convert(build_docx({"name": name, "body": body}, tmp_path / f"{name}.docx"))


def _by_label(result: ConversionResult) -> dict[str, DraftField]:
    return {f.label: f for f in result.fields}


# -- (g) the citizen's signing date inside an officials' area --------------------------------------------

SIGNING = """ĐƠN XIN MIỄN GIẢM HỌC PHÍ
Họ và tên: ……………………………
Xác nhận của Khoa
(hoặc bộ phận Quản lý sinh viên)
Ý kiến của Khoa: ……………………………

……………, ngày …… tháng …… năm ……

Người làm đơn
(Ký tên và ghi rõ họ tên)
"""


def test_citizen_signing_date_is_kept_under_an_officials_heading(tmp_path: Path) -> None:
    result = _text(SIGNING, tmp_path)
    assert [(f.blank.block, f.blank.encoding) for f in result.fields] == [(1, "dots"), (6, "dots"), (6, "date")]
    assert "1 blank(s) under 'Xác nhận của Khoa'" in "\n".join(result.report.warnings)


def test_officials_own_date_stays_left_out(tmp_path: Path) -> None:
    source = SIGNING.replace("Người làm đơn", "TRƯỞNG KHOA")
    result = _text(source, tmp_path)
    assert [f.blank.block for f in result.fields] == [1]
    assert "3 blank(s) under 'Xác nhận của Khoa'" in "\n".join(result.report.warnings)
