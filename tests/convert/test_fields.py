"""Draft ids and bindings (issue 11): every draft passes `check` with warnings at most."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from conv_check import draft_errors, pack

from eformkit.schema.convert.fields import UniqueIds
from eformkit.schema.convert.pipeline import ConversionResult, convert_document
from eformkit.schema.convert.text_reader import read_text_bytes

SNAKE = re.compile(r"[a-z][a-z0-9_]*")


def _convert(text: str) -> ConversionResult:
    return convert_document(read_text_bytes(text.encode("utf-8"), "t.txt"), pack().vocabulary)


@pytest.mark.parametrize("text", ["þ}đ☐", "_ _ ☐", "}} 2 ☐", "Đ__đ: ......", "ÿ: ....\nÿ: ....", "__: ....\n1: ...."])
def test_ids_from_odd_labels_are_snake_case(text: str) -> None:
    result = _convert(text)
    assert result.fields and all(SNAKE.fullmatch(f.id) for f in result.fields), [f.id for f in result.fields]
    assert draft_errors(result.yaml_text) == []


@pytest.mark.parametrize(
    ("text", "suggested"),
    [
        ("Họ và tên: Có ☐ Không ☐", "applicant.full_name"),
        ("Số CCCD: ☐ Có ☐ Không", "applicant.personal_id"),
    ],
)
def test_boxes_are_not_bound_to_a_name_or_an_id(text: str, suggested: str) -> None:
    result = _convert(text)
    (field,) = result.fields
    assert field.type == "choice" and field.element is None
    assert any(suggested in reason for reason in field.reasons), field.reasons  # the author still sees it
    assert draft_errors(result.yaml_text) == []


def test_boxes_still_bind_a_choice_element() -> None:
    (field,) = _convert("Giới tính: Nam ☐ Nữ ☐").fields
    assert field.element == "applicant.sex"


def test_unique_ids_count_on() -> None:
    ids = UniqueIds()
    assert [ids.claim("ho_ten") for _ in range(3)] == ["ho_ten", "ho_ten_2", "ho_ten_3"]
    assert ids.claim("ho_ten_4") == "ho_ten_4"
    assert ids.claim("ho_ten") == "ho_ten_5"  # a suffix taken as a base is skipped
    assert ids.claim("_d") == "d" and ids.claim("2") == "f_2" and ids.claim("") == "field"
    assert "ho_ten_5" in ids


def test_many_identical_labels_get_distinct_ids() -> None:
    result = _convert("Họ và tên: ........\n" * 3000)
    ids = [f.id for f in result.fields]
    assert len(ids) == 3000 and len(set(ids)) == 3000 and ids[-1] == "full_name_3000"
