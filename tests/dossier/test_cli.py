"""`eformkit indicators` and `eformkit feedback list|show|export`, through the real CLI entry point."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from eformkit.cli import main
from eformkit.dossier.feedback import FeedbackItem, SqliteFeedbackSink

from .test_indicators import gen


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_indicators_in_three_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gen.write(tmp_path / "r.jsonl", 100)
    code, text, _ = _run(capsys, "indicators", str(tmp_path))
    assert code == 0 and "100 dossiers" in text and "90.0% (90/100) ✓" in text
    code, out, _ = _run(capsys, "indicators", str(tmp_path / "r.jsonl"), "--format", "json")
    assert code == 0 and json.loads(out)["overall"]["4.4"]["numerator"] == 25
    code, out, _ = _run(capsys, "indicators", str(tmp_path), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and {(r["scope"], r["indicator"]) for r in rows} >= {("all", "3.3"), ("agency", "4.5b")}
    code, out, _ = _run(capsys, "indicators", str(tmp_path), "--lang", "vi")
    assert "hồ sơ" in out


def test_indicators_on_bad_input_exit_2_with_the_location(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text("{}\n", encoding="utf-8")
    code, _, err = _run(capsys, "indicators", str(path))
    assert code == 2 and f"{path}:1" in err and "EFK-RECORD-001" in err and "Traceback" not in err
    code, _, err = _run(capsys, "indicators", str(tmp_path / "none"))
    assert code == 2 and "EFK-RECORD-008" in err


def _item(n: int, source: str) -> FeedbackItem:
    return FeedbackItem(f"id{n}", "R1", "vn.bca.ct01", "066190001234", "/full_name", source, "full_name",
                        "Sai dấu", created_at=f"2026-03-0{n}T00:00:00+00:00")  # fmt: skip


def test_feedback_list_show_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "d.sqlite")
    sink = SqliteFeedbackSink(db)
    sink.submit(_item(1, "population"))
    sink.submit(_item(2, "documents"))
    code, out, _ = _run(capsys, "feedback", "list", "--db", db)
    assert code == 0 and "id1" in out and "id2" in out and "2 request(s)" in out
    assert "066190001234" not in out and "066*******34" in out
    code, out, _ = _run(capsys, "feedback", "list", "--db", db, "--source", "documents", "--format", "json")
    assert [r["id"] for r in json.loads(out)] == ["id2"]
    code, out, _ = _run(capsys, "feedback", "show", "id1", "--db", db, "--lang", "vi")
    shown = json.loads(out)
    assert code == 0 and shown["status_text"] == "Đã tiếp nhận" and shown["subject"] == "066*******34"
    code, _, err = _run(capsys, "feedback", "show", "nope", "--db", db)
    assert code == 1 and "nope" in err
    target = tmp_path / "queue.csv"
    code, _, _ = _run(capsys, "feedback", "export", "--db", db, "--source", "population", "--format", "csv", "-o",
                      str(target))  # fmt: skip
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert code == 0 and [(r["id"], r["subject"]) for r in rows] == [("id1", "066190001234")]
    code, out, _ = _run(capsys, "feedback", "export", "--db", db)
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["id1", "id2"]
    code, out, _ = _run(capsys, "feedback", "set", "id1", "resolved", "--note", "Đã sửa", "--db", db, "--lang", "vi")
    assert code == 0 and "Đã điều chỉnh dữ liệu" in out
    assert SqliteFeedbackSink(db).get("id1").note == "Đã sửa"  # type: ignore[union-attr]
    code, _, _ = _run(capsys, "feedback", "set", "nope", "resolved", "--db", db)
    assert code == 1
    code, _, err = _run(capsys, "feedback", "list", "--db", str(tmp_path / "missing.sqlite"))
    assert code == 2 and "EFK-RECORD-008" in err and not (tmp_path / "missing.sqlite").exists()
