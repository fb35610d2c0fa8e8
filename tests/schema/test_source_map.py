"""Safe YAML loading with source positions: eformkit.schema.source_map."""

from __future__ import annotations

import pytest

from eformkit.pointers import escape as escape_pointer
from eformkit.schema.source_map import MAX_YAML_BYTES, SourceMap, load_yaml

TEXT = """\
form: vn.test.x
sections:
  main:
    fields:
      full_name: {label: "Họ tên"}
      list_items:
        - one
        - 'two'
"""


def test_values_and_positions_are_one_based_and_point_at_the_value() -> None:
    data, smap, problems = load_yaml(TEXT, "x.yaml")
    assert problems == []
    assert data["sections"]["main"]["fields"]["list_items"] == ["one", "two"]
    assert smap.file == "x.yaml"
    assert smap.positions[""] == (1, 1)
    assert smap.positions["/form"] == (1, 7)
    assert smap.positions["/sections/main/fields/full_name"] == (5, 18)
    assert smap.positions["/sections/main/fields/full_name/label"] == (5, 26)
    assert smap.positions["/sections/main/fields/list_items/1"] == (8, 11)


def test_key_positions_point_at_the_key() -> None:
    _data, smap, _ = load_yaml(TEXT)
    assert smap.key_positions["/sections/main/fields/full_name"] == (5, 7)
    assert smap.locate("/sections/main/fields/full_name", key=True) == (5, 7)
    assert smap.locate("/sections/main/fields/full_name") == (5, 18)


def test_locate_falls_back_to_the_nearest_located_ancestor() -> None:
    _data, smap, _ = load_yaml(TEXT)
    assert smap.locate("/sections/main/fields/full_name/help/en") == (5, 18)
    assert smap.locate("/nowhere/at/all") == (1, 1)
    assert SourceMap(None).locate("/a") == (None, None)


def test_quoted_scalars_are_remembered() -> None:
    _data, smap, _ = load_yaml(TEXT)
    assert "/sections/main/fields/full_name/label" in smap.quoted
    assert "/sections/main/fields/list_items/1" in smap.quoted
    assert "/sections/main/fields/list_items/0" not in smap.quoted


def test_pointer_tokens_are_escaped() -> None:
    assert escape_pointer("a/b~c") == "a~1b~0c"
    _data, smap, _ = load_yaml("'a/b': {'c~d': 1}\n")
    assert smap.positions["/a~1b/c~0d"] == (1, 16)


def test_duplicate_keys_are_reported_not_silently_overwritten() -> None:
    data, _smap, problems = load_yaml("a: 1\nb: 2\na: 3\n", "d.yaml")
    assert data == {"a": 3, "b": 2}  # data still comes back: the problem is not fatal
    assert [(p.code, p.line, p.column, p.pointer, p.fatal) for p in problems] == [("EFK-YAML-005", 3, 1, "/a", False)]
    assert "a" in problems[0].message_en and "a" in problems[0].message_vi


def test_aliases_are_refused() -> None:
    data, _smap, problems = load_yaml("x: &t {vi: A}\ny: *t\n")
    assert data is None
    assert [p.code for p in problems] == ["EFK-YAML-002"]
    assert problems[0].pointer == "/y"
    assert problems[0].fatal


def test_an_anchor_without_alias_is_harmless() -> None:
    data, _smap, problems = load_yaml("x: &t {vi: A}\n")
    assert data == {"x": {"vi": "A"}}
    assert problems == []


def test_billion_laughs_is_refused_quickly_without_expansion() -> None:
    lol = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        name = chr(ord("a") + i)
        lol.append(f"{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]")
    data, _smap, problems = load_yaml("\n".join(lol) + "\n")
    assert data is None
    assert [p.code for p in problems] == ["EFK-YAML-002"]


def test_size_limit() -> None:
    big = b"a: '" + b"x" * MAX_YAML_BYTES + b"'\n"
    data, _smap, problems = load_yaml(big)
    assert data is None
    assert [p.code for p in problems] == ["EFK-YAML-006"]
    assert str(MAX_YAML_BYTES) in problems[0].message_en
    just_under = b"a: '" + b"x" * (MAX_YAML_BYTES - 100) + b"'\n"
    assert load_yaml(just_under)[2] == []


@pytest.mark.parametrize("raw", [b"a: \xff\xfe\n", b"\xc3\x28: 1\n", "a: ả".encode("utf-16")])
def test_bad_utf8_is_a_clear_problem(raw: bytes) -> None:
    data, _smap, problems = load_yaml(raw)
    assert data is None
    assert [p.code for p in problems] == ["EFK-YAML-001"]
    assert "UTF-8" in problems[0].message_en


