"""UI schema adapters (eformkit/schema/ui_adapters.py): eformkit's UI schema has a published schema, and the
RJSF and JSON Forms exports point into the published JSON Schema and say the same visibility as the server."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from eformkit import Form, load_form
from eformkit.cli import cli
from eformkit.schema.expressions import evaluate
from eformkit.schema.ui_adapters import jsonforms_ui_schema, rjsf_ui_schema, ui_schema_meta_schema

ROOT = Path(__file__).resolve().parents[2]
FORMS = sorted((ROOT / "forms").glob("*.yaml")) + sorted(
    (ROOT / "tests" / "fixtures" / "forms" / "valid").glob("*.yaml")
)
SUBMISSIONS = ROOT / "tests" / "fixtures" / "submissions"


@pytest.fixture(scope="module")
def forms() -> dict[str, Form]:
    return {p.stem: load_form(p) for p in FORMS}


def test_the_ui_meta_schema_is_valid_and_holds_every_ui_schema(forms: dict[str, Form]) -> None:
    meta = ui_schema_meta_schema()
    jsonschema.Draft202012Validator.check_schema(meta)
    validator = jsonschema.Draft202012Validator(meta)
    for name, form in forms.items():
        assert [e.message for e in validator.iter_errors(form.ui_schema())] == [], name


def test_the_ui_meta_schema_refuses_a_malformed_ui_schema(forms: dict[str, Form]) -> None:
    ui = forms["vn.bca.ct01"].ui_schema()
    ui["sections"][0]["elements"][0]["visible_if"] = {"op": "eval", "var": "x"}
    del ui["sections"][0]["elements"][1]["label"]
    errors = list(jsonschema.Draft202012Validator(ui_schema_meta_schema()).iter_errors(ui))
    assert len(errors) == 2


def _resolve(schema: dict[str, Any], scope: str) -> dict[str, Any] | None:
    node: Any = schema
    for part in scope.lstrip("#/").split("/") if scope != "#" else []:
        node = node.get(part) if isinstance(node, dict) else None
    return node if isinstance(node, dict) else None


def _controls(node: dict[str, Any], schema: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Every JSON Forms Control with the schema its scope resolves to (detail layouts: against the row)."""
    out = []
    if node.get("type") == "Control":
        target = _resolve(schema, node["scope"])
        assert target is not None, node["scope"]
        out.append((node, target))
        detail = node.get("options", {}).get("detail")
        if detail:
            out += _controls(detail, target["items"])
    for child in node.get("elements", []):
        out += _controls(child, schema)
    return out


def test_every_jsonforms_control_resolves_and_has_a_label(forms: dict[str, Form]) -> None:
    for name, form in forms.items():
        schema = form.json_schema("en")
        ui = jsonforms_ui_schema(form, "en")
        controls = _controls(ui, schema)
        scoped = {c["scope"] for c, _ in controls}
        leaves = [f for f in form.fields() if not f.in_table and f.type not in ("note", "person")]
        expected = set()
        for f in leaves:
            scope = "#" + "".join(f"/properties/{p}" for p in f.path)
            parts = _resolve(schema, scope)
            assert parts is not None
            if parts.get("type") == "object":  # a compound value: one Control per part the citizen answers
                answered = [p for p, part in parts["properties"].items() if "const" not in part]
                expected |= {f"{scope}/properties/{p}" for p in answered}
            else:
                expected.add(scope)
        assert expected == _outer(ui), name
        assert scoped >= _outer(ui)
        assert all(c["label"] for c, _ in controls)


def test_no_jsonforms_control_is_scoped_to_an_object(forms: dict[str, Form]) -> None:
    """JSON Forms' vanilla renderers have no renderer for an object Control ("No applicable cell found",
    nothing drawn): addresses, signatures and attachments are Groups of Controls for their parts."""
    checked = 0
    for name, form in forms.items():
        for control, target in _controls(jsonforms_ui_schema(form, "vi"), form.json_schema("vi")):
            assert target.get("type") != "object", (name, control["scope"])
            checked += 1
    signature = next(
        g for g in jsonforms_ui_schema(forms["vn.bca.ct01"], "en")["elements"][-1]["elements"] if g["type"] == "Group"
    )
    assert [c["scope"] for c in signature["elements"]] == [
        "#/properties/signature/properties/place",
        "#/properties/signature/properties/date",
    ]
    assert [c["label"] for c in signature["elements"]] == ["Place of signing", "Date of signing"]
    assert checked > 500


