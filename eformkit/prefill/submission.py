"""Accepting a submission: the one check a portal runs on every post of a prefilled form.

`check_submission` verifies the prefill token first, then validates the data. Which values are locked
comes from the signed token alone, never from a prefill run at submit time (a source that is down then
must not unlock anything) and never from the post. The token is a required argument and an absent one
is refused, so there is no way to call this that skips the locks. Accept a post only when
`SubmissionCheck.accepted` is true, and store `SubmissionCheck.data`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from eformkit.prefill.token import SignedValue, TamperProblem, verify_submission

if TYPE_CHECKING:
    from eformkit.schema.form import Form
    from eformkit.schema.validation_report import ValidationIssue, ValidationReport

__all__ = ["SubmissionCheck", "SubmissionIssue", "check_submission"]


@dataclass(frozen=True, slots=True)
class SubmissionIssue:
    """A refused token or locked value, shaped like a validation issue (pointer, message, code)."""

    pointer: str
    message: str
    code: str
    severity: str = "error"

    @classmethod
    def from_problem(cls, problem: TamperProblem, lang: str) -> SubmissionIssue:
        return cls(problem.pointer, problem.message(lang), problem.error_code)


@dataclass(slots=True)
class SubmissionCheck:
    """The verdict on one post: token problems and validation issues, and what to store if accepted."""

    tamper: list[SubmissionIssue]
    report: ValidationReport | None
    locked: frozenset[str] = field(default_factory=frozenset)
    # From the signed token (empty/None when the token itself is refused): the level of assurance the page
    # was prefilled at, and each offered value's source, verification, lock and whether the post edited it.
    level: int | None = None
    values: dict[str, SignedValue] = field(default_factory=dict)

    @property
    def accepted(self) -> bool:
        """True only when the token holds, every locked value is unchanged and the data is valid."""
        return not self.tamper and self.report is not None and self.report.valid

    @property
    def token_ok(self) -> bool:
        return not self.tamper

    @property
    def data(self) -> Any:
        """The cleaned data to store; there is none unless `accepted`."""
        if not self.accepted or self.report is None:
            raise ValueError("the submission was refused: there is no data to store")
        return self.report.data

    @property
    def issues(self) -> list[SubmissionIssue | ValidationIssue]:
        """Every problem: the token's first, then validation's (errors and warnings)."""
        return [*self.tamper, *(self.report.issues if self.report is not None else [])]


def check_submission(
    form: Form,
    data: Any,
    *,
    token: str | None,
    key: bytes | Sequence[bytes],
    subject: str,
    lang: str = "vi",
    now: float | None = None,
) -> SubmissionCheck:
    """Verify the prefill token against `data` for this form and subject, then validate `data`.

    A post whose token is missing, forged, expired, for another form or person, or that changes a
    locked value is refused whatever the data; validation still runs when only locked values were
    changed, so the page can show every problem at once. `key`: the key tokens are signed with, or the keys
    accepted during a rotation, newest first (`eformkit.prefill.token`).
    """
    verdict = verify_submission(token, data, key=key, form_id=form.id, subject=subject, now=now)
    tamper = [SubmissionIssue.from_problem(p, lang) for p in verdict.problems]
    token_itself_bad = any(not p.pointer for p in verdict.problems)
    report = None if token_itself_bad else form.validate(data, lang)
    if token_itself_bad:
        return SubmissionCheck(tamper, report)
    return SubmissionCheck(tamper, report, verdict.locked, verdict.level, verdict.values)
