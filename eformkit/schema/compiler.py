"""Resolved form → one JSON Schema 2020-12 document and a UI schema.

The JSON Schema carries titles, descriptions, formats, enums with their labels, element bindings as
`x-` annotations, and every `visible_if` compiled into `if/then` so a hidden field is never required.
The UI schema carries what a schema cannot: order, groups, widgets and the visibility rules in a JSON
form a small browser script evaluates. Both are deterministic: the same definition gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from eformkit.schema.expressions import And, Expr, to_json, to_json_schema
from eformkit.schema.resolve import ResolvedField, ResolvedForm

__all__ = [
    "DATE_PATTERNS",
    "NON_BLANK",
    "PART_TITLES",
    "PLAIN_TEXT_PATTERNS",
    "compile_json_schema",
    "compile_ui_schema",
    "field_schemas",
]

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
_DAY = r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])"
_MONTH = r"\d{4}-(0[1-9]|1[0-2])"
_YEAR = r"\d{4}"
NON_BLANK = r"\S"  # text with something in it besides white space
# Titles of the parts of compound values, (vi, en): the published schema's titles and the messages name them.
PART_TITLES: dict[str, dict[str, tuple[str, str]]] = {
    "address": {
        "detail": ("Số nhà, đường, thôn/xóm", "House number, street, hamlet"),
        "commune": ("Xã/phường/đặc khu", "Commune or ward"),
        "province": ("Tỉnh/thành phố", "Province or city"),
    },
    "attachment": {
        "document_type": ("Loại giấy tờ", "Document type"),
        "source": ("Nguồn", "Source"),
        "ref": ("Tệp hoặc mã giấy tờ", "File or document reference"),
    },
    "signature": {"place": ("Nơi ký", "Place of signing"), "date": ("Ngày ký", "Date of signing")},
}
DATE_PATTERNS = {"day": _DAY, "month": _MONTH, "year": _YEAR}
# Characters free text never holds: C0 and C1 controls and DEL (NUL among them), and the invisible marks
# that reorder how text is displayed (bidi embeddings, overrides and isolates, LRM/RLM/ALM, line and
# paragraph separators), with which a name can read differently from what is stored. Multi-line text keeps
# tab, line feed and carriage return. Single-line first.
_INVISIBLE = "\\u061c\\u200e\\u200f\\u2028-\\u202e\\u2066-\\u2069"
PLAIN_TEXT_PATTERNS = (
    f"^[^\\u0000-\\u001f\\u007f-\\u009f{_INVISIBLE}]*$",
    f"^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f{_INVISIBLE}]*$",
)
_AUTOCOMPLETE = {
    "full_name": "name",
    "date_of_birth": "bday",
    "sex": "sex",
    "mobile_phone": "tel",
    "email": "email",
    "nationality": "country-name",
}
_WIDGETS = {
    "text": "input",
    "long_text": "textarea",
    "integer": "number",
    "number": "number",
    "money": "money",
    "date": "date",
    "boolean": "checkbox",
    "multi_choice": "checkboxes",
    "personal_id": "digit_boxes",
    "phone": "tel",
    "email": "email",
    "tax_code": "input",
    "address": "address",
    "person": "group",
    "table": "table",
    "attachment": "file",
    "declaration": "declaration",
    "signature": "signature",
    "note": "note",
    "computed": "output",
}


def _date_pattern(precision: tuple[str, ...]) -> str:
    alternatives = [DATE_PATTERNS[p] for p in ("day", "month", "year") if p in precision] or [_DAY]
    return "^(" + "|".join(alternatives) + ")$" if len(alternatives) > 1 else "^" + alternatives[0] + "$"


def _plain_text(max_length: int, *, multi_line: bool = False) -> dict[str, Any]:
    """Free text: a string of at most `max_length` characters, none of them hidden, and not white space
    only ("   " is no answer). An `allOf`, so that an author's own `pattern` sits beside both."""
    patterns = [{"pattern": PLAIN_TEXT_PATTERNS[multi_line]}, {"pattern": NON_BLANK}]
    return {"type": "string", "maxLength": max_length, "allOf": patterns}


