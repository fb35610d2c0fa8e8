"""Differential test: the jsonschema-rs backend and the jsonschema reference agree.

Submissions are generated from real-looking valid ones by random mutations (delete, replace with any
JSON value or with a value the schema names, add unknown keys, flip conditions). Both backends must
give the same verdict and the same set of (pointer, keyword) error locations, and the full
`FormValidator` reports must match issue for issue.
"""

from __future__ import annotations

import copy
import json
import unicodedata
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from eformkit.schema.validation import FormValidator
from eformkit.schema.validation_backends import RawError, available_backends, make_backend

from ._submissions import form, submission

pytestmark = pytest.mark.skipif("jsonschema-rs" not in available_backends(), reason="jsonschema-rs not installed")

FORMS = ("residence_declaration", "criminal_record", "household_business", "marriage_registration")

# Values chosen to sit on the edges where two implementations could disagree.
_EDGE_STRINGS = [
    "",
    " ",
    "x",
    "001090001234",
    "001090001234\n",  # `$` before a final newline
    "\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669\u0660\u0661\u0662",  # Arabic-Indic digits for \d
    "0912 345 678",
    "(+84) 91-234-5678",
    "a\u00a0b@c.vn",  # a no-break space where the e-mail pattern forbids \s
    "an@example.vn",
    "2025-02-30",
    "2025-02",
    "2025",
    "0100123453-001",
    "00004",
    "01",
    "Nguyễn Văn An",
    "Nguye\u0302\u0303n",  # decomposed: NFC-normalised by the validator
    "\U0001f600" * 3,
    "bad \ud800 text",  # a lone surrogate: json.loads produces it from "\\ud800"
    "A" * 2001,
    "male",
    "other",
    "type_2",
    "post",
    "store",
]
_EDGE_NUMBERS = [0, 1, -1, 2, 3, 10, 11, 1.0, 2.5, -0.0, 10**20, 2**63, -(2**63) - 1, 1e300, 1000000]
_NOT_JSON = [float("nan"), float("inf"), float("-inf")]  # json.loads accepts NaN and Infinity
_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.sampled_from(_EDGE_NUMBERS),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(_EDGE_STRINGS),
    st.text(max_size=12),
)
_json = st.recursive(
    _scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(
            st.sampled_from(["detail", "commune", "province", "source", "ref", "x", "full_name"]), children, max_size=3
        ),
    ),
    max_leaves=6,
)


_PERTURB = [
    lambda s: s + "\n",  # `$` before a final newline
    lambda s: "\n" + s,
    lambda s: s.translate({ord(d): 0x0660 + int(d) for d in "0123456789"}),  # Arabic-Indic digits for \d
    lambda s: s.replace(" ", "\u00a0") if " " in s else s + "\u00a0",  # a no-break space for \s
    lambda s: s.replace("@", "\u00a0@"),
    lambda s: s[:-1],
    lambda s: s + s[-1:],
    lambda s: s.upper(),
    lambda s: unicodedata.normalize("NFD", s),
    lambda s: s + "\u0301",  # a combining mark
]


def _pointers(data: Any, prefix: str = "") -> list[str]:
    """Every pointer inside `data` (objects and arrays), parents before children."""
    out: list[str] = []
    if isinstance(data, dict):
        for key, value in data.items():
            out.append(f"{prefix}/{key}")
            out.extend(_pointers(value, f"{prefix}/{key}"))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            out.append(f"{prefix}/{i}")
            out.extend(_pointers(value, f"{prefix}/{i}"))
    return out


def _schema_values(schema: Any) -> list[Any]:
    """Every enum member and const in the schema: values that flip conditions and pass enums."""
    found: list[Any] = []
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key == "enum" and isinstance(value, list):
                found.extend(value)
            elif key == "const":
                found.append(value)
            elif not key.startswith("x-"):
                found.extend(_schema_values(value))
    elif isinstance(schema, list):
        for item in schema:
            found.extend(_schema_values(item))
    return found


def _resolve(data: Any, pointer: str) -> tuple[Any, str | int] | None:
    parts = pointer.split("/")[1:]
    node = data
    for part in parts[:-1]:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    last = parts[-1]
    if isinstance(node, list):
        return (node, int(last)) if last.isdigit() and int(last) < len(node) else None
    return (node, last) if isinstance(node, dict) else None


def _value(data: Any, pointer: str) -> Any:
    target = _resolve(data, pointer)
    if target is None:
        return None
    node, key = target
    return node[key]


