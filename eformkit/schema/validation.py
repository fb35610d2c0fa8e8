"""Submission validation: every problem, with pointer, field label and a message in vi or en.

Pipeline for one submission:
1. guard the input (must be an object), normalise text to NFC, treat "", white space alone and null as
   absent, refuse what JSON cannot carry exactly (NaN, integers beyond 2**53 - 1, lone surrogates);
2. apply the form's hidden-value policy: values of fields whose `visible_if` is false are dropped
   (reported) or kept;
3. JSON Schema validation on a validator compiled once per form (jsonschema-rs when installed, else
   the `jsonschema` reference); a valid submission costs one `is_valid` call;
4. domain rules registered per field type (personal ID, phone, tax code, address, calendar dates).
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from unicodedata import is_normalized as _is_nfc
from unicodedata import normalize as _normalize

from eformkit.pointers import from_parts, value_at
from eformkit.schema.compiler import NON_BLANK, PART_TITLES, PLAIN_TEXT_PATTERNS
from eformkit.schema.computed import apply_computed
from eformkit.schema.expressions import evaluate
from eformkit.schema.resolve import ResolvedField
from eformkit.schema.rules import RuleContext, rules_for, same_person_paths
from eformkit.schema.source_map import MAX_EXACT_INTEGER
from eformkit.schema.validation_backends import Backend, available_backends, make_backend
from eformkit.schema.validation_guard import CleanGuard
from eformkit.schema.validation_messages import message_for
from eformkit.schema.validation_report import ValidationIssue, ValidationReport

if TYPE_CHECKING:
    from eformkit.schema.form import Form

__all__ = ["Backend", "FormValidator", "ValidationIssue", "ValidationReport", "available_backends", "validator_for"]


_MAX_DEPTH = 32  # a real submission nests a few levels (block, table row, address); junk can nest thousands
# Integers beyond it change on their way through a browser; past 4,300 digits Python cannot even print them
# and jsonschema-rs misjudges them (10**5000 passes `maximum: 1`). Cleaning refuses them.
_MAX_INT = MAX_EXACT_INTEGER


class _Unusable(Exception):
    """The submission holds a value JSON cannot (a set, bytes, a non-text key) or nests too deeply."""


def _clean(value: Any, depth: int = 0) -> Any:
    """NFC strings; drop "", blank (white space only) and null members so that "left blank" means absent.

    Raises on what JSON cannot carry: nesting past _MAX_DEPTH, NaN/Infinity (json.loads accepts them),
    lone surrogates (json.loads makes them from "\\ud800"), non-text keys, sets, bytes, tuples, objects.
    Scalars are handled inline (no call per value): this runs on every submission."""
    if depth > _MAX_DEPTH:
        raise _Unusable
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for k, v in value.items():
            if v is None or v == "":
                continue
            kind = type(v)
            if kind is str:
                if v.isspace():  # only white space: left blank too (a required field is still missing)
                    continue
                if not v.isascii():
                    v.encode("utf-8")  # UnicodeEncodeError on a lone surrogate
                    if not _is_nfc("NFC", v):
                        v = _normalize("NFC", v)
            elif kind is dict or kind is list:
                v = _clean(v, depth + 1)
            elif kind is int:
                if not -_MAX_INT <= v <= _MAX_INT:
                    raise _Unusable
            elif kind is float:
                if not math.isfinite(v):
                    raise _Unusable
            elif kind is not bool:
                raise _Unusable
            out[k if k.isascii() else _text(k)] = v
        return out
    if isinstance(value, list):
        items: list[Any] = []
        for v in value:
            kind = type(v)
            if kind is str:
                items.append(v if v.isascii() else _text(v))
            elif kind is dict or kind is list:
                items.append(_clean(v, depth + 1))
            elif (
                v is None
                or kind is bool
                or (kind is int and -_MAX_INT <= v <= _MAX_INT)
                or (kind is float and math.isfinite(v))
            ):
                items.append(v)
            else:
                raise _Unusable
        return items
    if isinstance(value, str):
        return value if value.isascii() else _text(value)
    if value is None or (_usable(value) and not isinstance(value, str)):
        return value
    raise _Unusable


def _text(value: str) -> str:
    value.encode("utf-8")  # UnicodeEncodeError on a lone surrogate
    return value if _is_nfc("NFC", value) else _normalize("NFC", value)


def _usable(value: Any) -> bool:
    """A JSON scalar: text that encodes, a finite number (an exact integer), a boolean or null."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return False
        return True
    if isinstance(value, bool) or value is None:
        return True
    if isinstance(value, int):
        return -_MAX_INT <= value <= _MAX_INT
    return isinstance(value, float) and math.isfinite(value)


