"""SqliteStorage: receipts, records, feedback and the access log survive closing and reopening the file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from eformkit.dossier.access_log import AccessLog
from eformkit.dossier.errors import RecordError
from eformkit.dossier.feedback import route_corrections
from eformkit.dossier.indicators import compute, read_records
from eformkit.dossier.record import build_record
from eformkit.dossier.storage import DossierStorage, SqliteStorage, StoredReceipt
from eformkit.prefill.defaults import default_registry
from eformkit.prefill.embedded import default_db
from eformkit.prefill.engine import PrefillEngine
from eformkit.prefill.identity import Identity

from .conftest import FORMS, KEY, load, submit

AUDIT_KEY = b"storage-audit-key-0123456789"


def test_a_restart_loses_nothing(tmp_path: Path) -> None:
    path = tmp_path / "portal.sqlite"
    db = default_db()
    pid = db.person_ids(1)[0]
    identity = Identity(pid, 2, "vneid")
    form = load(next(p for p in FORMS if p.stem == "vn.bca.ct01"))

    store: DossierStorage = SqliteStorage(path)
    log = AccessLog(store.audit, key=AUDIT_KEY, relations=db.related)
    eng = PrefillEngine(default_registry(), audit=log, token_key=KEY)
    result, check = submit(eng, form, identity)
    record = build_record(form, check, result, identity=identity, receipt_id="R-100",
                          corrections=[{"pointer": "/full_name", "reason": "Sai họ"}])  # fmt: skip
    store.put_receipt(StoredReceipt("R-100", pid, form.id, {"lang": "vi", "data": check.data}))
    store.put_record(record)
    (item,) = route_corrections(record, store.feedback)
    reads = log.entries_of(pid)
    assert reads
    store.close()

    again = SqliteStorage(path)
    receipt = again.get_receipt("R-100")
    assert receipt is not None and receipt.subject == pid and receipt.body["data"] == check.data
    assert [r.id for r in again.receipts_of(pid)] == ["R-100"] and again.receipts_of("x") == []
    assert again.get_record("R-100") == record and list(again.records()) == [record]
    assert again.get_record("nope") is None
    assert again.feedback.get(item.id) == item and again.feedback.of_subject(pid) == [item]
    assert AccessLog(again.audit, key=AUDIT_KEY).entries_of(pid) == reads
    # the stored records feed the indicators
    assert again.export_records(tmp_path / "records.jsonl") == 1
    assert compute(read_records([tmp_path / "records.jsonl"])).overall["4.5b"].numerator == 1
    again.close()


def test_a_correction_raised_at_submit_shows_in_feedback_list(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    from eformkit.cli import main

    path = tmp_path / "portal.sqlite"
    pid = default_db().person_ids(1)[0]
    identity = Identity(pid, 2, "vneid")
    form = load(next(p for p in FORMS if p.stem == "vn.bca.ct01"))
    result, check = submit(PrefillEngine(default_registry(), token_key=KEY), form, identity)
    record = build_record(form, check, result, identity=identity, receipt_id="R-200",
                          corrections=[{"pointer": "/date_of_birth", "reason": "Sai ngày sinh"}])  # fmt: skip
    store = SqliteStorage(path)
    (item,) = route_corrections(record, store.feedback)
    store.close()
    assert main(["feedback", "list", "--db", str(path), "--source", "population"]) == 0
    out = capsys.readouterr().out
    assert item.id in out and "/date_of_birth" in out and "vn.bca.ct01" in out and pid not in out
    assert SqliteStorage(path).feedback.of_subject(pid)[0].status_text("vi") == "Đã tiếp nhận"


def test_a_stored_record_of_an_unknown_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    store = SqliteStorage(path)
    store.close()
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO records VALUES ('R', 's', 'f', NULL, NULL, 't', '{\"record_version\":\"0\"}')")
    store = SqliteStorage(path)
    with pytest.raises(RecordError, match="EFK-RECORD-001"):
        store.get_record("R")
    store.close()
