"""Who a prefill is for, and how sure the portal is of it: the subject's level of assurance.

The national identity app (VNeID) signs citizens in at level 1 (an account whose holder declared who they
are) or level 2 (identity checked against the chip of the citizen ID card, face included). A form says which
level its prefill needs (``prefill_assurance: 2``); below it, verified values are offered but not locked, or
not fetched at all (``prefill_below_assurance: skip``). The portal builds the `Identity` from its own signed
session, never from anything a client posted.

A bare personal-ID string still works everywhere a subject is taken: it means the caller vouches for the
identity as before this type existed, so it stands for level 2 with method ``unspecified`` (locks behave as
they always did; the VNeID flag of Decision 766 indicator 4.5 is never set for it, because nothing says the
sign-in went through VNeID).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["BARE_SUBJECT_LEVEL", "METHODS", "Identity", "as_identity"]

AssuranceLevel = Literal[1, 2]
# How the citizen was authenticated. `vneid` is the national identity app; `unspecified` is a bare string.
METHODS = ("vneid", "password", "certificate", "counter", "unspecified")
BARE_SUBJECT_LEVEL: AssuranceLevel = 2


@dataclass(frozen=True, slots=True)
class Identity:
    """The signed-in subject: personal ID, level of assurance (1 or 2) and authentication method."""

    personal_id: str
    level: AssuranceLevel = 1
    method: str = "unspecified"

    def __post_init__(self) -> None:
        if self.level not in (1, 2):
            raise ValueError("level of assurance must be 1 or 2")
        if self.method not in METHODS:
            raise ValueError(f"unknown authentication method; use one of {', '.join(METHODS)}")

    @property
    def vneid_verified(self) -> bool:
        """Signed in with the national identity app at level 2 (the account counted by indicator 4.5)."""
        return self.method == "vneid" and self.level == 2

    def meets(self, required: int | None) -> bool:
        """True when this identity is at least as assured as `required` (None: no requirement)."""
        return required is None or self.level >= required

    def __repr__(self) -> str:  # never print the personal ID
        return f"Identity(level={self.level}, method={self.method!r})"


def as_identity(subject: str | Identity) -> Identity:
    """`subject` as an `Identity`: a bare string is the caller vouching for it (level 2, `unspecified`)."""
    if isinstance(subject, Identity):
        return subject
    return Identity(subject, BARE_SUBJECT_LEVEL, "unspecified")
