"""What validation returns: the issues of a submission and its cleaned data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["ValidationIssue", "ValidationReport"]


@dataclass(frozen=True, slots=True)
class ValidationIssue:
    """One problem in a submission."""

    pointer: str
    field_id: str | None
    label: str | None
    message: str
    rule: str
    severity: str = "error"
    code: str = "EFK-DATA-013"

    def to_dict(self) -> dict[str, Any]:
        return {
            "pointer": self.pointer,
            "field": self.field_id,
            "label": self.label,
            "message": self.message,
            "rule": self.rule,
            "severity": self.severity,
            "code": self.code,
        }


@dataclass(slots=True, init=False)  # a hand-written __init__: built once per submission, on the fast path too
class ValidationReport:
    """The verdict: issues (errors and warnings), the cleaned data, and what the hidden-value policy did."""

    issues: list[ValidationIssue]
    data: Any
    dropped: list[str]
    kept_hidden: list[str]
    normalised: list[str]  # pointers whose value was rewritten to its canonical form

    def __init__(
        self,
        issues: list[ValidationIssue] | None = None,
        data: Any = None,
        dropped: list[str] | None = None,
        kept_hidden: list[str] | None = None,
        normalised: list[str] | None = None,
    ) -> None:
        self.issues = [] if issues is None else issues
        self.data = data
        self.dropped = [] if dropped is None else dropped
        self.kept_hidden = [] if kept_hidden is None else kept_hidden
        self.normalised = [] if normalised is None else normalised

    @property
    def valid(self) -> bool:
        return not any(i.severity == "error" for i in self.issues)

    @property
    def errors(self) -> list[ValidationIssue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[ValidationIssue]:
        return [i for i in self.issues if i.severity == "warning"]

    def to_dict(self) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "issues": [i.to_dict() for i in self.issues],
            "hidden_values": {"dropped": self.dropped, "kept": self.kept_hidden},
            "normalised": self.normalised,
        }
