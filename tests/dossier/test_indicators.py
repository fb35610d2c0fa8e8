"""Decision 766 indicators: hand-worked examples, the generated 10,000-record set, files, folders and errors."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from eformkit.dossier.errors import RecordError
from eformkit.dossier.indicators import Tally, compute, read_records
from eformkit.dossier.record import record_schema

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("_records", BENCH / "_records.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("_records", module)
    spec.loader.exec_module(module)
    return module


gen = _generator()


def _rec(procedure: str | None, agency: str | None, *, reused: bool = False, store: bool = False,
         population: bool = False, vneid: bool = False, online: bool = True,
         form: str = "vn.bca.ct01") -> dict[str, Any]:  # fmt: skip
    r = gen.template()
    r["procedure_code"], r["agency"], r["form"]["id"] = procedure, agency, form
    r["reuse"].update(reused_digitised_data=reused, store_file=store, population_data=population,
                      vneid_verified_account=vneid, online=online)  # fmt: skip
    return r


def _run(records: list[dict[str, Any]]) -> Any:
    return compute((None, None, r) for r in records)


def test_a_hand_worked_example() -> None:
    # Procedure P1 (agency X): 4 dossiers. P2 (agency Y): 1 dossier, nothing reused, at the counter.
    records = [
        _rec("P1", "X", reused=True, population=True, online=True),
        _rec("P1", "X", reused=True, store=True, vneid=True, online=True),
        _rec("P1", "X", reused=False, online=False),
        _rec("P1", "X", reused=True, population=True, vneid=True, online=True),
        _rec("P2", "Y", online=False),
    ]
    report = _run(records)
    o = report.overall
    # 4.3: 3 of 5 reuse digitised data = 60 %, short of the 80 % for full points
    assert (o["4.3"].numerator, o["4.3"].denominator, o["4.3"].value, o["4.3"].meets) == (3, 5, 0.6, False)
    # 4.4: 1 of 5 took a file from the store
    assert (o["4.4"].numerator, o["4.4"].value, o["4.4"].meets) == (1, 0.2, None)
    # 4.5b: dossiers 1, 2 (VNeID only) and 4 = 3 of 5; 4.5a: P1 uses population data, P2 does not = 1 of 2
    assert (o["4.5b"].numerator, o["4.5b"].denominator) == (3, 5)
    assert (o["4.5a"].numerator, o["4.5a"].denominator, o["4.5a"].value) == (1, 2, 0.5)
    # 3.3: 3 of 5 online = 60 %, above the 50 % for full points
    assert (o["3.3"].numerator, o["3.3"].value, o["3.3"].meets) == (3, 0.6, True)
    p1 = report.by_procedure["P1"]
    assert (p1["4.3"].numerator, p1["4.3"].denominator, p1["3.3"].value, p1["4.5a"].value) == (3, 4, 0.75, 1.0)
    assert report.by_agency["Y"]["4.5b"].value == 0.0 and report.by_agency["X"]["4.5b"].value == 0.75


def test_a_form_without_procedure_code_is_grouped_by_form_and_an_empty_set_has_no_figures() -> None:
    report = _run([_rec(None, None, form="vn.btp.lltp_03")])
    assert list(report.by_procedure) == ["(form) vn.btp.lltp_03"] and list(report.by_agency) == [""]
    empty = _run([])
    assert empty.dossiers == 0 and empty.overall["4.3"].value is None and empty.overall["4.3"].meets is None


def test_the_generated_set_gives_the_hand_computed_figures(tmp_path: Path) -> None:
    path = gen.write(tmp_path / "records.jsonl", 10_000)
    report = compute(read_records([path]))
    figures = {code: (r.numerator, r.denominator) for code, r in report.overall.items()}
    # Worked out in benchmarks/_records.py's rules, for i in 0..9999:
    # 4.3  i%5 != 0 (8000) plus i%5 == 0 with a store file or population data: i%20==0 (500) + i%15==0 (667)
    #      - i%60==0 (167) = 1000 → 9000
    # 4.4  i%4 == 0 → 2500
    # 4.5b population or VNeID, never when i%5 == 4: per 30 consecutive i, 20 are even or multiples of 3, 4 of
    #      them have i%5 == 4 → 16; 333 × 16 = 5328, plus i = 9990..9999 (residues 0, 2, 3, 6, 8) → 5333
    # 4.5a procedures 1.000000..1.000003 use population data, 1.000004 never → 4 of 5
    # 3.3  i%10 < 7 → 7000
    assert figures == {"4.3": (9000, 10_000), "4.4": (2500, 10_000), "4.5a": (4, 5), "4.5b": (5333, 10_000),
                       "3.3": (7000, 10_000)}  # fmt: skip
    # agency A0 (even i): VNeID unless i%5 == 4 (i%10 == 4: 1000) → 4000; A1: odd multiples of 3 (1667)
    # less those with i%5 == 4 (i%30 == 9: 334) → 1333
    assert report.by_agency["A0"]["4.5b"].numerator == 4000 and report.by_agency["A1"]["4.5b"].numerator == 1333
    assert report.by_procedure["1.000004"]["4.5b"].numerator == 0
    assert report.by_procedure["1.000004"]["4.5a"].value == 0.0


def test_the_generated_records_are_valid_records() -> None:
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(record_schema())
    for i in (0, 1, 4, 9, 15, 60):
        assert list(validator.iter_errors(gen.record(i))) == []


def test_a_line_in_another_member_order_counts_the_same(tmp_path: Path) -> None:
    rec = _rec("P1", "X", reused=True, online=False)
    # the head marker inside a nested object: the head does not parse, the whole line is read
    reordered = {"values": {"a": 1, "submitted_at": "x"}, **{k: v for k, v in rec.items() if k != "values"}}
    pretty = tmp_path / "pretty.jsonl"
    compact = json.dumps(reordered, separators=(",", ":"))
    assert ',"submitted_at":' in compact.split('"record_version"')[0]
    pretty.write_text(compact + "\n\n" + json.dumps(rec, indent=1).replace("\n", " ") + "\n", encoding="utf-8")
    report = compute(read_records([pretty]))
    assert report.overall["4.3"].numerator == 2 and report.overall["3.3"].numerator == 0


def test_folders_are_read_recursively(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    gen.write(tmp_path / "a" / "one.jsonl", 10)
    gen.write(tmp_path / "two.jsonl", 5)
    (tmp_path / "notes.txt").write_text("not records", encoding="utf-8")
    assert compute(read_records([tmp_path])).dossiers == 15


def test_bad_records_are_refused_with_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    good = json.dumps(gen.record(1), separators=(",", ":"))
    path.write_text(good + "\n" + good.replace('"record_version":"1"', '"record_version":"7"') + "\n")
    with pytest.raises(RecordError) as err:
        compute(read_records([path]))
    assert err.value.code == "EFK-RECORD-001" and err.value.where == f"{path}:2 /record_version"
    path.write_text(good + "\n{oops\n")
    with pytest.raises(RecordError) as err:
        compute(read_records([path]))
    assert err.value.code == "EFK-RECORD-003" and err.value.line == 2
    path.write_bytes(good.encode() + b"\n" + good.encode() + b"\n\xff\xfe\n")
    with pytest.raises(RecordError) as err:
        compute(read_records([path]))
    assert err.value.code == "EFK-RECORD-003" and err.value.line == 3
    bad = gen.record(1)
    bad["reuse"]["online"] = 1  # equal to True, but not a boolean
    with pytest.raises(RecordError, match="EFK-RECORD-002"):
        Tally().add(bad)
    with pytest.raises(RecordError, match="EFK-RECORD-008"):
        compute(read_records([tmp_path / "missing.jsonl"]))
