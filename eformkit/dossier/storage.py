"""Storage for what a portal must not lose on restart: receipts, dossier records, correction requests, audit.

`DossierStorage` is the interface; `SqliteStorage` implements it on one SQLite file (WAL mode, one commit
per write). A deployment on PostgreSQL implements the same protocol with four tables of the same shape:

- ``receipts(id TEXT PRIMARY KEY, subject TEXT, form_id TEXT, created_at TEXT, body JSONB)``, index on subject;
- ``records(receipt_id TEXT PRIMARY KEY, subject TEXT, form_id TEXT, procedure_code TEXT, agency TEXT,
  submitted_at TIMESTAMPTZ, record JSONB)``, index on subject: `record` is `DossierRecord.dumps()`, read back
  with `DossierRecord.loads` so an unknown version is refused;
- ``feedback`` with the columns of `FeedbackItem` (its `FeedbackSink`, e.g. a plugin under
  ``eformkit.feedback_sinks``);
- ``audit`` with the columns of `AuditEvent` (its `AuditSink`: `write` and `query` by hashed subject).

A receipt's `body` is the portal's own JSON (what its receipt page shows); the record is the library's.
Subjects are stored as given (the records hold the personal ID anyway); the audit table holds keyed hashes.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Protocol

from eformkit.dossier.feedback import FeedbackSink, SqliteFeedbackSink
from eformkit.dossier.record import DossierRecord
from eformkit.prefill.audit import AuditSink, SqliteSink

__all__ = ["DossierStorage", "SqliteStorage", "StoredReceipt"]


@dataclass(frozen=True, slots=True)
class StoredReceipt:
    """A receipt as the portal keeps it: who, which form, when, and the portal's own JSON body."""

    id: str
    subject: str
    form_id: str
    body: dict[str, Any]
    created_at: str = field(default_factory=lambda: datetime.now(timezone.utc).isoformat())


class DossierStorage(Protocol):
    """What a portal stores; every write is durable when the call returns."""

    @property
    def feedback(self) -> FeedbackSink: ...

    @property
    def audit(self) -> AuditSink: ...

    def put_receipt(self, receipt: StoredReceipt) -> None: ...

    def get_receipt(self, receipt_id: str) -> StoredReceipt | None: ...

    def receipts_of(self, subject: str) -> list[StoredReceipt]: ...

    def put_record(self, record: DossierRecord) -> None: ...

    def get_record(self, receipt_id: str) -> DossierRecord | None: ...

    def records(self) -> Iterator[DossierRecord]: ...

    def close(self) -> None: ...


class SqliteStorage:
    """`DossierStorage` on one SQLite file (the demo portal's database)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._conn = sqlite3.connect(str(path), check_same_thread=False)
        self._lock = threading.Lock()
        with self._lock, self._conn:
            self._conn.execute("PRAGMA journal_mode=WAL")  # readers never block the writer (several workers)
            self._conn.execute("CREATE TABLE IF NOT EXISTS receipts (id TEXT PRIMARY KEY, subject TEXT, "
                               "form_id TEXT, created_at TEXT, body TEXT)")  # fmt: skip
            self._conn.execute("CREATE INDEX IF NOT EXISTS ix_receipts_subject ON receipts(subject)")
            self._conn.execute("CREATE TABLE IF NOT EXISTS records (receipt_id TEXT PRIMARY KEY, subject TEXT, "
                               "form_id TEXT, procedure_code TEXT, agency TEXT, submitted_at TEXT, "
                               "record TEXT)")  # fmt: skip
            self._conn.execute("CREATE INDEX IF NOT EXISTS ix_records_subject ON records(subject)")
        self._feedback = SqliteFeedbackSink(path)
        self._audit = SqliteSink(path)

    @property
    def feedback(self) -> SqliteFeedbackSink:
        return self._feedback

    @property
    def audit(self) -> SqliteSink:
        return self._audit

    def put_receipt(self, receipt: StoredReceipt) -> None:
        row = (receipt.id, receipt.subject, receipt.form_id, receipt.created_at,
               json.dumps(receipt.body, ensure_ascii=False))  # fmt: skip
        with self._lock, self._conn:
            self._conn.execute("INSERT OR REPLACE INTO receipts VALUES (?, ?, ?, ?, ?)", row)

    def _receipts(self, where: str, arg: str) -> list[StoredReceipt]:
        with self._lock:
            rows = self._conn.execute(
                f"SELECT id, subject, form_id, body, created_at FROM receipts WHERE {where} = ? ORDER BY rowid", (arg,)
            ).fetchall()
        return [StoredReceipt(r[0], r[1], r[2], json.loads(r[3]), r[4]) for r in rows]

    def get_receipt(self, receipt_id: str) -> StoredReceipt | None:
        found = self._receipts("id", receipt_id)
        return found[0] if found else None

    def receipts_of(self, subject: str) -> list[StoredReceipt]:
        return self._receipts("subject", subject)

    def put_record(self, record: DossierRecord) -> None:
        row = (record.receipt_id, record.subject.personal_id, record.form_id, record.procedure_code, record.agency,
               record.submitted_at, record.dumps())  # fmt: skip
        with self._lock, self._conn:
            self._conn.execute("INSERT OR REPLACE INTO records VALUES (?, ?, ?, ?, ?, ?, ?)", row)

    def get_record(self, receipt_id: str) -> DossierRecord | None:
        with self._lock:
            row = self._conn.execute("SELECT record FROM records WHERE receipt_id = ?", (receipt_id,)).fetchone()
        return None if row is None else DossierRecord.loads(row[0], file=f"{self.path}#records/{receipt_id}")

    def records(self) -> Iterator[DossierRecord]:
        """Every record, in the order written (`eformkit indicators` reads them once exported as JSON Lines)."""
        with self._lock:
            rows = self._conn.execute("SELECT receipt_id, record FROM records ORDER BY rowid").fetchall()
        for receipt_id, text in rows:
            yield DossierRecord.loads(text, file=f"{self.path}#records/{receipt_id}")

    def export_records(self, path: str | Path) -> int:
        """Write every record as JSON Lines (the input of `eformkit indicators`); return how many."""
        with self._lock:
            rows = self._conn.execute("SELECT record FROM records ORDER BY rowid").fetchall()
        Path(path).write_text("".join(r[0] + "\n" for r in rows), encoding="utf-8")
        return len(rows)

    def close(self) -> None:
        self._feedback.close()
        self._audit.close()
        self._conn.close()
