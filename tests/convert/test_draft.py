"""The draft YAML writer: any plain data it is given reads back equal, with no anchors."""

from __future__ import annotations

import math
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from eformkit.schema.convert.draft import dump_yaml

ODD = [
    "no", "yes", "Off", "null", "~", "<<", "=", "1_000", "0x1f", "1:20", ".inf", "2024-02-30", "- item",
    "key: value", "key:", "# not a comment", "a #b", "a#b", "  leading spaces", "trailing ", "line\nbreak",
    "\n\nblank lines\n", "tab\there", "u2028\u2028para\u2029", "nel\x85", "bom\ufeff", "\x00nul\x7f\x9f",
    "quote ' and \"", "back\\slash", "a" * 300, "Họ, chữ đệm, tên: ………… ☐", "|", ">", "@at", "%pct", "`", "12",
    "1e3", "", "...", "---", "line[2]", "?", "a: b: c", "\ufffe\uffff", "emoji 😀", "\U000e0001", "\u202e",
]  # fmt: skip

_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.sampled_from(ODD),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=20),
)
_keys = st.one_of(st.sampled_from(ODD), st.text(st.characters(blacklist_categories=("Cs",)), max_size=12))
_data = st.recursive(
    _scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys, inner, max_size=4), max_leaves=30
)


@settings(max_examples=300, derandomize=True, deadline=None, database=None)
@given(st.dictionaries(_keys, _data, max_size=5))
def test_any_plain_data_reads_back_equal(mapping: dict[str, Any]) -> None:
    text = dump_yaml(mapping)
    assert yaml.safe_load(text) == mapping
    assert yaml.load(text, Loader=yaml.CSafeLoader) == mapping  # the form loader's (libyaml) reads it the same


@pytest.mark.parametrize("value", ODD)
def test_odd_strings_as_keys_and_values(value: str) -> None:
    mapping = {value: value, "list": [value, {value: [value]}, [value]], "nested": {"x": {value: None}}}
    assert yaml.safe_load(dump_yaml(mapping)) == mapping


def test_shape_is_plain_block_yaml() -> None:
    mapping = {
        "form": "draft.x",
        "title": {"vi": "Tờ khai"},
        "sections": {"main": {"fields": {"ho_ten": {"label": "Họ, chữ đệm, tên", "options": [], "chars": [3, 9]}}}},
        "options": [{"value": "no", "label": "Không"}],
        "ratio": 0.5,
        "nan": math.inf,
    }
    assert dump_yaml(mapping) == (
        "form: draft.x\n"
        "title:\n"
        "  vi: Tờ khai\n"
        "sections:\n"
        "  main:\n"
        "    fields:\n"
        "      ho_ten:\n"
        "        label: Họ, chữ đệm, tên\n"
        "        options: []\n"
        "        chars:\n"
        "        - 3\n"
        "        - 9\n"
        "options:\n"
        '- value: "no"\n'
        "  label: Không\n"
        "ratio: 0.5\n"
        "nan: .inf\n"
    )