def _outer(node: dict[str, Any]) -> set[str]:
    """Control scopes outside table detail layouts (those are relative to a row)."""
    own = {node["scope"]} if node.get("type") == "Control" else set()
    return own | {s for c in node.get("elements", []) for s in _outer(c)}


def _rules(node: dict[str, Any]) -> list[dict[str, Any]]:
    return ([node["rule"]] if "rule" in node else []) + [r for c in node.get("elements", []) for r in _rules(c)]


def test_jsonforms_rules_say_what_the_server_says(forms: dict[str, Form]) -> None:
    """A SHOW rule's condition holds exactly when the field's `visible_if` does, on every example submission
    and on variants with each condition's choice flipped."""
    checked = 0
    for name, form in forms.items():
        folder = SUBMISSIONS / name
        examples = [json.loads(p.read_text("utf-8")) for p in sorted(folder.glob("*.json")) if ".expect" not in p.name]
        conditional = [f for f in form.fields() if f.visible_if is not None and not f.in_table]
        rules = _rules(jsonforms_ui_schema(form))
        assert len(rules) == len(conditional) + sum(s.visible_if is not None for s in form.resolved.sections), name
        for data in examples:
            for f in conditional:
                variants = [data]
                for ref in {r.path for r in _refs(f)}:
                    for choice in _choices(form, ref):
                        variant = copy.deepcopy(data)
                        _put(variant, ref, choice)
                        variants.append(variant)
                rule = next(r for r in rules if r["condition"]["schema"] == _schema_of(f))
                for v in variants:
                    shown = jsonschema.Draft202012Validator(rule["condition"]["schema"]).is_valid(v)
                    assert shown == evaluate(f.visible_if, v), (name, f.pointer)  # type: ignore[arg-type]
                    checked += 1
    assert checked > 100


def _refs(f: Any) -> list[Any]:
    from eformkit.schema.expressions import refs

    return refs(f.visible_if)


def _schema_of(f: Any) -> dict[str, Any]:
    from eformkit.schema.expressions import to_json_schema

    return {"type": "object", **to_json_schema(f.visible_if)}


def _choices(form: Form, path: str) -> list[Any]:
    f = form.field("/" + path.replace(".", "/"))
    if f is None or f.choices is None:
        return [True, False] if f is not None and f.type == "boolean" else []
    return f.choices.values()


def _put(data: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    node = data
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = value


def test_rjsf_ui_schema_orders_every_field_and_names_only_real_ones(forms: dict[str, Form]) -> None:
    for name, form in forms.items():
        schema = form.json_schema("en")
        ui = rjsf_ui_schema(form, "en")
        assert ui["ui:order"] == list(schema["properties"]), name
        assert {k for k in ui if not k.startswith("ui:")} == set(schema["properties"])
        sections = ui["ui:options"]["sections"]
        assert [f for s in sections for f in s["fields"]] == ui["ui:order"]
        for field_id in ui["ui:order"]:
            f = form.field(f"/{field_id}")
            assert f is not None
            if f.type == "choice" and f.spec is not None and f.spec.widget is None:
                expected = "radio" if f.choices and len(f.choices.options) <= 4 else "select"
                assert ui[field_id]["ui:widget"] == expected
            if f.visible_if is not None:
                assert ui[field_id]["ui:options"]["visibleIf"] == _schema_of(f)


def test_rjsf_help_is_said_once_in_the_language_asked_for(forms: dict[str, Form]) -> None:
    """RJSF shows a field's schema `description` and its `ui:help` both: the help rides in the description
    only (it was shown twice in Chromium)."""
    form = forms["vn.bca.ct01"]
    helped = [f for f in form.fields() if f.help and not f.in_table and len(f.path) == 1]
    assert helped
    for lang in ("en", "vi"):
        ui = rjsf_ui_schema(form, lang)
        assert not [n for n in _rjsf_nodes(ui) if "ui:help" in n]
        for f in helped:
            assert form.json_schema(lang)["properties"][f.id]["description"] == f.help.get(lang)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("args", "key"),
    [
        (["--ui"], "sections"),
        (["--ui", "eformkit"], "sections"),
        (["--ui", "rjsf"], "ui:order"),
        (["--ui", "jsonforms"], "elements"),
        ([], "$schema"),
    ],
)
def test_cli_prints_each_ui_schema(args: list[str], key: str) -> None:
    path = str(ROOT / "forms" / "vn.bca.ct01.yaml")
    for argv in (["schema", *args, path], ["schema", path, *args]):
        result = CliRunner().invoke(cli, argv)
        assert result.exit_code == 0, result.output
        assert key in json.loads(result.output)


