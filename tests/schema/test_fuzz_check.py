"""Fuzzing the form loader and the checker (issue 11): mutated catalogue YAML never crashes anything.

Each case takes a catalogue form (or a valid example form) and applies a few random edits to its text:
values swapped for junk (5,000-digit integers, NaN, infinity, impossible dates, wrong types, anchors,
tags, deep nesting, control characters), keys renamed, lines deleted, duplicated or re-indented, and
snippets inserted (constraints with bad values, defaults, conditions). Whatever the text:
- `parse_form` returns findings, each with a known code and a message in both languages, never raises;
- a form that builds lints cleanly and compiles to schemas that are plain JSON (no NaN, no Infinity);
- a form without errors validates a submission on both backends without raising;
- `eformkit check` exits 0, 1 or 2, never 3.
The example budget is fixed and derandomised: the same cases on every run, a few seconds in CI.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eformkit.cli import main
from eformkit.schema.codes import CODES
from eformkit.schema.definition import FIELD_TYPES
from eformkit.schema.form import parse_form
from eformkit.schema.lints import run_lints
from eformkit.schema.validation import FormValidator, available_backends

ROOT = Path(__file__).parents[2]
SOURCES = sorted((ROOT / "forms").glob("*.yaml")) + sorted(
    (ROOT / "tests" / "fixtures" / "forms" / "valid").glob("*.yaml")
)
TEXTS = [p.read_text(encoding="utf-8") for p in SOURCES]
SETTINGS = settings(
    max_examples=60,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Values a careless or hostile author might write.
JUNK = [
    "9" * 5000,
    "-" + "9" * 5000,
    "0x" + "f" * 5000,
    str(2**53),
    ".nan",
    ".inf",
    "-.inf",
    "1.0e+999",
    "2024-02-30",
    "2024-13-01",
    "2024-02-29",
    '"abc"',
    "abc",
    "~",
    "[]",
    "{}",
    "true",
    "-1",
    "0",
    "1.5",
    "'\u202eevil'",
    '"nul\\u0000"',
    "&anchor x",
    "*anchor",
    "!!binary aGk=",
    "!!python/object:os.system x",
    "[" * 80 + "]" * 80,
    "{a: " * 70 + "1" + "}" * 70,
    "{rule: pattern, value: 'a\\Z'}",
    "'unterminated",
    "x == ",
    'sex == "female" and',
    "applicant.no_such_element",
    "{vi: Nhãn, en: Label}",
    "\t",
]
KEYS = [
    "type",
    "label",
    "required",
    "visible_if",
    "default",
    "prefill",
    "constraints",
    "options",
    "list",
    "fields",
    "columns",
    "min_rows",
    "max_rows",
    "precision",
    "widget",
    "role",
    "block",
    "compute",
    "anchor",
    "effective",
    "form",
    "sections",
    "lists",
    "blocks",
    "unknown_key",
]
SNIPPETS = [
    "constraints: [{rule: maximum, value: .nan}]",
    'constraints: [{rule: maximum, value: "abc"}]',
    "constraints: [{rule: min_length, value: 2.5}]",
    "constraints: [{rule: pattern, value: '(?P<x>a)\\Z'}]",
    "constraints: [{rule: not_future}]",
    "default: " + "9" * 5000,
    "default: .inf",
    "min_rows: " + "9" * 5000,
    "max_rows: 0",
    "effective: 2024-02-30",
    "visible_if: copies > 1e999",
    "required: missing_field == 1",
    "type: " + "|".join(FIELD_TYPES[:3]),
    "x: &a [1, 2]",
    "y: *a",
    "deep: " + "[" * 70 + "]" * 70,
]
_KEY_LINE = re.compile(r"^(\s*-?\s*)([A-Za-z_][\w.-]*)(:\s*)(.*)$")


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """A catalogue or example form's text with 1 to 4 random edits."""
    lines = draw(st.sampled_from(TEXTS)).splitlines()
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        line = lines[i]
        match = _KEY_LINE.match(line)
        kind = draw(st.sampled_from(["value", "value", "key", "type", "delete", "duplicate", "indent", "insert"]))
        if kind == "value" and match:
            lines[i] = f"{match[1]}{match[2]}{match[3] or ': '}{draw(st.sampled_from(JUNK))}"
        elif kind == "key" and match:
            lines[i] = f"{match[1]}{draw(st.sampled_from(KEYS))}{match[3]}{match[4]}"
        elif kind == "type" and match:
            lines[i] = f"{match[1]}type: {draw(st.sampled_from(FIELD_TYPES))}"
        elif kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, line)
        elif kind == "indent":
            shift = draw(st.integers(-4, 4))
            lines[i] = line[-shift:] if shift < 0 else " " * shift + line
        else:
            indent = line[: len(line) - len(line.lstrip())]
            lines.insert(i, indent + draw(st.sampled_from(SNIPPETS)))
        if not lines:
            lines = ["form: x"]
    return "\n".join(lines) + "\n"


@SETTINGS
@given(text=mutated())
def test_the_loader_reports_findings_and_never_raises(text: str) -> None:
    form, findings = parse_form(text, file="fuzz.yaml")
    for f in findings:
        assert f.code in CODES and f.message_en and f.message_vi, f
        assert f.file == "fuzz.yaml"
    if form is None:
        assert any(f.severity.value == "error" for f in findings)
        return
    for f in run_lints(form):
        assert f.code in CODES
    json.dumps(form.json_schema(), allow_nan=False)
    json.dumps(form.ui_schema(), allow_nan=False)
    if any(f.severity.value == "error" for f in findings):
        return  # load_form refuses it; `check` reports it
    for backend in available_backends():
        for data in ({}, {"x": 1}):
            report = FormValidator(form, backend).validate(data, "en")
            json.dumps(report.to_dict(), allow_nan=False)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz_check")


@settings(SETTINGS, max_examples=30)
@given(text=mutated(), fmt=st.sampled_from(["text", "json", "sarif"]))
def test_check_exits_0_1_or_2(workdir: Path, text: str, fmt: str) -> None:
    path = workdir / "form.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["check", "--format", fmt, str(path)]) in (0, 1, 2)
    assert main(["schema", str(path)]) in (0, 1, 2)
