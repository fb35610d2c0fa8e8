"""The JSON visibility rules of the UI schema, evaluated in Python (same semantics as `eform.js`).

Rules look like ``{"op": "==", "var": "a", "value": "x"}``, ``{"op": "and", "args": [...]}``,
``{"op": "in", "var": "a", "value": [...]}``, ``{"op": "truthy", "var": "a"}``. A missing value is
null; ordering comparisons with anything but numbers are false (as `eformkit.schema.expressions`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["evaluate_rule", "lookup"]


def lookup(data: Any, var: str) -> Any:
    """The value at a dotted field path (``mother.full_name``), or None."""
    node = data
    for part in var.split("."):
        if not isinstance(node, Mapping):
            return None
        node = node.get(part)
    return node


def _number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def evaluate_rule(rule: Any, data: Any) -> bool:
    """Evaluate a JSON rule against nested data; an unknown operator is false."""
    if not isinstance(rule, Mapping):
        return bool(rule)
    op = rule.get("op")
    if op == "and":
        return all(evaluate_rule(r, data) for r in rule.get("args") or ())
    if op == "or":
        return any(evaluate_rule(r, data) for r in rule.get("args") or ())
    if op == "not":
        args = rule.get("args") or [None]
        return not evaluate_rule(args[0], data)
    if op == "lit":
        return bool(rule.get("value"))
    left = lookup(data, str(rule.get("var", "")))
    right = rule.get("value")
    if op == "truthy":
        return bool(left)
    if op in ("in", "not in"):
        found = left is not None and any(left == v for v in right or ())
        return found if op == "in" else not found
    if op == "==":
        return bool(left == right) if left is not None or right is None else False
    if op == "!=":
        return bool(left != right)
    if not _number(left) or not _number(right):
        return False
    if op == "<":
        return bool(left < right)
    if op == "<=":
        return bool(left <= right)
    if op == ">":
        return bool(left > right)
    if op == ">=":
        return bool(left >= right)
    return False
