"""eformkit's UI schema as the UI schemas of form libraries: an RJSF `uiSchema` and a JSON Forms `UISchema`.

Both are built from the same resolved form as `form.ui_schema()` (its published JSON Schema is
`ui_schema.schema.json`, package data) and point into `form.json_schema(lang)`:
- RJSF: `ui:order` in the paper's order, `ui:widget`, `ui:placeholder`, nested objects for person blocks
  and `items` for tables; help is the schema's `description`, which RJSF shows (a `ui:help` showed it
  twice). The sections and each field's visibility rule ride in `ui:options` (`sections`, `visibleIf` as
  the JSON Schema that holds when the field shows) for an ObjectFieldTemplate.
- JSON Forms: one `Group` per section in a `VerticalLayout`, `Control`s scoped to the schema, `detail`
  layouts for tables, and each `visible_if` as a `SHOW` rule whose condition is the JSON Schema the
  compiler also uses for `if/then`, scoped to the whole submission (`#`), so both libraries and the server
  read one condition.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from eformkit.pointers import escape
from eformkit.schema.expressions import And, Expr, to_json_schema
from eformkit.schema.resolve import ResolvedField

if TYPE_CHECKING:
    from eformkit.schema.form import Form

__all__ = ["UI_FORMATS", "jsonforms_ui_schema", "rjsf_ui_schema", "ui_schema_meta_schema"]

UI_FORMATS = ("eformkit", "jsonforms", "rjsf")

# eformkit widget -> RJSF widget (None: the default for the schema type)
_RJSF_WIDGETS: dict[str, str | None] = {
    "input": None,
    "textarea": "textarea",
    "number": "updown",
    "money": "updown",
    "checkbox": "checkbox",
    "checkboxes": "checkboxes",
    "radio": "radio",
    "select": "select",
    "email": "email",
    "tel": None,
    "digit_boxes": None,
    "output": None,
}


@cache
def _meta_schema_text() -> str:
    return files("eformkit.schema").joinpath("ui_schema.schema.json").read_text("utf-8")


def ui_schema_meta_schema() -> dict[str, Any]:
    """The JSON Schema of eformkit's own UI schema (`form.ui_schema()`)."""
    schema: dict[str, Any] = json.loads(_meta_schema_text())
    return schema


def _condition(expr: Expr) -> dict[str, Any]:
    """The JSON Schema a whole submission meets when `expr` holds (the compiler's `if`), standalone: typed
    as an object, as strict ajv asks of a schema that names properties."""
    return {"type": "object", **to_json_schema(expr)}


def _widget(f: ResolvedField) -> str:
    if f.spec is not None and f.spec.widget:
        return f.spec.widget
    if f.type == "choice":
        return "radio" if f.choices and len(f.choices.options) <= 4 else "select"
    return {"long_text": "textarea", "boolean": "checkbox", "multi_choice": "checkboxes"}.get(f.type, "input")


def _rjsf_field(f: ResolvedField, lang: str, conditions: list[Expr]) -> dict[str, Any]:
    node: dict[str, Any] = {}
    widget = _RJSF_WIDGETS.get(_widget(f))
    if f.type == "date" and f.precision == ("day",):
        widget = "date"
    if widget:
        node["ui:widget"] = widget
    if f.type == "phone":
        node["ui:options"] = {"inputType": "tel"}
    if f.spec is not None and f.spec.placeholder:
        node["ui:placeholder"] = f.spec.placeholder.get(lang)
    if f.type == "computed":
        node["ui:readonly"] = True
    if f.binding is not None and f.binding.lock == "verified":
        node.setdefault("ui:options", {})["locked"] = True  # the server refuses a change; show it read-only
    if f.visible_if is not None and not f.in_table:  # with the conditions of the blocks around it
        shown = [*conditions, f.visible_if]
        node.setdefault("ui:options", {})["visibleIf"] = _condition(shown[0] if len(shown) == 1 else And(tuple(shown)))
    if f.type == "attachment" and f.spec is not None and f.spec.document_type:
        node["document_type"] = {"ui:widget": "hidden"}  # fixed by the form (a const): nothing to ask
    children = [c for c in f.children if c.type != "note"]
    if f.type == "table":
        node["items"] = {"ui:order": [c.id for c in children]}
        node["items"].update({c.id: _rjsf_field(c, lang, []) for c in children})
    elif f.type == "person":
        node["ui:order"] = [c.id for c in children]
        inner = [*conditions, *([f.visible_if] if f.visible_if is not None else [])]
        node.update({c.id: _rjsf_field(c, lang, inner) for c in children})
    return node


