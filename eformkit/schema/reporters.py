"""Reporters: one `CheckResult` (or a list of findings) as text, JSON, JUnit XML, GitHub annotations or SARIF."""

from __future__ import annotations

import json
from collections.abc import Callable
from xml.sax.saxutils import escape, quoteattr

from eformkit.errors import Finding, Severity

__all__ = ["REPORTERS", "report"]

JSON_REPORT_VERSION = 1


def _text(findings: list[Finding], files: list[str], lang: str, colour: bool = False, summary: bool = True) -> str:
    lines = []
    for f in findings:
        word = f.severity.value
        if colour:  # ANSI bold red / yellow
            word = ("\x1b[1;31m" if f.severity is Severity.ERROR else "\x1b[1;33m") + word + "\x1b[0m"
        lines.append(f"{f.where}: {f.code} [{word}] {f.message(lang)}" + (f"  ({f.pointer})" if f.pointer else ""))
    if not summary:
        return "".join(line + "\n" for line in lines)
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    warnings = len(findings) - errors
    if lang == "vi":
        lines.append(f"{len(files)} tệp đã kiểm tra: {errors} lỗi, {warnings} cảnh báo")
    else:
        lines.append(f"{len(files)} file(s) checked: {errors} error(s), {warnings} warning(s)")
    return "\n".join(lines) + "\n"


def _json(findings: list[Finding], files: list[str], lang: str) -> str:
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    payload = {
        "version": JSON_REPORT_VERSION,
        "status": "fail" if errors else ("warn" if findings else "ok"),
        "files": files,
        "summary": {"errors": errors, "warnings": len(findings) - errors, "files": len(files)},
        "findings": [{**f.to_dict(), "message": f.message(lang)} for f in findings],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def _junit(findings: list[Finding], files: list[str], lang: str) -> str:
    by_file: dict[str, list[Finding]] = {name: [] for name in files}
    for f in findings:
        by_file.setdefault(f.file or "<input>", []).append(f)
    failures = sum(1 for f in findings if f.severity is Severity.ERROR)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<testsuites name="eformkit check" tests="{len(by_file)}" failures="{failures}">',
        f'<testsuite name="eformkit check" tests="{len(by_file)}" failures="{failures}">',
    ]
    for name, items in by_file.items():
        out.append(f'<testcase classname="eformkit.check" name={quoteattr(name)}>')
        for f in items:
            tag = "failure" if f.severity is Severity.ERROR else "system-out"
            body = escape(f"{f.where}: {f.code} {f.message(lang)}")
            if tag == "failure":
                out.append(f"<failure type={quoteattr(f.code)} message={quoteattr(f.message(lang))}>{body}</failure>")
            else:
                out.append(f"<system-out>warning {body}</system-out>")
        out.append("</testcase>")
    out += ["</testsuite>", "</testsuites>"]
    return "\n".join(out) + "\n"


def _github(findings: list[Finding], files: list[str], lang: str) -> str:
    def esc(text: str) -> str:
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    def esc_property(text: str) -> str:
        return esc(text).replace(":", "%3A").replace(",", "%2C")

    lines = []
    for f in findings:
        props = [f"file={esc_property(f.file or '')}"]
        if f.line is not None:
            props.append(f"line={f.line}")
        if f.column is not None:
            props.append(f"col={f.column}")
        props.append(f"title={f.code}")
        lines.append(f"::{f.severity.value} {','.join(props)}::{esc(f.message(lang))}")
    return "\n".join(lines) + ("\n" if lines else "")


def _sarif(findings: list[Finding], files: list[str], lang: str) -> str:
    from eformkit.schema.codes import CODES

    used = sorted({f.code for f in findings})
    results = []
    for f in findings:
        region = {"startLine": f.line or 1}
        if f.column is not None:
            region["startColumn"] = f.column
        results.append(
            {
                "ruleId": f.code,
                "level": "error" if f.severity is Severity.ERROR else "warning",
                "message": {"text": f.message(lang)},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": f.file or ""}, "region": region}}],
                "properties": {"pointer": f.pointer},
            }
        )
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "eformkit",
                        # No informationUri/helpUri: the project has no public address; the codes are
                        # explained in docs/findings.md, and each result's message names the fix.
                        "rules": [
                            {
                                "id": code,
                                "defaultConfiguration": {"level": CODES[code].severity.value},
                            }
                            for code in used
                        ],
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


REPORTERS: dict[str, Callable[[list[Finding], list[str], str], str]] = {
    "text": _text,
    "json": _json,
    "junit": _junit,
    "github": _github,
    "sarif": _sarif,
}


def report(
    fmt: str, findings: list[Finding], files: list[str], lang: str = "en", *, colour: bool = False, summary: bool = True
) -> str:
    """Render `findings` in format `fmt` (one of REPORTERS). The text format colours severities with `colour`
    and ends with a summary line unless `summary` is false (`-q`)."""
    if fmt == "text":
        return _text(findings, files, lang, colour, summary)
    return REPORTERS[fmt](findings, files, lang)
