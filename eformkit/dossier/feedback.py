"""Correction requests ("Thông tin này không đúng?") routed to the agency that owns the source.

A request names the field, the citizen's reason, and the source and attribute that supplied the value, so
the agency that runs that source can find it in its own register. Requests go to a `FeedbackSink`: the
embedded `SqliteFeedbackSink` by default, `MemoryFeedbackSink` for tests, or a plugin registered under the
entry-point group ``eformkit.feedback_sinks`` (a class or factory, like connectors) and loaded by name
with `load_feedback_sink`. The citizen sees the status of their own requests (`FeedbackSink.of_subject`).
"""

from __future__ import annotations

import secrets
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timezone
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from eformkit.dossier.record import DossierRecord
from eformkit.errors import EformkitUsageError

__all__ = [
    "ENTRY_POINT_GROUP",
    "STATUSES",
    "FeedbackItem",
    "FeedbackSink",
    "MemoryFeedbackSink",
    "SqliteFeedbackSink",
    "load_feedback_sink",
    "route_corrections",
]

ENTRY_POINT_GROUP = "eformkit.feedback_sinks"
# open → in_review → resolved (the register was corrected) or rejected (the register was right).
STATUSES = ("open", "in_review", "resolved", "rejected")
STATUS_TEXT = {
    "open": ("Đã tiếp nhận", "Received"),
    "in_review": ("Đang xem xét", "Under review"),
    "resolved": ("Đã điều chỉnh dữ liệu", "Data corrected"),
    "rejected": ("Dữ liệu đúng, không điều chỉnh", "Data confirmed, not changed"),
}


def _now() -> str:
    return datetime.now(timezone.utc).isoformat()


@dataclass(frozen=True, slots=True)
class FeedbackItem:
    """One correction request. `subject` is the citizen's personal ID (the agency needs it to find the
    entry); never log it unmasked. `value` is never kept: the agency reads its own register."""

    id: str
    receipt_id: str
    form_id: str
    subject: str
    pointer: str
    source: str | None
    attribute: str | None
    reason: str
    status: str = "open"
    note: str = ""
    created_at: str = ""
    updated_at: str = ""

    def status_text(self, lang: str = "vi") -> str:
        """The status in words for the citizen's status page."""
        vi, en = STATUS_TEXT[self.status]
        return vi if lang == "vi" else en

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@runtime_checkable
class FeedbackSink(Protocol):
    """Where correction requests go, and where their owners update them."""

    def submit(self, item: FeedbackItem) -> None: ...

    def get(self, item_id: str) -> FeedbackItem | None: ...

    def items(self, *, source: str | None = None, status: str | None = None) -> list[FeedbackItem]: ...

    def of_subject(self, subject: str) -> list[FeedbackItem]: ...

    def set_status(self, item_id: str, status: str, note: str = "") -> FeedbackItem: ...


def _checked(status: str) -> str:
    if status not in STATUSES:
        raise EformkitUsageError(f"unknown status {status!r}; use one of {', '.join(STATUSES)}")
    return status


class MemoryFeedbackSink:
    """Keeps requests in a dict (tests, demos): the mock with every method of the protocol."""

    def __init__(self) -> None:
        self._items: dict[str, FeedbackItem] = {}

    def submit(self, item: FeedbackItem) -> None:
        self._items[item.id] = item

    def get(self, item_id: str) -> FeedbackItem | None:
        return self._items.get(item_id)

    def items(self, *, source: str | None = None, status: str | None = None) -> list[FeedbackItem]:
        return [i for i in self._items.values() if source in (None, i.source) and status in (None, i.status)]

    def of_subject(self, subject: str) -> list[FeedbackItem]:
        return [i for i in self._items.values() if i.subject == subject]

    def set_status(self, item_id: str, status: str, note: str = "") -> FeedbackItem:
        item = self._items.get(item_id)
        if item is None:
            raise EformkitUsageError(f"no correction request {item_id!r}")
        self._items[item_id] = replace(item, status=_checked(status), note=note, updated_at=_now())
        return self._items[item_id]


