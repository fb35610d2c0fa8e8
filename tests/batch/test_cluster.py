"""The batch jobs on a Dask `LocalCluster` of two workers: conversion per template, catalogue check per
form and prefill per chunk of subjects give byte for byte the local run's outputs."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

distributed = pytest.importorskip("distributed")

from eformkit.batch import run_tasks  # noqa: E402
from eformkit.batch.prefill import Registry, prefill_in_chunks  # noqa: E402
from eformkit.schema.catalogue import check_catalogue  # noqa: E402
from eformkit.schema.convert import convert_folder  # noqa: E402
from eformkit.schema.form import load_form  # noqa: E402

from .test_prefill import CT01, db_file, local_run, subjects  # noqa: E402, F401

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "convert"))
from conv_builder import build, load_specs  # noqa: E402

FORMS = Path(__file__).resolve().parents[1] / "fixtures" / "forms"


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster,
        distributed.Client(cluster) as dask_client,
    ):
        yield dask_client


def _square(n: int) -> int:
    return n * n


def test_two_workers_do_the_work_in_input_order(client: Any) -> None:
    assert len(client.scheduler_info()["workers"]) == 2
    assert run_tasks(_square, list(range(50)), scheduler=client) == [n * n for n in range(50)]


def test_conversion_per_template(client: Any, tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    for spec in load_specs():
        build(spec, src)
    (src / "broken.docx").write_bytes(b"PK\x03\x04")
    local = convert_folder(src, tmp_path / "local")
    on_dask = convert_folder(src, tmp_path / "dask", scheduler=client)
    drafts = sorted(p.name for p in (tmp_path / "local").glob("*.yaml"))
    assert drafts and drafts == sorted(p.name for p in (tmp_path / "dask").glob("*.yaml"))
    for name in drafts:
        assert (tmp_path / "local" / name).read_bytes() == (tmp_path / "dask" / name).read_bytes()
    assert local.to_json() == on_dask.to_json() and on_dask.totals()["failed"] == 1


def test_catalogue_check_per_form(client: Any, tmp_path: Path) -> None:
    folder = tmp_path / "forms"
    shutil.copytree(FORMS, folder)
    shutil.copy(sorted((folder / "valid").glob("*.yaml"))[0], folder / "again.yaml")
    local = check_catalogue([folder])
    on_dask = check_catalogue([folder], scheduler=client)
    assert local.files == on_dask.files and local.findings == on_dask.findings
    assert "EFK-FORM-001" in {f.code for f in on_dask.findings}


def test_prefill_per_chunk_of_subjects(client: Any, db_file: Path, subjects: Path, tmp_path: Path) -> None:  # noqa: F811
    expected = local_run(db_file, subjects, tmp_path / "local.jsonl")
    out = tmp_path / "dask.jsonl"
    prefill_in_chunks(load_form(CT01), subjects, out, registry=Registry(str(db_file)), scheduler=client, chunk_size=5)
    assert out.read_bytes() == expected


def test_cli_scheduler_address(client: Any, db_file: Path, subjects: Path, tmp_path: Path) -> None:  # noqa: F811
    from click.testing import CliRunner

    from eformkit.cli import cli

    address = client.scheduler.address
    expected = local_run(db_file, subjects, tmp_path / "local.jsonl")
    out = tmp_path / "cli.jsonl"
    args = ["prefill", str(CT01), "--subjects", str(subjects), "-o", str(out), "--db", str(db_file)]
    ran = CliRunner().invoke(cli, [*args, "--scheduler", address])
    assert ran.exit_code == 1, ran.output  # the blank row
    assert out.read_bytes() == expected
    checked = CliRunner().invoke(cli, ["check", str(FORMS / "valid"), "--format", "json", "--scheduler", address])
    local = CliRunner().invoke(cli, ["check", str(FORMS / "valid"), "--format", "json"])
    assert checked.exit_code == local.exit_code and checked.stdout == local.stdout
