"""The published JSON Schema (eformkit/schema/client_schema.py): standard, strict-ajv clean, and one verdict.

- ajv 2020 in strict mode compiles every catalogue form's schema, in both languages, with zero errors
  (tests/js: `npm ci` there; skipped cleanly without node or its node_modules).
- Python `jsonschema`, jsonschema-rs and ajv agree with `form.validate` on fixture submissions and
  generated invalid ones, except where the server decides alone (the schema's `x-server-rules`).
"""

from __future__ import annotations

import copy
import json
import random
import shutil
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs
import pytest

from eformkit import Form, load_form
from eformkit.packs.vn import admin_units
from eformkit.packs.vn.phone import PhoneError, normalize_phone
from eformkit.packs.vn.schema_rules import ID_PATTERN, PHONE_PATTERN
from eformkit.schema.client_schema import x_keywords
from eformkit.schema.ecma_regex import ecma_search
from eformkit.schema.validation_backends import make_backend
from tests.schema._submissions import FORM_NAMES, HCMC, form, submission

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = sorted((ROOT / "forms").glob("*.yaml"))
JS = ROOT / "tests" / "js"
SUBMISSIONS = ROOT / "tests" / "fixtures" / "submissions"


def _ajv(schemas: list[dict[str, Any]], cases: list[tuple[int, Any]] = ()) -> dict[str, Any]:  # type: ignore[assignment]
    node = shutil.which("node")
    if node is None or not (JS / "node_modules" / "ajv").is_dir():
        pytest.skip("node or tests/js/node_modules absent (run `npm ci` in tests/js)")
    payload = {"keywords": sorted(x_keywords()), "schemas": schemas, "cases": [list(c) for c in cases]}
    done = subprocess.run(
        [node, str(JS / "ajv_check.mjs")], input=json.dumps(payload).encode(), capture_output=True, timeout=120
    )
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    result: dict[str, Any] = json.loads(done.stdout)
    return result


# -- strict ajv ----------------------------------------------------------------------------------------------


def test_every_catalogue_schema_compiles_in_strict_ajv_2020() -> None:
    assert CATALOGUE, "the catalogue is part of the repository"
    forms = [load_form(p) for p in CATALOGUE]
    schemas = [f.json_schema(lang) for f in forms for lang in ("vi", "en")]
    result = _ajv(schemas)
    errors = {
        f"{s['x-eformkit']['form']} ({s['x-eformkit']['lang']})": e
        for s, e in zip(schemas, result["compile"], strict=True)
    }
    assert {k: e for k, e in errors.items() if e} == {}
    assert len(errors) == 2 * len(CATALOGUE)


def test_an_undeclared_x_keyword_is_refused_by_strict_ajv() -> None:
    """The check above can fail: strict ajv throws on any keyword nobody declared."""
    schema = form("residence_declaration").json_schema()
    schema["x-not-declared"] = 1
    assert "unknown keyword" in (_ajv([schema])["compile"][0] or "")


# -- the schema is standard and speaks the language asked for ------------------------------------------------


def test_choices_are_one_of_const_title_in_the_language_asked_for() -> None:
    f = form("residence_declaration")
    vi, en = f.json_schema("vi")["properties"]["sex"], f.json_schema("en")["properties"]["sex"]
    assert "enum" not in vi and {"const": "male", "title": "Male"} in en["oneOf"]
    assert {o["const"] for o in vi["oneOf"]} == {o["const"] for o in en["oneOf"]}
    assert vi["title"] != en["title"] and en["title"] == f.field("/sex").label.get("en")  # type: ignore[union-attr]
    assert f.json_schema("en")["title"] == f.definition.title.get("en")


def test_every_part_of_a_compound_value_has_a_title() -> None:
    for path in CATALOGUE:
        schema = load_form(path).json_schema("en")
        for pointer, node in _walk(schema):
            for name, part in (node.get("properties") or {}).items():
                assert part.get("title"), f"{path.name}: {pointer}/{name} has no title"


def _walk(node: dict[str, Any], pointer: str = "") -> list[tuple[str, dict[str, Any]]]:
    out = [(pointer, node)]
    for name, child in (node.get("properties") or {}).items():
        out += _walk(child, f"{pointer}/{name}")
    if isinstance(node.get("items"), dict):
        out += _walk(node["items"], f"{pointer}/-")
    return out


def test_no_ref_stands_beside_properties() -> None:
    """JSON Forms resolves a `$ref` in place of its siblings (draft-04): an address written
    `{properties, $ref: vn.address_units}` drew none of its parts. The unit check rides in `allOf`."""
    refs = 0
    for path in CATALOGUE:
        schema = load_form(path).json_schema("vi")
        for pointer, node in _walk(schema):
            assert not ("$ref" in node and "properties" in node), f"{path.name}: {pointer}"
            refs += sum(s.get("$ref") == "#/$defs/vn.address_units" for s in node.get("allOf", []))
    assert refs > 20


