"""JSON pointers: the one module that splits, escapes and walks them (the tamper check relies on it)."""

import pytest

from eformkit.pointers import MISSING, escape, from_parts, get, nested, parts, put, unescape


@pytest.mark.parametrize("token", ["a", "a/b", "a~b", "~1", "~01", "", "họ tên"])
def test_escape_round_trips(token: str) -> None:
    assert unescape(escape(token)) == token
    assert parts(from_parts([token])) == [token]


def test_slash_in_a_key_is_not_a_path() -> None:
    doc = {"mother": {"full_name": "A"}, "mother/full_name": "B"}
    assert get(doc, "/mother/full_name") == "A"
    assert get(doc, "/mother~1full_name") == "B"


def test_lists_take_only_decimal_indices() -> None:
    doc = {"rows": [{"x": 1}, {"x": 2}]}
    assert get(doc, "/rows/1/x") == 2
    assert get(doc, "/rows/01/x") is MISSING
    assert get(doc, "/rows/-/x") is MISSING
    assert get(doc, "/rows/2/x") is MISSING


def test_parts_refuses_a_relative_pointer() -> None:
    assert parts("") == []
    with pytest.raises(ValueError):
        parts("a/b")


def test_put_and_nested_build_objects() -> None:
    doc: dict[str, object] = {}
    put(doc, "/mother/full_name", "A")
    assert doc == {"mother": {"full_name": "A"}}
    assert nested({"/a/b": 1, "/a/c": 2, "/d": [1]}) == {"a": {"b": 1, "c": 2}, "d": [1]}
    assert from_parts(["members", 0, "full_name"]) == "/members/0/full_name"
