"""The `eformkit` command: exit codes 0 clean, 1 findings, 2 usage/unreadable, 3 internal error."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

import eformkit.schema.catalogue
from eformkit.cli import main

from ._submissions import submission

FIXTURES = Path(__file__).parent.parent / "fixtures" / "forms"
VALID, INVALID = FIXTURES / "valid", FIXTURES / "invalid"
CRIMINAL = VALID / "criminal_record.yaml"


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


# -- check -----------------------------------------------------------------------------------------


def test_check_clean_catalogue_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", VALID)
    assert code == 0
    assert out.strip() == "5 file(s) checked: 0 error(s), 0 warning(s)"


def test_check_errors_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", INVALID / "EFK-REF-001.yaml")
    assert code == 1
    assert "EFK-REF-001.yaml:11:36: EFK-REF-001 [error] unknown choice list 'marital_statuses'" in out


def test_check_warnings_exit_0_unless_fail_on_warning(capsys: pytest.CaptureFixture[str]) -> None:
    path = INVALID / "EFK-I18N-001.yaml"
    assert run(capsys, "check", path)[0] == 0
    assert run(capsys, "check", "--fail-on", "warning", path)[0] == 1
    assert run(capsys, "check", "--fail-on", "error", path)[0] == 0


def test_check_unreadable_input_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert run(capsys, "check", INVALID / "EFK-YAML-001.yaml")[0] == 2
    code, out, _ = run(capsys, "check", tmp_path / "missing.yaml")
    assert code == 2
    assert "EFK-IO-001" in out
    (tmp_path / "latin1.yaml").write_bytes("form: vn.x.y\ntitle: Bi\xeau m\xe3u\n".encode("latin-1"))
    code, out, _ = run(capsys, "check", tmp_path / "latin1.yaml")
    assert code == 2 and "not UTF-8" in out


def test_unreadable_wins_over_findings(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "check", INVALID / "EFK-REF-001.yaml", INVALID / "EFK-YAML-001.yaml")[0] == 2


def test_check_nothing_to_check_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "check", tmp_path)
    assert code == 2
    assert "no form files found" in err


def test_check_defaults_to_forms_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "check")[0] == 2  # no forms/ here
    (tmp_path / "forms").mkdir()
    shutil.copy(CRIMINAL, tmp_path / "forms" / "a.yaml")
    code, out, _ = run(capsys, "check")
    assert code == 0 and "1 file(s) checked" in out


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--format", "xml"],
        ["check", "--fail-on", "info"],
        ["check", "--lang", "fr"],
        ["check", "--no-such-option"],
        ["no-such-command"],
        ["schema"],
        ["validate", str(CRIMINAL)],
    ],
)
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    code, _, err = run(capsys, *args)
    assert code == 2
    assert "Usage:" in err or "Error" in err


def test_help_and_version_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0 and "check" in out and "schema" in out and "validate" in out
    code, out, _ = run(capsys, "--version")
    assert code == 0 and "eformkit" in out


def test_check_json_format_and_language(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--format", "json", "--lang", "vi", INVALID / "EFK-REF-001.yaml")
    assert code == 1
    payload = json.loads(out)
    assert payload["status"] == "fail"
    (finding,) = payload["findings"]
    assert finding["code"] == "EFK-REF-001"
    assert finding["message"].startswith("không có danh mục 'marital_statuses'")


@pytest.mark.parametrize("fmt", ["junit", "github", "sarif"])
def test_check_other_formats(capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    code, out, _ = run(capsys, "check", "--format", fmt, INVALID / "EFK-REF-001.yaml")
    assert code == 1
    if fmt == "junit":
        assert ET.fromstring(out).get("failures") == "1"
    elif fmt == "github":
        assert out.startswith("::error file=")
    else:
        assert json.loads(out)["version"] == "2.1.0"


def test_internal_error_exits_3_without_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(eformkit.schema.catalogue, "check_catalogue", boom)
    code, out, err = run(capsys, "check", VALID)
    assert code == 3
    assert err.strip() == "eformkit: internal error: RuntimeError: simulated bug"
    assert "Traceback" not in out + err


def test_subprocess_exit_codes_and_streams(tmp_path: Path) -> None:
    bad = subprocess.run(
        [sys.executable, "-m", "eformkit", "check", "--format", "json", str(INVALID / "EFK-BIND-001.yaml")],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert bad.returncode == 1, bad.stderr
    assert json.loads(bad.stdout)["findings"][0]["code"] == "EFK-BIND-001"
    missing = subprocess.run(
        [sys.executable, "-m", "eformkit", "check", str(tmp_path / "nope.yaml")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert missing.returncode == 2
    assert "Traceback" not in missing.stderr


# -- schema ----------------------------------------------------------------------------------------


def test_schema_prints_the_compiled_document(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema", CRIMINAL)
    assert code == 0
    schema = json.loads(out)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["x-eformkit"]["form"] == "vn.test.criminal_record"
    code, out, _ = run(capsys, "schema", "--ui", CRIMINAL)
    assert code == 0 and json.loads(out)["sections"][0]["id"] == "applicant"


def test_schema_of_a_broken_form(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "schema", INVALID / "EFK-REF-001.yaml")
    assert code == 2 and "EFK-REF-001" in err  # a FORM that is not a valid definition: unusable input
    code, _, err = run(capsys, "schema", INVALID / "EFK-YAML-001.yaml")
    assert code == 2 and "EFK-YAML-001" in err
    code, _, err = run(capsys, "schema", tmp_path / "none.yaml")
    assert code == 2 and "EFK-IO-001" in err


# -- validate --------------------------------------------------------------------------------------


def _write(tmp_path: Path, data: object, name: str = "s.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_validate_valid_submission(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = _write(tmp_path, submission("criminal_record"))
    code, out, _ = run(capsys, "validate", CRIMINAL, path)
    assert (code, out.strip()) == (0, "hợp lệ")
    code, out, _ = run(capsys, "validate", "--lang", "en", CRIMINAL, path)
    assert (code, out.strip()) == (0, "valid")


def test_validate_invalid_submission(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = submission("criminal_record")
    data["sex"] = "x"
    del data["copies"]
    path = _write(tmp_path, data)
    code, out, _ = run(capsys, "validate", "--lang", "en", CRIMINAL, path)
    assert code == 1
    assert f"{path}:/sex (Sex): error: Sex: choose one of the listed options [enum]" in out
    assert f"{path}:/copies (Number of copies): error: Number of copies is required [required]" in out
    code, out, _ = run(capsys, "validate", "--format", "json", CRIMINAL, path)
    assert code == 1
    payload = json.loads(out)
    assert payload["valid"] is False
    assert sorted(i["pointer"] for i in payload["issues"]) == ["/copies", "/sex"]


def test_validate_reports_dropped_hidden_values(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = submission("criminal_record")
    data["delivery_address"] = {"commune": "00004", "province": "01"}  # hidden: delivery is not by post
    code, out, _ = run(capsys, "validate", "--lang", "en", CRIMINAL, _write(tmp_path, data))
    assert code == 0
    assert "/delivery_address: hidden field, value dropped" in out


def test_validate_warnings_still_exit_0(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = submission("criminal_record")
    data["date_of_birth"] = "1991-05-02"  # the personal ID says 1990
    code, out, _ = run(capsys, "validate", "--lang", "en", CRIMINAL, _write(tmp_path, data))
    assert code == 0
    assert "warning:" in out and "valid" in out


def test_validate_wrong_top_level_is_a_finding(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "validate", "--lang", "en", CRIMINAL, _write(tmp_path, [1, 2]))
    assert code == 1
    assert "the submission must be a JSON object" in out


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"{not json", "not valid JSON"),
        (b"", "not valid JSON"),
        (b"\xff\xfe{}", "not UTF-8"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    ],
)
def test_validate_unreadable_submission_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes, fragment: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    code, out, err = run(capsys, "validate", "--lang", "en", CRIMINAL, path)
    assert code == 2
    assert fragment in err
    assert "Traceback" not in out + err


def test_validate_missing_or_huge_submission_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "validate", "--lang", "en", CRIMINAL, tmp_path / "none.json")
    assert code == 2 and "cannot read" in err
    huge = tmp_path / "huge.json"
    huge.write_text('{"full_name": "' + "A" * (6 * 1024 * 1024) + '"}', encoding="utf-8")
    code, _, err = run(capsys, "validate", "--lang", "en", CRIMINAL, huge)
    assert code == 2 and "limit" in err


def test_validate_deep_junk_inside_valid_json_is_a_finding(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = submission("criminal_record")
    path = tmp_path / "deep.json"
    body = json.dumps(data, ensure_ascii=False)[:-1] + ', "junk": ' + "[" * 500 + "]" * 500 + "}"
    path.write_text(body, encoding="utf-8")
    code, out, err = run(capsys, "validate", "--lang", "en", CRIMINAL, path)
    assert code == 1
    assert "nested more than 32 levels" in out
    assert "Traceback" not in out + err


def test_validate_with_an_unloadable_form_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = _write(tmp_path, {})
    code, _, err = run(capsys, "validate", INVALID / "EFK-REF-001.yaml", path)
    assert code == 2 and "EFK-REF-001" in err


def test_schema_never_prints_nan_or_infinity(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # Issue 11: `maximum: .nan` used to compile into `"maximum": NaN`, which is not JSON.
    text = CRIMINAL.read_text(encoding="utf-8")
    form = tmp_path / "nan.yaml"
    form.write_text(
        text + "      age:\n        type: number\n        label: {vi: Tuổi, en: Age}\n"
        "        required: false\n        constraints: [{rule: maximum, value: .nan}]\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "schema", form)
    assert (code, out) == (2, "") and "EFK-VALUE-002" in err


def test_validate_a_5000_digit_number_is_an_issue_not_a_crash(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # Issue 11: json.loads stops at Python's 4,300-digit limit, which used to end in exit 3.
    text = json.dumps(submission("criminal_record"), ensure_ascii=False)
    for digits in ("9" * 5000, "-" + "9" * 5000, "9" * 17):
        path = tmp_path / "big.json"
        path.write_text(text[:-1] + f', "copies": {digits}}}', encoding="utf-8")
        code, out, err = run(capsys, "validate", "--lang", "en", CRIMINAL, path)
        assert (code, err) == (1, "")
        assert "/copies (Number of copies): error: Number of copies: the number is too large" in out
        assert "99999" not in out