def test_communes_are_a_pattern_not_a_choice_of_bare_codes() -> None:
    """RJSF resolves the province's if/then and drew an `enum` of commune codes as a select of codes: the
    codes are a pattern (same verdict), so no library offers a choice without names."""
    schema = load_form(ROOT / "forms" / "vn.bca.cc01.yaml").json_schema("vi")
    communes = {k: v for k, v in schema["$defs"].items() if k.startswith("vn.communes.")}
    assert len(communes) == 34 and not [k for k, v in communes.items() if "enum" in v or "oneOf" in v]
    check = jsonschema.Draft202012Validator(schema["$defs"]["vn.communes.66"])
    code, elsewhere = admin_units.communes("66")[0].code, admin_units.communes("01")[0].code
    assert check.is_valid(code) and not check.is_valid(code + "0") and not check.is_valid(elsewhere)


def test_a_hidden_table_has_its_minimum_only_where_shown() -> None:
    schema = load_form(ROOT / "forms" / "vn.btc.household_business_registration.yaml").json_schema()
    members = schema["properties"]["members"]
    assert "minItems" not in members
    thens = json.dumps([c["then"] for c in schema["allOf"]])
    assert '"members": {"type": "array", "minItems": 1}' in thens


def test_server_rules_are_listed() -> None:
    schema = form("birth_registration").json_schema("en")
    rules = {(r["pointer"], r["rule"]) for r in schema["x-server-rules"]}
    assert any(rule == "not_future" and pointer == "/child_birth_date" for pointer, rule in rules), rules
    assert ("", "blank_is_absent") in rules
    assert all(r["description"] for r in schema["x-server-rules"])


# -- the vn fragments match the vn rules ---------------------------------------------------------------------


class _ecma_regex:  # reads like re.compile: a pattern with .search, as JSON Schema reads it
    def __init__(self, pattern: str) -> None:
        self.pattern = pattern

    def search(self, text: str) -> bool:
        return ecma_search(self.pattern, text)


def _phone_ok(text: str) -> bool:
    shape = _ecma_regex(r"^\(?\+?[0-9 ()./-]{8,20}$")  # the compiled shape the server checks first
    try:
        normalize_phone(text)
    except PhoneError:
        return False
    return bool(shape.search(text))


def test_the_phone_pattern_is_the_phone_rule() -> None:
    rng = random.Random(14)
    pattern = _ecma_regex(PHONE_PATTERN)
    rs = jsonschema_rs.Draft202012Validator({"pattern": PHONE_PATTERN})
    seeds = [
        "0905123456",
        "+84905123456",
        "0084905123456",
        "84905123456",
        "00905123456",
        "0243823456",
        "02438234567",
        "+840905123456",
        "840905123456",
        "0084841234567",
        "0612345678",
        "+14155550100",
    ]
    cases = list(seeds)
    for _ in range(4000):
        seed = rng.choice(seeds)
        chars = list(seed)
        for _ in range(rng.randint(0, 3)):
            op = rng.randrange(3)
            i = rng.randrange(len(chars) + 1)
            if op == 0:
                chars.insert(i, rng.choice("0123456789 ()./-+"))
            elif op == 1 and chars:
                del chars[min(i, len(chars) - 1)]
            elif chars:
                chars[min(i, len(chars) - 1)] = rng.choice("0123456789")
        cases.append("".join(chars))
    wrong = [c for c in cases if bool(pattern.search(c)) != _phone_ok(c) or rs.is_valid(c) != _phone_ok(c)]
    assert wrong == []
    assert sum(map(_phone_ok, cases)) > 500 and sum(not _phone_ok(c) for c in cases) > 500  # both sides tried


def test_the_id_pattern_refuses_an_unknown_province_prefix() -> None:
    assert _ecma_regex(ID_PATTERN).search("066190012345") and not _ecma_regex(ID_PATTERN).search("999190012345")


# -- one verdict ---------------------------------------------------------------------------------------------


def _client(data: Any) -> Any:
    """What a client sends: blank answers ("", white space only, null) omitted (`blank_is_absent`)."""
    if isinstance(data, dict):
        return {k: _client(v) for k, v in data.items() if v is not None and not (isinstance(v, str) and not v.strip())}
    if isinstance(data, list):
        return [_client(v) for v in data]
    return data


def _other_province_commune(province: str) -> str:
    return next(c.code for c in admin_units.communes() if c.province_code != province)