def _first_unusable(data: Any) -> tuple[str, str]:
    """(pointer, "depth", "range" or "type") of the first value `_clean` refuses; found without recursion."""
    stack: list[tuple[Any, str, int]] = [(data, "", 0)]
    while stack:
        value, pointer, depth = stack.pop()
        if isinstance(value, (dict, list)) and depth > _MAX_DEPTH:
            return pointer, "depth"
        if isinstance(value, dict):
            for key, child in value.items():
                child_pointer = pointer + from_parts([key])
                if not isinstance(key, str) or not _usable(key):
                    return child_pointer, "type"
                stack.append((child, child_pointer, depth + 1))
        elif isinstance(value, list):
            stack.extend((child, f"{pointer}/{i}", depth + 1) for i, child in enumerate(value))
        elif not _usable(value):
            return pointer, "range" if type(value) is int else "type"
    return "", "type"


class FormValidator:
    """Validates submissions for one form; build once (schema compiled), call many times."""

    def __init__(self, form: Form, backend: str = "auto", *, fast_path: bool = True) -> None:
        self.form = form
        self.schema = form._json_schema
        self.backend = make_backend(self.schema, backend)
        # The guard is a jsonschema-rs schema; with the reference backend every submission takes the full path.
        self._guard = CleanGuard(form) if fast_path and self.backend.name == "jsonschema-rs" else None
        fields = form.fields()
        self._conditional = [f for f in fields if f.visible_if is not None and not f.in_table]
        self._section_conditions = [(s.visible_if, s.fields) for s in form.resolved.sections if s.visible_if]
        self._by_pointer = {f.pointer: f for f in fields}
        self._checked = [(f, rules_for(form.pack, f)) for f in fields if not f.in_table]
        self._checked = [(f, r) for f, r in self._checked if r]
        self._computed = any(f.spec is not None and f.spec.compute is not None for f in fields)
        self._peers = same_person_paths(fields)
        self._table_rules = [
            (f, [(c, r) for c in f.children if (r := rules_for(form.pack, c))]) for f in fields if f.type == "table"
        ]
        self._table_rules = [(f, cols) for f, cols in self._table_rules if cols]

    # -- hidden values ---------------------------------------------------------------------------
    def _hidden(self, data: dict[str, Any]) -> list[ResolvedField]:
        hidden = [f for f in self._conditional if f.visible_if is not None and not evaluate(f.visible_if, data)]
        for cond, fields in self._section_conditions:
            if cond is not None and not evaluate(cond, data):
                hidden.extend(fields)
        return hidden

    @staticmethod
    def _pop(data: dict[str, Any], path: tuple[str, ...]) -> bool:
        node: Any = data
        for part in path[:-1]:
            node = node.get(part) if isinstance(node, dict) else None
        if isinstance(node, dict) and path[-1] in node:
            del node[path[-1]]
            return True
        return False

    # -- main ------------------------------------------------------------------------------------
    def validate(self, data: Any, lang: str = "vi") -> ValidationReport:
        guard = self._guard
        if guard is not None and type(data) is dict:
            if guard.dated and guard.expires <= time.time():  # its not_future/not_past bounds were for yesterday
                self._guard = guard = CleanGuard(self.form)
            fast = guard.report(data, lang)
            if fast is not None:
                return fast
        report = ValidationReport()
        if not isinstance(data, dict):
            report.issues.append(
                ValidationIssue("", None, None, message_for("root_type", lang, None, {}), "type", code="EFK-DATA-002")
            )
            return report
        try:
            data = _clean(data)
        except (_Unusable, AttributeError, UnicodeEncodeError):  # AttributeError: a key that is not text
            report.issues.append(self._unusable(data, lang))
            return report
        if self._computed:
            apply_computed(self.form, data)
        report.data = data
        if self._conditional or self._section_conditions:
            for f in self._hidden(data):
                if self.form.definition.hidden_values == "drop":
                    if self._pop(data, f.path):
                        report.dropped.append(f.pointer)
                elif _has(data, f.path):
                    report.kept_hidden.append(f.pointer)
        if not self.backend.is_valid(data):
            report.issues.extend(self._schema_issues(data, lang))
        failed = {i.pointer for i in report.issues}
        normalised: dict[str, Any] = {}
        report.issues.extend(self._rule_issues(data, lang, failed, normalised))
        for pointer, value in normalised.items():  # canonical spellings go into the cleaned data
            _set(data, pointer, value)
        report.normalised = sorted(normalised)
        return report

    def _schema_issues(self, data: dict[str, Any], lang: str) -> Iterator[ValidationIssue]:
        seen: set[tuple[str, str]] = set()
        for err in self.backend.errors(data):
            if err.keyword in ("if", "then", "allOf", "not"):
                continue
            pointers: list[str]
            if err.keyword == "required":
                pointers = [f"{err.pointer}/{err.params.get('property', '')}"]
            elif err.keyword == "additionalProperties":
                pointers = [f"{err.pointer}/{k}" for k in err.params.get("unexpected", [])] or [err.pointer]
            else:
                pointers = [err.pointer]
            rule = "unknown_field" if err.keyword == "additionalProperties" else err.keyword
            if rule == "pattern":
                compiled = _schema_at(self.schema, err.schema_path)
                rule = "characters" if compiled in PLAIN_TEXT_PATTERNS else "blank" if compiled == NON_BLANK else rule
            for pointer in pointers:
                if (pointer, rule) in seen:
                    continue
                seen.add((pointer, rule))
                f, name = self._field_at(pointer), pointer.rsplit("/", 1)[-1]
                message = None
                if f is None and rule in ("characters", "blank", "required"):
                    # a part of a compound value (an address's commune, a signature's date): its field,
                    # and a missing part named by its title ("Vui lòng nhập Ngày ký"), not by its key
                    parent = self._field_at(pointer.rsplit("/", 1)[0])
                    title = PART_TITLES.get(parent.type, {}).get(name) if parent else None
                    if rule != "required":
                        f = parent
                    elif title:
                        f, message = parent, message_for(rule, lang, None, {"name": title[lang == "en"]})
                label = f.label.get(lang) if f and rule != "unknown_field" else None
                yield ValidationIssue(
                    pointer,
                    f.id if f and rule != "unknown_field" else name,
                    label,
                    message or message_for(rule, lang, f if rule != "unknown_field" else None, {"name": name}),
                    rule,
                    code=_CODES.get(rule, "EFK-DATA-013"),
                )

    def _unusable(self, data: Any, lang: str) -> ValidationIssue:
        pointer, rule = _first_unusable(data)
        f, probe = None, pointer
        while f is None and probe:  # the field holding the bad value, for its label
            f = self._field_at(probe)
            probe = probe.rsplit("/", 1)[0]
        params = {"name": pointer or "/", "depth": _MAX_DEPTH}
        return ValidationIssue(
            pointer,
            f.id if f else None,
            f.label.get(lang) if f else None,
            message_for(rule, lang, f, params),
            rule,
            code="EFK-DATA-003",
        )

    def _field_at(self, pointer: str) -> ResolvedField | None:
        f = self._by_pointer.get(pointer)
        if f is None:
            # table cells: /members/0/full_name -> /members/-/full_name
            parts = pointer.split("/")
            generic = "/".join("-" if p.isdigit() else p for p in parts)
            f = self._by_pointer.get(generic)
        return f

    def _rule_issues(
        self, data: dict[str, Any], lang: str, failed: set[str], normalised: dict[str, Any]
    ) -> list[ValidationIssue]:
        # Hot path: one context reused for every row, issues gathered into one list (no nested generators).
        issues: list[ValidationIssue] = []
        ctx = RuleContext(data, lang, peers=self._peers, normalised=normalised)
        for f, rules in self._checked:
            value: Any = data
            for part in f.path:
                value = value.get(part) if isinstance(value, dict) else None
            if value is None or f.pointer in failed:
                continue
            for rule in rules:
                issues.extend(rule(value, f, ctx))
        for table, columns in self._table_rules:
            rows = value_at(data, table.path)
            if not isinstance(rows, list):
                continue
            for i, row in enumerate(rows):
                if not isinstance(row, dict):
                    continue
                ctx.row, ctx.row_pointer = row, f"{table.pointer}/{i}"
                for col, rules in columns:
                    value = row.get(col.id)
                    if value is None or (failed and f"{ctx.row_pointer}/{col.id}" in failed):
                        continue
                    for rule in rules:
                        issues.extend(rule(value, col, ctx))
        return issues


