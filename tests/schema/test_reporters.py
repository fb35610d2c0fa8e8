"""Reporters: text, JSON, JUnit XML, GitHub annotations and SARIF."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from eformkit.errors import Finding, Severity
from eformkit.schema.catalogue import check_catalogue
from eformkit.schema.reporters import REPORTERS, report

INVALID = Path(__file__).parent.parent / "fixtures" / "forms" / "invalid"
VALID = Path(__file__).parent.parent / "fixtures" / "forms" / "valid"

ERROR = Finding(
    code="EFK-BIND-001",
    severity=Severity.ERROR,
    message_en="unknown data element 'x' <&> 100% sure\nsecond line",
    message_vi="không có phần tử dữ liệu 'x'",
    file="forms/a.yaml",
    pointer="/sections/main/fields/x/prefill",
    line=12,
    column=7,
    suggestion="'y'",
)
WARNING = Finding(
    code="EFK-I18N-001",
    severity=Severity.WARNING,
    message_en="missing 'en' translation",
    message_vi="thiếu bản dịch 'en'",
    file="forms/b.yaml",
    pointer="/title",
    line=3,
    column=8,
)
NO_POSITION = Finding(
    code="EFK-IO-001",
    severity=Severity.ERROR,
    message_en="cannot read the file: No such file or directory",
    message_vi="không đọc được tệp: No such file or directory",
    file="forms/c.yaml",
)
FINDINGS = [ERROR, WARNING, NO_POSITION]
FILES = ["forms/a.yaml", "forms/b.yaml", "forms/c.yaml", "forms/clean.yaml"]


def test_every_format_is_registered() -> None:
    assert set(REPORTERS) == {"text", "json", "junit", "github", "sarif"}


@pytest.mark.parametrize("fmt", sorted(REPORTERS))
def test_every_format_renders_an_empty_run(fmt: str) -> None:
    out = report(fmt, [], ["forms/clean.yaml"])
    assert isinstance(out, str)
    if fmt == "json":
        assert json.loads(out)["status"] == "ok"
    if fmt == "sarif":
        assert json.loads(out)["runs"][0]["results"] == []
    if fmt == "junit":
        assert ET.fromstring(out).get("failures") == "0"


def test_text() -> None:
    out = report("text", FINDINGS, FILES, "en")
    lines = out.splitlines()
    assert lines[0] == "forms/a.yaml:12:7: EFK-BIND-001 [error] unknown data element 'x' <&> 100% sure"
    assert lines[1] == "second line  (/sections/main/fields/x/prefill)"
    assert "forms/b.yaml:3:8: EFK-I18N-001 [warning] missing 'en' translation  (/title)" in lines
    assert "forms/c.yaml: EFK-IO-001 [error] cannot read the file: No such file or directory" in lines
    assert lines[-1] == "4 file(s) checked: 2 error(s), 1 warning(s)"


def test_text_in_vietnamese() -> None:
    out = report("text", FINDINGS, FILES, "vi")
    assert "forms/b.yaml:3:8: EFK-I18N-001 [warning] thiếu bản dịch 'en'  (/title)" in out
    assert out.splitlines()[-1] == "4 tệp đã kiểm tra: 2 lỗi, 1 cảnh báo"


def test_json() -> None:
    payload = json.loads(report("json", FINDINGS, FILES, "vi"))
    assert payload["version"] == 1
    assert payload["status"] == "fail"
    assert payload["files"] == FILES
    assert payload["summary"] == {"errors": 2, "warnings": 1, "files": 4}
    first = payload["findings"][0]
    assert first["code"] == "EFK-BIND-001"
    assert (first["file"], first["line"], first["column"]) == ("forms/a.yaml", 12, 7)
    assert first["pointer"] == "/sections/main/fields/x/prefill"
    assert first["message"] == "không có phần tử dữ liệu 'x'"
    assert first["suggestion"] == "'y'"
    assert first["severity"] == "error"
    warn_only = json.loads(report("json", [WARNING], FILES))
    assert warn_only["status"] == "warn"


def test_junit_parses_and_counts() -> None:
    out = report("junit", FINDINGS, FILES, "en")
    root = ET.fromstring(out)
    assert root.tag == "testsuites"
    suite = root.find("testsuite")
    assert suite is not None
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == FILES
    assert root.get("failures") == "2"
    a = cases[0].findall("failure")
    assert len(a) == 1
    assert a[0].get("type") == "EFK-BIND-001"
    assert a[0].get("message") == ERROR.message_en  # attribute escaping round-trips <, &, >, newlines
    assert a[0].text is not None and "forms/a.yaml:12:7" in a[0].text
    b_out = cases[1].find("system-out")
    assert cases[1].find("failure") is None
    assert b_out is not None and b_out.text is not None and b_out.text.startswith("warning forms/b.yaml:3:8")
    assert cases[3].find("failure") is None and cases[3].find("system-out") is None  # a clean file passes


def test_github_annotations() -> None:
    lines = report("github", FINDINGS, FILES, "en").splitlines()
    assert lines[0] == (
        "::error file=forms/a.yaml,line=12,col=7,title=EFK-BIND-001::"
        "unknown data element 'x' <&> 100%25 sure%0Asecond line"
    )
    assert lines[1] == "::warning file=forms/b.yaml,line=3,col=8,title=EFK-I18N-001::missing 'en' translation"
    assert lines[2] == "::error file=forms/c.yaml,title=EFK-IO-001::cannot read the file: No such file or directory"
    assert len(lines) == 3
    assert report("github", [], FILES) == ""


def test_sarif() -> None:
    doc = json.loads(report("sarif", FINDINGS, FILES, "en"))
    assert doc["version"] == "2.1.0"
    assert doc["$schema"].endswith("sarif-2.1.0.json")
    (run,) = doc["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "eformkit"
    assert [r["id"] for r in driver["rules"]] == ["EFK-BIND-001", "EFK-I18N-001", "EFK-IO-001"]
    assert driver["rules"][1]["defaultConfiguration"] == {"level": "warning"}
    assert "informationUri" not in driver and all("helpUri" not in r for r in driver["rules"])  # no invented hosts
    results = run["results"]
    assert len(results) == 3
    first = results[0]
    assert first["ruleId"] == "EFK-BIND-001"
    assert first["level"] == "error"
    assert first["message"]["text"] == ERROR.message_en
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "forms/a.yaml"
    assert location["region"] == {"startLine": 12, "startColumn": 7}
    assert first["properties"]["pointer"] == "/sections/main/fields/x/prefill"
    assert results[1]["level"] == "warning"
    assert results[2]["locations"][0]["physicalLocation"]["region"] == {"startLine": 1}  # unknown line


@pytest.mark.parametrize("fmt", sorted(REPORTERS))
def test_real_catalogue_run_renders_in_every_format(fmt: str) -> None:
    result = check_catalogue([VALID, INVALID / "EFK-FORM-001.yaml", INVALID / "EFK-I18N-001.yaml"])
    assert {f.code for f in result.findings} == {"EFK-FORM-001", "EFK-I18N-001"}
    out = report(fmt, result.findings, result.files, "vi")
    assert "EFK-FORM-001" in out and "EFK-I18N-001" in out
    if fmt in ("json", "sarif"):
        json.loads(out)
    if fmt == "junit":
        ET.fromstring(out)


def test_github_escapes_property_values() -> None:
    # In workflow commands, ',' and ':' end a property value: a file name holding them must be escaped.
    odd = Finding(
        code="EFK-KEY-001",
        severity=Severity.ERROR,
        message_en="unknown key 'x'",
        message_vi="khóa không hợp lệ 'x'",
        file="forms/tờ khai, bản 2: nháp.yaml",
        line=1,
        column=1,
    )
    (line,) = report("github", [odd], [odd.file or ""]).splitlines()
    assert line == "::error file=forms/tờ khai%2C bản 2%3A nháp.yaml,line=1,col=1,title=EFK-KEY-001::unknown key 'x'"
