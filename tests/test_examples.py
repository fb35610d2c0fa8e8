"""The README's Python snippet runs as pasted, every file it links exists, and each script in examples/ runs."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
CT01_VALID = ROOT / "tests" / "fixtures" / "submissions" / "vn.bca.ct01" / "valid-1.json"


def _script(name: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "PYTHONPATH")}
    return subprocess.run(
        [sys.executable, str(ROOT / "examples" / name), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
        env=env,
    )


def test_the_readme_python_snippet_runs_as_pasted(monkeypatch: pytest.MonkeyPatch) -> None:
    (snippet,) = re.findall(r"```python\n(.*?)```", README, re.DOTALL)
    monkeypatch.chdir(ROOT)
    printed = io.StringIO()
    namespace: dict[str, object] = {}
    with contextlib.redirect_stdout(printed):
        exec(compile(snippet, "README.md", "exec"), namespace)  # the point of the test
    lines = printed.getvalue().splitlines()
    assert lines[0] == "False"
    assert any(line.startswith("/personal_id ") and "12" in line for line in lines[1:])
    assert any(line.startswith("/request_kind ") for line in lines[1:])


def test_every_file_the_readme_links_exists() -> None:
    links = re.findall(r"\]\(([^)#]+)\)", README)
    assert "docs/connectors.md" in links and "docs/cli.md" in links
    assert [link for link in links if not link.startswith("http") and not (ROOT / link).exists()] == []
    scripts = [name for name in re.findall(r"`(\w+\.py)`", README) if not name.startswith("bench")]
    assert scripts == ["validate_submission.py", "prefill_static.py", "convert_template.py"]
    assert all((ROOT / "examples" / name).is_file() for name in scripts)


def test_validate_submission_reports_every_mistake() -> None:
    done = _script("validate_submission.py")
    assert done.returncode == 1, done.stderr
    pointers = [line.split(" ", 1)[0] for line in done.stdout.splitlines()[:-1]]
    assert {"/request_kind", "/relationship_to_head", "/household_head_personal_id"} <= set(pointers)
    assert done.stdout.splitlines()[-1].endswith("error(s)")
    valid = _script("validate_submission.py", str(CT01_VALID), "en")
    assert (valid.returncode, valid.stdout.strip()) == (0, "valid")


def test_prefill_static_fills_and_locks_from_an_own_source() -> None:
    done = _script("prefill_static.py")
    assert done.returncode == 0, done.stderr
    rows = {line.split()[0]: line for line in done.stdout.splitlines() if line.startswith("/")}
    assert json.loads(rows["/full_name"].split(None, 1)[1].rsplit(" from ", 1)[0]) == "Nguyễn Thị Hương"
    assert rows["/full_name"].endswith("(locked)") and rows["/phone"].endswith("(editable)")
    assert done.stdout.splitlines()[-1].startswith("still to type:")


def test_convert_template_makes_a_draft_with_bound_fields() -> None:
    import yaml

    done = _script("convert_template.py")
    assert done.returncode == 0, done.stderr
    draft = yaml.safe_load(done.stdout)
    fields = draft["sections"]["main"]["fields"]
    assert fields["full_name"]["prefill"] == "applicant.full_name"
    assert fields["mother_full_name"]["prefill"] == "mother.full_name"
    assert "to review" in done.stderr
