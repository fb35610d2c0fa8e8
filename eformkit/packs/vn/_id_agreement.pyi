"""The personal-ID guard's check, in C (eformkit/packs/vn/_id_agreement.c)."""

from typing import Any

def id_agrees(value: Any, dob: Any, sex: Any, /) -> bool:
    """The ID's century/sex and year digits agree with `dob` and `sex` (None: not checked)."""
