"""The prefill CLI commands: prefill, report and registry build."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from eformkit.prefill.cli_commands import prefill, registry, report
from eformkit.prefill.registry_db import RegistryDB

CT01 = str(Path(__file__).parents[2] / "forms" / "vn.bca.ct01.yaml")


@pytest.fixture(scope="module")
def db_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("reg") / "registry.sqlite"
    result = CliRunner().invoke(registry, ["build", "--citizens", "120", "--seed", "3", "-o", str(path)])
    assert result.exit_code == 0, result.output
    return path


def test_registry_build_is_deterministic(db_file: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.sqlite"
    assert CliRunner().invoke(registry, ["build", "--citizens", "120", "--seed", "3", "-o", str(again)]).exit_code == 0
    a, b = RegistryDB.open(db_file), RegistryDB.open(again)
    assert a.person_ids() == b.person_ids()
    assert [a.person(p) for p in a.person_ids()[:20]] == [b.person(p) for p in b.person_ids()[:20]]


def test_prefill_text_and_json(db_file: Path) -> None:
    pid = RegistryDB.open(db_file).person_ids()[5]
    text = CliRunner().invoke(prefill, [CT01, "--subject", pid, "--db", str(db_file)])
    assert text.exit_code == 0, text.output
    assert "/full_name" in text.output and "population" in text.output
    out = CliRunner().invoke(prefill, [CT01, "--subject", pid, "--db", str(db_file), "--format", "json"])
    data = json.loads(out.output)
    assert data["values"]["/personal_id"] == pid and "/full_name" in data["locked"]


def test_prefill_unknown_citizen_is_masked(db_file: Path) -> None:
    result = CliRunner().invoke(prefill, [CT01, "--subject", "066190999999", "--db", str(db_file)])
    assert result.exit_code == 1
    assert "066190999999" not in result.output and "066*******99" in result.output


def test_report_text_and_json(db_file: Path) -> None:
    text = CliRunner().invoke(report, [CT01, "--db", str(db_file), "--citizens", "10"])
    assert text.exit_code == 0 and "vn.bca.ct01" in text.output and "catalogue" in text.output
    data = json.loads(CliRunner().invoke(report, [CT01, "--db", str(db_file), "--format", "json"]).output)
    (row,) = data["forms"]
    assert row["prefilled"] > 0 and 0 < row["typed_share"] < 1 and data["catalogue"]["fields"] == row["fields"]
