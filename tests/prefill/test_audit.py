"""Audit sinks: memory, JSONL and SQLite keep the same events and answer the same question."""

from __future__ import annotations

from pathlib import Path

import pytest

from eformkit.prefill.audit import AuditEvent, AuditLog, AuditSink, JsonlSink, MemorySink, SqliteSink

KEY = b"audit-key-0123456789"


def _event(log: AuditLog, who: str, connector: str) -> AuditEvent:
    return AuditEvent(
        "2026-01-01T00:00:00+00:00",
        "svc",
        connector,
        "applicant",
        ("full_name", "mother.full_name"),
        "residence",
        "vn.bca.ct01",
        log.subject_hash(who),
        "ok",
        1.5,
    )


@pytest.mark.parametrize("kind", ["memory", "jsonl", "sqlite"])
def test_sinks_answer_who_read_what(kind: str, tmp_path: Path) -> None:
    sink: AuditSink = {
        "memory": MemorySink,
        "jsonl": lambda: JsonlSink(tmp_path / "a.jsonl"),
        "sqlite": lambda: SqliteSink(tmp_path / "a.sqlite"),
    }[kind]()  # type: ignore[operator]
    log = AuditLog(sink, key=KEY)
    log.record(_event(log, "066190001234", "population"))
    log.record(_event(log, "066190009999", "documents"))
    log.record(_event(log, "066190001234", "business"))
    reads = log.reads_of("066190001234")
    assert [e.connector for e in reads] == ["population", "business"]
    assert reads[0].attributes == ("full_name", "mother.full_name")
    summary = AuditLog.summary(reads)
    assert summary[0]["form"] == "vn.bca.ct01" and summary[0]["data"] == ["full_name", "mother.full_name"]
    assert log.reads_of("079000000000") == []


def test_subject_hash_is_keyed(tmp_path: Path) -> None:
    a, b = AuditLog(key=KEY), AuditLog(key=b"another-key-987654321")
    assert a.subject_hash("066190001234") != b.subject_hash("066190001234")
    assert "066190001234" not in a.subject_hash("066190001234")
    sink = JsonlSink(tmp_path / "log.jsonl")
    log = AuditLog(sink, key=KEY)
    log.record(_event(log, "066190001234", "population"))
    assert "066190001234" not in (tmp_path / "log.jsonl").read_text()
    with pytest.raises(ValueError):
        AuditLog(key=b"short")
