"""The citizen's access log ("Ai đã xem dữ liệu của tôi"): every read credited to the person it was about.

The engine writes one audit event per call, about the call's subject. A call for the applicant often reads
other people too: the father's name through the son's form, the household's members. `AccessLog` is an
`AuditLog` that also writes, for each relation a call read, one event about each related person, found with
a `RelationResolver` (for the embedded registry, `RegistryDB.related`). So the father's log lists the read
made through his son's form: when, by which reader, from which source, for which form and purpose, which
data (attribute names) and in which role ("father"); never a value, never the son's ID.

`AccessLog.entries_of(personal_id)` is the library call behind the portal's page.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from eformkit.prefill.audit import AuditEvent, AuditLog, AuditSink

__all__ = ["AccessEntry", "AccessLog", "RelationResolver"]

# (subject's personal ID, relation name such as "father" or "household_members") → related personal IDs.
RelationResolver = Callable[[str, str], Sequence[str]]


@dataclass(frozen=True, slots=True)
class AccessEntry:
    """One read of a citizen's data, as the citizen sees it. `role` is ``applicant`` for a read about
    them as the one who filled the form, else the relation they were read through (``father``)."""

    at: str
    reader: str
    source: str
    form_id: str
    purpose: str
    role: str
    data: tuple[str, ...]
    outcome: str

    def to_json(self) -> dict[str, Any]:
        return {
            "at": self.at,
            "reader": self.reader,
            "source": self.source,
            "form": self.form_id,
            "purpose": self.purpose,
            "role": self.role,
            "data": list(self.data),
            "outcome": self.outcome,
        }


class AccessLog(AuditLog):
    """An `AuditLog` that credits each read to every person whose data it read, relations included."""

    def __init__(self, sink: AuditSink | None = None, *, key: bytes, reader: str = "eformkit",
                 relations: RelationResolver | None = None, previous_keys: Sequence[bytes] = ()) -> None:  # fmt: skip
        super().__init__(sink, key=key, reader=reader, previous_keys=previous_keys)
        self.relations = relations

    def record(self, event: AuditEvent, subject: str | None = None) -> None:
        """Write `event`, then one event per person reached through a relation of the unhashed `subject`."""
        super().record(event)
        if subject is None or self.relations is None:
            return
        wanted: dict[str, list[str]] = {}
        for name in event.attributes:
            relation, dot, attribute = name.partition(".")
            if dot:
                wanted.setdefault(relation, []).append(attribute)
        for relation, attributes in wanted.items():
            try:
                related = self.relations(subject, relation)
            except Exception as exc:  # a resolver must not break a prefill; say so without personal data
                warnings.warn(f"access log: relation {relation!r} unresolved ({type(exc).__name__})", stacklevel=2)
                continue
            for other in dict.fromkeys(related):
                if other and other != subject:
                    self.sink.write(replace(event, role=relation, attributes=tuple(attributes),
                                            subject=self.subject_hash(other)))  # fmt: skip

    def entries_of(self, personal_id: str) -> list[AccessEntry]:
        """Every read of `personal_id`'s data, oldest first: purpose, form, source, time and data names."""
        return [AccessEntry(e.at, e.reader, e.connector, e.form_id, e.purpose, e.role, e.attributes, e.outcome)
                for e in self.reads_of(personal_id)]  # fmt: skip
