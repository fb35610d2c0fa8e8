"""`PrefillResult`: what prefill found, where it came from, what is locked and what is left to type."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from eformkit.pointers import put
from eformkit.prefill.outcome import Outcome, Provenance

__all__ = [
    "BELOW_ASSURANCE",
    "NO_PURPOSE",
    "BatchItem",
    "Blocker",
    "Conflict",
    "FieldNote",
    "PrefillRefusal",
    "PrefillResult",
    "SourceOutcome",
]


@dataclass(frozen=True, slots=True)
class SourceOutcome:
    """How one call to one connector went (the subject role tells which call: applicant, spouse, …)."""

    connector: str
    outcome: Outcome
    reason: str
    duration_ms: float
    role: str = "applicant"
    attributes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Conflict:
    """Two sources disagree about one field; the chosen value is the first verified one."""

    pointer: str
    chosen: str
    others: tuple[tuple[str, Any], ...]


@dataclass(frozen=True, slots=True)
class FieldNote:
    """Why a value is offered but not locked, or not filled at all (with candidates to choose from)."""

    pointer: str
    note: str
    candidates: tuple[Any, ...] = ()


@dataclass(frozen=True, slots=True)
class Blocker:
    """A binding whose author chose to block the form when the value cannot be had."""

    pointer: str
    reason: str
    message_vi: str
    message_en: str


@dataclass(frozen=True, slots=True)
class PrefillRefusal:
    """Why the engine asked no source at all (the citizen types the form); codes are in docs/findings.md."""

    code: str
    message_vi: str
    message_en: str

    def message(self, lang: str = "vi") -> str:
        return self.message_vi if lang == "vi" else self.message_en


NO_PURPOSE = PrefillRefusal(
    "EFK-PREFILL-001",
    "Biểu mẫu chưa khai mục đích sử dụng dữ liệu ('purpose') nên không được lấy dữ liệu điền sẵn.",
    "The form states no 'purpose' for the data it reads, so it cannot be prefilled.",
)
BELOW_ASSURANCE = PrefillRefusal(
    "EFK-PREFILL-002",
    "Mức định danh của tài khoản thấp hơn mức biểu mẫu yêu cầu nên không lấy dữ liệu điền sẵn.",
    "Your sign-in's level of assurance is below what this form's prefill needs, so nothing was fetched.",
)


@dataclass(slots=True)
class PrefillResult:
    """The outcome of one prefill.

    `values` and `provenance` are keyed by JSON pointer; `locked` holds the pointers whose value is
    present, verified and bound with ``lock: verified``; `to_type` the bound fields the citizen must
    still fill; `blocked` the bindings that stop the form (the author's ``block`` choices).
    """

    form_id: str
    values: dict[str, Any] = field(default_factory=dict)
    provenance: dict[str, Provenance] = field(default_factory=dict)
    locked: set[str] = field(default_factory=set)
    conflicts: list[Conflict] = field(default_factory=list)
    outcomes: list[SourceOutcome] = field(default_factory=list)
    to_type: list[str] = field(default_factory=list)
    notes: list[FieldNote] = field(default_factory=list)
    blocked: list[Blocker] = field(default_factory=list)
    row_keys: dict[str, str] = field(default_factory=dict)  # table pointer → key column id
    picks: set[str] = field(default_factory=set)  # tables where the citizen may drop rows
    token: str | None = None
    refusal: PrefillRefusal | None = None  # set when no source was asked on purpose (no purpose, low assurance)
    assurance_met: bool = True  # False: the subject's level is below the form's `prefill_assurance`

    @property
    def data(self) -> dict[str, Any]:
        """The values as a nested document, ready to merge into the form's data."""
        doc: dict[str, Any] = {}
        for pointer, value in self.values.items():
            put(doc, pointer, value)
        return doc

    @property
    def usable(self) -> bool:
        """False only when a binding blocks the form."""
        return not self.blocked

    def outcome_of(self, connector: str) -> Outcome | None:
        """The outcome of the first call to `connector`."""
        return next((o.outcome for o in self.outcomes if o.connector == connector), None)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (for the CLI and web clients)."""
        return {
            "form": self.form_id,
            "values": self.values,
            "provenance": {p: v.to_json() for p, v in self.provenance.items()},
            "locked": sorted(self.locked),
            "to_type": self.to_type,
            "conflicts": [
                {"pointer": c.pointer, "chosen": c.chosen, "others": [s for s, _ in c.others]} for c in self.conflicts
            ],
            "notes": [{"pointer": n.pointer, "note": n.note, "candidates": list(n.candidates)} for n in self.notes],
            "blocked": [
                {"pointer": b.pointer, "reason": b.reason, "message": {"vi": b.message_vi, "en": b.message_en}}
                for b in self.blocked
            ],
            "outcomes": [
                {
                    "connector": o.connector,
                    "role": o.role,
                    "outcome": o.outcome.value,
                    "reason": o.reason,
                    "duration_ms": round(o.duration_ms, 3),
                }
                for o in self.outcomes
            ],
            "token": self.token,
            "refusal": None if self.refusal is None else {
                "code": self.refusal.code, "message": {"vi": self.refusal.message_vi, "en": self.refusal.message_en}
            },
            "assurance_met": self.assurance_met,
        }  # fmt: skip


@dataclass(frozen=True, slots=True)
class BatchItem:
    """One row of a batch prefill: its number, the subject, and the result or why there is none."""

    row: int
    subject: str
    result: PrefillResult | None
    error: str = ""
