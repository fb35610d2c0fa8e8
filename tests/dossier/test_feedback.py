"""Correction requests: routed from a record to a sink (SQLite default, memory mock, entry-point plugins)."""

from __future__ import annotations

from pathlib import Path

import pytest

from eformkit.dossier.feedback import (
    FeedbackSink,
    MemoryFeedbackSink,
    SqliteFeedbackSink,
    load_feedback_sink,
    route_corrections,
)
from eformkit.dossier.record import DossierRecord, build_record
from eformkit.errors import EformkitUsageError
from eformkit.prefill.embedded import default_db
from eformkit.prefill.identity import Identity

from .conftest import FORMS, engine, load, submit


@pytest.fixture(scope="module")
def record() -> DossierRecord:
    form = load(next(p for p in FORMS if p.stem == "vn.bca.ct01"))
    identity = Identity(default_db().person_ids(1)[0], 2, "vneid")
    result, check = submit(engine(), form, identity)
    corrections = [{"pointer": "/full_name", "reason": "Tên tôi viết sai dấu"},  # a locked value
                   {"pointer": "/phone", "reason": "Số cũ"}]  # fmt: skip
    return build_record(form, check, result, identity=identity, receipt_id="R-F", corrections=corrections)


@pytest.mark.parametrize("kind", ["memory", "sqlite"])
def test_requests_reach_the_sink_with_their_source(kind: str, record: DossierRecord, tmp_path: Path) -> None:
    sink: FeedbackSink = MemoryFeedbackSink() if kind == "memory" else SqliteFeedbackSink(tmp_path / "f.sqlite")
    made = route_corrections(record, sink)
    assert [(i.pointer, i.source, i.attribute, i.status) for i in made] == [
        ("/full_name", "population", "full_name", "open"),
        ("/phone", "population", "mobile_phone", "open"),
    ]
    assert sink.get(made[0].id) == made[0]
    assert [i.id for i in sink.items(source="population")] == [i.id for i in made]
    assert sink.items(source="documents") == [] and len(sink.items(status="open")) == 2
    assert [i.id for i in sink.of_subject(record.subject.personal_id)] == [i.id for i in made]
    assert sink.of_subject("000000000000") == []
    done = sink.set_status(made[0].id, "resolved", "đã sửa")
    assert done.status == "resolved" and done.note == "đã sửa" and done.status_text("en") == "Data corrected"
    assert sink.get(made[0].id) == done and len(sink.items(status="open")) == 1
    with pytest.raises(EformkitUsageError):
        sink.set_status(made[0].id, "lost")
    with pytest.raises(EformkitUsageError):
        sink.set_status("nope", "resolved")


def test_the_sqlite_sink_survives_reopening(record: DossierRecord, tmp_path: Path) -> None:
    path = tmp_path / "feedback.sqlite"
    sink = SqliteFeedbackSink(path)
    made = route_corrections(record, sink)
    sink.set_status(made[1].id, "in_review")
    sink.close()
    again = SqliteFeedbackSink(path)
    assert [(i.id, i.status) for i in again.items()] == [(made[0].id, "open"), (made[1].id, "in_review")]


def test_sinks_load_by_entry_point_name(tmp_path: Path) -> None:
    assert isinstance(load_feedback_sink("memory"), MemoryFeedbackSink)
    sink = load_feedback_sink("sqlite", path=tmp_path / "x.sqlite")
    assert isinstance(sink, SqliteFeedbackSink) and isinstance(sink, FeedbackSink)
    with pytest.raises(EformkitUsageError, match="no feedback sink named 'carrier-pigeon'"):
        load_feedback_sink("carrier-pigeon")
