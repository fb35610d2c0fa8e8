"""docs/findings.md has one entry per finding code, with the right severity and an example."""

from __future__ import annotations

import re
from pathlib import Path

from eformkit.schema.codes import CODES

ROOT = Path(__file__).parent.parent.parent
DOC = (ROOT / "docs" / "findings.md").read_text(encoding="utf-8")
HEADING = re.compile(r"^## (EFK-[A-Z0-9]+-\d{3})$", re.MULTILINE)


def _entries() -> dict[str, str]:
    """Code -> the text of its entry (up to the next heading)."""
    matches = list(HEADING.finditer(DOC))
    out: dict[str, str] = {}
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(DOC)
        body = DOC[m.end() : end]
        out[m.group(1)] = body.split("\n## ", 1)[0]
    return out


def _submission_codes() -> set[str]:
    """Every EFK-DATA-* and EFK-VN-* code the validation code can emit."""
    found: set[str] = set()
    for path in (ROOT / "eformkit").rglob("*.py"):
        found.update(re.findall(r"EFK-(?:DATA|VN)-\d{3}", path.read_text(encoding="utf-8")))
    return found


def test_every_form_finding_code_has_a_heading() -> None:
    entries = _entries()
    missing = sorted(set(CODES) - set(entries))
    assert missing == []


def test_every_submission_code_has_a_heading() -> None:
    codes = _submission_codes()
    assert {"EFK-DATA-001", "EFK-DATA-012", "EFK-VN-001", "EFK-VN-007"} <= codes
    assert sorted(codes - set(_entries())) == []


def test_no_heading_for_a_code_that_does_not_exist() -> None:
    assert sorted(set(_entries()) - set(CODES) - _submission_codes()) == []


def test_each_heading_appears_once() -> None:
    headings = HEADING.findall(DOC)
    assert len(headings) == len(set(headings))


def test_form_entries_state_their_severity_and_show_an_example() -> None:
    for code, body in _entries().items():
        if code not in CODES:
            continue
        assert f"Severity: {CODES[code].severity.value}" in body, code
        assert "Fix" in body, code
        if code not in ("EFK-YAML-006",):
            assert "```" in body, code


def test_submission_entries_show_json() -> None:
    for code, body in _entries().items():
        if code.startswith(("EFK-DATA-", "EFK-VN-")) and code != "EFK-DATA-013":
            assert "```json" in body, code
