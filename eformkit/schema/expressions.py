"""The condition language of `visible_if` and conditional `required`.

A tiny, safe language parsed here (never `eval`): comparisons, `in [...]`, `and`/`or`/`not`,
parentheses, literals, and field paths. A parsed condition can be type-checked against the form's
fields, evaluated in Python, compiled to a JSON Schema subschema (for `if/then`) and exported as JSON
(for the browser's small evaluator).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "And",
    "Compare",
    "ConditionSyntaxError",
    "Expr",
    "InList",
    "Literal",
    "Not",
    "Or",
    "Ref",
    "evaluate",
    "parse_condition",
    "refs",
    "to_json",
    "to_json_schema",
]

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<num>-?\d+(?:\.\d+)?)
      | (?P<str>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
      | (?P<op>==|!=|<=|>=|<|>|\(|\)|\[|\]|,)
      | (?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)
    )""",
    re.VERBOSE,
)
_KEYWORDS = {"and", "or", "not", "in", "true", "false", "null"}
_MAX_LENGTH = 2000
_MAX_NESTING = 32  # parentheses and `not`s; the parser recurses, so bound it


class ConditionSyntaxError(ValueError):
    """A condition that does not parse; `column` is 1-based within the condition text."""

    def __init__(self, message_en: str, message_vi: str, column: int) -> None:
        super().__init__(message_en)
        self.message_en = message_en
        self.message_vi = message_vi
        self.column = column


@dataclass(frozen=True, slots=True)
class Ref:
    path: str
    column: int


@dataclass(frozen=True, slots=True)
class Literal:
    value: str | int | float | bool | None


@dataclass(frozen=True, slots=True)
class Compare:
    op: str
    left: Ref
    right: Literal
    column: int


@dataclass(frozen=True, slots=True)
class InList:
    left: Ref
    values: tuple[Literal, ...]
    negated: bool = False


@dataclass(frozen=True, slots=True)
class Not:
    operand: Expr


@dataclass(frozen=True, slots=True)
class And:
    operands: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Or:
    operands: tuple[Expr, ...]


Expr = Ref | Compare | InList | Not | And | Or | Literal


