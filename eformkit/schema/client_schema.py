"""The published JSON Schema: standard 2020-12 that form libraries and strict validators take as it is.

`form.json_schema(lang)` starts from the compiled schema the server validates with and makes it what a
client needs: titles and descriptions in `lang` on every field and every part of one (address, signature,
attachment), choices as `oneOf: [{const, title}]`, real calendar dates, and each domain rule a pack can say
in JSON Schema (`Pack.schema_rules`: field type -> `SchemaRule`). What a schema cannot say (today's date,
check digits, agreement across a person's fields) is listed under `x-server-rules`, so a client knows the
server decides those. Every `x-` keyword is declared in `x_keywords.json` (package data), so strict
validators accept them. docs/frontend.md has the conventions.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from eformkit.schema.compiler import PART_TITLES, field_schemas
from eformkit.schema.expressions import to_json
from eformkit.schema.resolve import ResolvedField
from eformkit.schema.rules import calendar_pattern

if TYPE_CHECKING:
    from eformkit.schema.form import Form

__all__ = ["SchemaRule", "ServerRule", "publish_json_schema", "x_keywords"]


@dataclass(frozen=True, slots=True)
class ServerRule:
    """A check only the server makes (the schema cannot say it): its id and what it checks, in vi and en."""

    rule: str
    en: str
    vi: str


def _no_defs(lang: str) -> dict[str, Any]:
    return {}


@dataclass(frozen=True, slots=True)
class SchemaRule:
    """A pack's domain rule in standard JSON Schema, for clients.

    - `schema(field, lang)`: keywords for the field's value schema. With the compiled shape of the field
      type they must admit exactly what the rule admits (a `pattern` replaces the compiled one; `properties`
      merge per part; `allOf` adds). The differential test holds them to the rule.
    - `defs(lang)`: shared `$defs` the keywords refer to (written once per schema).
    - `server_only`: what the rule checks beyond the schema, listed under `x-server-rules`.
    """

    schema: Callable[[ResolvedField, str], dict[str, Any]]
    defs: Callable[[str], dict[str, Any]] = _no_defs
    server_only: tuple[ServerRule, ...] = ()


@cache
def _x_keywords() -> dict[str, str]:
    data = json.loads(files("eformkit.schema").joinpath("x_keywords.json").read_text("utf-8"))
    keywords: dict[str, str] = data["keywords"]
    return keywords


def x_keywords() -> dict[str, str]:
    """Every `x-` keyword the published schemas use, with what it means (declare them to a strict validator)."""
    return dict(_x_keywords())


_SOURCES = {"upload": ("Tải lên", "Upload"), "store": ("Kho giấy tờ điện tử", "Document store")}
_DATE_BOUNDS = {
    "not_future": ServerRule("not_future", "the date is not after today", "ngày không sau hôm nay"),
    "not_past": ServerRule("not_past", "the date is not before today", "ngày không trước hôm nay"),
}
_HIDDEN = {
    "drop": ServerRule(
        "hidden_values.drop",
        "values of fields hidden by their condition are dropped before checking; a client omits them",
        "giá trị của trường bị ẩn theo điều kiện bị bỏ trước khi kiểm tra; phía khách không gửi chúng",
    ),
    "keep": ServerRule(
        "hidden_values.keep",
        "values of fields hidden by their condition are kept and checked",
        "giá trị của trường bị ẩn theo điều kiện được giữ và kiểm tra",
    ),
}
_BLANK = ServerRule(
    "blank_is_absent",
    'an empty text "", text of white space only, or null is treated as absent (a client omits blank answers)',
    'chuỗi rỗng "", chuỗi chỉ có khoảng trắng hoặc null được coi là không nhập (phía khách bỏ các câu trả lời trống)',
)


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def _merge(node: dict[str, Any], extra: Mapping[str, Any]) -> None:
    """Add a rule's keywords to a value schema (see `SchemaRule.schema`)."""
    for key, value in extra.items():
        if key == "properties":
            for name, sub in value.items():
                _merge(node.setdefault("properties", {}).setdefault(name, {}), sub)
        elif key == "allOf":
            node.setdefault("allOf", []).extend(value)
        elif key == "$ref" and "properties" in node:
            # JSON Forms reads a `$ref` as draft-04 did, in place of its siblings: beside `properties` it
            # would hide the parts. In `allOf` it means the same to a 2020-12 validator.
            node.setdefault("allOf", []).append({"$ref": value})
        else:
            node[key] = value