def _value_schema(f: ResolvedField, conditional: bool = False) -> dict[str, Any]:
    """The schema of the value alone (no annotations); `conditional`: the field is shown only on a condition."""
    t = f.type
    if t in ("text", "long_text"):
        s: dict[str, Any] = _plain_text(2000 if t == "text" else 20000, multi_line=t == "long_text")
    elif t == "integer":
        s = {"type": "integer"}
    elif t == "number":
        s = {"type": "number"}
    elif t == "money":
        s = {"type": "integer", "minimum": 0}
    elif t == "date":
        s = {"type": "string", "pattern": _date_pattern(f.precision)}
        if f.precision == ("day",):
            s["format"] = "date"
    elif t == "boolean":
        s = {"type": "boolean"}
    elif t == "choice":
        s = {"type": "string", "enum": f.choices.values() if f.choices else []}
    elif t == "multi_choice":
        s = {"type": "array", "items": {"enum": f.choices.values() if f.choices else []}, "uniqueItems": True}
    elif t == "personal_id":
        s = {"type": "string", "pattern": r"^\d{12}$"}
    elif t == "phone":
        s = {"type": "string", "pattern": r"^\(?\+?[0-9 ()./-]{8,20}$"}  # the pack rule does the real check
    elif t == "email":
        s = {"type": "string", "format": "email", "pattern": r"^[^@\s]+@[^@\s]+\.[^@\s]+$", "maxLength": 254}
    elif t == "tax_code":
        s = {"type": "string", "pattern": r"^\d{10}(-?\d{3})?$"}
    elif t == "address":
        s = {
            "type": "object",
            "properties": {
                "detail": _plain_text(500),
                "commune": {"type": "string", "pattern": r"^\d{5}$"},
                "province": {"type": "string", "pattern": r"^\d{2}$"},
            },
            "required": ["commune", "province"],
            "additionalProperties": False,
        }
    elif t == "attachment":
        doc = f.spec.document_type if f.spec else None
        s = {
            "type": "object",
            "properties": {
                "document_type": {"const": doc} if doc else {"type": "string"},
                "source": {"enum": ["upload", "store"]},
                "ref": {"type": "string", "minLength": 1, "maxLength": 500},
            },
            "required": ["source", "ref"],
            "additionalProperties": False,
        }
    elif t == "declaration":
        s = {"const": True}
    elif t == "signature":
        s = {
            "type": "object",
            "properties": {
                "place": _plain_text(200),
                "date": {"type": "string", "pattern": f"^{_DAY}$"},
            },
            "required": ["date"],  # a place alone is no signature: the paper's "ngày … tháng … năm …" is dated
            "additionalProperties": False,
        }
    elif t == "computed":
        s = {"type": "string", "readOnly": True}
    elif t == "person":
        s = _object_schema(f.children, conditional or f.visible_if is not None)
    elif t == "table":
        s = {"type": "array", "items": _object_schema(f.children)}
        if f.spec and f.spec.min_rows is not None and (not conditional or f.in_table):
            s["minItems"] = f.spec.min_rows  # a table shown only on a condition gets its minimum in if/then
        if f.spec and f.spec.max_rows is not None:
            s["maxItems"] = f.spec.max_rows
    else:  # pragma: no cover - every type is handled above
        s = {}
    _apply_constraints(f, s)
    return s


def _apply_constraints(f: ResolvedField, s: dict[str, Any]) -> None:
    if f.spec is None:
        return
    keyword = {
        "min_length": "minLength",
        "max_length": "maxLength",
        "pattern": "pattern",
        "minimum": "minimum",
        "maximum": "maximum",
        "min_items": "minItems",
        "max_items": "maxItems",
    }
    for c in f.spec.constraints:
        if c.rule in keyword and c.value is not None:
            s[keyword[c.rule]] = c.value


