"""Fuzzing `validate` (issue 11): random JSON-like submissions against every catalogue form.

Submissions start from each form's valid examples and get random edits: any value swapped for junk
(5,000-digit integers, NaN, lone surrogates, control and bidi characters, white space, impossible dates,
deep nesting, wrong types), keys dropped or added. Whatever comes in:
- `validate` never raises, in either language, on either path (fast path on and off);
- when the fast path answers, it answers what the full path answers (issues, data, dropped, normalised);
- every issue has a pointer, a code, a rule and a message, and the report is plain JSON;
- no issue quotes a long number or a control character it was sent (personal data stays out of messages).
The example budget is fixed and derandomised: the same cases on every run, a few seconds in CI.
"""

from __future__ import annotations

import copy
import json
import math
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eformkit import Form, load_form
from eformkit.schema.validation import FormValidator, available_backends
from eformkit.schema.validation_report import ValidationReport

from .test_backends_differential import _pointers, _resolve

ROOT = Path(__file__).parents[2]
FORM_FILES = sorted((ROOT / "forms").glob("*.yaml"))
EXAMPLES = ROOT / "tests" / "fixtures" / "submissions"
SETTINGS = settings(
    max_examples=100,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@cache
def catalogue(form_id: str) -> Form:
    return load_form(ROOT / "forms" / f"{form_id}.yaml")


@cache
def validators(form_id: str) -> tuple[FormValidator, ...]:
    """The full path, then the fast path (where jsonschema-rs is installed; the fast path needs it)."""
    f = catalogue(form_id)
    out = [FormValidator(f, fast_path=False)]
    if "jsonschema-rs" in available_backends():
        out.append(FormValidator(f))
    return tuple(out)


def reports(form_id: str, data: Any, lang: str) -> tuple[ValidationReport, list[ValidationReport]]:
    """The full path's report and the fast paths' (each on its own copy of `data`)."""
    full, *fast = validators(form_id)
    return full.validate(copy.deepcopy(data), lang), [v.validate(copy.deepcopy(data), lang) for v in fast]


def _examples() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for path in FORM_FILES:
        for example in sorted((EXAMPLES / path.stem).glob("*.json")):
            if not example.name.endswith(".expect.json"):
                out.append((path.stem, json.loads(example.read_text(encoding="utf-8"))))
    return out


EXAMPLE_SUBMISSIONS = _examples()
_HUGE = 10**5000  # past Python's 4,300-digit limit: printing it raises


def _deep(depth: int) -> Any:
    value: Any = "x"
    for _ in range(depth):
        value = {"a": [value]}
    return value


_TEXT = st.text(
    st.one_of(
        st.sampled_from([*"aĐễươ 0-9/", "\u0000", "\u0007", "\u0085", "\u202e", "\u2066", "\u200f", "\u0301", "\n"]),
        st.sampled_from(["\ud800", "\U0001f600", "\u3000", "\t"]),
        st.characters(),
    ),
    max_size=12,
)
# Edge values by name (hypothesis prints its choices, and a 5,000-digit integer cannot be printed).
_EDGES: dict[str, Any] = {
    "huge": _HUGE,
    "-huge": -_HUGE,
    "2**53": 2**53,
    "2**63": 2**63,
    "nan": math.nan,
    "inf": math.inf,
    "-inf": -math.inf,
    "empty": "",
    "spaces": "   ",
    "wide spaces": "\u3000\t",
    "2025-02-31": "2025-02-31",
    "9999-12-31": "9999-12-31",
    "0000-01-01": "0000-01-01",
    "2024-02-29": "2024-02-29",
    "an ID": "001090001234",
    "1e999 text": "1e999",
    "null": None,
    "true": True,
    "false": False,
    "0": 0,
    "-1": -1,
    "1.5": 1.5,
}


def _edge(name: str) -> Any:
    return _EDGES[name]


_JUNK_SCALARS = st.one_of(st.sampled_from(sorted(_EDGES)).map(_edge), st.integers(), st.floats(), _TEXT)
_JUNK = st.recursive(
    _JUNK_SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(_TEXT, inner, max_size=3)),
    max_leaves=6,
)


@st.composite
def fuzzed(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    """A catalogue form id and one of its examples with a few random edits."""
    form_id, example = draw(st.sampled_from(EXAMPLE_SUBMISSIONS))
    data = copy.deepcopy(example)
    keys = [f.id for f in catalogue(form_id).fields()]
    for _ in range(draw(st.integers(1, 4))):
        pointers = _pointers(data)
        kind = draw(st.sampled_from(["replace", "replace", "delete", "add", "deep"]))
        target = _resolve(data, draw(st.sampled_from(pointers))) if pointers else None
        if kind == "add" or target is None:
            holder = data if target is None or not isinstance(target[0], dict) else target[0]
            holder[draw(st.sampled_from(keys) | _TEXT)] = draw(_JUNK)
            continue
        node, key = target
        if kind == "delete":
            del node[key]  # type: ignore[arg-type]
        elif kind == "deep":
            node[key] = _deep(draw(st.sampled_from([5, 40, 200])))
        else:
            node[key] = draw(_JUNK)
    return form_id, data


def _summary(report: ValidationReport) -> tuple[Any, ...]:
    issues = [(i.pointer, i.field_id, i.label, i.rule, i.code, i.severity, i.message) for i in report.issues]
    return issues, repr(report.data), report.dropped, report.kept_hidden, report.normalised


def _check(report: ValidationReport) -> None:
    for issue in report.issues:
        assert issue.code.startswith("EFK-") and issue.rule and issue.message, issue
        assert isinstance(issue.pointer, str)
        assert not re.search(r"\d{20}", issue.message), issue.message  # no huge number quoted back
        assert not re.search("[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]", issue.message)
    json.dumps(report.to_dict(), allow_nan=False)


@SETTINGS
@given(case=fuzzed())
def test_validate_never_raises_and_both_paths_agree(case: tuple[str, dict[str, Any]]) -> None:
    form_id, data = case
    for lang in ("vi", "en"):
        slow, quick = reports(form_id, data, lang)
        _check(slow)
        assert all(_summary(q) == _summary(slow) for q in quick)


@SETTINGS
@given(form_id=st.sampled_from([p.stem for p in FORM_FILES]), data=_JUNK)
def test_validate_takes_any_json_like_value(form_id: str, data: Any) -> None:
    slow, quick = reports(form_id, data, "en")
    _check(slow)
    assert all(_summary(q) == _summary(slow) for q in quick)


@pytest.mark.parametrize("form_id", [p.stem for p in FORM_FILES])
def test_every_catalogue_form_has_examples_to_fuzz(form_id: str) -> None:
    assert any(name == form_id for name, _ in EXAMPLE_SUBMISSIONS)
