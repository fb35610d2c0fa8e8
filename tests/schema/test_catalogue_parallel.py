"""`check_catalogue(jobs=N)` and `eformkit check --jobs N`: the per-file part on worker processes, the
cross-file part (a form id used twice) in the parent; the same findings, in the same order, as one process."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from eformkit.cli import cli
from eformkit.schema.catalogue import check_catalogue

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "forms"


@pytest.fixture
def catalogue(tmp_path: Path) -> Path:
    folder = tmp_path / "catalogue"
    shutil.copytree(FIXTURES, folder)
    valid = sorted((folder / "valid").glob("*.yaml"))
    shutil.copy(valid[0], folder / "valid" / "zz_same_id_again.yaml")  # EFK-FORM-001 across files
    (folder / "gone.yaml").symlink_to(folder / "nowhere.yaml")  # unreadable: EFK-IO-001
    return folder


def test_two_processes_find_the_same_findings_in_the_same_order(catalogue: Path) -> None:
    one = check_catalogue([catalogue], jobs=1)
    two = check_catalogue([catalogue], jobs=2)
    assert one.files == two.files and len(one.files) > 40
    assert one.findings == two.findings
    assert [f.extra for f in one.findings] == [f.extra for f in two.findings]
    codes = {f.code for f in two.findings}
    assert {"EFK-FORM-001", "EFK-IO-001"} <= codes and len(codes) > 5
    assert one.forms and not two.forms  # the forms stay in the workers


def test_cli_jobs_prints_the_same_report(catalogue: Path) -> None:
    runner = CliRunner()
    for fmt in ("json", "sarif", "text"):
        single = runner.invoke(cli, ["check", str(catalogue), "--format", fmt], obj=None)
        pooled = runner.invoke(cli, ["check", str(catalogue), "--format", fmt, "--jobs", "2"], obj=None)
        assert single.exit_code == pooled.exit_code == 2  # an unreadable file
        assert single.stdout == pooled.stdout and "EFK-FORM-001" in pooled.stdout