def _field_schema(f: ResolvedField, conditional: bool = False) -> dict[str, Any]:
    s: dict[str, Any] = {"title": f.label.vi}
    if f.help:
        s["description"] = f.help.vi
    s.update(_value_schema(f, conditional or f.visible_if is not None))
    if f.default is not None:
        s["default"] = f.default
    s["x-label"] = f.label.as_dict()
    if f.help:
        s["x-help"] = f.help.as_dict()
    if f.number:
        s["x-number"] = f.number
    if f.choices is not None:
        s["x-enum-labels"] = {o.value: o.label.as_dict() for o in f.choices.options}
    if f.list_name:
        s["x-list"] = f.list_name
    if f.binding is not None:
        s["x-element"] = f.binding.element
        s["x-lock"] = f.binding.lock
    if f.type in ("date",) and f.precision != ("day",):
        s["x-precision"] = list(f.precision)
    s["x-type"] = f.type
    return s


def _object_schema(fields: list[ResolvedField], conditional: bool = False) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    required: list[str] = []
    for f in fields:
        if f.type == "note":
            continue
        properties[f.id] = _field_schema(f, conditional)
        if f.required and f.visible_if is None and f.required_if is None and f.type != "computed":
            required.append(f.id)
    s: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        s["required"] = required
    s["additionalProperties"] = False
    return s


def _require_at(path: tuple[str, ...]) -> dict[str, Any]:
    """A schema that requires the value at `path` (nested objects).

    Each level names its property and says `type: object`, as strict ajv asks (strictRequired, strictTypes)."""
    schema: dict[str, Any] = {"type": "object", "properties": {path[-1]: {}}, "required": [path[-1]]}
    for part in reversed(path[:-1]):
        schema = {"type": "object", "properties": {part: schema}}
    return schema


def _at(path: tuple[str, ...], leaf: dict[str, Any]) -> dict[str, Any]:
    """`leaf` applied to the value at `path`, when it is there."""
    schema = leaf
    for part in reversed(path):
        schema = {"type": "object", "properties": {part: schema}}
    return schema


def _visibility(f: ResolvedField, ancestors: list[Expr | None]) -> Expr | None:
    conds = [c for c in [*ancestors, f.visible_if] if c is not None]
    if not conds:
        return None
    return conds[0] if len(conds) == 1 else And(tuple(conds))


def _conditionals(form: ResolvedForm) -> list[dict[str, Any]]:
    """`if/then` for every field whose requirement depends on a condition."""
    out: list[dict[str, Any]] = []

    def visit(f: ResolvedField, ancestors: list[Expr | None]) -> None:
        if f.in_table or f.type in ("note", "computed"):
            return
        visible = _visibility(f, ancestors)
        needs = [c for c in (visible, f.required_if) if c is not None]
        if needs and (f.required or f.required_if is not None):
            cond = needs[0] if len(needs) == 1 else And(tuple(needs))
            out.append({"if": to_json_schema(cond), "then": _require_at(f.path)})
        min_rows = f.spec.min_rows if f.type == "table" and f.spec else None
        if visible is not None and min_rows is not None:  # a table's minimum holds only where it is shown
            out.append({"if": to_json_schema(visible), "then": _at(f.path, {"type": "array", "minItems": min_rows})})
        if f.type == "person":
            for child in f.children:
                visit(child, [*ancestors, f.visible_if])

    for section in form.sections:
        for f in section.fields:
            visit(f, [section.visible_if])
    return out


def compile_json_schema(form: ResolvedForm) -> dict[str, Any]:
    """The form's JSON Schema 2020-12 document."""
    d = form.definition
    body: dict[str, Any] = {"type": "object", "properties": {}}
    required: list[str] = []
    for section in form.sections:
        part = _object_schema(section.fields, section.visible_if is not None)
        body["properties"].update(part["properties"])
        if section.visible_if is None:  # fields hidden with their section are required only through if/then
            required.extend(part.get("required", []))
    if required:
        body["required"] = required
    body["additionalProperties"] = False
    schema: dict[str, Any] = {
        "$schema": SCHEMA_DIALECT,
        "$id": f"urn:eformkit:form:{d.form}:{d.version}",
        "title": d.title.vi,
    }
    if d.description:
        schema["description"] = d.description.vi
    schema.update(body)
    conditionals = _conditionals(form)
    if conditionals:
        schema["allOf"] = conditionals
    meta: dict[str, Any] = {"form": d.form, "version": d.version, "title": d.title.as_dict(), "pack": d.pack}
    if d.code:
        meta["code"] = d.code
    if d.legal_basis:
        meta["legal_basis"] = d.legal_basis.model_dump(mode="json", exclude_none=True)
    if d.purpose:
        meta["purpose"] = d.purpose
    meta["hidden_values"] = d.hidden_values
    schema["x-eformkit"] = meta
    return schema