def _choices(f: ResolvedField, lang: str) -> list[dict[str, Any]]:
    assert f.choices is not None
    return [{"const": o.value, "title": o.label.get(lang)} for o in f.choices.options]


def _annotate(
    f: ResolvedField,
    node: dict[str, Any],
    lang: str,
    rules: Mapping[str, Any],
    server: list[dict[str, Any]],
    defs: dict[str, Any],
) -> None:
    node["title"] = f.label.get(lang)
    if f.help:
        node["description"] = f.help.get(lang)
    if f.type == "choice" and f.choices is not None:
        node.pop("enum", None)
        node["oneOf"] = _choices(f, lang)
    elif f.type == "multi_choice" and f.choices is not None:
        node["items"] = {"type": "string", "oneOf": _choices(f, lang)}
    elif f.type == "date":
        node["pattern"] = calendar_pattern(f.precision)  # real dates only, as the server's calendar rule
        for c in f.spec.constraints if f.spec else []:
            if c.rule in _DATE_BOUNDS:
                server.append(_server(f.pointer, _DATE_BOUNDS[c.rule], lang))
    elif f.type == "declaration":
        node["type"] = "boolean"
    elif f.type == "email":
        # The server accepts any non-blank local part ("nguyễn@…"); ajv-formats' `email` is ASCII-only, and
        # `idn-email` is not in it. The pattern says what the server checks; the widget says "email".
        node.pop("format", None)
    for name, pair in PART_TITLES.get(f.type, {}).items():
        part = node.get("properties", {}).get(name)
        if part is not None:
            part["title"] = _pick(pair, lang)
            if name == "source" and "enum" in part:
                part["type"] = "string"
                part["oneOf"] = [{"const": v, "title": _pick(_SOURCES[v], lang)} for v in part.pop("enum")]
    if f.visible_if is not None:
        node["x-visible-if"] = to_json(f.visible_if)
    rule = rules.get(f.type)
    if isinstance(rule, SchemaRule):
        _merge(node, rule.schema(f, lang))
        defs.update(rule.defs(lang))
        server.extend(_server(f.pointer, s, lang) for s in rule.server_only)


def _server(pointer: str, rule: ServerRule, lang: str) -> dict[str, Any]:
    return {"pointer": pointer, "rule": rule.rule, "description": rule.en if lang == "en" else rule.vi}


def publish_json_schema(form: Form, lang: str = "vi") -> dict[str, Any]:
    """The form's published JSON Schema 2020-12 in `lang` (vi or en); see the module docstring."""
    lang = "en" if lang == "en" else "vi"  # every text has Vietnamese; English where translated
    schema: dict[str, Any] = json.loads(json.dumps(form._json_schema))
    d = form.definition
    schema["title"] = d.title.get(lang)
    if d.description:
        schema["description"] = d.description.get(lang)
    server: list[dict[str, Any]] = [_server("", _BLANK, lang), _server("", _HIDDEN[d.hidden_values], lang)]
    defs: dict[str, Any] = {}
    rules: Mapping[str, Any] = form.pack.schema_rules
    by_pointer = {f.pointer: f for f in form.fields()}  # table columns too ("/members/-/full_name")
    for pointer, node in field_schemas(schema):
        f = by_pointer.get(pointer) if pointer else None
        if f is not None:
            _annotate(f, node, lang, rules, server, defs)
    for section in form.resolved.sections:
        if section.visible_if is not None:
            for f in section.fields:
                if f.id in schema["properties"]:
                    schema["properties"][f.id].setdefault("x-visible-if", to_json(section.visible_if))
    if defs:
        schema["$defs"] = dict(sorted(defs.items()))
    schema["x-server-rules"] = server
    meta = schema.pop("x-eformkit")
    schema["x-eformkit"] = {**meta, "lang": lang}
    return schema
