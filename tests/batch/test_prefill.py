"""Batch prefill in chunks on worker processes: byte for byte the output of `eformkit prefill --subjects`,
resumable the same way."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from eformkit.batch.prefill import Registry, prefill_in_chunks
from eformkit.prefill.cli_commands import prefill, registry
from eformkit.prefill.registry_db import RegistryDB
from eformkit.schema.form import load_form

CT01 = Path(__file__).parents[2] / "forms" / "vn.bca.ct01.yaml"


@pytest.fixture(scope="module")
def db_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("reg") / "registry.sqlite"
    assert CliRunner().invoke(registry, ["build", "--citizens", "40", "--seed", "3", "-o", str(path)]).exit_code == 0
    return path


@pytest.fixture(scope="module")
def subjects(db_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    ids = RegistryDB.open(db_file).person_ids()[:25]
    rows = [*ids[:5], "066190999999", "", *ids[5:]]  # an unknown citizen and a blank row stay in place
    path = tmp_path_factory.mktemp("subjects") / "subjects.csv"
    path.write_text("subject,note\n" + "".join(f"{s},n\n" for s in rows), encoding="utf-8")
    return path


def local_run(db_file: Path, subjects: Path, out: Path) -> bytes:
    args = [str(CT01), "--subjects", str(subjects), "-o", str(out), "--db", str(db_file), "--concurrency", "3"]
    result = CliRunner().invoke(prefill, args)
    assert result.exit_code in (0, 1), result.output
    return out.read_bytes()


def test_chunks_on_two_processes_write_the_local_output(db_file: Path, subjects: Path, tmp_path: Path) -> None:
    expected = local_run(db_file, subjects, tmp_path / "local.jsonl")
    out = tmp_path / "pool.jsonl"
    summary = prefill_in_chunks(load_form(CT01), subjects, out, registry=Registry(str(db_file)), jobs=2,
                                chunk_size=4, concurrency=3)  # fmt: skip
    assert out.read_bytes() == expected
    records = [json.loads(line) for line in expected.splitlines()]
    assert summary.rows == len(records) == 27 and summary.errors == 1
    assert records[5]["sources"][0]["outcome"] == "not_found" and "error" in records[6]

    # Stopped mid-line: the complete lines are kept and the rest is done again, on the workers.
    out.write_bytes(expected[: len(expected) // 2])
    again = prefill_in_chunks(load_form(CT01), subjects, out, registry=Registry(str(db_file)), jobs=2, chunk_size=4)
    assert out.read_bytes() == expected and again.resumed > 0 and again.resumed + again.rows == 27
