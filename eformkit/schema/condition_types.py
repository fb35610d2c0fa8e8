"""Author-time checks of a parsed condition against the form's fields: names, choice values, types."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from eformkit.schema.expressions import Compare, Expr, InList, Literal, refs
from eformkit.schema.suggest import suggestion_text

if TYPE_CHECKING:
    from eformkit.schema.resolve import ResolvedField

__all__ = ["check_condition"]

_NUMERIC = {"integer", "number", "money"}
_TEXTUAL = {"text", "long_text", "personal_id", "phone", "email", "tax_code", "date", "choice", "computed"}


def _literals(expr: Expr) -> Iterator[tuple[str, str, Literal]]:
    """(field path, operator, literal) for every comparison in `expr`."""
    if isinstance(expr, Compare):
        yield expr.left.path, expr.op, expr.right
    elif isinstance(expr, InList):
        for v in expr.values:
            yield expr.left.path, "in", v
    else:
        for child in getattr(expr, "operands", ()) or (
            (getattr(expr, "operand", None),) if hasattr(expr, "operand") else ()
        ):
            if child is not None:
                yield from _literals(child)


def check_condition(
    expr: Expr, fields: Mapping[str, ResolvedField], self_path: str | None
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield (finding code, template params) for each problem in `expr`."""
    for ref in refs(expr):
        if ref.path == self_path:
            yield "EFK-EXPR-005", {"name": ref.path, "offset": ref.column}
        elif ref.path not in fields:
            yield (
                "EFK-EXPR-002",
                {"name": ref.path, "suggestion": suggestion_text(ref.path, fields), "offset": ref.column},
            )
    for path, op, lit in _literals(expr):
        f = fields.get(path)
        if f is None:
            continue
        if lit.value is None:
            if op in ("<", "<=", ">", ">="):
                yield (
                    "EFK-EXPR-004",
                    {
                        "name": path,
                        "type": f.type,
                        "value": None,
                        "detail": "null cannot be ordered; use == null or != null",
                        "detail_vi": "null không so sánh lớn/nhỏ được; dùng == null hoặc != null",
                    },
                )
            continue
        value = lit.value
        if f.type == "multi_choice":
            yield (
                "EFK-EXPR-004",
                {
                    "name": path,
                    "type": f.type,
                    "value": value,
                    "detail": "a multi-choice value is a list; test it as a whole ('name' or 'not name')",
                    "detail_vi": "giá trị chọn nhiều là một danh sách; chỉ kiểm tra có/không ('name' hoặc 'not name')",
                },
            )
        elif f.type == "choice" and f.choices is not None:
            values = f.choices.values()
            if not isinstance(value, str) or value not in values:
                yield (
                    "EFK-EXPR-003",
                    {
                        "value": value,
                        "name": path,
                        "list": f.list_name or "options",
                        "suggestion": suggestion_text(str(value), values),
                    },
                )
            elif op in ("<", "<=", ">", ">="):
                yield (
                    "EFK-EXPR-004",
                    {
                        "name": path,
                        "type": f.type,
                        "value": value,
                        "detail": "choices cannot be ordered; use == or in [...]",
                        "detail_vi": "lựa chọn không so sánh lớn/nhỏ được; dùng == hoặc in [...]",
                    },
                )
        elif f.type in _NUMERIC and (isinstance(value, (str, bool))):
            yield (
                "EFK-EXPR-004",
                {
                    "name": path,
                    "type": f.type,
                    "value": value,
                    "detail": "compare it with a number",
                    "detail_vi": "hãy so sánh với một số",
                },
            )
        elif f.type in ("boolean", "declaration") and not isinstance(value, bool):
            yield (
                "EFK-EXPR-004",
                {
                    "name": path,
                    "type": f.type,
                    "value": value,
                    "detail": "compare it with true or false",
                    "detail_vi": "hãy so sánh với true hoặc false",
                },
            )
        elif f.type in _TEXTUAL and op in ("<", "<=", ">", ">="):
            yield (
                "EFK-EXPR-004",
                {
                    "name": path,
                    "type": f.type,
                    "value": value,
                    "detail": "text cannot be ordered; use == or in [...]",
                    "detail_vi": "chuỗi không so sánh lớn/nhỏ được; dùng == hoặc in [...]",
                },
            )
        elif f.type in _TEXTUAL and not isinstance(value, str):
            yield (
                "EFK-EXPR-004",
                {
                    "name": path,
                    "type": f.type,
                    "value": value,
                    "detail": "compare it with text in quotes",
                    "detail_vi": "hãy so sánh với chuỗi trong dấu nháy",
                },
            )
        elif f.type in ("person", "table", "address", "attachment", "signature", "note"):
            yield (
                "EFK-EXPR-004",
                {
                    "name": path,
                    "type": f.type,
                    "value": value,
                    "detail": "name one of its sub-fields instead",
                    "detail_vi": "hãy dùng một trường con",
                },
            )
