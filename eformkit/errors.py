"""Exceptions and findings.

Exception tree::

    EformkitError                 root of everything eformkit raises
    ├── FormError                 bad input: a form, a submission, a template
    │   └── FormLoadError         a form file that cannot be read or parsed (carries its findings)
    └── EformkitUsageError        a developer misused the API (unknown pack, wrong argument)

Findings are not exceptions: checkers collect every `Finding` and report them all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

__all__ = ["EformkitError", "EformkitUsageError", "Finding", "FormError", "FormLoadError", "Severity"]


class Severity(str, Enum):
    """How bad a finding is; `error` fails a catalogue by default, `warning` only with `--fail-on warning`."""

    ERROR = "error"
    WARNING = "warning"

    @property
    def rank(self) -> int:
        return 2 if self is Severity.ERROR else 1


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in a form, a catalogue or a submission: what, where, and how to fix it."""

    code: str
    severity: Severity
    message_en: str
    message_vi: str
    file: str | None = None
    pointer: str = ""
    line: int | None = None
    column: int | None = None
    suggestion: str | None = None
    extra: dict[str, str] = field(default_factory=dict, compare=False)

    def message(self, lang: str = "en") -> str:
        """The message in `lang` ("vi" or "en")."""
        return self.message_vi if lang == "vi" else self.message_en

    @property
    def where(self) -> str:
        """`file:line:col` (or as much of it as is known)."""
        parts = [self.file or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "pointer": self.pointer,
            "message": self.message_en,
            "message_vi": self.message_vi,
            "suggestion": self.suggestion,
        }


class EformkitError(Exception):
    """Root of all eformkit exceptions."""


class FormError(EformkitError, ValueError):
    """Bad input: a form definition, a submission or a template."""


class FormLoadError(FormError):
    """A form could not be loaded; `findings` holds every reason with its location."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        first = findings[0] if findings else None
        text = f"{first.where}: {first.code} {first.message_en}" if first else "form could not be loaded"
        more = f" (and {len(findings) - 1} more)" if len(findings) > 1 else ""
        super().__init__(text + more)


class EformkitUsageError(EformkitError, LookupError):
    """The API was used wrongly, e.g. an unknown pack or connector name."""
