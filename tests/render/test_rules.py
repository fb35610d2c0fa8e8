"""The JSON visibility rules evaluate like the condition language."""

from __future__ import annotations

import pytest

from eformkit.render.rules import evaluate_rule
from eformkit.schema.expressions import evaluate, parse_condition, to_json

CASES = [
    'kind == "a"', 'kind != "a"', "n > 1", "n <= 1", 'kind in ["a", "b"]', 'not (kind in ["a"])', "flag",
    'flag and n >= 2', 'kind == "a" or flag', "p.name == \"x\"", "n < 1.5", "kind == null",
]  # fmt: skip
DATA = [{}, {"kind": "a", "n": 2, "flag": True}, {"kind": "b", "n": 1, "flag": False, "p": {"name": "x"}},
        {"kind": None, "n": "2", "flag": 0}, {"n": True}]  # fmt: skip


@pytest.mark.parametrize("text", CASES)
def test_same_as_expressions(text) -> None:
    expr = parse_condition(text)
    rule = to_json(expr)
    for data in DATA:
        assert evaluate_rule(rule, data) == evaluate(expr, data), (text, data)
