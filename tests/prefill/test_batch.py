"""Batch prefill (issue 16 item 2): `prefill_many` streams in input order with bounded concurrency per
source; `eformkit prefill --subjects` writes one line per row, resumes, and loses or duplicates no
subject when the source fails at random (a real HTTP server on 127.0.0.1)."""

from __future__ import annotations

import asyncio
import functools
import json
import random
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from eformkit.prefill.batch import read_subjects, run_batch
from eformkit.prefill.cli_commands import prefill, registry
from eformkit.prefill.connectors.http import connectors_from_yaml
from eformkit.prefill.connectors.static import StaticConnector
from eformkit.prefill.engine import PrefillEngine
from eformkit.prefill.outcome import (
    AttributeSpec,
    FetchRequest,
    FetchResult,
    Outcome,
    Provenance,
    SubjectKind,
    Value,
    utcnow,
)
from eformkit.prefill.registry import ConnectorRegistry
from eformkit.prefill.registry_db import RegistryDB

from .conftest import LoopbackServer, Reply
from .forms import FakeForm, bind

FORM = FakeForm("vn.test.batch", [bind("/full_name", "applicant.full_name"), bind("/sex", "applicant.sex")])
PEOPLE = {f"0661900{i:05d}": {"full_name": f"Nguyễn Văn {i}", "sex": "male"} for i in range(50)}
CT01 = str(Path(__file__).parents[2] / "forms" / "vn.bca.ct01.yaml")


class Counting:
    """An async source that records how many calls it serves at once."""

    name = "population"
    subject_kind = SubjectKind.PERSON

    def __init__(self) -> None:
        self.now = self.most = self.calls = 0

    def attributes(self) -> dict[str, AttributeSpec]:
        return {"full_name": AttributeSpec("full_name")}

    async def fetch(self, request: FetchRequest) -> FetchResult:
        self.now += 1
        self.calls += 1
        self.most = max(self.most, self.now)
        await asyncio.sleep(0.005 * (1 + int(request.subject[-1]) % 3))  # uneven: later rows finish first
        self.now -= 1
        prov = Provenance(self.name, "full_name", utcnow(), True)
        return FetchResult.ok({"full_name": Value(f"name {request.subject}", prov)})


def _collect(engine: PrefillEngine, subjects: Any, **kw: Any) -> list[Any]:
    async def main() -> list[Any]:
        return [item async for item in engine.prefill_many(FORM, subjects, **kw)]

    return asyncio.run(main())


def test_prefill_many_in_input_order_with_unknown_and_blank_rows() -> None:
    engine = PrefillEngine(ConnectorRegistry([StaticConnector("population", PEOPLE)]))
    subjects = [*list(PEOPLE)[:5], "066190999999", "  ", list(PEOPLE)[5]]
    items = _collect(engine, subjects, concurrency=3)
    assert [i.row for i in items] == list(range(1, 9)) and [i.subject for i in items] == [s.strip() for s in subjects]
    assert items[0].result.values == {"/full_name": "Nguyễn Văn 0", "/sex": "male"}
    assert items[5].result.outcome_of("population") is Outcome.NOT_FOUND and not items[5].result.values
    assert items[6].result is None and items[6].error == "no subject in this row"
    assert items[7].result.values["/full_name"] == "Nguyễn Văn 5"


def test_concurrency_is_bounded_per_source_and_subjects_are_read_as_needed() -> None:
    source = Counting()
    engine = PrefillEngine(ConnectorRegistry([source]))
    read = 0
    read_at_first_item: list[int] = []

    def subjects() -> Iterator[str]:
        nonlocal read
        for i in range(200):
            read += 1
            yield f"066190{i:06d}"

    async def main() -> list[Any]:
        out = []
        async for item in engine.prefill_many(FORM, subjects(), concurrency=4):
            read_at_first_item.append(read)
            out.append(item)
        return out

    items = asyncio.run(main())
    assert [i.row for i in items] == list(range(1, 201)) and source.calls == 200
    assert 1 < source.most <= 4  # concurrent, never more than the bound
    assert read_at_first_item[0] <= 2 * 4  # streaming: the input is not read ahead of the window
    assert all(i.result.values["/full_name"] == f"name {i.subject}" for i in items)


def test_stopping_early_leaves_nothing_running() -> None:
    engine = PrefillEngine(ConnectorRegistry([Counting()]))

    async def main() -> int:
        stream = engine.prefill_many(FORM, (f"066190{i:06d}" for i in range(100)), concurrency=5)
        async for item in stream:
            if item.row == 3:
                break
        await stream.aclose()
        return len([t for t in asyncio.all_tasks() if t is not asyncio.current_task()])

    assert asyncio.run(main()) == 0


