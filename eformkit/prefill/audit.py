"""The access log: one event per fetch, never a value, and a way for citizens to see who read what.

An event names the connector, the attributes asked for, the purpose, the form, the outcome and the
time taken. The subject is stored as a keyed hash (HMAC-SHA256 with the operator's key), so the log
alone does not reveal whom it is about, yet `reads_of(personal_id)` can answer a citizen's question
"who read which data about me, for which form" (GovStack DRS-37). Reasons are the connectors' typed
reasons, which by contract hold no personal data.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Protocol

__all__ = ["AuditEvent", "AuditLog", "AuditSink", "JsonlSink", "MemorySink", "SqliteSink"]


@dataclass(frozen=True, slots=True)
class AuditEvent:
    """One fetch, without any value."""

    at: str
    reader: str
    connector: str
    role: str
    attributes: tuple[str, ...]
    purpose: str
    form_id: str
    subject: str
    outcome: str
    duration_ms: float
    reason: str = ""
    case_id: str | None = None

    def to_json(self) -> str:
        """One JSON line."""
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)


class AuditSink(Protocol):
    """Where events go; `query` returns the events about one hashed subject, oldest first."""

    def write(self, event: AuditEvent) -> None: ...

    def query(self, subject: str) -> list[AuditEvent]: ...


class MemorySink:
    """Keeps events in a list (tests, demos)."""

    def __init__(self) -> None:
        self.events: list[AuditEvent] = []

    def write(self, event: AuditEvent) -> None:
        self.events.append(event)

    def query(self, subject: str) -> list[AuditEvent]:
        return [e for e in self.events if e.subject == subject]


def _event(data: dict[str, object]) -> AuditEvent:
    data["attributes"] = tuple(data["attributes"])  # type: ignore[arg-type]
    return AuditEvent(**data)  # type: ignore[arg-type]


class JsonlSink:
    """Appends one JSON line per event to a file."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()

    def write(self, event: AuditEvent) -> None:
        line = event.to_json() + "\n"
        with self._lock, self.path.open("a", encoding="utf-8") as fh:
            fh.write(line)

    def query(self, subject: str) -> list[AuditEvent]:
        if not self.path.exists():
            return []
        with self.path.open(encoding="utf-8") as fh:
            rows = (json.loads(line) for line in fh if line.strip())
            return [_event(r) for r in rows if r.get("subject") == subject]


class SqliteSink:
    """Stores events in an SQLite table, indexed by subject."""

    _COLUMNS = ("at", "reader", "connector", "role", "attributes", "purpose", "form_id", "subject", "outcome",
                "duration_ms", "reason", "case_id")  # fmt: skip

    def __init__(self, path: str | Path) -> None:
        self._conn = sqlite3.connect(str(path), check_same_thread=False)
        self._lock = threading.Lock()
        cols = ", ".join(f"{c} {'REAL' if c == 'duration_ms' else 'TEXT'}" for c in self._COLUMNS)
        self._conn.execute(f"CREATE TABLE IF NOT EXISTS audit ({cols})")
        self._conn.execute("CREATE INDEX IF NOT EXISTS ix_audit_subject ON audit(subject)")

    def write(self, event: AuditEvent) -> None:
        row = asdict(event)
        row["attributes"] = json.dumps(list(event.attributes))
        with self._lock:
            self._conn.execute(
                f"INSERT INTO audit VALUES ({', '.join('?' * len(self._COLUMNS))})", [row[c] for c in self._COLUMNS]
            )
            self._conn.commit()

    def query(self, subject: str) -> list[AuditEvent]:
        with self._lock:
            rows = self._conn.execute(
                f"SELECT {', '.join(self._COLUMNS)} FROM audit WHERE subject = ? ORDER BY rowid", (subject,)
            ).fetchall()
        out = []
        for row in rows:
            data = dict(zip(self._COLUMNS, row, strict=True))
            data["attributes"] = json.loads(data["attributes"])
            out.append(_event(data))
        return out

    def close(self) -> None:
        self._conn.close()


class AuditLog:
    """Writes events to a sink with subjects hashed under `key`; `previous_keys` (after a key rotation) are
    only read with, so events hashed under an earlier key are still found for their subject."""

    def __init__(
        self,
        sink: AuditSink | None = None,
        *,
        key: bytes,
        reader: str = "eformkit",
        previous_keys: Sequence[bytes] = (),
    ) -> None:
        if len(key) < 16:
            raise ValueError("the audit key must be at least 16 bytes")
        self.sink: AuditSink = sink if sink is not None else MemorySink()
        self.reader = reader
        self._key = key
        self._previous = tuple(previous_keys)

    def subject_hash(self, identifier: str) -> str:
        """The keyed hash that stands for `identifier` in the log."""
        return hmac.new(self._key, identifier.encode("utf-8"), hashlib.sha256).hexdigest()

    def record(self, event: AuditEvent, subject: str | None = None) -> None:
        """Write one event (the engine fills it; its subject is already hashed).

        `subject` is the unhashed identifier the call was about; this log ignores it, a log that credits
        related persons too (`eformkit.dossier.AccessLog`) needs it to find them. It is never stored.
        """
        self.sink.write(event)

    def reads_of(self, identifier: str) -> list[AuditEvent]:
        """Every recorded read about the person or organisation `identifier`, oldest first."""
        events = self.sink.query(self.subject_hash(identifier))
        for key in self._previous:
            events += self.sink.query(hmac.new(key, identifier.encode("utf-8"), hashlib.sha256).hexdigest())
        return sorted(events, key=lambda e: e.at) if self._previous else events

    @staticmethod
    def summary(events: Iterable[AuditEvent]) -> list[dict[str, object]]:
        """Who read which data for which form: one row per event, in plain words for a citizen's view."""
        return [{"when": e.at, "reader": e.reader, "source": e.connector, "form": e.form_id, "purpose": e.purpose,
                 "data": list(e.attributes), "outcome": e.outcome} for e in events]  # fmt: skip