def _mutations(f: Form, data: dict[str, Any]) -> list[dict[str, Any]]:
    """Invalid (and a few valid) variants of a valid submission, one change each, per field type."""
    out: list[dict[str, Any]] = []

    def put(path: tuple[Any, ...], value: Any) -> None:
        copy_ = copy.deepcopy(data)
        node: Any = copy_
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value
        out.append(copy_)

    for field in f.fields():
        path: tuple[Any, ...] = field.path
        if field.in_table:  # the first row's cell: /members/0/personal_id
            table = field.pointer.split("/-/")[0].lstrip("/").split("/")
            path = (*table, 0, field.id)
        value: Any = data
        for part in path:
            if isinstance(value, dict):
                value = value.get(part)
            elif isinstance(value, list) and isinstance(part, int) and len(value) > part:
                value = value[part]
            else:
                value = None
        if value is None:
            continue
        field_path = path
        if field.type == "personal_id":
            for v in ("999190012345", "00119001234", "0011900123456", "001 190 012 34"):
                put(field_path, v)
        elif field.type == "phone":
            for v in (
                "0612345678",
                "+1 415 555 0100",
                "0084905123456",
                "(+84) 91-234-5678",
                "84905123456",
                "00905123456",
                "0905 123 45",
                "02438234567",
                "1900 1234",
            ):
                put(field_path, v)
        elif field.type == "address":
            put((*field_path, "commune"), "99999")
            put((*field_path, "commune"), _other_province_commune(value["province"]))
            put((*field_path, "province"), "99")
            put(field_path, {**value, **{k: HCMC[k] for k in ("commune", "province")}})
        elif field.type == "date":
            for v in ("2023-02-30", "2024-02-29", "1900-02-29", "2023-13", "0000", "2023-04-31", "2099-01-01"):
                put(field_path, v)
        elif field.type in ("text", "long_text"):
            for v in ("   ", "\t", "x"):
                put(field_path, v)
        elif field.type == "choice":
            put(field_path, "not-a-choice")
        elif field.type == "multi_choice":
            put(field_path, ["not-a-choice"])
            put(field_path, [*value, *value])
        elif field.type in ("integer", "money", "number"):
            for v in (-1, 1.5, "12", True):
                put(field_path, v)
        elif field.type == "email":
            for v in ("a@b", "a b@c.vn", "an.nguyen@example", "nguyễn@example.vn", "x@y.vn", "@example.vn"):
                put(field_path, v)
        elif field.type == "tax_code":
            for v in ("0100123454", "0100123453-000", "0100123453-001", "123"):
                put(field_path, v)
    return out


def _cases() -> list[tuple[str, Form, list[dict[str, Any]]]]:
    """Each fixture form with its valid submission, and each catalogue form with its example submissions."""
    out = [(name, form(name), [submission(name)]) for name in FORM_NAMES]
    for path in CATALOGUE:
        examples = sorted((SUBMISSIONS / path.stem).glob("*.json"))
        data = [json.loads(p.read_text("utf-8")) for p in examples if not p.name.endswith(".expect.json")]
        out.append((path.stem, load_form(path), data))
    return out


def _server_only(f: Form, report: Any, schema: dict[str, Any]) -> bool:
    """Every error of `report` is one the schema leaves to the server."""
    listed = {(r["pointer"], r["rule"]) for r in schema["x-server-rules"]}
    return all(
        (f"/{i.pointer.split('/', 1)[1]}" if i.pointer else "", i.rule) in listed or ("", i.rule) in listed
        for i in report.errors
    )


@pytest.mark.parametrize("lang", ["vi"])
def test_jsonschema_jsonschema_rs_and_ajv_agree_with_form_validate(lang: str) -> None:
    schemas: list[dict[str, Any]] = []
    cases: list[tuple[int, Any]] = []
    expected: list[tuple[str, bool, bool]] = []  # (form, server verdict, the server alone decides)
    for i, (name, f, examples) in enumerate(_cases()):
        schema = f.json_schema(lang)
        schemas.append(schema)
        valid = [e for e in examples if f.validate(copy.deepcopy(e)).valid]
        assert valid, name
        for data in [*examples, *(m for v in valid for m in _mutations(f, v))]:
            report = f.validate(copy.deepcopy(data))
            cases.append((i, _client(data)))
            expected.append((name, report.valid, not report.valid and _server_only(f, report, schema)))
    assert len(cases) > 1500
    ajv = _ajv(schemas, cases)
    assert ajv["compile"] == [None] * len(schemas)
    reference = [make_backend(s, "jsonschema") for s in schemas]
    rust = [jsonschema_rs.Draft202012Validator(s) for s in schemas]
    checked = 0
    disagreements = []
    for (i, data), (name, server, server_alone), by_ajv in zip(cases, expected, ajv["verdicts"], strict=True):
        verdicts = {"jsonschema": reference[i].is_valid(data), "jsonschema-rs": rust[i].is_valid(data), "ajv": by_ajv}
        if server_alone:  # a rule the schema does not claim: the schema may only be more lenient
            assert all(verdicts.values()) or not server, (name, data)
            continue
        checked += 1
        if any(v != server for v in verdicts.values()):
            disagreements.append((name, server, verdicts, data))
    assert disagreements == []
    assert checked > 1500
    assert sum(not server for _, server, _ in expected) > 1000  # the invalid side is really exercised


def test_jsonschema_meta_schema_accepts_every_published_schema() -> None:
    for path in CATALOGUE:
        jsonschema.Draft202012Validator.check_schema(load_form(path).json_schema("en"))


def test_text_of_only_spaces_is_no_answer_for_the_server_and_the_schema() -> None:
    f = form("residence_declaration")
    data = {**submission("residence_declaration"), "full_name": "   "}
    issues = [(i.pointer, i.code, i.message) for i in f.validate(data, "en").errors]
    assert issues == [("/full_name", "EFK-DATA-001", "Full name is required")]  # white space only is blank
    assert not make_backend(f.json_schema(), "jsonschema").is_valid(data)