def _tokenize(text: str) -> list[tuple[str, str, int]]:
    tokens: list[tuple[str, str, int]] = []
    pos = 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            col = pos + 1 + (len(text[pos:]) - len(text[pos:].lstrip()))
            ch = text[col - 1]
            raise ConditionSyntaxError(
                f"unexpected character {ch!r} at column {col}; use ==, !=, <, >, in [...], and, or, not",
                f"ký tự không hợp lệ {ch!r} ở cột {col}; dùng ==, !=, <, >, in [...], and, or, not",
                col,
            )
        kind = m.lastgroup or ""
        value = m.group(kind)
        tokens.append((kind, value, m.start(kind) + 1))
        pos = m.end()
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokenize(text)
        self.i = 0
        self.end_col = len(text) + 1
        self.depth = 0

    def nest(self, col: int) -> None:
        self.depth += 1
        if self.depth > _MAX_NESTING:
            raise ConditionSyntaxError(
                f"condition is nested too deeply at column {col} (more than {_MAX_NESTING} levels); simplify it",
                f"điều kiện lồng nhau quá sâu ở cột {col} (quá {_MAX_NESTING} cấp); hãy viết đơn giản hơn",
                col,
            )

    def peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> tuple[str, str, int]:
        tok = self.peek()
        if tok is None:
            raise ConditionSyntaxError(
                "condition ends too early; finish the comparison",
                "điều kiện kết thúc quá sớm; hãy viết hết phép so sánh",
                self.end_col,
            )
        self.i += 1
        return tok

    def at(self, value: str) -> bool:
        tok = self.peek()
        return tok is not None and tok[1] == value and tok[0] in ("op", "name")

    def expect(self, value: str) -> None:
        _kind, got, col = self.take()
        if got != value:
            raise ConditionSyntaxError(
                f"expected '{value}' at column {col}, found '{got}'",
                f"cần '{value}' ở cột {col}, gặp '{got}'",
                col,
            )

    def parse(self) -> Expr:
        expr = self.parse_or()
        tok = self.peek()
        if tok is not None:
            raise ConditionSyntaxError(
                f"unexpected '{tok[1]}' at column {tok[2]}; join conditions with 'and' or 'or'",
                f"không mong đợi '{tok[1]}' ở cột {tok[2]}; nối điều kiện bằng 'and' hoặc 'or'",
                tok[2],
            )
        return expr

    def parse_or(self) -> Expr:
        parts = [self.parse_and()]
        while self.at("or"):
            self.take()
            parts.append(self.parse_and())
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def parse_and(self) -> Expr:
        parts = [self.parse_not()]
        while self.at("and"):
            self.take()
            parts.append(self.parse_not())
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def parse_not(self) -> Expr:
        if self.at("not"):
            self.nest(self.take()[2])
            inner = self.parse_not()
            self.depth -= 1
            return Not(inner)
        return self.parse_atom()

    def parse_literal(self) -> Literal:
        kind, value, col = self.take()
        if kind == "num":
            return Literal(float(value) if "." in value else int(value))
        if kind == "str":
            body = value[1:-1]
            return Literal(re.sub(r"\\(.)", r"\1", body))
        if kind == "name" and value in ("true", "false", "null"):
            return Literal({"true": True, "false": False, "null": None}[value])
        raise ConditionSyntaxError(
            f"expected a value (text in quotes, a number, true, false or null) at column {col}, found '{value}'",
            f"cần một giá trị (chuỗi trong dấu nháy, số, true, false, null) ở cột {col}, gặp '{value}'",
            col,
        )

    def parse_atom(self) -> Expr:
        kind, value, col = self.take()
        if kind == "op" and value == "(":
            self.nest(col)
            inner = self.parse_or()
            self.expect(")")
            self.depth -= 1
            return inner
        if kind == "name" and value not in _KEYWORDS:
            ref = Ref(value, col)
            nxt = self.peek()
            if nxt is not None and nxt[0] == "op" and nxt[1] in ("==", "!=", "<", "<=", ">", ">="):
                self.take()
                return Compare(nxt[1], ref, self.parse_literal(), nxt[2])
            negated = False
            if self.at("not") and self.i + 1 < len(self.tokens) and self.tokens[self.i + 1][1] == "in":
                self.take()
                negated = True
            if self.at("in"):
                self.take()
                self.expect("[")
                values: list[Literal] = []
                while not self.at("]"):
                    values.append(self.parse_literal())
                    if not self.at("]"):
                        self.expect(",")
                self.expect("]")
                return InList(ref, tuple(values), negated)
            return ref
        if kind == "name" and value in ("true", "false"):
            return Literal(value == "true")
        raise ConditionSyntaxError(
            f"expected a field name or '(' at column {col}, found '{value}'",
            f"cần tên trường hoặc '(' ở cột {col}, gặp '{value}'",
            col,
        )


def parse_condition(text: str) -> Expr:
    """Parse a condition; raise ConditionSyntaxError with a column on bad input."""
    if len(text) > _MAX_LENGTH:
        raise ConditionSyntaxError("condition is too long", "điều kiện quá dài", 1)
    if not text.strip():
        raise ConditionSyntaxError("condition is empty", "điều kiện rỗng", 1)
    return _Parser(text).parse()


def refs(expr: Expr) -> list[Ref]:
    """Every field reference in `expr`, in order."""
    if isinstance(expr, Ref):
        return [expr]
    if isinstance(expr, (Compare, InList)):
        return [expr.left]
    if isinstance(expr, Not):
        return refs(expr.operand)
    if isinstance(expr, (And, Or)):
        return [r for op in expr.operands for r in refs(op)]
    return []


