"""Helpers for the schema tests: build a form from a few lines of YAML."""

from __future__ import annotations

import textwrap

from eformkit import Finding, Form, parse_form

HEADER = """\
form: vn.test.unit
title: {vi: Biểu mẫu thử, en: Test form}
legal_basis: {instrument: Thông tư 01/2025/TT-TEST}
purpose: testing
"""


def make(body: str, *, header: str = HEADER, file: str = "unit.yaml") -> tuple[Form | None, list[Finding]]:
    """Parse HEADER + `body` (dedented); return (form or None, findings)."""
    return parse_form(header + textwrap.dedent(body), file=file)


def fields_form(fields: str, *, header: str = HEADER, file: str = "unit.yaml") -> tuple[Form | None, list[Finding]]:
    """A form with one section `main` holding `fields` (a YAML mapping body, dedented)."""
    body = "sections:\n  main:\n    title: {vi: Chính, en: Main}\n    fields:\n"
    body += textwrap.indent(textwrap.dedent(fields), "      ")
    return make(body, header=header, file=file)


def clean_form(fields: str) -> Form:
    """Like `fields_form`, insisting that the form has no finding at all."""
    form, findings = fields_form(fields)
    assert form is not None and not findings, [f"{f.where} {f.code} {f.message_en}" for f in findings]
    return form


def codes(findings: list[Finding]) -> list[str]:
    return sorted(f.code for f in findings)
