"""The condition language: parsing, errors with columns, evaluation, JSON Schema and JSON export."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eformkit.schema.expressions import (
    And,
    Compare,
    ConditionSyntaxError,
    InList,
    Literal,
    Not,
    Or,
    Ref,
    evaluate,
    parse_condition,
    refs,
    to_json,
    to_json_schema,
)

# -- parsing ---------------------------------------------------------------------------------------


def test_parse_comparison_keeps_columns() -> None:
    expr = parse_condition('request_kind == "tam_tru"')
    assert expr == Compare("==", Ref("request_kind", 1), Literal("tam_tru"), 14)


def test_parse_precedence_not_binds_tighter_than_and_than_or() -> None:
    expr = parse_condition("a or not b and c")
    assert isinstance(expr, Or)
    left, right = expr.operands
    assert left == Ref("a", 1)
    assert isinstance(right, And)
    assert right.operands[0] == Not(Ref("b", 10))
    assert right.operands[1] == Ref("c", 16)


def test_parse_parentheses_override_precedence() -> None:
    expr = parse_condition("(a or b) and c")
    assert isinstance(expr, And)
    assert isinstance(expr.operands[0], Or)


def test_parse_in_and_not_in_lists() -> None:
    expr = parse_condition('not (marital_status in ["married", "widowed"])')
    assert expr == Not(InList(Ref("marital_status", 6), (Literal("married"), Literal("widowed"))))
    neg = parse_condition("x not in [1, 2.5, null, true]")
    assert neg == InList(Ref("x", 1), (Literal(1), Literal(2.5), Literal(None), Literal(True)), negated=True)
    assert parse_condition("x in []") == InList(Ref("x", 1), ())


def test_parse_literals() -> None:
    assert parse_condition("n >= -1.5") == Compare(">=", Ref("n", 1), Literal(-1.5), 3)
    assert parse_condition("n < 10").right == Literal(10)  # type: ignore[union-attr]
    assert parse_condition("s == 'it\\'s'").right == Literal("it's")  # type: ignore[union-attr]
    assert parse_condition("b == false").right == Literal(False)  # type: ignore[union-attr]
    assert parse_condition("b == null").right == Literal(None)  # type: ignore[union-attr]
    assert parse_condition("true") == Literal(True)
    assert parse_condition("  false  ") == Literal(False)


def test_parse_dotted_paths_into_person_blocks() -> None:
    expr = parse_condition('bride.marital_status != "married"')
    assert isinstance(expr, Compare)
    assert expr.left.path == "bride.marital_status"


def test_refs_lists_every_reference_in_order() -> None:
    expr = parse_condition('a and (b.c == 1 or not d in ["x"]) and e')
    assert [r.path for r in refs(expr)] == ["a", "b.c", "d", "e"]
    assert refs(parse_condition("true")) == []


@pytest.mark.parametrize(
    ("text", "column", "fragment"),
    [
        ("a = 1", 3, "'='"),
        ("a ==", 5, "ends too early"),
        ("a == b", 6, "expected a value"),
        ("(a", 3, "ends too early"),
        ("a b", 3, "join conditions"),
        ("a in (1)", 6, "expected '['"),
        ("a in [1 2]", 9, "expected ','"),
        ("== 1", 1, "field name"),
        ("1 == a", 1, "field name"),
        ("and", 1, "field name"),
        ("a @ 1", 3, "'@'"),
        ('a == "open', 6, "'\"'"),
        ("a.b.", 4, "'.'"),
        ("   x ==", 8, "ends too early"),
        ("", 1, "empty"),
        ("   ", 1, "empty"),
        ("x" * 2001, 1, "too long"),
    ],
)
def test_syntax_errors_name_the_column(text: str, column: int, fragment: str) -> None:
    with pytest.raises(ConditionSyntaxError) as info:
        parse_condition(text)
    assert info.value.column == column
    assert fragment in info.value.message_en
    assert info.value.message_vi and info.value.message_vi != info.value.message_en


@pytest.mark.parametrize("text", ["(" * 600 + "a" + ")" * 600, "not " * 480 + "a", "(" * 300 + "not " * 100 + "a"])
def test_absurdly_nested_conditions_are_syntax_errors_not_crashes(text: str) -> None:
    with pytest.raises(ConditionSyntaxError) as info:
        parse_condition(text)
    assert "nested" in info.value.message_en


def test_reasonable_nesting_still_parses() -> None:
    expr = parse_condition("(" * 20 + "a" + ")" * 20)
    assert expr == Ref("a", 21)


def test_no_eval_names_are_only_field_paths() -> None:
    with pytest.raises(ConditionSyntaxError):
        parse_condition("__import__('os').system('true')")
    with pytest.raises(ConditionSyntaxError):
        parse_condition("a.__class__()")


# -- evaluation ------------------------------------------------------------------------------------

DATA: dict[str, Any] = {
    "kind": "tam_tru",
    "count": 3,
    "zero": 0,
    "empty": "",
    "flag": True,
    "off": False,
    "items": [],
    "bride": {"status": "single", "age": 30},
    "nothing": None,
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('kind == "tam_tru"', True),
        ('kind != "tam_tru"', False),
        ('kind == "x"', False),
        ("count > 2", True),
        ("count >= 3", True),
        ("count < 3", False),
        ("count <= 2.5", False),
        ("count == 3.0", True),
        ("kind > 1", False),  # ordering a string: never true
        ("count", True),
        ("zero", False),
        ("empty", False),
        ("items", False),
        ("off", False),
        ("missing", False),
        ("nothing", False),
        ("missing == null", True),
        ("nothing == null", True),
        ("kind == null", False),
        ("kind != null", True),
        ('missing != "x"', True),
        ('missing == "x"', False),
        ("missing > 0", False),
        ('kind in ["a", "tam_tru"]', True),
        ('kind not in ["a", "tam_tru"]', False),
        ('missing in ["a"]', False),
        ('missing not in ["a"]', True),
        ("missing in [null]", False),
        ('bride.status == "single"', True),
        ("bride.age > 18", True),
        ("bride.missing", False),
        ("kind.sub", False),  # a path through a non-object is absent
        ("kind.sub == null", True),
        ("flag and count > 1", True),
        ("off or zero", False),
        ("not off", True),
        ("not (flag and off)", True),
        ("true", True),
        ("false", False),
    ],
)
def test_evaluate(text: str, expected: bool) -> None:
    assert evaluate(parse_condition(text), DATA) is expected


@pytest.mark.parametrize(
    ("text", "data"),
    [
        ("x == 1", {"x": True}),
        ("x == 0", {"x": False}),
        ("x == true", {"x": 1}),
        ("x in [1]", {"x": True}),
        ("x in [true]", {"x": 1.0}),
        ("x > true", {"x": 2}),
        ("x >= false", {"x": 0}),
    ],
)
def test_booleans_are_not_numbers(text: str, data: dict[str, Any]) -> None:
    # JSON (and the compiled JSON Schema) keeps true and 1 apart; so must the Python evaluator.
    assert evaluate(parse_condition(text), data) is False


# -- export ------------------------------------------------------------------------------------------


def test_to_json_shapes() -> None:
    assert to_json(parse_condition('a == "x"')) == {"op": "==", "var": "a", "value": "x"}
    assert to_json(parse_condition("a")) == {"op": "truthy", "var": "a"}
    assert to_json(parse_condition("a not in [1, 2]")) == {"op": "not in", "var": "a", "value": [1, 2]}
    assert to_json(parse_condition("not (a or b > 1)")) == {
        "op": "not",
        "args": [{"op": "or", "args": [{"op": "truthy", "var": "a"}, {"op": ">", "var": "b", "value": 1}]}],
    }
    assert to_json(parse_condition("true and b")) == {
        "op": "and",
        "args": [{"op": "lit", "value": True}, {"op": "truthy", "var": "b"}],
    }


def test_to_json_schema_is_a_valid_2020_12_subschema() -> None:
    for text in ['a == "x"', "a.b > 1", "not (a in [1, 2]) or c", "a == null", "a > null", "a < 'x'"]:
        jsonschema.Draft202012Validator.check_schema(to_json_schema(parse_condition(text)))


def test_ordering_against_a_non_number_never_holds() -> None:
    for text in ["a > null", 'a <= "x"', "a >= true"]:
        schema = to_json_schema(parse_condition(text))
        for value in (0, 1, 5, "x", None, True):
            assert not jsonschema.Draft202012Validator(schema).is_valid({"a": value})


# -- property: evaluate == JSON Schema validity -----------------------------------------------------

PATHS = ["a", "b", "p.x", "p.y", "p.q.z"]
_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-2, max_value=3),
    st.sampled_from([0.0, 1.0, 1.5, -0.5]),
    st.sampled_from(["", "x", "y", "0"]),
)
_values = st.one_of(
    _scalars,
    st.lists(_scalars, max_size=2),
    st.dictionaries(st.sampled_from(["x", "y"]), _scalars, max_size=2),
)


@st.composite
def _data(draw: st.DrawFn) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in ("a", "b"):
        if draw(st.booleans()):
            out[key] = draw(_values)
    if draw(st.booleans()):
        if draw(st.integers(0, 3)) == 0:
            out["p"] = draw(_scalars)  # a block that is not an object: its sub-fields are absent
        else:
            p: dict[str, Any] = {}
            for key in ("x", "y"):
                if draw(st.booleans()):
                    p[key] = draw(_values)
            if draw(st.booleans()):
                p["q"] = draw(st.one_of(_scalars, st.fixed_dictionaries({}, optional={"z": _values})))
            out["p"] = p
    return out


_literal_text = st.sampled_from(["null", "true", "false", "0", "1", "2", "-1", "1.5", "0.0", '""', '"x"', '"y"', '"0"'])
_ref_text = st.sampled_from(PATHS)


def _atom() -> st.SearchStrategy[str]:
    compare = st.builds(
        lambda r, op, lit: f"{r} {op} {lit}",
        _ref_text,
        st.sampled_from(["==", "!=", "<", "<=", ">", ">="]),
        _literal_text,
    )
    in_list = st.builds(
        lambda r, neg, lits: f"{r} {'not in' if neg else 'in'} [{', '.join(lits)}]",
        _ref_text,
        st.booleans(),
        st.lists(_literal_text, max_size=3),
    )
    return st.one_of(_ref_text, compare, in_list, st.sampled_from(["true", "false"]))


_conditions = st.recursive(
    _atom(),
    lambda inner: st.one_of(
        st.builds(lambda e: f"not ({e})", inner),
        st.builds(lambda a, b: f"({a}) and ({b})", inner, inner),
        st.builds(lambda a, b: f"({a}) or ({b})", inner, inner),
    ),
    max_leaves=6,
)


@settings(max_examples=400, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_conditions, data=_data())
def test_evaluate_agrees_with_the_compiled_json_schema(text: str, data: dict[str, Any]) -> None:
    expr = parse_condition(text)
    schema = to_json_schema(expr)
    assert evaluate(expr, data) is jsonschema.Draft202012Validator(schema).is_valid(data), (text, data, schema)