_CODES = {
    "required": "EFK-DATA-001",
    "type": "EFK-DATA-003",
    "enum": "EFK-DATA-004",
    "pattern": "EFK-DATA-005",
    "format": "EFK-DATA-005",
    "minLength": "EFK-DATA-006",
    "maxLength": "EFK-DATA-006",
    "minimum": "EFK-DATA-007",
    "maximum": "EFK-DATA-007",
    "exclusiveMinimum": "EFK-DATA-007",
    "exclusiveMaximum": "EFK-DATA-007",
    "minItems": "EFK-DATA-008",
    "maxItems": "EFK-DATA-008",
    "uniqueItems": "EFK-DATA-008",
    "const": "EFK-DATA-009",
    "unknown_field": "EFK-DATA-012",
    "blank": "EFK-DATA-005",
    "characters": "EFK-DATA-014",
}


def _schema_at(schema: Any, path: tuple[str | int, ...]) -> Any:
    """The part of `schema` at a backend's schema path (None when the path leaves it)."""
    for part in path:
        try:
            schema = schema[part]
        except (KeyError, IndexError, TypeError):
            return None
    return schema


def _set(data: Any, pointer: str, value: Any) -> None:
    parts = pointer.split("/")[1:]
    for part in parts[:-1]:
        data = data[int(part)] if isinstance(data, list) else data[part]
    if isinstance(data, list):
        data[int(parts[-1])] = value
    else:
        data[parts[-1]] = value


def _has(data: Any, path: tuple[str, ...]) -> bool:
    return value_at(data, path) is not None


def validator_for(form: Form, backend: str = "auto") -> FormValidator:
    """The cached validator of `form` (compiled once per form and backend, kept on the form)."""
    per_form = form._validators
    if backend not in per_form:
        per_form[backend] = FormValidator(form, backend)
    return per_form[backend]
