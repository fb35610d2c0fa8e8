"""The form catalogue (forms/): every form loads clean, compiles to a stable, valid JSON Schema 2020-12
document, binds only elements the pack defines, and accepts or rejects its example submissions
(tests/fixtures/submissions/<form-id>/) exactly as their sidecars say.

Submissions are checked with `jsonschema` directly against the compiled schema `form.validate` uses
(`form._json_schema`; the published `form.json_schema()` is tested in test_client_schema.py), so these tests
pin the compiled schema itself; the domain rules on top of it (personal ID prefix, address units) are exercised
by `form.validate()` in the last test.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

import eformkit
from eformkit import Form, Severity

ROOT = Path(__file__).resolve().parents[2]
FORMS = ROOT / "forms"
SUBMISSIONS = ROOT / "tests" / "fixtures" / "submissions"
FORM_FILES = sorted(FORMS.glob("*.yaml"))
# The catalogue must hold at least these forms (forms.md F1–F5, TK1-TS, CC01).
REQUIRED_FORMS = {
    "vn.bca.ct01",
    "vn.btp.birth_registration",
    "vn.btp.marriage_registration",
    "vn.btp.lltp_03",
    "vn.btc.household_business_registration",
    "vn.bhxh.tk1_ts",
    "vn.bca.cc01",
}


def _load(path: Path) -> Form:
    return eformkit.load_form(path)


def _submissions(kind: str) -> list[tuple[str, Path]]:
    """(form id, submission file) for every `valid-*.json` or `invalid-*.json` fixture."""
    out = []
    for form_dir in sorted(p for p in SUBMISSIONS.iterdir() if p.is_dir()):
        for path in sorted(form_dir.glob(f"{kind}-*.json")):
            if not path.name.endswith(".expect.json"):
                out.append((form_dir.name, path))
    return out


def _escape(part: Any) -> str:
    return str(part).replace("~", "~0").replace("/", "~1")


def _pointer(parts: Any) -> str:
    return "".join("/" + _escape(p) for p in parts)


def _flatten(errors: list[ValidationError]) -> list[ValidationError]:
    """Leaf errors: `anyOf`/`oneOf`/`not` wrappers replaced by what they wrap (if/then/allOf already are)."""
    out: list[ValidationError] = []
    for err in errors:
        if err.validator in ("anyOf", "oneOf") and err.context:
            out.extend(_flatten(list(err.context)))
        else:
            out.append(err)
    return out


def _issues(schema: dict[str, Any], data: Any) -> set[tuple[str, str]]:
    """(pointer, rule) for every error, with the conventions of `form.validate()`: a missing property
    points at the property, an unexpected property is rule `unknown_field` at that property."""
    issues: set[tuple[str, str]] = set()
    for err in _flatten(list(Draft202012Validator(schema).iter_errors(data))):
        base = _pointer(err.absolute_path)
        if err.validator == "required":
            missing = [p for p in err.validator_value if isinstance(err.instance, dict) and p not in err.instance]
            issues.update((f"{base}/{_escape(p)}", "required") for p in missing)
        elif err.validator == "additionalProperties":
            known = set(err.schema.get("properties", {}))
            extra = [k for k in err.instance if k not in known] if isinstance(err.instance, dict) else []
            issues.update((f"{base}/{_escape(k)}", "unknown_field") for k in extra)
        else:
            issues.add((base, str(err.validator)))
    return issues


@pytest.fixture(scope="module")
def forms() -> dict[str, Form]:
    return {form.id: form for form in map(_load, FORM_FILES)}


def test_catalogue_holds_the_required_forms(forms: dict[str, Form]) -> None:
    assert set(forms) >= REQUIRED_FORMS, sorted(REQUIRED_FORMS - set(forms))


@pytest.mark.parametrize("path", FORM_FILES, ids=lambda p: p.stem)
def test_file_is_named_after_its_form_id(path: Path) -> None:
    assert _load(path).id == path.stem


@pytest.mark.parametrize("path", FORM_FILES, ids=lambda p: p.stem)
def test_form_loads_without_errors(path: Path) -> None:
    form, findings = eformkit.parse_form(path.read_bytes(), file=str(path))
    errors = [f"{f.where} {f.code} {f.message_en}" for f in findings if f.severity is Severity.ERROR]
    assert form is not None and not errors, errors


@pytest.mark.parametrize("path", FORM_FILES, ids=lambda p: p.stem)
def test_form_metadata(path: Path) -> None:
    d = _load(path).definition
    assert d.legal_basis is not None and d.legal_basis.effective is not None and d.legal_basis.grade
    if d.legal_basis.grade == "R":
        assert d.legal_basis.note, "a form resting on R-graded labels says so in legal_basis.note"
    assert d.purpose and d.addressee is not None
    assert d.title.en and d.addressee.en


@pytest.mark.parametrize("path", FORM_FILES, ids=lambda p: p.stem)
def test_every_label_has_english(path: Path) -> None:
    form = _load(path)
    missing = [f.pointer for f in form.fields() if f.type != "note" and not f.label.en]
    assert not missing, missing


@pytest.mark.parametrize("path", FORM_FILES, ids=lambda p: p.stem)
def test_json_schema_is_valid_2020_12(path: Path) -> None:
    Draft202012Validator.check_schema(_load(path).json_schema())


@pytest.mark.parametrize("path", FORM_FILES, ids=lambda p: p.stem)
def test_schemas_are_snapshot_stable(path: Path) -> None:
    """Compiling twice (from two independent loads) gives byte-identical JSON."""
    a, b = _load(path), _load(path)
    # not sort_keys: the order of properties is the paper's order and must be stable too
    assert json.dumps(a.json_schema(), ensure_ascii=False) == json.dumps(b.json_schema(), ensure_ascii=False)
    assert json.dumps(a.ui_schema(), ensure_ascii=False) == json.dumps(b.ui_schema(), ensure_ascii=False)


_DUMP = """
import json, sys, eformkit
for path in sys.argv[1:]:
    form = eformkit.load_form(path)
    print(json.dumps([form.json_schema(), form.ui_schema()], ensure_ascii=False))
