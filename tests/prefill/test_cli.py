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


@pytest.mark.parametrize("citizens", [1, 2, 3, 7, 250])
def test_registry_build_gives_exactly_the_citizens_asked(tmp_path: Path, citizens: int) -> None:
    path = tmp_path / "r.sqlite"
    result = CliRunner().invoke(registry, ["build", "--citizens", str(citizens), "--seed", "5", "-o", str(path)])
    assert result.exit_code == 0, result.output
    db = RegistryDB.open(path)
    assert len(db.person_ids()) == citizens and result.output.startswith(f"{citizens} citizens")
    homeless = db.conn.execute(
        "SELECT COUNT(*) FROM persons WHERE date_of_death_or_missing IS NULL"
        " AND personal_id NOT IN (SELECT person_id FROM household_members)"
    ).fetchone()[0]
    assert homeless == 0  # the family cut short still lives somewhere


def test_registry_list_finds_citizens_by_name(db_file: Path) -> None:
    db = RegistryDB.open(db_file)
    first = db.person(db.person_ids()[7])
    assert first is not None
    family_name = first["full_name"].split()[0]
    result = CliRunner().invoke(
        registry, ["list", "--db", str(db_file), "--name", family_name.upper(), "--limit", "500"]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any(line.startswith(first["personal_id"]) for line in lines)
    assert all(family_name.casefold() in line.casefold() for line in lines)
    folded = CliRunner().invoke(registry, ["list", "--db", str(db_file), "--name", "nguyen", "--format", "json"])
    assert all("nguyễn" in p["full_name"].casefold() for p in json.loads(folded.output))
    none = CliRunner().invoke(registry, ["list", "--db", str(db_file), "--name", "zzzz"])
    assert none.exit_code == 1 and "no citizen matches" in none.output


def test_prefill_malformed_subject_is_exit_2_with_its_code(db_file: Path) -> None:
    result = CliRunner().invoke(prefill, [CT01, "--subject", "12345", "--db", str(db_file)])
    assert result.exit_code == 2 and "EFK-VN-001" in result.output and "12345" not in result.output


def test_prefill_to_type_lists_required_fields_nothing_binds(db_file: Path) -> None:
    pid = RegistryDB.open(db_file).person_ids()[5]
    text = CliRunner().invoke(prefill, [CT01, "--subject", pid, "--db", str(db_file)])
    (line,) = [line for line in text.output.splitlines() if line.startswith("to type")]
    listed = line.split(": ", 1)[1].split(", ")
    assert "/request_kind" in listed and "/signature" in listed  # required, typed by the citizen
    assert "/full_name" not in listed  # prefilled
    data = json.loads(
        CliRunner().invoke(prefill, [CT01, "--subject", pid, "--db", str(db_file), "--format", "json"]).output
    )
    assert "/request_kind" in data["to_type"] and "/full_name" not in data["to_type"]


def test_serve_passes_db_and_connectors_to_the_portal(
    db_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib
    import os
    import types

    from eformkit.render.cli_commands import serve

    seen: dict[str, object] = {}

    def fake_main(host: str, port: int, forwarded_allow_ips: str | None = None) -> None:
        seen.update(host=host, port=port, db=os.environ.get("EFORMKIT_REGISTRY_DB"))
        seen["connectors"] = os.environ.get("EFORMKIT_CONNECTORS")

    connectors = tmp_path / "connectors.yaml"
    connectors.write_text("connectors: []\n", encoding="utf-8")
    monkeypatch.delenv("EFORMKIT_REGISTRY_DB", raising=False)
    monkeypatch.delenv("EFORMKIT_CONNECTORS", raising=False)
    real = importlib.import_module
    monkeypatch.setattr(
        importlib,
        "import_module",
        lambda name, *a: (
            types.SimpleNamespace(main=fake_main) if name == "examples.portal.__main__" else real(name, *a)
        ),
    )
    result = CliRunner().invoke(serve, ["--db", str(db_file), "--connectors", str(connectors), "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert seen == {"host": "127.0.0.1", "port": 8123, "db": str(db_file.resolve()), "connectors": str(connectors)}
    os.environ.pop("EFORMKIT_REGISTRY_DB", None)
    os.environ.pop("EFORMKIT_CONNECTORS", None)