def test_utf8_bom_is_accepted_and_text_is_nfc() -> None:
    data, _smap, problems = load_yaml("\ufeffa: 'Cu\u0300'\n".encode())
    assert problems == []
    assert data == {"a": "Cù"}  # decomposed u + grave accent became one code point
    assert len(data["a"]) == 2


def test_keys_are_nfc_too() -> None:
    data, _smap, _ = load_yaml("'nu\u031b\u0303': 1\n")
    assert list(data) == ["nữ"]


def test_nesting_limit() -> None:
    ok = "a: " + "[" * 64 + "]" * 64
    assert load_yaml(ok)[2] == []
    data, _smap, problems = load_yaml("a: " + "[" * 65 + "]" * 65)
    assert data is None
    assert [p.code for p in problems] == ["EFK-YAML-003"]
    assert problems[0].line == 1


def test_absurd_nesting_is_a_syntax_problem_not_a_crash() -> None:
    data, _smap, problems = load_yaml("a: " + "[" * 100_000 + "]" * 100_000)
    assert data is None
    assert [p.code for p in problems] in (["EFK-YAML-001"], ["EFK-YAML-003"])


def test_syntax_error_has_line_and_column() -> None:
    data, _smap, problems = load_yaml("a: 1\nb: {c: 2\nd: 3\n", "s.yaml")
    assert data is None
    (p,) = problems
    assert p.code == "EFK-YAML-001"
    assert p.line == 3 and p.column is not None
    assert "indentation" in p.message_en and "thụt lề" in p.message_vi


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "EFK-YAML-001"),  # empty file
        ("a: 1\n---\nb: 2\n", "EFK-YAML-001"),  # two documents
        ("a: !!python/name:os.system\n", "EFK-YAML-001"),  # unsafe tag: never constructed
        ("a: !!binary aGVsbG8=\n", "EFK-YAML-004"),
        ("? [x, y]\n: 1\n", "EFK-YAML-004"),  # complex key
    ],
)
def test_refused_documents(text: str, code: str) -> None:
    data, _smap, problems = load_yaml(text)
    assert data is None
    assert [p.code for p in problems] == [code]


def test_tags_on_collections_are_ignored_never_constructed() -> None:
    # Only scalars go through the (safe) constructor; a tagged sequence is read as plain data.
    data, _smap, problems = load_yaml("a: !!python/object/apply:os.system ['true']\n")
    assert problems == []
    assert data == {"a": ["true"]}


def test_dates_stay_text() -> None:
    data, _smap, _ = load_yaml("d: 2024-01-02\nt: 2024-01-02T03:04:05\nn: 12\nb: true\nz: null\n")
    assert data == {"d": "2024-01-02", "t": "2024-01-02T03:04:05", "n": 12, "b": True, "z": None}


def test_bytes_and_str_give_the_same_result() -> None:
    assert load_yaml(TEXT)[0] == load_yaml(TEXT.encode())[0]


# -- values that look like dates or numbers but cannot be used (issue 11) ---------------------------------


def test_a_date_that_is_no_calendar_date_stays_text_for_the_model_to_report() -> None:
    data, _smap, problems = load_yaml("legal_basis: {effective: 2024-02-30}\nother: 2024-02-29\n", "x.yaml")
    assert problems == []
    assert data == {"legal_basis": {"effective": "2024-02-30"}, "other": "2024-02-29"}


@pytest.mark.parametrize(
    ("literal", "what"),
    [
        ("9" * 5000, "5000 characters"),  # past Python's int-to-text limit: never converted
        ("-" + "9" * 5000, "5001 characters"),
        ("0x" + "f" * 5000, "5002-character integer"),  # base 16 converts, but printing it would not
        (str(2**53), "16-character integer"),
        (".nan", ".nan"),
        ("-.inf", "-.inf"),
        ("1.0e+999", "1.0e+999"),
    ],
)
def test_an_unusable_number_is_a_located_finding_never_a_crash(literal: str, what: str) -> None:
    data, _smap, problems = load_yaml(f"form: x\nlimit:\n  value: {literal}\n", "x.yaml")
    assert data == {"form": "x", "limit": {"value": None}}
    (problem,) = problems
    assert (problem.code, problem.pointer, problem.line, problem.column) == ("EFK-VALUE-002", "/limit/value", 3, 10)
    assert not problem.fatal
    assert what in problem.message_en and problem.message_vi
    assert "9999" not in problem.message_en and "ffff" not in problem.message_en  # the size, never the digits


def test_numbers_in_the_exact_range_load_as_numbers() -> None:
    data, _smap, problems = load_yaml(f"a: {2**53 - 1}\nb: -{2**53 - 1}\nc: 1.5e+300\nd: true\n")
    assert problems == []
    assert data == {"a": 2**53 - 1, "b": -(2**53 - 1), "c": 1.5e300, "d": True}