def rjsf_ui_schema(form: Form, lang: str = "vi") -> dict[str, Any]:
    """The RJSF `uiSchema` for `form.json_schema(lang)`."""
    ui: dict[str, Any] = {"ui:order": []}
    sections = []
    for s in form.resolved.sections:
        ids = [f.id for f in s.fields if f.type != "note"]
        ui["ui:order"].extend(ids)
        section: dict[str, Any] = {"id": s.id, "title": s.title.get(lang), "fields": ids}
        if s.visible_if is not None:
            section["visibleIf"] = _condition(s.visible_if)
        sections.append(section)
        for f in s.fields:
            if f.type != "note":
                ui[f.id] = _rjsf_field(f, lang, [])  # a section's condition is on the section
    ui["ui:options"] = {"sections": sections}
    return ui


def _scope(path: tuple[str, ...]) -> str:
    return "#" + "".join(f"/properties/{escape(p)}" for p in path)


def _show(expr: Expr) -> dict[str, Any]:
    return {"effect": "SHOW", "condition": {"scope": "#", "schema": _condition(expr)}}


def _parts(f: ResolvedField, scope: str, lang: str, schema: dict[str, Any]) -> dict[str, Any]:
    """A compound value (address, signature, attachment) as a `Group` of its parts: JSON Forms has no
    renderer for an object `Control` in its vanilla set (and draws none of its parts)."""
    parts = [
        {"type": "Control", "scope": f"{scope}/properties/{escape(name)}", "label": part.get("title", name)}
        for name, part in schema.get("properties", {}).items()
        if "const" not in part  # fixed by the form (an attachment's document type): nothing to ask
    ]
    return {"type": "Group", "label": f.label.get(lang), "elements": parts}


def _jsonforms_field(f: ResolvedField, lang: str, schema: dict[str, Any]) -> dict[str, Any]:
    """`schema`: the field's node in the published schema (for the parts of compound values)."""
    children = [c for c in f.children if c.type != "note"]
    scope = _scope(f.path[-1:] if f.in_table else f.path)
    node: dict[str, Any]
    if f.type == "person":
        inner = schema.get("properties", {})
        node = {
            "type": "Group",
            "label": f.label.get(lang),
            "elements": [_jsonforms_field(c, lang, inner.get(c.id, {})) for c in children],
        }
    elif schema.get("type") == "object":
        node = _parts(f, scope, lang, schema)
    else:
        node = {"type": "Control", "scope": scope, "label": f.label.get(lang)}
        options: dict[str, Any] = {}
        widget = _widget(f)
        if widget == "radio":
            options["format"] = "radio"
        elif widget == "textarea":
            options["multi"] = True
        if f.type == "table":
            row = schema.get("items", {}).get("properties", {})
            options["detail"] = {
                "type": "VerticalLayout",
                "elements": [_jsonforms_field(c, lang, row.get(c.id, {})) for c in children],
            }
        if f.type == "computed":
            options["readonly"] = True
        if f.binding is not None and f.binding.lock == "verified":
            # read-only once prefilled, which only the client knows: a static `readonly` also locked the
            # fields a prefill left empty, so the citizen could not answer them (as RJSF's `locked`)
            options["locked"] = True
        if f.spec is not None and f.spec.placeholder:
            options["placeholder"] = f.spec.placeholder.get(lang)
        if options:
            node["options"] = options
    if f.visible_if is not None and not f.in_table:
        if f.type == "table":
            # JSON Forms' vanilla array renderer ignores its own `visible`: the rule goes on a layout around it
            node = {"type": "VerticalLayout", "elements": [node]}
        node["rule"] = _show(f.visible_if)
    return node


def jsonforms_ui_schema(form: Form, lang: str = "vi") -> dict[str, Any]:
    """The JSON Forms `UISchema` for `form.json_schema(lang)`."""
    properties = form.json_schema(lang)["properties"]
    groups = []
    for s in form.resolved.sections:
        group: dict[str, Any] = {
            "type": "Group",
            "label": s.title.get(lang),
            "elements": [_jsonforms_field(f, lang, properties[f.id]) for f in s.fields if f.type != "note"],
        }
        if s.visible_if is not None:
            group["rule"] = _show(s.visible_if)
        groups.append(group)
    return {"type": "VerticalLayout", "elements": groups}
