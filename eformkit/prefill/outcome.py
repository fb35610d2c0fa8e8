"""The vocabulary every connector speaks: subjects, requests, typed outcomes and provenance.

A connector never answers with a bare dict. It answers with a `FetchResult` whose `outcome` says what
happened (so form logic can tell "source down" from "nothing held", unlike engines that collapse every
failure into empty fields) and whose values each carry `Provenance` (who said it, when, and whether
it is verified registry data or something the citizen declared).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, NamedTuple

__all__ = [
    "AttributeSpec",
    "FetchRequest",
    "FetchResult",
    "Outcome",
    "Provenance",
    "SubjectKind",
    "Value",
    "utcnow",
]


def utcnow() -> datetime:
    """Return the current time, timezone-aware UTC (provenance times are never naive)."""
    return datetime.now(timezone.utc)


class SubjectKind(str, enum.Enum):
    """What a connector's subject identifier names."""

    PERSON = "person"
    ORGANISATION = "organisation"
    DOCUMENT = "document"


class Outcome(str, enum.Enum):
    """The typed answer of one fetch.

    `skipped` is not a failure: the connector had nothing to do (no identifier of its kind, no
    attribute it serves). `empty` and `not_found` mean the source answered and holds nothing; the
    failures (`denied`, `unavailable`, `timeout`) mean we do not know.
    """

    OK = "ok"
    EMPTY = "empty"
    NOT_FOUND = "not_found"
    DENIED = "denied"
    UNAVAILABLE = "unavailable"
    TIMEOUT = "timeout"
    SKIPPED = "skipped"

    @property
    def failed(self) -> bool:
        """True when the source could not answer (the binding's `on_error` applies)."""
        return self in _FAILED


_FAILED = frozenset({Outcome.DENIED, Outcome.UNAVAILABLE, Outcome.TIMEOUT})


class Provenance(NamedTuple):
    """Where one value came from: `verified` is registry data, otherwise citizen-declared.

    A named tuple, not a dataclass: one is built per value on the hot path, and tuples build fastest.
    """

    source: str
    attribute: str
    fetched_at: datetime
    verified: bool

    def to_json(self) -> dict[str, Any]:
        """Return a JSON-ready dict (ISO time)."""
        return {
            "source": self.source,
            "attribute": self.attribute,
            "fetched_at": self.fetched_at.isoformat(),
            "verified": self.verified,
        }


class Value(NamedTuple):
    """One value with its provenance. Lists (relations with many rows) are lists of dicts."""

    value: Any
    provenance: Provenance


@dataclass(frozen=True, slots=True)
class AttributeSpec:
    """What a connector can provide under one name.

    `type` is a field type of the form language (text, date, choice, address, …) or `person` / `table`
    for relations; `verified` says whether values come out verified; `relation` marks a name that
    resolves to another subject (father, household_members) whose attributes are asked for through
    `FetchRequest.relations`; `many` marks a relation or attribute that is a list.
    """

    name: str
    type: str = "text"
    verified: bool = True
    relation: bool = False
    many: bool = False
    description: str = ""


@dataclass(frozen=True, slots=True)
class FetchRequest:
    """One bulk call: many attributes of one subject (and of related subjects) for one purpose.

    `attributes` names the subject's own attributes; `relations` maps a relation name (``mother``,
    ``household_members``) to the attributes wanted on the related subject(s). `deadline` is the
    time budget in seconds; the engine enforces it too, so a connector may use it to set its own
    client timeout.
    """

    subject: str
    attributes: frozenset[str]
    purpose: str
    deadline: float = 2.0
    subject_kind: SubjectKind = SubjectKind.PERSON
    relations: Mapping[str, frozenset[str]] = field(default_factory=dict)
    form_id: str = ""
    case_id: str | None = None

    @property
    def names(self) -> frozenset[str]:
        """Every top-level name asked for: own attributes plus relation names."""
        return self.attributes | frozenset(self.relations)


@dataclass(frozen=True, slots=True)
class FetchResult:
    """The answer to one `FetchRequest`.

    `values` is keyed by attribute name for the subject's own attributes, ``relation.attribute`` for a
    single related subject and by the relation name (a list of row dicts) for relations with many
    subjects. `reason` explains a non-ok outcome in words that never contain personal data.
    """

    outcome: Outcome
    values: Mapping[str, Value] = field(default_factory=dict)
    reason: str = ""

    @classmethod
    def ok(cls, values: Mapping[str, Value]) -> FetchResult:
        """Return `ok` when `values` holds anything, else `empty` (never report success for nothing)."""
        return cls(Outcome.OK if values else Outcome.EMPTY, values)

    @classmethod
    def failure(cls, outcome: Outcome, reason: str) -> FetchResult:
        """Return a result without values."""
        return cls(outcome, {}, reason)