def test_cli_schema_lang_switches_the_titles() -> None:
    path = str(ROOT / "forms" / "vn.bca.ct01.yaml")
    en = json.loads(CliRunner().invoke(cli, ["schema", path, "--lang", "en"]).output)
    vi = json.loads(CliRunner().invoke(cli, ["schema", path, "--lang", "vi"]).output)
    assert (
        en["properties"]["full_name"]["title"] == "Full name" and vi["properties"]["full_name"]["title"] != "Full name"
    )


def test_cli_refuses_an_unknown_ui_format() -> None:
    result = CliRunner().invoke(cli, ["schema", "--ui", "bogus", str(ROOT / "forms" / "vn.bca.ct01.yaml")])
    assert result.exit_code == 2


def test_every_visibility_condition_compiles_in_strict_ajv(forms: dict[str, Form]) -> None:
    from tests.schema.test_client_schema import _ajv

    conditions = []
    for form in forms.values():
        conditions += [r["condition"]["schema"] for r in _rules(jsonforms_ui_schema(form))]
        ui = rjsf_ui_schema(form)
        conditions += [s["visibleIf"] for s in ui["ui:options"]["sections"] if "visibleIf" in s]
        conditions += [n["ui:options"]["visibleIf"] for n in _rjsf_nodes(ui) if "visibleIf" in n.get("ui:options", {})]
    assert len(conditions) > 20
    assert _ajv(conditions)["compile"] == [None] * len(conditions)


def _rjsf_nodes(node: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for key, child in node.items():
        if not key.startswith("ui:") and isinstance(child, dict):
            out += [child, *_rjsf_nodes(child)]
    return out


def test_a_conditional_table_has_its_rule_on_a_layout_around_it(forms: dict[str, Form]) -> None:
    """JSON Forms' vanilla array renderer ignores `visible` (the hidden members table stayed on screen in
    Chromium): a conditional table's SHOW rule sits on a VerticalLayout holding its Control."""

    def find(node: dict[str, Any]) -> list[dict[str, Any]]:
        return ([node] if "rule" in node else []) + [m for c in node.get("elements", []) for m in find(c)]

    ruled = find(jsonforms_ui_schema(forms["vn.btc.household_business_registration"], "vi"))
    (members,) = [n for n in ruled if any(c.get("scope") == "#/properties/members" for c in n.get("elements", []))]
    assert members["type"] == "VerticalLayout" and len(members["elements"]) == 1
    assert members["rule"]["condition"]["schema"]["properties"] == {"founder_type": {"const": "household_members"}}
    assert not [n for n in ruled if n.get("type") == "Control" and "detail" in n.get("options", {})]


def test_an_attachments_fixed_document_type_is_not_asked(forms: dict[str, Form]) -> None:
    """A document type fixed by the form is a `const`: JSON Forms drew it as a select of bare codes
    (`other`, `marriage_certificate`). Neither library asks for it; the value stays in the data."""
    form = forms["vn.btp.birth_registration"]
    schema = form.json_schema("vi")
    fixed = schema["properties"]["birth_notice"]["properties"]["document_type"]
    assert fixed == {"const": "other", "title": "Loại giấy tờ"}
    scopes = {c["scope"] for c, _ in _controls(jsonforms_ui_schema(form, "vi"), schema)}
    assert "#/properties/birth_notice/properties/ref" in scopes
    assert not [s for s in scopes if s.endswith("/document_type")]
    assert rjsf_ui_schema(form, "vi")["birth_notice"]["document_type"] == {"ui:widget": "hidden"}


def test_a_verified_lock_is_an_option_not_a_static_readonly(forms: dict[str, Form]) -> None:
    """A static `readonly` also locked the fields a prefill left empty: in Chromium, JSON Forms showed 10 of
    the 22 missing-required fixtures' fields with their error and disabled. Locks are `locked` (read-only
    once prefilled, the client's call), as in the RJSF export; `readonly` is for computed fields only."""
    locked = 0
    for form in forms.values():
        schema = form.json_schema("vi")
        for control, _ in _controls(jsonforms_ui_schema(form, "vi"), schema):
            options = control.get("options", {})
            if options.get("readonly"):
                assert control["scope"].rsplit("/", 1)[-1] in {f.id for f in form.fields() if f.type == "computed"}
            locked += bool(options.get("locked"))
    assert locked > 20
