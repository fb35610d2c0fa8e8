"""Patterns are ECMA-262 (JSON Schema's dialect) at author time and in both validation backends."""

from __future__ import annotations

import pytest

from eformkit.schema.ecma_regex import ecma_error, ecma_search
from eformkit.schema.validation import FormValidator

from ._forms import clean_form, codes, fields_form

LETTERS = """\
given_name:
  type: text
  label: {vi: Tên, en: Given name}
  constraints:
    - {rule: pattern, value: '^\\p{L}+$'}
"""


@pytest.mark.parametrize(
    ("pattern", "valid"),
    [
        ("^\\p{L}+$", True),  # Unicode property escapes: ECMA-262 (u flag), not Python's re
        ("^\\p{Lu}\\p{Ll}*$", True),
        ("^[A-Z", False),
        ("(?P<name>x)", False),  # Python's named-group syntax is not ECMA-262
        ("a{2,1}", False),
    ],
)
def test_author_time_check_uses_ecma_262(pattern: str, valid: bool) -> None:
    assert (ecma_error(pattern) is None) is valid
    escaped = pattern.replace("'", "''")
    _, findings = fields_form(
        f"code_text:\n  type: text\n  label: {{vi: Mã, en: Code}}\n"
        f"  constraints:\n    - {{rule: pattern, value: '{escaped}'}}\n"
    )
    assert ("EFK-FIELD-010" in codes(findings)) is not valid


def test_ecma_semantics() -> None:
    assert ecma_search("^[0-9]{3}$", "123") and not ecma_search("^[0-9]{3}$", "123\n")  # `$` is the very end
    assert not ecma_search("\\d", "\u0663")  # \d is ASCII
    assert ecma_search("b", "abc")  # not anchored


@pytest.mark.parametrize("backend", ["jsonschema-rs", "jsonschema"])
@pytest.mark.parametrize(("value", "valid"), [("Hương", True), ("Đức", True), ("Huong1", False), ("a b", False)])
def test_a_unicode_property_pattern_validates_alike_in_both_backends(backend: str, value: str, valid: bool) -> None:
    form = clean_form(LETTERS)
    report = FormValidator(form, backend).validate({"given_name": value}, lang="en")
    assert report.valid is valid
    if not valid:
        assert [(i.pointer, i.rule) for i in report.issues] == [("/given_name", "pattern")]