def _ui_field(f: ResolvedField, form: ResolvedForm) -> dict[str, Any]:
    spec = f.spec
    widget: str | None = spec.widget if spec and spec.widget else None
    if widget is None:
        if f.type == "choice":
            widget = "radio" if f.choices and len(f.choices.options) <= 4 else "select"
        else:
            widget = _WIDGETS.get(f.type, "input")
    node: dict[str, Any] = {
        "id": f.id,
        "pointer": f.pointer,
        "type": f.type,
        "widget": widget,
        "label": f.label.as_dict(),
    }
    if f.number:
        node["number"] = f.number
    if f.help:
        node["help"] = f.help.as_dict()
    if spec and spec.placeholder:
        node["placeholder"] = spec.placeholder.as_dict()
    node["required"] = f.required
    if f.required_if is not None:
        node["required_if"] = to_json(f.required_if)
    if f.visible_if is not None:
        node["visible_if"] = to_json(f.visible_if)
    if f.choices is not None:
        node["options"] = [{"value": o.value, "label": o.label.as_dict()} for o in f.choices.options]
    if f.type == "date":
        node["precision"] = list(f.precision)
    if f.binding is not None:
        node["prefill"] = {"element": f.binding.element, "lock": f.binding.lock}
        if f.binding.element.startswith("applicant.") and f.id in _AUTOCOMPLETE:
            node["autocomplete"] = _AUTOCOMPLETE[f.id]
        elif f.binding.element.split(".", 1)[-1] in _AUTOCOMPLETE and f.binding.element.startswith("applicant."):
            node["autocomplete"] = _AUTOCOMPLETE[f.binding.element.split(".", 1)[-1]]
        if f.binding.pick:
            node["prefill"]["pick"] = True
    if spec and spec.text:
        node["text"] = spec.text.as_dict()
    if spec and spec.document_type:
        node["document_type"] = spec.document_type
    if spec and spec.compute:
        node["compute"] = spec.compute.model_dump()
    if spec and spec.anchor:
        node["anchor"] = spec.anchor
    if f.type == "table" and spec:
        node["min_rows"] = spec.min_rows
        node["max_rows"] = spec.max_rows
        node["columns"] = [_ui_field(c, form) for c in f.children]
    elif f.children:
        node["elements"] = [_ui_field(c, form) for c in f.children]
    return node


def compile_ui_schema(form: ResolvedForm) -> dict[str, Any]:
    """The UI schema: sections in the paper's order with their fields, widgets and rules."""
    d = form.definition
    sections = []
    for s in form.sections:
        node: dict[str, Any] = {"id": s.id, "title": s.title.as_dict()}
        if s.number:
            node["number"] = s.number
        if s.help:
            node["help"] = s.help.as_dict()
        if s.visible_if is not None:
            node["visible_if"] = to_json(s.visible_if)
        node["elements"] = [_ui_field(f, form) for f in s.fields]
        sections.append(node)
    ui: dict[str, Any] = {
        "form": d.form,
        "version": d.version,
        "title": d.title.as_dict(),
        "languages": list(d.languages),
    }
    if d.code:
        ui["code"] = d.code
    if d.addressee:
        ui["addressee"] = d.addressee.as_dict()
    if d.legal_basis:
        ui["legal_basis"] = d.legal_basis.model_dump(mode="json", exclude_none=True)
    if d.footnotes:
        ui["footnotes"] = [n.as_dict() for n in d.footnotes]
    ui["hidden_values"] = d.hidden_values
    ui["sections"] = sections
    return ui


def field_schemas(node: dict[str, Any], pointer: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every value schema under a compiled `node` with its field pointer ("/members/-/full_name"), parents
    first: where the published schema and the validation guard each find a field's schema."""
    yield pointer, node
    for name, child in (node.get("properties") or {}).items():
        yield from field_schemas(child, f"{pointer}/{name}")
    if isinstance(node.get("items"), dict):
        yield from field_schemas(node["items"], f"{pointer}/-")