def test_reading_subjects_files(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("personal_id,name\n066190000001,x\n,y\n\n066190000002,z\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text("066190000003\n066190000004\n", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(
        '"066190000005"\n{"subject": "066190000006"}\n66190000007\n{broken\n\n{"personal_id": "066190000008"}\n',
        encoding="utf-8",
    )
    assert list(read_subjects(tmp_path / "a.csv")) == ["066190000001", "", "066190000002"]
    assert list(read_subjects(tmp_path / "b.csv")) == ["066190000003", "066190000004"]
    assert list(read_subjects(tmp_path / "c.jsonl")) == ["066190000005", "066190000006", "", "", "066190000008"]


@pytest.fixture(scope="module")
def db_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("reg") / "registry.sqlite"
    assert CliRunner().invoke(registry, ["build", "--citizens", "60", "--seed", "5", "-o", str(path)]).exit_code == 0
    return path


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_cli_batch_one_line_per_row_resumable_and_no_subject_in_the_log(db_file: Path, tmp_path: Path) -> None:
    ids = RegistryDB.open(db_file).person_ids()[:30]
    rows = [*ids[:10], "066190999999", *ids[10:]]
    subjects = tmp_path / "subjects.jsonl"
    subjects.write_text("".join(json.dumps({"subject": s}) + "\n" for s in rows), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    args = [CT01, "--subjects", str(subjects), "-o", str(out), "--db", str(db_file), "--concurrency", "4"]
    first = CliRunner().invoke(prefill, args)
    assert first.exit_code == 0, first.output
    lines = _lines(out)
    assert [r["row"] for r in lines] == list(range(1, 32)) and [r["subject"] for r in lines] == rows
    unknown = lines[10]
    assert unknown["sources"][0] == {"connector": "population", "role": "applicant", "outcome": "not_found",
                                     "reason": "no person with this identifier"}  # fmt: skip
    assert lines[0]["values"]["/personal_id"] == rows[0] and "/full_name" in lines[0]["locked"]
    assert not any(s in first.output for s in rows)  # the summary names no one
    full = out.read_bytes()

    # Stopped half-way, mid-line: the complete lines are kept, the torn one is done again.
    out.write_bytes(full[: len(full) // 2])
    again = CliRunner().invoke(prefill, args)
    assert again.exit_code == 0 and "resumed" in again.output
    assert out.read_bytes() == full

    # Another subjects file cannot be resumed into this output; --force starts over.
    subjects.write_text("".join(json.dumps(s) + "\n" for s in reversed(rows)), encoding="utf-8")
    refused = CliRunner().invoke(prefill, args)
    assert refused.exit_code == 2 and "another input" in refused.output and out.read_bytes() == full
    forced = CliRunner().invoke(prefill, [*args, "--force"])
    assert forced.exit_code == 0 and [r["subject"] for r in _lines(out)] == list(reversed(rows))


def test_cli_batch_usage_errors(tmp_path: Path) -> None:
    subjects = tmp_path / "s.csv"
    subjects.write_text("066190000001\n", encoding="utf-8")
    for args in ([CT01], [CT01, "--subjects", str(subjects)], [CT01, "--subject", "1", "--subjects", str(subjects)]):
        result = CliRunner().invoke(prefill, args)
        assert result.exit_code == 2 and "--subjects" in result.output


def test_no_subject_lost_or_duplicated_when_the_source_fails_5_percent(server: LoopbackServer, tmp_path: Path) -> None:
    rng = random.Random(16)
    lock = threading.Lock()
    failures = 0

    def flaky(path: str, headers: dict[str, str], body: bytes) -> Reply:
        nonlocal failures
        subject = path.rsplit("/", 1)[-1]
        with lock:
            fail = rng.random() < 0.05
            failures += fail
        if fail:
            return Reply(503, b"busy")
        if subject.startswith("9"):
            return Reply(404, b"{}")
        return Reply(body=json.dumps({"hoTen": f"Tên {subject}", "gioiTinh": "Nam"}).encode())

    server.routes["/p/"] = flaky
    config = {"connectors": [{"name": "population", "kind": "http_json", "endpoint": server.url + "/p/{subject}",
                              "backoff": 0.001, "retries": 2, "timeout": 20.0,
                              "attributes": {"full_name": "$.hoTen", "sex": "$.gioiTinh"}}]}  # fmt: skip
    (tmp_path / "c.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    rows = [f"{'9' if i % 25 == 0 else '0'}66190{i:06d}" for i in range(400)]
    subjects = tmp_path / "s.csv"
    subjects.write_text("subject\n" + "\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"

    async def main() -> Any:
        # Generous deadlines: this test is about rows, not speed, and CI machines are shared.
        async with PrefillEngine(ConnectorRegistry(connectors_from_yaml(tmp_path / "c.yaml")), deadline=20) as engine:
            return await run_batch(functools.partial(engine.prefill_many, FORM), subjects, out, concurrency=20)

    summary = asyncio.run(main())
    lines = _lines(out)
    assert [r["row"] for r in lines] == list(range(1, 401))  # each row once, in order
    assert [r["subject"] for r in lines] == rows  # each subject once, on its own row
    assert failures >= 10  # the source did fail (about 5 % of 400+ calls)
    outcomes = [r["sources"][0]["outcome"] for r in lines]
    assert outcomes.count("not_found") == 16 and set(outcomes) <= {"ok", "not_found", "unavailable"}
    assert outcomes.count("unavailable") <= 2  # three failures in a row for one subject: 1 in 8,000
    assert all(r["values"]["/full_name"] == f"Tên {r['subject']}" for r in lines if r["sources"][0]["outcome"] == "ok")
    assert summary.rows == 400 and sum(n for (c, _o), n in summary.outcomes.items() if c == "population") == 400