def _get(data: Mapping[str, Any], path: str) -> Any:
    value: Any = data
    for part in path.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def _same(a: Any, b: Any) -> bool:
    """JSON equality: true is not 1 (Python says it is; JSON Schema's const/enum say it is not)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return bool(a == b)


def evaluate(expr: Expr, data: Mapping[str, Any]) -> bool:
    """Evaluate `expr` against submission data; a missing value is null, comparisons with null are false."""
    if isinstance(expr, Literal):
        return bool(expr.value)
    if isinstance(expr, Ref):
        return bool(_get(data, expr.path))
    if isinstance(expr, Not):
        return not evaluate(expr.operand, data)
    if isinstance(expr, And):
        return all(evaluate(e, data) for e in expr.operands)
    if isinstance(expr, Or):
        return any(evaluate(e, data) for e in expr.operands)
    if isinstance(expr, InList):
        value = _get(data, expr.left.path)
        found = value is not None and any(_same(value, v.value) for v in expr.values)
        return not found if expr.negated else found
    left = _get(data, expr.left.path)
    right = expr.right.value
    if expr.op == "==":
        return _same(left, right) if left is not None or right is None else False
    if expr.op == "!=":
        return not _same(left, right)
    if not isinstance(left, (int, float)) or not isinstance(right, (int, float)):
        return False
    if isinstance(left, bool) or isinstance(right, bool):
        return False
    ops: dict[str, Callable[[float, float], bool]] = {
        "<": lambda a, b: a < b,
        "<=": lambda a, b: a <= b,
        ">": lambda a, b: a > b,
        ">=": lambda a, b: a >= b,
    }
    return bool(ops[expr.op](left, right))


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _nest(path: str, leaf: dict[str, Any]) -> dict[str, Any]:
    """`{properties: {a: {type: object, properties: {b: leaf}, required: [b]}}, required: [a]}` for "a.b".

    Inner levels say `type: object`: a path through a non-object is absent, as in `evaluate`."""
    parts = path.split(".")
    schema = leaf
    for i, part in enumerate(reversed(parts)):
        schema = {"properties": {part: schema}, "required": [part]}
        if i < len(parts) - 1:
            schema = {"type": "object", **schema}
    return schema


def to_json_schema(expr: Expr) -> dict[str, Any]:
    """A JSON Schema subschema that holds exactly when `expr` is true (same semantics as `evaluate`)."""
    if isinstance(expr, Literal):
        return {} if expr.value else {"not": {}}
    if isinstance(expr, Ref):
        return _nest(expr.path, {"not": {"enum": [False, None, "", 0, [], {}]}})
    if isinstance(expr, Not):
        return {"not": to_json_schema(expr.operand)}
    if isinstance(expr, And):
        return {"allOf": [to_json_schema(e) for e in expr.operands]}
    if isinstance(expr, Or):
        return {"anyOf": [to_json_schema(e) for e in expr.operands]}
    if isinstance(expr, InList):
        positive = _nest(expr.left.path, {"enum": [v.value for v in expr.values if v.value is not None]})
        return {"not": positive} if expr.negated else positive
    right = expr.right.value
    if expr.op in ("==", "!="):
        eq = (
            _nest(expr.left.path, {"const": right})
            if right is not None
            else {"not": _nest(expr.left.path, {"not": {"const": None}})}
        )
        return eq if expr.op == "==" else {"not": eq}
    if not _is_number(right):
        return {"not": {}}  # ordering against null, text or a boolean never holds (as in `evaluate`)
    keyword = {"<": "exclusiveMaximum", "<=": "maximum", ">": "exclusiveMinimum", ">=": "minimum"}[expr.op]
    return _nest(expr.left.path, {"type": "number", keyword: right})


def to_json(expr: Expr) -> Any:
    """A JSON form of `expr` for the browser: `{"op": "==", "var": "a", "value": "x"}` and friends."""
    if isinstance(expr, Literal):
        return {"op": "lit", "value": expr.value}
    if isinstance(expr, Ref):
        return {"op": "truthy", "var": expr.path}
    if isinstance(expr, Not):
        return {"op": "not", "args": [to_json(expr.operand)]}
    if isinstance(expr, And):
        return {"op": "and", "args": [to_json(e) for e in expr.operands]}
    if isinstance(expr, Or):
        return {"op": "or", "args": [to_json(e) for e in expr.operands]}
    if isinstance(expr, InList):
        return {
            "op": "not in" if expr.negated else "in",
            "var": expr.left.path,
            "value": [v.value for v in expr.values],
        }
    return {"op": expr.op, "var": expr.left.path, "value": expr.right.value}