@st.composite
def submissions(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    name = draw(st.sampled_from(FORMS))
    data = submission(name)
    schema = form(name)._json_schema  # the schema the validator checks with (not the published one)
    names = list(schema["properties"])
    values = _schema_values(schema)
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(
            st.sampled_from(
                [
                    "delete",
                    "replace",
                    "replace_schema_value",
                    "replace_edge",
                    "perturb",
                    "perturb",
                    "add_known",
                    "add_unknown",
                ]
            )
        )
        pointers = _pointers(data)
        if kind == "perturb":
            texts = [p for p in pointers if isinstance(_value(data, p), str)]
            if texts:
                target = _resolve(data, draw(st.sampled_from(texts)))
                assert target is not None
                node, key = target
                node[key] = draw(st.sampled_from(_PERTURB))(node[key])  # type: ignore[index]
        elif kind in ("delete", "replace", "replace_schema_value", "replace_edge") and pointers:
            target = _resolve(data, draw(st.sampled_from(pointers)))
            if target is None:
                continue
            node, key = target
            if kind == "delete":
                del node[key]  # type: ignore[arg-type]
            elif kind == "replace":
                node[key] = draw(_json)  # type: ignore[index]
            elif kind == "replace_edge":
                node[key] = draw(st.sampled_from(_EDGE_STRINGS + _EDGE_NUMBERS + _NOT_JSON))  # type: ignore[index]
            else:
                node[key] = draw(st.sampled_from(values))  # type: ignore[index]
        elif kind == "add_known":
            data[draw(st.sampled_from(names))] = draw(st.one_of(st.sampled_from(values), _json))
        else:
            data[draw(st.sampled_from(["extra", "note", "Full_Name", "members2"]))] = draw(_json)
    return name, data


def _locations(errors: list[RawError]) -> set[tuple[str, str]]:
    """(pointer, keyword) of each error, normalised as FormValidator reports them."""
    out: set[tuple[str, str]] = set()
    for e in errors:
        if e.keyword in ("if", "then", "allOf", "not"):
            continue
        if e.keyword == "required":
            out.add((f"{e.pointer}/{e.params.get('property', '')}", "required"))
        elif e.keyword == "additionalProperties":
            out.update((f"{e.pointer}/{k}", "additionalProperties") for k in e.params.get("unexpected", []))
        else:
            out.add((e.pointer, e.keyword))
    return out


def _is_json(data: Any) -> bool:
    try:
        json.dumps(data, allow_nan=False, ensure_ascii=False).encode("utf-8")
    except (ValueError, UnicodeEncodeError):
        return False
    return True


_BACKENDS: dict[str, tuple[Any, Any]] = {}


def _backends(name: str) -> tuple[Any, Any]:
    if name not in _BACKENDS:
        schema = form(name)._json_schema  # the schema the validator checks with (not the published one)
        _BACKENDS[name] = (make_backend(schema, "jsonschema-rs"), make_backend(schema, "jsonschema"))
    return _BACKENDS[name]


@settings(
    max_examples=300,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(case=submissions())
def test_backends_agree_on_verdicts_and_error_locations(case: tuple[str, dict[str, Any]]) -> None:
    name, data = case
    assume(_is_json(data))  # the validator refuses the rest before any backend sees it (tested below)
    fast, reference = _backends(name)
    assert fast.is_valid(data) is reference.is_valid(data), data
    assert _locations(list(fast.errors(data))) == _locations(list(reference.errors(data))), data


@settings(
    max_examples=300,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(case=submissions())
def test_validators_report_the_same_issues_with_either_backend(case: tuple[str, dict[str, Any]]) -> None:
    name, data = case
    fast = FormValidator(form(name), "jsonschema-rs")
    reference = FormValidator(form(name), "jsonschema")
    a = fast.validate(copy.deepcopy(data), lang="en")
    b = reference.validate(copy.deepcopy(data), lang="en")
    assert a.valid is b.valid, data
    assert sorted((i.pointer, i.rule, i.code, i.message) for i in a.issues) == sorted(
        (i.pointer, i.rule, i.code, i.message) for i in b.issues
    ), data
    assert (a.dropped, a.kept_hidden) == (b.dropped, b.kept_hidden)


def test_generated_cases_include_valid_and_invalid_submissions() -> None:
    """The generator is not degenerate: over a deterministic sample it yields both verdicts on every form."""
    seen: set[tuple[str, bool]] = set()

    @settings(
        max_examples=300,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(case=submissions())
    def collect(case: tuple[str, dict[str, Any]]) -> None:
        name, data = case
        seen.add((name, _backends(name)[1].is_valid(data)))

    collect()
    assert seen == {(name, verdict) for name in FORMS for verdict in (True, False)}


# -- the disagreements this test found, pinned ------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("001090001234", True),
        ("001090001234\n", False),  # Python's `$` matched before a final newline; ECMA-262's does not
        ("\u0660\u0660\u0661\u0660\u0669\u0660\u0660\u0660\u0661\u0662\u0663\u0664", False),  # \d is ASCII
    ],
)
@pytest.mark.parametrize("backend", ["jsonschema-rs", "jsonschema"])
def test_patterns_follow_ecma_262_in_both_backends(backend: str, value: str, valid: bool) -> None:
    data = submission("criminal_record")
    data["personal_id"] = value
    report = FormValidator(form("criminal_record"), backend).validate(data)
    assert report.valid is valid
    if not valid:
        assert [(i.pointer, i.rule) for i in report.issues] == [("/personal_id", "pattern")]


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf"), "bad \ud800 text"])
@pytest.mark.parametrize("backend", ["jsonschema-rs", "jsonschema"])
def test_values_json_text_cannot_carry_are_refused_by_both(backend: str, value: Any) -> None:
    data = submission("criminal_record")
    data["copies"] = value
    report = FormValidator(form("criminal_record"), backend).validate(data, lang="en")
    assert [(i.pointer, i.rule, i.code) for i in report.issues] == [("/copies", "type", "EFK-DATA-003")]
    assert report.issues[0].label == "Number of copies"


def test_a_lone_surrogate_in_a_key_is_refused() -> None:
    data = submission("criminal_record")
    data["bad\udc00key"] = 1
    report = form("criminal_record").validate(data)
    assert [(i.rule, i.code) for i in report.issues] == [("type", "EFK-DATA-003")]