"""


def test_schemas_are_stable_across_processes() -> None:
    """Two interpreters with different hash seeds compile the same bytes (no set or dict-order leaks)."""
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run(
            [sys.executable, "-c", _DUMP, *map(str, FORM_FILES)], env=env, capture_output=True, check=True, text=True
        )
        outputs.append(run.stdout)
    assert outputs[0] == outputs[1]


@pytest.mark.parametrize("path", FORM_FILES, ids=lambda p: p.stem)
def test_every_bound_element_exists(path: Path) -> None:
    form = _load(path)
    vocab = form.pack.vocabulary
    bindings = form.bindings()
    assert bindings, "a catalogue form prefills at least one field"
    for b in bindings:
        if b.field_type == "table":
            assert b.element in vocab.collections, b.element
            for column in b.columns.values():
                assert column in vocab.attributes, (b.element, column)
        elif b.document_type is not None:
            assert b.element in vocab.roles and vocab.roles[b.element].document_type == b.document_type
        else:
            assert vocab.element(b.element) is not None, (b.pointer, b.element)


@pytest.mark.parametrize("path", FORM_FILES, ids=lambda p: p.stem)
def test_every_form_has_example_submissions(path: Path) -> None:
    folder = SUBMISSIONS / path.stem
    assert len(list(folder.glob("valid-*.json"))) >= 2, folder
    kinds = {p.name for p in folder.glob("invalid-*.expect.json")}
    wanted = ["missing-required", "malformed-date", "unknown-field"]
    # a paper with nothing to choose (a plain đơn: name, dates, free text) has no wrong choice to show
    if any(f.type in ("choice", "multi_choice") for f in _load(path).fields()):
        wanted.append("wrong-choice")
    for kind in wanted:
        assert f"invalid-{kind}.expect.json" in kinds, (folder, kind)


@pytest.mark.parametrize(("form_id", "path"), _submissions("valid"), ids=lambda v: getattr(v, "stem", v))
def test_valid_submission_validates(forms: dict[str, Form], form_id: str, path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert _issues(forms[form_id]._json_schema, data) == set()


@pytest.mark.parametrize(("form_id", "path"), _submissions("invalid"), ids=lambda v: getattr(v, "stem", v))
def test_invalid_submission_fails_where_the_sidecar_says(forms: dict[str, Form], form_id: str, path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    expect = json.loads(path.with_name(path.stem + ".expect.json").read_text(encoding="utf-8"))
    wanted = {(e["pointer"], e["rule"]) for e in expect["errors"]}
    found = _issues(forms[form_id]._json_schema, data)
    assert wanted <= found, f"expected {sorted(wanted)}, got {sorted(found)}"
    # exactly one kind of mistake: nothing fails anywhere else
    assert {p for p, _ in found} == {p for p, _ in wanted}, sorted(found)


@pytest.mark.parametrize(("form_id", "path"), _submissions("valid"), ids=lambda v: getattr(v, "stem", v))
def test_valid_submission_passes_the_domain_rules(forms: dict[str, Form], form_id: str, path: Path) -> None:
    """The examples are realistic: personal IDs match birth year and sex, communes lie in their province."""
    report = forms[form_id].validate(json.loads(path.read_text(encoding="utf-8")))
    assert report.valid and not report.warnings, [i.to_dict() for i in report.issues]


@pytest.mark.parametrize(("form_id", "path"), _submissions("invalid"), ids=lambda v: getattr(v, "stem", v))
def test_form_validate_reports_what_the_sidecar_says(forms: dict[str, Form], form_id: str, path: Path) -> None:
    """`form.validate()` (schema + domain rules) reports exactly the sidecar's errors, pointers and rules."""
    expect = json.loads(path.with_name(path.stem + ".expect.json").read_text(encoding="utf-8"))
    report = forms[form_id].validate(json.loads(path.read_text(encoding="utf-8")))
    assert {(i.pointer, i.rule) for i in report.errors} == {(e["pointer"], e["rule"]) for e in expect["errors"]}