_COLUMNS = ("id", "receipt_id", "form_id", "subject", "pointer", "source", "attribute", "reason", "status", "note",
            "created_at", "updated_at")  # fmt: skip


class SqliteFeedbackSink:
    """The embedded default: one SQLite table, committed per write, so nothing is lost on restart."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._conn = sqlite3.connect(str(path), check_same_thread=False)
        self._lock = threading.Lock()
        with self._lock, self._conn:
            self._conn.execute(f"CREATE TABLE IF NOT EXISTS feedback ({', '.join(_COLUMNS)}, PRIMARY KEY (id))")
            self._conn.execute("CREATE INDEX IF NOT EXISTS ix_feedback_subject ON feedback(subject)")
            self._conn.execute("CREATE INDEX IF NOT EXISTS ix_feedback_source ON feedback(source, status)")

    def _select(self, where: str = "", args: Iterable[Any] = ()) -> list[FeedbackItem]:
        sql = f"SELECT {', '.join(_COLUMNS)} FROM feedback {where} ORDER BY created_at, rowid"
        with self._lock:
            rows = self._conn.execute(sql, tuple(args)).fetchall()
        return [FeedbackItem(*row) for row in rows]

    def submit(self, item: FeedbackItem) -> None:
        row = asdict(item)
        with self._lock, self._conn:
            self._conn.execute(f"INSERT OR REPLACE INTO feedback VALUES ({', '.join('?' * len(_COLUMNS))})",
                               [row[c] for c in _COLUMNS])  # fmt: skip

    def get(self, item_id: str) -> FeedbackItem | None:
        found = self._select("WHERE id = ?", (item_id,))
        return found[0] if found else None

    def items(self, *, source: str | None = None, status: str | None = None) -> list[FeedbackItem]:
        clauses = [(c, v) for c, v in (("source", source), ("status", status)) if v is not None]
        where = ("WHERE " + " AND ".join(f"{c} = ?" for c, _ in clauses)) if clauses else ""
        return self._select(where, (v for _, v in clauses))

    def of_subject(self, subject: str) -> list[FeedbackItem]:
        return self._select("WHERE subject = ?", (subject,))

    def set_status(self, item_id: str, status: str, note: str = "") -> FeedbackItem:
        with self._lock, self._conn:
            done = self._conn.execute("UPDATE feedback SET status = ?, note = ?, updated_at = ? WHERE id = ?",
                                      (_checked(status), note, _now(), item_id))  # fmt: skip
        if done.rowcount == 0:
            raise EformkitUsageError(f"no correction request {item_id!r}")
        item = self.get(item_id)
        assert item is not None
        return item

    def close(self) -> None:
        self._conn.close()


def route_corrections(record: DossierRecord, sink: FeedbackSink) -> list[FeedbackItem]:
    """Send each correction request of `record` to `sink`; return the items made (ids for the citizen)."""
    attributes = {v.pointer: v.attribute for v in record.provenance}
    made = []
    for request in record.corrections:
        at = _now()
        item = FeedbackItem(
            id=secrets.token_hex(8), receipt_id=record.receipt_id, form_id=record.form_id,  # hex: a safe CLI argument
            subject=record.subject.personal_id, pointer=request.pointer, source=request.source,
            attribute=attributes.get(request.pointer), reason=request.reason, created_at=at, updated_at=at,
        )  # fmt: skip
        sink.submit(item)
        made.append(item)
    return made


def load_feedback_sink(name: str, /, **options: Any) -> FeedbackSink:
    """The sink plugin registered as `name` under ``eformkit.feedback_sinks``, built with `options`."""
    found = [ep for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.name == name]
    if not found:
        have = sorted(ep.name for ep in entry_points(group=ENTRY_POINT_GROUP))
        raise EformkitUsageError(f"no feedback sink named {name!r}; have {have}")
    target = found[0].load()
    sink = target(**options)
    if not isinstance(sink, FeedbackSink):
        raise EformkitUsageError(f"feedback sink {name!r} lacks the FeedbackSink methods")
    return sink
